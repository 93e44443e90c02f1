package nl.wijkportaal.catalogue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search log, written in batches: a resident's search adds its entry to a queue and never waits
 * for the database; once a second the queue goes into {@code search_log} in one statement (one
 * commit, one flush to disk, instead of one per search). The queue is bounded: under a flood the
 * excess is counted as dropped rather than held in memory. Entries of the last second are lost when
 * the node stops abruptly, which the search insight can bear.
 */
final class SearchLog {

  private static final Logger LOG = LoggerFactory.getLogger(SearchLog.class);
  static final int MAX_QUEUED = 10_000;
  static final long FLUSH_EVERY_MS = 1_000;
  private static final String INSERT =
      "INSERT INTO search_log (query, results, searched_at) SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[])";

  private record Entry(String query, int results, Instant at) {}

  private final Pool pool;
  private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();

  SearchLog(Pool pool, Vertx vertx) {
    this.pool = pool;
    vertx.setPeriodic(FLUSH_EVERY_MS, id -> flush());
  }

  void add(String query, int results, Instant at) {
    if (size.incrementAndGet() > MAX_QUEUED) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.add(new Entry(query, results, at));
  }

  private void flush() {
    List<Entry> batch = new ArrayList<>();
    for (Entry e; batch.size() < MAX_QUEUED && (e = queue.poll()) != null; ) {
      size.decrementAndGet();
      batch.add(e);
    }
    int lost = dropped.getAndSet(0);
    if (lost > 0) {
      LOG.warn("Search log: {} searches not logged (more than {} a second)", lost, MAX_QUEUED);
    }
    if (batch.isEmpty()) {
      return;
    }
    pool.preparedQuery(INSERT)
        .execute(
            Tuple.of(
                batch.stream().map(Entry::query).toArray(String[]::new),
                batch.stream().map(Entry::results).toArray(Integer[]::new),
                batch.stream()
                    .map(e -> e.at().atOffset(ZoneOffset.UTC))
                    .toArray(OffsetDateTime[]::new)))
        .onFailure(
            e -> LOG.warn("Search log: {} searches not logged: {}", batch.size(), e.toString()));
  }
}
