package nl.wijkportaal.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import nl.wijkportaal.platform.db.Pools;
import nl.wijkportaal.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log keeps what it was given, finds it back, and cannot be rewritten. */
class AuditLogTest {

  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private static Vertx vertx;
  private Pool pool;
  private TestClock clock;
  private AuditLog audit;

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
    // The log is append-only, so every test starts on a database of its own.
    pool = Pools.create(vertx, TestDatabase.fresh(), 4);
    clock = new TestClock(T0);
    audit = new AuditLog(pool, clock);
  }

  @AfterEach
  void closePool() {
    pool.close().await();
  }

  @Test
  void records_come_back_whole_newest_first_and_filtered() {
    write(T0, AuditEntry.of("login.failure").from("192.0.2.7").detail("reden", "wachtwoord"));
    write(
        T0.plusSeconds(60),
        AuditEntry.of("login.success")
            .account("17", "Fatima Bakker", "triagist")
            .organisation("3")
            .object("account", "17")
            .from("192.0.2.7"));
    write(
        T0.plusSeconds(120),
        AuditEntry.of("item.read")
            .account("17", "Fatima Bakker", "triagist")
            .organisation("3")
            .object("item", "42")
            .from("192.0.2.7")
            .because("triage")
            .withDetails(new JsonObject().put("velden", "betrokkene")));
    write(
        T0.plusSeconds(180),
        AuditEntry.of("item.read")
            .account("18", "Sem de Vries", "swt_medewerker")
            .object("item", "43"));

    List<AuditRecord> all = audit.search(AuditQuery.all()).await();
    assertThat(all)
        .extracting(r -> r.entry().action())
        .containsExactly("item.read", "item.read", "login.success", "login.failure");
    assertThat(all)
        .extracting(AuditRecord::occurredAt)
        .containsExactly(T0.plusSeconds(180), T0.plusSeconds(120), T0.plusSeconds(60), T0);

    AuditRecord read = all.get(1);
    assertThat(read.id()).isPositive();
    assertThat(read.entry())
        .isEqualTo(
            new AuditEntry(
                ActorType.ACCOUNT,
                "17",
                "Fatima Bakker",
                "triagist",
                "3",
                "item.read",
                "item",
                "42",
                "192.0.2.7",
                "triage",
                new JsonObject().put("velden", "betrokkene")));
    AuditRecord anonymous = all.get(3);
    assertThat(anonymous.entry().actorType()).isEqualTo(ActorType.ANONYMOUS);
    assertThat(anonymous.entry().actorId()).isNull();
    assertThat(anonymous.entry().details()).isEqualTo(new JsonObject().put("reden", "wachtwoord"));

    assertThat(audit.search(AuditQuery.all().action("login.")).await())
        .extracting(r -> r.entry().action())
        .containsExactly("login.success", "login.failure");
    assertThat(audit.search(AuditQuery.all().actor("17")).await())
        .extracting(r -> r.entry().action())
        .containsExactly("item.read", "login.success");
    assertThat(audit.search(AuditQuery.all().object("item", "43")).await())
        .extracting(r -> r.entry().actorId())
        .containsExactly("18");
    assertThat(audit.search(AuditQuery.all().object("item", null)).await()).hasSize(2);
    assertThat(
            audit.search(AuditQuery.all().between(T0.plusSeconds(60), T0.plusSeconds(180))).await())
        .extracting(AuditRecord::occurredAt)
        .as("from inclusive, to exclusive")
        .containsExactly(T0.plusSeconds(120), T0.plusSeconds(60));
    assertThat(audit.search(AuditQuery.all().page(2, 1)).await())
        .extracting(AuditRecord::occurredAt)
        .containsExactly(T0.plusSeconds(120), T0.plusSeconds(60));

    assertThat(audit.count(AuditQuery.all()).await()).isEqualTo(4);
    assertThat(audit.count(AuditQuery.all().action("item.").page(1, 3)).await())
        .as("a count ignores the page")
        .isEqualTo(2);
    assertThat(audit.count(AuditQuery.all().action("login.%")).await())
        .as("a prefix is text, not a LIKE pattern")
        .isZero();
  }

  @Test
  void written_records_cannot_be_changed_or_deleted() {
    write(T0, AuditEntry.of("account.role_changed").system("beheer").object("account", "5"));

    assertThatThrownBy(
            () -> pool.query("UPDATE audit_log SET action = 'nothing.happened'").execute().await())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> pool.query("DELETE FROM audit_log").execute().await())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> pool.query("TRUNCATE audit_log").execute().await())
        .hasMessageContaining("append-only");

    assertThat(audit.search(AuditQuery.all()).await())
        .singleElement()
        .satisfies(r -> assertThat(r.entry().action()).isEqualTo("account.role_changed"));
  }

  @Test
  void retention_removes_only_older_records_and_notes_that_it_did() {
    write(T0, AuditEntry.of("login.failure"));
    write(T0.plusSeconds(3600), AuditEntry.of("login.failure"));
    write(T0.plusSeconds(7200), AuditEntry.of("login.success"));

    clock.set(T0.plusSeconds(10_000));
    assertThat(audit.deleteBefore(T0.plusSeconds(3600)).await()).isEqualTo(1);

    List<AuditRecord> left = audit.search(AuditQuery.all()).await();
    assertThat(left)
        .extracting(AuditRecord::occurredAt)
        .containsExactly(T0.plusSeconds(10_000), T0.plusSeconds(7200), T0.plusSeconds(3600));
    AuditEntry note = left.get(0).entry();
    assertThat(note.action()).isEqualTo("audit.retention");
    assertThat(note.actorType()).isEqualTo(ActorType.SYSTEM);
    assertThat(note.details().getInteger("deleted")).isEqualTo(1);

    // The permission was local to the retention transaction: the pooled connection forgot it.
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> pool.query("DELETE FROM audit_log").execute().await())
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void a_record_written_in_a_transaction_shares_its_fate() {
    Future<Void> rolledBack =
        pool.withTransaction(
            tx ->
                audit
                    .record(tx, AuditEntry.of("item.closed").object("item", "1"))
                    .compose(
                        v ->
                            Future.<Void>failedFuture(
                                new IllegalStateException("the change failed"))));
    assertThatThrownBy(rolledBack::await).hasMessageContaining("the change failed");

    pool.withTransaction(tx -> audit.record(tx, AuditEntry.of("item.closed").object("item", "2")))
        .await();

    assertThat(audit.search(AuditQuery.all().action("item.closed")).await())
        .extracting(r -> r.entry().objectId())
        .containsExactly("2");
  }

  @Test
  void entries_are_immutable_and_actions_follow_one_spelling() {
    JsonObject details = new JsonObject().put("oud", "melder");
    AuditEntry entry = AuditEntry.of("account.role_changed").withDetails(details);
    details.put("oud", "beheerder");
    entry.details().put("nieuw", "iets");
    assertThat(entry.details()).isEqualTo(new JsonObject().put("oud", "melder"));

    assertThatThrownBy(() -> AuditEntry.of("Login Success"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEntry.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditQuery.all().page(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void write(Instant at, AuditEntry entry) {
    clock.set(at);
    audit.record(entry).await();
  }

  /** A clock the test moves by hand, so every record gets the time the test means. */
  private static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
