package nl.wijkportaal.inbox;

import static nl.wijkportaal.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.jobs.ScheduledJobs;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.triage.Triage;
import nl.wijkportaal.triage.TriageFeature;
import nl.wijkportaal.triage.TriageRefusal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbox's scheduled work on a clock moved by hand: overdue notices, hand-over checks,
 * retention.
 */
class InboxJobsTest {

  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));

  // The address the mail links to, as these tests always had it.
  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_PUBLIC_URL", "https://wijkportaal.example"), CLOCK);

  private static Pool pool;
  private static Intake intake;
  private static Triage triage;
  private static InboxJobs jobs;
  private static Viewer tessa;

  @BeforeAll
  static void start() {
    pool = server.app().pool();
    InboxFeature inbox = server.app().feature(InboxFeature.class);
    intake = inbox.intake();
    triage = server.app().feature(TriageFeature.class).triage();
    jobs = inbox.inboxJobs();
    Row a =
        await(
                pool.query(
                        "SELECT a.id, a.name, a.organisation_id FROM account a WHERE email = 'triage@demo.wijkportaal.nl'")
                    .execute())
            .iterator()
            .next();
    tessa =
        new Viewer(
            a.getUUID("id"),
            a.getString("name"),
            "triage",
            a.getUUID("organisation_id"),
            true,
            false,
            List.of("midden", "noord", "oost", "zuid", "west"),
            "127.0.0.1");
  }

  private static long count(String sql, Object... params) {
    return await(pool.preparedQuery(sql).execute(Tuple.wrap(params))).iterator().next().getLong(0);
  }

  private static Receipt aanmelding(String postcode) {
    NewItem item =
        new NewItem(
            "aanmelding",
            null,
            null,
            null,
            null,
            List.of("wonen"),
            "spoed",
            null,
            null,
            false,
            "zelf",
            "website",
            "2026-11",
            Locale.forLanguageTag("nl"),
            new Subject("Jan Jansen", LocalDate.of(1950, 6, 1), postcode, "7"),
            new JsonObject().put("vraag", "Lekkage"),
            "jan@example.org",
            null);
    return await(intake.submit(item, Actor.resident("127.0.0.1")));
  }

  private static int version(UUID id) {
    return count("SELECT version FROM inbox_item WHERE id = $1", id) > Integer.MAX_VALUE
        ? -1
        : (int) count("SELECT version FROM inbox_item WHERE id = $1", id);
  }

  @Test
  void an_overdue_item_notifies_the_teamleider_of_its_wijk_once() {
    CLOCK.set(Instant.parse("2026-11-24T09:00:00Z"));
    Receipt receipt = aanmelding("8041 DE"); // zuid; spoed: due end of Wednesday
    assertThat(await(jobs.notifyOverdue())).startsWith("0 overdue");
    CLOCK.set(receipt.dueAt().toInstant().plus(Duration.ofMinutes(1)));
    assertThat(await(jobs.notifyOverdue())).startsWith("1 overdue");
    UUID leader =
        await(
                pool.query("SELECT id FROM account WHERE email = 'teamleider@demo.wijkportaal.nl'")
                    .execute())
            .iterator()
            .next()
            .getUUID(0);
    assertThat(
            count(
                "SELECT count(*) FROM inbox_reminder WHERE item_id = $1 AND account_id = $2 AND kind = 'te_laat'",
                receipt.id(),
                leader))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM mail_outbox WHERE recipient = 'teamleider@demo.wijkportaal.nl' AND subject LIKE $1",
                "%" + receipt.referentie() + "%"))
        .isEqualTo(1);
    String text =
        await(
                pool.preparedQuery("SELECT body_text FROM mail_outbox WHERE subject LIKE $1")
                    .execute(Tuple.of("%" + receipt.referentie() + "%")))
            .iterator()
            .next()
            .getString(0);
    assertThat(text).doesNotContain("Jan Jansen").doesNotContain("Lekkage");
    assertThat(await(jobs.notifyOverdue())).as("told once").startsWith("0 overdue");
  }

  @Test
  void an_overdue_item_from_outside_the_municipality_notifies_the_triage_team_who_can_open_it() {
    CLOCK.set(Instant.parse("2026-11-24T09:00:00Z"));
    Receipt outside = aanmelding("1012 AB");
    CLOCK.set(outside.dueAt().toInstant().plus(Duration.ofMinutes(1)));
    await(jobs.notifyOverdue());
    UUID leader =
        await(
                pool.query("SELECT id FROM account WHERE email = 'teamleider@demo.wijkportaal.nl'")
                    .execute())
            .iterator()
            .next()
            .getUUID(0);
    assertThat(
            count(
                "SELECT count(*) FROM inbox_reminder WHERE item_id = $1 AND account_id = $2",
                outside.id(),
                tessa.accountId()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM inbox_reminder WHERE item_id = $1 AND account_id = $2",
                outside.id(),
                leader))
        .isZero();
  }

  @Test
  void a_hand_over_reminds_its_owner_on_the_follow_up_date() {
    CLOCK.set(Instant.parse("2026-11-25T09:00:00Z"));
    Receipt receipt = aanmelding("8011 AB");
    await(triage.claim(tessa, receipt.id()));
    await(
        triage.forward(
            tessa,
            receipt.id(),
            version(receipt.id()),
            "Woonstichting De Linie",
            "Peter, 0800-2",
            LocalDate.of(2026, 12, 2)));
    assertThat(await(jobs.remindFollowUps())).startsWith("0 hand-over");
    CLOCK.set(Instant.parse("2026-12-02T07:00:00Z"));
    assertThat(await(jobs.remindFollowUps())).startsWith("1 hand-over");
    assertThat(
            count(
                "SELECT count(*) FROM inbox_reminder WHERE item_id = $1 AND account_id = $2 AND kind = 'overdracht_controleren'",
                receipt.id(),
                tessa.accountId()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM mail_outbox WHERE recipient = 'triage@demo.wijkportaal.nl' AND subject LIKE $1",
                "%" + receipt.referentie() + "%"))
        .isEqualTo(1);
    assertThat(await(jobs.remindFollowUps())).as("reminded once").startsWith("0 hand-over");
  }

  @Test
  void retention_anonymises_items_closed_longer_than_the_period_and_keeps_what_the_kpis_count() {
    CLOCK.set(Instant.parse("2026-11-26T09:00:00Z"));
    Receipt old = aanmelding("8021 BC");
    Receipt open = aanmelding("8021 BC");
    await(triage.claim(tessa, old.id()));
    await(triage.addNote(tessa, old.id(), "Jan belde over de lekkage"));
    await(
        triage.close(
            tessa,
            old.id(),
            version(old.id()),
            "informatie_advies",
            List.of(),
            "Doorverwezen naar de verhuurder, Jan tevreden"));
    await(intake.status(old.statusToken().get(), Actor.resident("127.0.0.1")));

    CLOCK.advance(Duration.ofDays(300));
    assertThat(await(jobs.enforceRetention())).startsWith("0 item");
    CLOCK.advance(Duration.ofDays(70));
    assertThat(await(jobs.enforceRetention())).startsWith("1 item");

    Row person =
        await(
                pool.preparedQuery("SELECT * FROM inbox_item_person WHERE item_id = $1")
                    .execute(Tuple.of(old.id())))
            .iterator()
            .next();
    assertThat(person.getJsonObject("inhoud").encode()).isEqualTo("{}");
    assertThat(person.getString("naam_sleutel")).isNull();
    assertThat(person.getString("bewoner_email")).isNull();
    assertThat(count("SELECT count(*) FROM inbox_note WHERE item_id = $1", old.id())).isZero();
    Row item =
        await(
                pool.preparedQuery("SELECT * FROM inbox_item WHERE id = $1")
                    .execute(Tuple.of(old.id())))
            .iterator()
            .next();
    assertThat(item.getString("close_reason")).isNull();
    assertThat(item.getString("status_token_hash")).isNull();
    assertThat(item.getString("route")).as("KPI field kept").isEqualTo("informatie_advies");
    assertThat(item.getString("wijk")).isEqualTo("noord");
    assertThat(item.getString("gevonden_via")).isEqualTo("website");
    assertThat(item.getOffsetDateTime("first_contact_at")).isNull();
    assertThat(await(intake.status(old.statusToken().get(), Actor.resident("127.0.0.1"))))
        .as("the status link is gone")
        .isEmpty();
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE action = 'item.anonymised' AND object_id = $1",
                old.id().toString()))
        .isEqualTo(1);

    assertThatThrownBy(() -> await(triage.reopen(tessa, old.id(), version(old.id()))))
        .as("an anonymised item takes no new data")
        .hasRootCauseInstanceOf(TriageRefusal.class);
    assertThatThrownBy(() -> await(triage.addNote(tessa, old.id(), "Nieuwe notitie over Jan")))
        .hasRootCauseInstanceOf(TriageRefusal.class);

    Row still =
        await(
                pool.preparedQuery("SELECT inhoud FROM inbox_item_person WHERE item_id = $1")
                    .execute(Tuple.of(open.id())))
            .iterator()
            .next();
    assertThat(still.getJsonObject("inhoud").getString("vraag"))
        .as("open items keep their data")
        .isEqualTo("Lekkage");
  }

  @Test
  void retention_shorter_than_nazorg_is_refused_at_start() {
    assertThatThrownBy(
            () -> new InboxJobs(pool, null, null, null, "", Period.ofMonths(2), null, CLOCK))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least 4");
  }

  @Test
  void two_nodes_with_the_same_job_run_it_once_per_period() {
    AtomicInteger runs = new AtomicInteger();
    ScheduledJobs one =
        new ScheduledJobs(server.app().vertx(), pool, CLOCK)
            .add(
                "test.once",
                Duration.ofHours(1),
                () -> Future.succeededFuture("ran " + runs.incrementAndGet()));
    ScheduledJobs two =
        new ScheduledJobs(server.app().vertx(), pool, CLOCK)
            .add(
                "test.once",
                Duration.ofHours(1),
                () -> Future.succeededFuture("ran " + runs.incrementAndGet()));
    await(Future.all(one.runDue(), two.runDue(), one.runDue(), two.runDue()));
    assertThat(runs.get()).isEqualTo(1);
    CLOCK.advance(Duration.ofMinutes(61));
    await(Future.all(two.runDue(), one.runDue()));
    assertThat(runs.get()).isEqualTo(2);
    assertThat(
            await(
                    pool.query("SELECT last_result FROM scheduled_job WHERE name = 'test.once'")
                        .execute())
                .iterator()
                .next()
                .getString(0))
        .isEqualTo("ran 2");
  }
}
