package nl.wijkportaal.inbox;

import static nl.wijkportaal.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbox's one way in, on the real database: what a submission stores, when first contact is
 * due, who is told, and that a submission is all or nothing.
 */
class IntakeTest {

  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-23T09:00:00Z"));

  // The address the feedback mail links to (the status link is asserted).
  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_PUBLIC_URL", "https://wijkportaal.example"), CLOCK);

  private static Pool pool;
  private static Intake intake;

  @BeforeAll
  static void start() {
    pool = server.app().pool();
    intake = server.app().feature(InboxFeature.class).intake();
  }

  private static NewItem signal(String urgentie, Subject subject, String melderEmail) {
    return new NewItem(
        "signaal",
        "school",
        null,
        null,
        "demo-school",
        List.of("school_verzuim"),
        urgentie,
        "nee",
        false,
        false,
        null,
        null,
        null,
        Locale.forLanguageTag("nl"),
        subject,
        new JsonObject().put("omschrijving", "Vaak afwezig"),
        null,
        melderEmail);
  }

  private static NewItem aanmelding(Subject subject, String email) {
    return new NewItem(
        "aanmelding",
        null,
        null,
        null,
        null,
        List.of("financien", "wonen"),
        "regulier",
        null,
        null,
        false,
        "zelf",
        "huisarts",
        "2026-11",
        Locale.forLanguageTag("nl"),
        subject,
        new JsonObject().put("vraag", "Ik heb schulden"),
        email,
        null);
  }

  private static Row item(UUID id) {
    return await(pool.preparedQuery("SELECT * FROM inbox_item WHERE id = $1").execute(Tuple.of(id)))
        .iterator()
        .next();
  }

  private static long count(String sql, Object... params) {
    return await(pool.preparedQuery(sql).execute(Tuple.wrap(params))).iterator().next().getLong(0);
  }

  private static ZonedDateTime amsterdam(String local) {
    return LocalDateTime.parse(local).atZone(WorkingDayCalendar.ZONE);
  }

  @Test
  void
      an_aanmelding_is_stored_with_its_wijk_its_clock_its_history_its_audit_entry_and_a_receipt_by_mail() {
    CLOCK.set(amsterdam("2026-11-23T10:00").toInstant()); // a Monday
    Receipt receipt =
        await(
            intake.submit(
                aanmelding(
                    new Subject("Fatima de Wit", LocalDate.of(1980, 5, 1), "8011 ab", "12"),
                    "fatima@example.org"),
                Actor.resident("127.0.0.1")));

    assertThat(receipt.referentie())
        .matches("A-[" + Referentie.ALPHABET + "]{4}-[" + Referentie.ALPHABET + "]{2}");
    assertThat(receipt.statusToken()).get().asString().hasSizeGreaterThan(40);
    assertThat(receipt.wijk()).contains("midden");
    // Regulier: the end of the 5th working day after the day of receipt.
    assertThat(receipt.dueAt()).isEqualTo(amsterdam("2026-11-30T17:00"));
    Row row = item(receipt.id());
    assertThat(row.getString("state")).isEqualTo("nieuw");
    assertThat(row.getString("wijk")).isEqualTo("midden");
    assertThat(row.getBoolean("buiten_gemeente")).isFalse();
    assertThat(row.getString("toestemming_tekst_versie")).isEqualTo("2026-11");
    assertThat(row.getString("gevonden_via")).isEqualTo("huisarts");
    assertThat(row.getString("status_token_hash")).isNotEqualTo(receipt.statusToken().get());
    assertThat(
            count(
                "SELECT count(*) FROM inbox_item_event WHERE item_id = $1 AND kind = 'ontvangen'",
                receipt.id()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE action = 'item.created' AND object_id = $1",
                receipt.id().toString()))
        .isEqualTo(1);
    String mail =
        await(
                pool.preparedQuery(
                        "SELECT body_text FROM mail_outbox WHERE recipient = 'fatima@example.org'")
                    .execute())
            .iterator()
            .next()
            .getString(0);
    assertThat(mail)
        .contains(receipt.referentie())
        .contains("https://wijkportaal.example/aanmelden/status/" + receipt.statusToken().get())
        .contains("maandag 30 november 2026 om 17:00");
  }

