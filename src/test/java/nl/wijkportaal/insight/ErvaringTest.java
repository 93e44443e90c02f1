package nl.wijkportaal.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.catalogue.CatalogueRepository;
import nl.wijkportaal.catalogue.EditorService;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.InboxEvents;
import nl.wijkportaal.inbox.InboxRepository;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemFeedback;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.mail.MailOutbox;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The experience question: after a worker closes an aanmelding its resident gets a link in the
 * closing mail and on their status page; they answer once (the link and the status page are the
 * same item), nobody else can, and the dashboard counts the answer without any worker.
 */
class ErvaringTest {

  private static TestClock clock;
  private static TestServer server;
  private static Intake intake;

  @BeforeAll
  static void start() {
    clock = new TestClock(Instant.parse("2026-03-03T09:00:00Z"));
    server = TestServer.start(Map.of(), clock);
    Pool pool = server.app().pool();
    InboxRepository repository = new InboxRepository(pool);
    ItemFeedback feedback =
        new ItemFeedback(
            repository,
            new MailOutbox(pool, clock),
            new Messages(),
            "https://wijkportaal.example",
            server.app().config().municipality().crisisNumbers());
    intake =
        new Intake(
            repository,
            new DeadlineRules(new WorkingDayCalendar(server.app().config().municipality(), clock)),
            new AuditLog(pool, clock),
            feedback,
            new InboxEvents(server.app().vertx()),
            clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Row row(String sql, Object... params) {
    return server
        .app()
        .pool()
        .preparedQuery(sql)
        .execute(Tuple.wrap(params))
        .await()
        .iterator()
        .next();
  }

  private static Receipt aanmelding(String email) {
    JsonObject inhoud =
        new JsonObject()
            .put("voorWie", "zelf")
            .put("vraag", "Hulp bij post")
            .put("leefgebieden", new JsonArray().add("financien"))
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", "Ineke Ervaring")
                    .put("geboortedatum", "1970-01-01")
                    .put("postcode", "8021AB"));
    NewItem item =
        new NewItem(
            "aanmelding",
            null,
            null,
            null,
            null,
            List.of("financien"),
            "regulier",
            "ja",
            true,
            false,
            "zelf",
            "website",
            "2026-11",
            Locale.forLanguageTag("nl"),
            new Subject("Ineke Ervaring", LocalDate.of(1970, 1, 1), "8021AB", "1"),
            inhoud,
            email,
            null);
    return intake.submit(item, Actor.resident("127.0.0.1")).await();
  }

  private static HttpResponse<String> act(WebUser user, UUID id, String actie, String... fields) {
    Map<String, String> form = new HashMap<>();
    form.put(
        "versie",
        String.valueOf(
            row("SELECT version FROM inbox_item WHERE id = $1", id).getInteger("version")));
    for (int i = 0; i < fields.length; i += 2) {
      form.put(fields[i], fields[i + 1]);
    }
    return Staff.post(user, "/inbox/items/" + id + "/" + actie, form);
  }

  private static void close(WebUser worker, UUID id) {
    assertThat(act(worker, id, "oppakken").statusCode()).isEqualTo(303);
    assertThat(act(worker, id, "contact").statusCode()).isEqualTo(303);
    assertThat(
            act(worker, id, "afsluiten", "route", "informatie_advies", "reden", "Advies gegeven")
                .statusCode())
        .isEqualTo(303);
  }

  @Test
  void theResidentAnswersOnceByTheMailLinkOrTheStatusPageAndNobodyElse() {
    Receipt receipt = aanmelding("ineke@example.org");
    String status = "/aanmelden/status/" + receipt.statusToken().orElseThrow();
    WebUser resident = server.user();
    // Not before the item is closed.
    assertThat(resident.get(status + "/ervaring").body()).contains("als je vraag is afgerond");

    close(Staff.signIn(server, clock, "triage"), receipt.id());
    String mail =
        row("SELECT body_text FROM mail_outbox WHERE recipient = 'ineke@example.org' AND body_text LIKE '%/ervaring/%'")
            .getString("body_text");
    String link = mail.replaceAll("(?s).*https?://[^/\\s]+(/ervaring/[A-Za-z0-9_-]+).*", "$1");
    assertThat(link).startsWith("/ervaring/");

    // The status page offers the question too.
    assertThat(resident.get(status).body()).contains(status + "/ervaring");
    HttpResponse<String> form = resident.get(link);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("Welk cijfer geef je").contains("Voel je je geholpen?");
    HttpResponse<String> incomplete = Staff.post(resident, link, Map.of("cijfer", "9"));
    assertThat(incomplete.statusCode()).isEqualTo(400);
    assertThat(incomplete.body())
        .contains("Kies een cijfer van 1 tot 5")
        .contains("Kies of je je geholpen voelt");
    HttpResponse<String> answered =
        Staff.post(resident, link, Map.of("cijfer", "4", "geholpen", "ja"));
    assertThat(answered.statusCode()).isEqualTo(303);
    assertThat(resident.get(link).body())
        .contains("Bedankt voor je antwoord")
        .doesNotContain("Welk cijfer geef je");

    // Once per item: the status page now knows it was answered, and a second answer stores nothing.
    assertThat(resident.get(status + "/ervaring").body()).contains("Bedankt voor je antwoord");
    assertThat(
            Staff.post(resident, status + "/ervaring", Map.of("cijfer", "1", "geholpen", "nee"))
                .statusCode())
        .isEqualTo(409);
    assertThat(row("SELECT count(*) AS n FROM client_experience").getLong("n")).isEqualTo(1);
    // Only its resident: a made-up link or status token finds nothing.
    assertThat(server.user().get("/ervaring/" + "x".repeat(43)).statusCode()).isEqualTo(404);
    assertThat(server.user().get("/aanmelden/status/" + "y".repeat(43) + "/ervaring").statusCode())
        .isEqualTo(404);

    // The stored answer names no item, account or worker; the dashboard counts it, per score and
    // never per worker.
    Row stored = row("SELECT * FROM client_experience");
    assertThat(stored.size()).isEqualTo(6);
    assertThat(stored.getString("kanaal")).isEqualTo("aanmelding");
    Sturing sturing =
        new Sturing(
            server.app().pool(),
            new EditorService(new CatalogueRepository(server.app().pool()), List.of(), clock),
            new nl.wijkportaal.chat.ChatFigures(),
            clock);
    Sturing.Dashboard d =
        sturing
            .dashboard(
                new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)),
                new Scope(null, Optional.empty(), true))
            .await();
    assertThat(
            Sturing.shown(d.section("ervaring-score").table(), Locale.forLanguageTag("nl"))
                .get("4"))
        .containsExactly("<5", "–");
    assertThat(d.section("ervaring-score").table().rows())
        .allSatisfy(
            r -> assertThat(r.label()).allSatisfy(p -> assertThat(p[0]).isIn("score", "totaal")));
  }
}
