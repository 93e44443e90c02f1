package nl.wijkportaal.platform.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs that must run once per period for the whole installation, however many nodes run: every node
 * looks every {@code tick}, and the node whose UPDATE moves the job's {@code next_run_at} forward
 * runs it; the others find nothing due. A job's result (a line saying what it did) is logged and
 * kept in {@code scheduled_job.last_result}.
 */
public final class ScheduledJobs {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobs.class);

  private static final String REGISTER =
      "INSERT INTO scheduled_job (name, next_run_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
  private static final String TAKE =
      "UPDATE scheduled_job SET next_run_at = $3, last_run_at = $2 WHERE name = $1 AND next_run_at <= $2 RETURNING name";
  private static final String RESULT = "UPDATE scheduled_job SET last_result = $2 WHERE name = $1";

  /** One job: its name, how often, and the work (answering what it did). */
  public record Job(String name, Duration period, Supplier<Future<String>> work) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final List<Job> jobs = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();

  public ScheduledJobs(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
  }

  public ScheduledJobs add(String name, Duration period, Supplier<Future<String>> work) {
    jobs.add(new Job(name, period, work));
    return this;
  }

  /** Starts looking every {@code tick} (the first look soon after start). */
  public void start(Duration tick) {
    timers.add(vertx.setPeriodic(Duration.ofSeconds(5).toMillis(), tick.toMillis(), t -> runDue()));
  }

  public void stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  /** Runs every job that is due and that this node wins; completes when they are done. */
  public Future<List<String>> runDue() {
    List<Future<String>> runs = new ArrayList<>();
    for (Job job : jobs) {
      runs.add(runIfDue(job));
    }
    return Future.join(runs)
        .map(
            all -> {
              List<String> ran = new ArrayList<>();
              for (int i = 0; i < runs.size(); i++) {
                if (runs.get(i).succeeded() && runs.get(i).result() != null) {
                  ran.add(jobs.get(i).name());
                }
              }
              return ran;
            })
        .otherwise(List.of());
  }

  private static Future<String> start(Job job) {
    try {
      return job.work().get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<String> runIfDue(Job job) {
    Instant now = clock.instant();
    return pool.preparedQuery(REGISTER)
        .execute(Tuple.of(job.name(), now.atOffset(ZoneOffset.UTC)))
        .compose(
            v ->
                pool.preparedQuery(TAKE)
                    .execute(
                        Tuple.of(
                            job.name(),
                            now.atOffset(ZoneOffset.UTC),
                            now.plus(job.period()).atOffset(ZoneOffset.UTC))))
        .compose(
            rows -> {
              if (rows.rowCount() == 0) {
                return Future.succeededFuture(null);
              }
              return start(job)
                  .recover(e -> Future.succeededFuture("failed: " + e))
                  .compose(
                      result -> {
                        LOG.info("Job {}: {}", job.name(), result);
                        return pool.preparedQuery(RESULT)
                            .execute(Tuple.of(job.name(), result))
                            .map(result);
                      });
            })
        .onFailure(e -> LOG.warn("Job {} could not run: {}", job.name(), e.toString()));
  }
}