  @Test
  void the_status_link_shows_the_resident_view_and_a_wrong_token_shows_nothing() {
    Receipt receipt =
        await(intake.submit(aanmelding(Subject.UNKNOWN, null), Actor.resident("127.0.0.1")));
    ResidentStatus status =
        await(intake.status(receipt.statusToken().get(), Actor.resident("127.0.0.1")))
            .orElseThrow();
    assertThat(status.referentie()).isEqualTo(receipt.referentie());
    assertThat(status.view()).isEqualTo("ontvangen");
    String token = receipt.statusToken().get();
    // One character changed (a token may itself start with the letter put in its place).
    String tampered = (token.charAt(0) == 'x' ? "y" : "x") + token.substring(1);
    assertThat(await(intake.status(tampered, Actor.resident("127.0.0.1")))).isEmpty();
    assertThat(await(intake.status("../../etc/passwd", Actor.resident("127.0.0.1")))).isEmpty();

    assertThat(await(intake.withdraw(receipt.statusToken().get(), Actor.resident("127.0.0.1"))))
        .isTrue();
    assertThat(
            await(intake.status(receipt.statusToken().get(), Actor.resident("127.0.0.1")))
                .orElseThrow()
                .view())
        .isEqualTo("ingetrokken");
    assertThat(await(intake.withdraw(receipt.statusToken().get(), Actor.resident("127.0.0.1"))))
        .as("withdrawn once only")
        .isFalse();
    assertThat(item(receipt.id()).getOffsetDateTime("closed_at")).isNotNull();
  }

