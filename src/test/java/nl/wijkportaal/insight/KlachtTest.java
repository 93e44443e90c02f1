package nl.wijkportaal.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.catalogue.CatalogueRepository;
import nl.wijkportaal.catalogue.EditorService;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Klachten with the Awb clock: a resident files one without an account and gets a receipt page and
 * mail with the 6-week term; the teamleider extends it once by 4 weeks (the complainant is told), a
 * second extension is refused, and closes it as admissible and resolved; the dashboard counts them
 * per year.
 */
class KlachtTest {

  private static TestClock clock;
  private static TestServer server;

  @BeforeAll
  static void start() {
    // Monday 2 March 2026, 10:00 in Amsterdam.
    clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    server = TestServer.start(Map.of(), clock);
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

  private static Map<String, String> complaint(String naam) {
    Map<String, String> fields = new HashMap<>();
    fields.put("naam", naam);
    fields.put("email", "klager@example.org");
    fields.put("postcode", "8021 AB");
    fields.put("omschrijving", "Ik ben drie keer niet teruggebeld.");
    return fields;
  }

  private static String file(String naam) {
    WebUser resident = server.user();
    assertThat(resident.get("/klacht").statusCode()).isEqualTo(200);
    HttpResponse<String> sent = Staff.post(resident, "/klacht", complaint(naam));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
    assertThat(sent.headers().firstValue("location")).hasValue("/klacht/ontvangen");
    HttpResponse<String> receipt = resident.get("/klacht/ontvangen");
    assertThat(receipt.statusCode()).isEqualTo(200);
    String ref =
        receipt
            .body()
            .replaceAll("(?s).*<p class=\"reference\" id=\"referentie\">([^<]+)</p>.*", "$1");
    assertThat(ref).startsWith("K-");
    return ref;
  }

  @Test
  void aResidentFilesAComplaintAndTheTeamleiderExtendsItOnceAndClosesIt() {
    WebUser resident = server.user();
    HttpResponse<String> empty =
        Staff.post(resident, "/klacht", Map.of("naam", "", "email", "geen-adres"));
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body())
        .contains("Vul je naam in")
        .contains("Vul een e-mailadres in zoals naam@voorbeeld.nl")
        .contains("Schrijf wat je klacht is");

    String ref = file("Klaas Klager");
    Row item = row("SELECT id, kanaal, wijk, due_at FROM inbox_item WHERE referentie = $1", ref);
    UUID id = item.getUUID("id");
    assertThat(item.getString("kanaal")).isEqualTo("klacht");
    assertThat(item.getString("wijk")).isEqualTo("noord");
    // Six weeks after receipt: the end of Monday 13 April 2026.
    assertThat(item.getOffsetDateTime("due_at").toInstant())
        .isEqualTo(Instant.parse("2026-04-13T21:59:59Z"));
    assertThat(
            row(
                    "SELECT count(*) AS n FROM mail_outbox WHERE recipient = 'klager@example.org' AND body_text LIKE '%' || $1 || '%' AND body_text LIKE '%13 april 2026%'",
                    ref)
                .getLong("n"))
        .isEqualTo(1);

    WebUser leader = Staff.signIn(server, clock, "teamleider");
    assertThat(leader.get("/inbox/items/" + id).body()).contains("/inbox/klachten/" + id);
    assertThat(leader.get("/inbox?kanaal=klacht").body()).contains(ref);
    HttpResponse<String> page = leader.get("/inbox/klachten/" + id);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("13 april 2026").contains("Termijn verlengen");
    int version = row("SELECT version FROM inbox_item WHERE id = $1", id).getInteger("version");

    assertThat(
            Staff.post(
                    leader,
                    "/inbox/klachten/" + id + "/verlengen",
                    Map.of("versie", String.valueOf(version), "reden", ""))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> extended =
        Staff.post(
            leader,
            "/inbox/klachten/" + id + "/verlengen",
            Map.of(
                "versie",
                String.valueOf(version),
                "reden",
                "We wachten op het verslag van het gesprek."));
    assertThat(extended.statusCode()).isEqualTo(303);
    assertThat(
            row("SELECT due_at FROM inbox_item WHERE id = $1", id)
                .getOffsetDateTime("due_at")
                .toInstant())
        .isEqualTo(Instant.parse("2026-05-11T21:59:59Z"));
    assertThat(
            row("SELECT count(*) AS n FROM mail_outbox WHERE recipient = 'klager@example.org' AND body_text LIKE '%11 mei 2026%' AND body_text LIKE '%verslag van het gesprek%'")
                .getLong("n"))
        .isEqualTo(1);
    // Once only.
    HttpResponse<String> again =
        Staff.post(
            leader,
            "/inbox/klachten/" + id + "/verlengen",
            Map.of("versie", String.valueOf(version + 1), "reden", "Nog meer tijd"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("al een keer verlengd");
    assertThat(leader.get("/inbox/klachten/" + id).body())
        .doesNotContain("Termijn verlengen")
        .contains("11 mei 2026");

    HttpResponse<String> decided =
        Staff.post(
            leader,
            "/inbox/klachten/" + id + "/afhandelen",
            Map.of(
                "versie",
                String.valueOf(version + 1),
                "ontvankelijk",
                "ja",
                "opgelost",
                "ja",
                "reden",
                "Excuses gemaakt en teruggebeld."));
    assertThat(decided.statusCode()).isEqualTo(303);
    Row closed =
        row("SELECT state, klacht_ontvankelijk, klacht_opgelost FROM inbox_item WHERE id = $1", id);
    assertThat(closed.getString("state")).isEqualTo("afgesloten");
    assertThat(closed.getBoolean("klacht_ontvankelijk")).isTrue();
    assertThat(closed.getBoolean("klacht_opgelost")).isTrue();
    // The history says what happened.
    assertThat(
            row(
                    "SELECT count(*) AS n FROM inbox_item_event WHERE item_id = $1 AND kind IN ('klacht_verlengd', 'klacht_afgehandeld')",
                    id)
                .getLong("n"))
        .isEqualTo(2);

    // Only a teamleider handles complaints.
    WebUser triage = Staff.signIn(server, clock, "triage");
    assertThat(triage.get("/inbox/klachten/" + id).statusCode()).isEqualTo(403);
    assertThat(
            Staff.post(
                    triage,
                    "/inbox/klachten/" + id + "/verlengen",
                    Map.of("versie", "0", "reden", "x"))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void theDashboardCountsComplaintsReceivedAdmissibleAndResolvedPerYear() {
    WebUser leader = Staff.signIn(server, clock, "teamleider");
    for (int i = 0; i < 6; i++) {
      String ref = file("Klager " + i);
      if (i < 5) {
        UUID id = row("SELECT id FROM inbox_item WHERE referentie = $1", ref).getUUID("id");
        int version = row("SELECT version FROM inbox_item WHERE id = $1", id).getInteger("version");
        assertThat(
                Staff.post(
                        leader,
                        "/inbox/klachten/" + id + "/afhandelen",
                        Map.of(
                            "versie",
                            String.valueOf(version),
                            "ontvankelijk",
                            "ja",
                            "opgelost",
                            "ja",
                            "reden",
                            "Opgelost"))
                    .statusCode())
            .isEqualTo(303);
      }
    }
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
    List<String> year =
        Sturing.shown(d.section("klachten").table(), java.util.Locale.forLanguageTag("nl"))
            .get("2026");
    // At least the six of this test (the other test may have added one more): received, then
    // admissible and resolved.
    assertThat(Integer.parseInt(year.get(0))).isGreaterThanOrEqualTo(6);
    assertThat(Integer.parseInt(year.get(1))).isGreaterThanOrEqualTo(5);
    assertThat(Integer.parseInt(year.get(4))).isGreaterThanOrEqualTo(5);
  }
}
