package nl.wijkportaal.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import nl.wijkportaal.platform.db.DatabaseUnavailable;
import nl.wijkportaal.platform.db.Pools;
import nl.wijkportaal.platform.db.QueueFull;
import nl.wijkportaal.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AuditLog#recordGrouped}: entries written together in one statement, each caller answered
 * only once its own entry is committed, a failed group failing each of its callers, a bounded
 * queue.
 */
class AuditGroupsTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);

  private static Vertx vertx;
  private Pool pool;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void freshDatabase() {
    pool = Pools.create(vertx, TestDatabase.fresh(), 4);
  }

  @AfterEach
  void closePool() {
    pool.close().await();
  }

  @Test
  void every_entry_is_committed_before_its_caller_hears_so() {
    AuditLog audit = new AuditLog(pool, CLOCK);
    // Each caller, when told its entry is stored, looks for it through another connection.
    List<Future<Long>> seen =
        onOneEventLoop(
            () -> {
              List<Future<Long>> all = new ArrayList<>();
              for (int i = 0; i < 40; i++) {
                String id = "obj-" + i;
                all.add(
                    audit
                        .recordGrouped(AuditEntry.of("item.status_read").object("inbox_item", id))
                        .compose(v -> countOf(id)));
              }
              return all;
            });
    assertThat(seen.stream().map(f -> f.await()).toList()).hasSize(40).containsOnly(1L);
    assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'item.status_read'"))
        .isEqualTo(40);
    assertThat(audit.groupWaiting()).isZero();
  }

  @Test
  void a_failing_group_fails_each_of_its_callers_and_the_next_group_is_written() {
    // A trigger of this test's own database refuses one action, so that one group fails.
    pool.query(
            "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.action = 'test.boom' THEN RAISE EXCEPTION 'boom'; END IF;"
                + " RETURN NEW; END $$")
        .execute()
        .await();
    pool.query(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON audit_log FOR EACH ROW"
                + " EXECUTE FUNCTION refuse_boom()")
        .execute()
        .await();
    AuditLog audit = new AuditLog(pool, CLOCK);
    // On one event loop task: the first entry goes out alone, the next five wait and form the
    // second group together (its answer cannot come in before the task ends).
    List<Future<Void>> written =
        onOneEventLoop(
            () -> {
              List<Future<Void>> all = new ArrayList<>();
              all.add(audit.recordGrouped(AuditEntry.of("test.first")));
              for (int i = 0; i < 5; i++) {
                all.add(audit.recordGrouped(AuditEntry.of(i == 2 ? "test.boom" : "test.second")));
              }
              return all;
            });
    assertThat(succeeded(written.get(0))).isTrue();
    for (Future<Void> f : written.subList(1, 6)) {
      assertThat(succeeded(f)).isFalse();
    }
    assertThat(count("SELECT count(*) FROM audit_log WHERE action LIKE 'test.%'")).isEqualTo(1);
    audit.recordGrouped(AuditEntry.of("test.after")).await();
    assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'test.after'")).isEqualTo(1);
  }

  @Test
  void a_full_queue_refuses_at_once_with_a_busy_failure() {
    AuditLog audit = new AuditLog(pool, CLOCK, 3);
    List<Future<Void>> written =
        onOneEventLoop(
            () -> {
              List<Future<Void>> all = new ArrayList<>();
              for (int i = 0; i < 5; i++) {
                all.add(audit.recordGrouped(AuditEntry.of("test.queued")));
              }
              return all;
            });
    // The first is being written, three wait: the fifth finds the queue full.
    Throwable refused = written.get(4).cause();
    assertThat(written.get(4).failed()).isTrue();
    assertThat(refused).isInstanceOf(QueueFull.class);
    assertThat(DatabaseUnavailable.busy(refused)).isTrue();
    assertThat(DatabaseUnavailable.retryAfterSeconds(refused))
        .isEqualTo(DatabaseUnavailable.BUSY_RETRY_AFTER_SECONDS);
    for (Future<Void> f : written.subList(0, 4)) {
      f.await();
    }
    assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'test.queued'")).isEqualTo(4);
  }

  @Test
  void audited_reads_go_alone_while_few_are_in_flight_and_in_groups_beyond() {
    AuditLog audit = new AuditLog(pool, CLOCK);
    int reads = AuditLog.ALONE_UP_TO + 5;
    // All started in one event loop task: none has finished when the next one is counted.
    List<Future<String>> ways =
        onOneEventLoop(
            () -> {
              List<Future<String>> all = new ArrayList<>();
              for (int i = 0; i < reads; i++) {
                String id = "read-" + i;
                AuditEntry entry = AuditEntry.of("item.status_read").object("inbox_item", id);
                all.add(
                    audit.audited(
                        () -> audit.record(entry).map("alone"),
                        () -> audit.recordGrouped(entry).map("grouped")));
              }
              return all;
            });
    List<String> taken = ways.stream().map(f -> f.await()).toList();
    assertThat(taken.subList(0, AuditLog.ALONE_UP_TO)).containsOnly("alone");
    assertThat(taken.subList(AuditLog.ALONE_UP_TO, reads)).containsOnly("grouped");
    assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'item.status_read'"))
        .isEqualTo(reads);
    // Every read has finished: the next goes alone again, also after a failed one.
    assertThat(
            audit
                .<String>audited(
                    () -> Future.failedFuture(new IllegalStateException("read failed")),
                    () -> Future.succeededFuture("grouped"))
                .failed())
        .isTrue();
    assertThat(
            audit
                .audited(
                    () -> Future.succeededFuture("alone"), () -> Future.succeededFuture("grouped"))
                .await())
        .isEqualTo("alone");
  }

  /** Runs {@code calls} as one task on an event loop and hands back what it returned. */
  private static <T> T onOneEventLoop(java.util.function.Supplier<T> calls) {
    Promise<T> done = Promise.promise();
    vertx.runOnContext(v -> done.complete(calls.get()));
    return done.future().await();
  }

  private Future<Long> countOf(String objectId) {
    return pool.preparedQuery("SELECT count(*) FROM audit_log WHERE object_id = $1")
        .execute(Tuple.of(objectId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private static boolean succeeded(Future<Void> f) {
    try {
      f.await();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