  @Test
  void many_status_reads_at_once_are_each_audited_with_their_item_alone_or_in_a_group() {
    Receipt receipt =
        await(intake.submit(aanmelding(Subject.UNKNOWN, null), Actor.resident("127.0.0.1")));
    String token = receipt.statusToken().get();
    String reads =
        "SELECT count(*) FROM audit_log WHERE action = 'item.status_read'"
            + " AND object_type = 'inbox_item' AND object_id = $1 AND actor_type = 'resident'";
    // More reads at once than go alone: the first write their entry in the read's statement, the
    // others after the read, in groups; each answer comes only after its own entry is committed.
    int n = 30;
    Promise<List<Future<Optional<ResidentStatus>>>> started = Promise.promise();
    server
        .app()
        .vertx()
        .runOnContext(
            v -> {
              List<Future<Optional<ResidentStatus>>> all = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                all.add(intake.status(token, Actor.resident("127.0.0.1")));
              }
              started.complete(all);
            });
    for (Future<Optional<ResidentStatus>> read : await(started.future())) {
      assertThat(await(read).orElseThrow().referentie()).isEqualTo(receipt.referentie());
    }
    assertThat(count(reads, receipt.id().toString())).isEqualTo(n);
    // A wrong token reads nothing and writes no entry, either way.
    String tampered = (token.charAt(0) == 'x' ? "y" : "x") + token.substring(1);
    long before = count("SELECT count(*) FROM audit_log WHERE action = 'item.status_read'");
    assertThat(await(intake.status(tampered, Actor.resident("127.0.0.1")))).isEmpty();
    assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'item.status_read'"))
        .isEqualTo(before);
  }

  @Test
  void
      a_postcode_outside_the_municipality_is_accepted_and_marked_and_a_full_postcode_wins_over_its_area() {
    Receipt outside =
        await(
            intake.submit(
                aanmelding(new Subject("A", null, "1012 AB", null), null),
                Actor.resident("127.0.0.1")));
    assertThat(outside.buitenGemeente()).isTrue();
    assertThat(item(outside.id()).getString("wijk")).isNull();

    await(server.app().feature(InboxFeature.class).postcodes().put("8011ZZ", "west"));
    Receipt street =
        await(
            intake.submit(
                aanmelding(new Subject("B", null, "8011zz", null), null),
                Actor.resident("127.0.0.1")));
    assertThat(street.wijk()).contains("west");
  }

  @Test
  void a_crisis_on_a_friday_evening_is_due_two_working_hours_after_monday_morning_opens() {
    CLOCK.set(amsterdam("2026-11-27T19:30").toInstant());
    Receipt receipt =
        await(
            intake.submit(
                signal("crisis", Subject.UNKNOWN, null),
                Actor.apiClient("demo-school", "School", null, "127.0.0.1")));
    assertThat(receipt.dueAt()).isEqualTo(amsterdam("2026-11-30T11:00"));
    assertThat(item(receipt.id()).getOffsetDateTime("due_at").toInstant())
        .isEqualTo(amsterdam("2026-11-30T11:00").toInstant());
  }

  @Test
  void a_crisis_receipt_names_the_numbers_that_answer_day_and_night() {
    NewItem base = aanmelding(Subject.UNKNOWN, "crisis@example.org");
    NewItem crisis =
        new NewItem(
            "aanmelding",
            null,
            null,
            null,
            null,
            base.leefgebieden(),
            "crisis",
            null,
            null,
            false,
            "zelf",
            null,
            "2026-11",
            Locale.forLanguageTag("en"),
            Subject.UNKNOWN,
            base.inhoud(),
            "crisis@example.org",
            null);
    await(intake.submit(crisis, Actor.resident("127.0.0.1")));
    String mail =
        await(
                pool.preparedQuery(
                        "SELECT body_text FROM mail_outbox WHERE recipient = 'crisis@example.org'")
                    .execute())
            .iterator()
            .next()
            .getString(0);
    assertThat(mail)
        .contains("cannot be reached day and night")
        .contains("112")
        .contains("0800-2000")
        .contains("0800-0113");
  }

  @Test
  void deadlines_skip_the_easter_weekend_and_a_safety_concern_makes_a_regulier_signal_spoed() {
    // Thursday before Easter 2027: Good Friday is a working day here, Easter Monday is not.
    CLOCK.set(amsterdam("2027-03-25T10:00").toInstant());
    Receipt regulier =
        await(intake.submit(signal("regulier", Subject.UNKNOWN, null), Actor.system("test")));
    assertThat(regulier.dueAt()).isEqualTo(amsterdam("2027-04-02T17:00"));

    CLOCK.set(amsterdam("2027-03-27T11:00").toInstant()); // Saturday
    NewItem unsafe = signal("regulier", Subject.UNKNOWN, null);
    unsafe =
        new NewItem(
            unsafe.kanaal(),
            unsafe.vindplek(),
            null,
            null,
            "demo-school",
            unsafe.leefgebieden(),
            "regulier",
            "nee",
            false,
            true,
            null,
            null,
            null,
            unsafe.taal(),
            Subject.UNKNOWN,
            unsafe.inhoud(),
            null,
            null);
    Receipt spoed = await(intake.submit(unsafe, Actor.system("test")));
    assertThat(spoed.urgentie()).isEqualTo("spoed");
    assertThat(item(spoed.id()).getString("urgentie")).isEqualTo("spoed");
    assertThat(spoed.dueAt())
        .as("end of the next working day after Easter Monday")
        .isEqualTo(amsterdam("2027-03-30T17:00"));
  }

  @Test
  void koningsdag_does_not_count_as_a_working_day() {
    // Monday 26 April 2027; Tuesday the 27th is Koningsdag.
    CLOCK.set(amsterdam("2027-04-26T10:00").toInstant());
    Receipt spoed =
        await(intake.submit(signal("spoed", Subject.UNKNOWN, null), Actor.system("test")));
    assertThat(spoed.dueAt()).isEqualTo(amsterdam("2027-04-28T17:00"));
    Receipt crisis =
        await(intake.submit(signal("crisis", Subject.UNKNOWN, null), Actor.system("test")));
    CLOCK.set(amsterdam("2027-04-26T16:00").toInstant());
    Receipt lateCrisis =
        await(intake.submit(signal("crisis", Subject.UNKNOWN, null), Actor.system("test")));
    assertThat(crisis.dueAt()).isEqualTo(amsterdam("2027-04-26T12:00"));
    assertThat(lateCrisis.dueAt())
        .as("one hour on Monday, one on Wednesday morning")
        .isEqualTo(amsterdam("2027-04-28T10:00"));
  }

  @Test
  void
      a_second_item_about_the_same_person_is_flagged_as_a_possible_match_and_closed_items_are_not() {
    CLOCK.set(amsterdam("2026-11-24T10:00").toInstant());
    LocalDate born = LocalDate.of(2014, 3, 9);
    Receipt first =
        await(
            intake.submit(
                signal("regulier", new Subject("Noor Çelik", born, "8021 BC", "4"), null),
                Actor.system("test")));
    Receipt sameAddress =
        await(
            intake.submit(
                aanmelding(new Subject("N. Celik", born, "8021bc", " 4 "), null),
                Actor.resident("127.0.0.1")));
    Receipt sameName =
        await(
            intake.submit(
                signal("spoed", new Subject("noor  celik", born, null, null), null),
                Actor.system("test")));
    Receipt otherChild =
        await(
            intake.submit(
                signal(
                    "spoed",
                    new Subject("Noor Celik", LocalDate.of(2016, 1, 1), "8021 BC", "4"),
                    null),
                Actor.system("test")));

    assertThat(
            await(
                    pool.preparedQuery(
                            "SELECT reason FROM inbox_match WHERE item_id = $1 AND other_item_id = $2")
                        .execute(Tuple.of(sameAddress.id(), first.id())))
                .iterator()
                .next()
                .getString(0))
        .isEqualTo("adres_geboortedatum");
    assertThat(
            await(
                    pool.preparedQuery(
                            "SELECT reason FROM inbox_match WHERE item_id = $1 AND other_item_id = $2")
                        .execute(Tuple.of(sameName.id(), first.id())))
                .iterator()
                .next()
                .getString(0))
        .isEqualTo("naam_geboortedatum");
    assertThat(count("SELECT count(*) FROM inbox_match WHERE item_id = $1", otherChild.id()))
        .as("another birth date is another person")
        .isZero();

    await(
        pool.preparedQuery("UPDATE inbox_item SET state = 'afgesloten' WHERE id IN ($1, $2, $3)")
            .execute(Tuple.of(first.id(), sameAddress.id(), sameName.id())));
    Receipt later =
        await(
            intake.submit(
                signal("regulier", new Subject("Noor Çelik", born, null, null), null),
                Actor.system("test")));
    assertThat(count("SELECT count(*) FROM inbox_match WHERE item_id = $1", later.id()))
        .as("closed items are no match")
        .isZero();
  }

  @Test
  void every_node_hears_of_a_new_item_over_the_event_bus_without_personal_data() throws Exception {
    CompletableFuture<JsonObject> heard = new CompletableFuture<>();
    var consumer =
        server
            .app()
            .vertx()
            .eventBus()
            .<JsonObject>consumer(InboxEvents.ITEM_CREATED, m -> heard.complete(m.body()));
    await(consumer.completion());
    try {
      Receipt receipt =
          await(
              intake.submit(
                  aanmelding(
                      new Subject("Geheim Persoon", LocalDate.of(1990, 1, 1), "8041 DE", "1"),
                      null),
                  Actor.resident("127.0.0.1")));
      JsonObject message = heard.get(10, TimeUnit.SECONDS);
      assertThat(message.getString("id")).isEqualTo(receipt.id().toString());
      assertThat(message.getString("wijk")).isEqualTo("zuid");
      assertThat(message.getString("kanaal")).isEqualTo("aanmelding");
      assertThat(message.encode()).doesNotContain("Geheim").doesNotContain("1990");
    } finally {
      await(consumer.unregister());
    }
  }

  @Test
  void a_submission_that_fails_halfway_leaves_nothing_behind() {
    long before = count("SELECT count(*) FROM inbox_item");
    long audits = count("SELECT count(*) FROM audit_log WHERE action = 'item.created'");
    // The receipt mail is the last write; an address with a line break is refused there.
    NewItem broken =
        aanmelding(
            new Subject("Half Geschreven", LocalDate.of(1970, 1, 1), "8011 AB", "1"),
            "x@example.org\nBcc: y@example.org");
    assertThatThrownBy(() -> await(intake.submit(broken, Actor.resident("127.0.0.1"))))
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThat(count("SELECT count(*) FROM inbox_item")).isEqualTo(before);
    assertThat(
            count("SELECT count(*) FROM inbox_item_person WHERE naam_sleutel = 'half geschreven'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'item.created'"))
        .isEqualTo(audits);
  }

  @Test
  void a_retry_with_the_same_idempotency_key_stores_one_item_even_when_both_arrive_at_once() {
    NewItem item =
        signal("regulier", new Subject("Sam", null, null, null), "melder@school.example");
    var one =
        intake.submitOnce(
            "demo-school",
            "key-1",
            "hash-a",
            item,
            Actor.system("test"),
            r -> new JsonObject().put("id", r.id().toString()));
    var two =
        intake.submitOnce(
            "demo-school",
            "key-1",
            "hash-a",
            item,
            Actor.system("test"),
            r -> new JsonObject().put("id", r.id().toString()));
    Intake.Outcome a = await(one);
    Intake.Outcome b = await(two);
    String idA =
        a instanceof Intake.Stored s
            ? s.response().getString("id")
            : ((Intake.Replayed) a).response().getString("id");
    String idB =
        b instanceof Intake.Stored s
            ? s.response().getString("id")
            : ((Intake.Replayed) b).response().getString("id");
    assertThat(idA).isEqualTo(idB);
    assertThat(List.of(a, b)).filteredOn(o -> o instanceof Intake.Stored).hasSize(1);
    assertThat(
            count(
                "SELECT count(*) FROM inbox_item WHERE submitted_by_client = 'demo-school' AND id::text = $1",
                idA))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM mail_outbox WHERE recipient = 'melder@school.example'"))
        .as("one receipt, not two")
        .isEqualTo(1);

    assertThat(
            await(
                intake.submitOnce(
                    "demo-school",
                    "key-1",
                    "hash-b",
                    item,
                    Actor.system("test"),
                    r -> new JsonObject())))
        .isInstanceOf(Intake.KeyReused.class);
    assertThat(
            await(
                intake.submitOnce(
                    "demo-huisarts",
                    "key-1",
                    "hash-b",
                    item,
                    Actor.system("test"),
                    r -> new JsonObject())))
        .as("keys are per client")
        .isInstanceOf(Intake.Stored.class);

    CLOCK.advance(Duration.ofHours(25));
    assertThat(
            await(
                intake.submitOnce(
                    "demo-school",
                    "key-1",
                    "hash-b",
                    item,
                    Actor.system("test"),
                    r -> new JsonObject())))
        .as("kept 24 hours")
        .isInstanceOf(Intake.Stored.class);
  }
}
