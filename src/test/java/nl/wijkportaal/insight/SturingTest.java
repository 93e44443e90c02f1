package nl.wijkportaal.insight;

import static nl.wijkportaal.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The KPIs on a small hand-built inbox with known answers: first contacts across a weekend with
 * Koningsdag and across Easter Monday, items still waiting at the period's end, a reopened item, a
 * merged duplicate counted once; small numbers suppressed, also where a total would give them away;
 * and who may see which wijkteams.
 */
class SturingTest {

  private static final Locale NL = Locale.forLanguageTag("nl");
  private static final Period APRIL_MAY =
      new Period(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 31));
  private static final String PERIOD = "?van=2026-04-01&tot=2026-05-31";

  private static final TestClock clock = new TestClock(Instant.parse("2026-06-01T10:00:00Z"));
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), clock);
  private static Sturing sturing;
  private static KpiData data;

  @BeforeAll
  static void start() {
    sturing = server.app().feature(InsightFeature.class).sturing();
    data = new KpiData(server.app().pool(), server.app().platform().deadlines());
    // Signals in wijk noord. Friday before Koningsdag (Monday 27 April) → Tuesday: 96 hours, within
    // the 5 working days.
    UUID first = null;
    for (int i = 0; i < 2; i++) {
      UUID id = data.item().received("2026-04-24T10:00").contact("2026-04-28T10:00").store();
      first = first == null ? id : first;
    }
    // Easter Monday (a holiday) → Friday: 96 hours, within.
    for (int i = 0; i < 2; i++) {
      data.item().received("2026-04-06T09:00").contact("2026-04-10T09:00").store();
    }
    // Wednesday 1 April → Friday 17 April: 384 hours, late.
    for (int i = 0; i < 5; i++) {
      data.item().received("2026-04-01T09:00").contact("2026-04-17T09:00").store();
    }
    // Same day, 2 hours.
    for (int i = 0; i < 2; i++) {
      data.item().received("2026-04-02T12:00").contact("2026-04-02T14:00").store();
    }
    data.item().received("2026-05-12T09:00").contact("2026-05-12T11:00").store();
    // Closed and reopened: counted once, by its receipt and first contact; not closed now.
    KpiData.Item reopened = data.item().received("2026-05-12T09:00").contact("2026-05-12T11:00");
    reopened.state = "heropend";
    reopened.store();
    // Still waiting at the period's end: one due next week, one overdue now.
    data.item().received("2026-05-29T10:00").store();
    data.item().received("2026-05-04T09:00").store();
    // A duplicate merged into the first: not counted.
    KpiData.Item merged = data.item().received("2026-04-10T09:00");
    merged.state = "samengevoegd";
    merged.mergedInto = first;
    merged.store();

    // Aanmeldingen in wijk zuid: a day to first contact; five closed 10 days later with a route,
    // one support started 2 days later.
    for (int i = 0; i < 6; i++) {
      KpiData.Item a = data.item().received("2026-04-14T09:00").contact("2026-04-15T09:00");
      a.kanaal = "aanmelding";
      a.vindplek = null;
      a.wijk = "zuid";
      a.leefgebieden = List.of("financien", "wonen");
      a.gevondenVia = "huisarts";
      if (i < 5) {
        a.state = "afgesloten";
        a.closed = KpiData.at("2026-04-25T09:00");
        a.route = "sociale_basis";
      } else {
        a.support = KpiData.at("2026-04-17T09:00");
      }
      a.store();
    }
    // A search log entry a spreadsheet would run as a formula, asked 5 times without result.
    for (int i = 0; i < 5; i++) {
      data.sql(
          "INSERT INTO search_log (query, results, searched_at) VALUES ($1, 0, $2)",
          "=hyperlink(\"x\")",
          Instant.parse("2026-05-30T10:00:00Z").atOffset(java.time.ZoneOffset.UTC));
    }
  }

  private static Map<String, List<String>> table(Sturing.Dashboard d, String kpi) {
    return Sturing.shown(d.section(kpi).table(), NL);
  }

  private static Sturing.Dashboard all() {
    return await(sturing.dashboard(APRIL_MAY, new Scope(null, Optional.empty(), true)));
  }

  @Test
  void waitingForIntakeCountsWorkingDaysAcrossWeekendsAndHolidaysAndEachItemOnce() {
    Map<String, List<String>> t = table(all(), "wachttijd-intake");
    // 15 signals (the merged duplicate not counted), 13 with first contact; median 96 h, p90 384 h;
    // 8 of 13 within the deadline. 2 still waiting: "<5", and then the 0 beside it too, or 15 − 13
    // − 0 would give the 2 away.
    assertThat(t.get("signaal|regulier"))
        .containsExactly("15", "13", "<5", "<5", "96", "384", "62%");
    // The total row's own "<5" pair protects the column sums, so the aanmeldingen' zeros may stay.
    assertThat(t.get("aanmelding|regulier"))
        .containsExactly("6", "6", "0", "0", "24", "24", "100%");
    assertThat(t.get("totaal")).containsSequence("<5", "<5");
    assertThat(t.get("totaal")).element(0).isEqualTo("21");
    assertThat(t.get("totaal")).element(1).isEqualTo("19");
  }

  @Test
  void supportLeadTimeAndRoutes() {
    Sturing.Dashboard d = all();
    // Five aanmeldingen closed 10 days after first contact; the reopened signal is not closed.
    assertThat(table(d, "doorlooptijd").get("aanmelding"))
        .containsExactly("5", "5", "0", "10", "10");
    assertThat(table(d, "doorlooptijd")).doesNotContainKey("signaal");
    // One support start (2 days): too few to show a median, and its count suppressed with the 0
    // beside it.
    assertThat(table(d, "wachttijd-ondersteuning").get("aanmelding"))
        .containsExactly("6", "<5", "<5", "5", "<5", "<5");
    // Routes at closing per month, in stepped-care order: informatie_advies, sociale_basis, ...
    assertThat(table(d, "effectiviteit").get("2026-04-01")).element(1).isEqualTo("5");
  }

  @Test
  void inflowAndReachability() {
    Sturing.Dashboard d = all();
    assertThat(table(d, "instroom-wijk").get("noord")).containsExactly("15");
    assertThat(table(d, "instroom-wijk").get("zuid")).containsExactly("6");
    assertThat(table(d, "instroom-leefgebied").get("financien")).containsExactly("6");
    assertThat(table(d, "instroom-gevonden").get("huisarts")).containsExactly("6");
    assertThat(table(d, "instroom-vindplek").get("school")).containsExactly("15");
    // Weeks with a total column: the week of 13 April holds the six aanmeldingen.
    assertThat(table(d, "instroom-week").get("2026-04-13")).element(0).isEqualTo("6");
    // The first reaction that is not the receipt: the first contact, 96 hours median for signals.
    // 13 reacted and 2 not: the 13 is hidden too, or 15 − 13 gives the 2 away.
    assertThat(table(d, "bereikbaarheid").get("signaal"))
        .containsExactly("15", "<5", "<5", "96", "384");
  }

  @Test
  void workloadNowCountsOpenAndOverdueItems() {
    Map<String, List<String>> t = table(all(), "werkvoorraad-wijk");
    // Noord: 12 with contact, the reopened one and the two waiting (15), one overdue (received 4
    // May, due 12 May);
    // zuid: 1. With the total 16 shown, noord's 15 would give zuid's 1 away: both "<5".
    assertThat(t.get("totaal").get(0)).isEqualTo("16");
    assertThat(t.get("noord").subList(0, 2)).containsExactly("<5", "<5");
    assertThat(t.get("zuid").get(0)).isEqualTo("<5");
  }

  @Test
  void theWorkloadIsOfNowWhateverThePeriod() {
    // Another period, and the beheerder's view of the same wijkteams: the same open items now
    // (kept across periods until an item changes).
    Sturing.Dashboard january =
        await(
            sturing.dashboard(
                new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31)),
                new Scope(null, Optional.empty(), true)));
    Sturing.Dashboard aprilMay = all();
    for (String kpi : List.of("werkvoorraad-wijk", "werkvoorraad-medewerker")) {
      assertThat(table(january, kpi)).isEqualTo(table(aprilMay, kpi));
    }
    assertThat(table(january, "werkvoorraad-wijk").get("totaal").get(0)).isEqualTo("16");
    // The period's own figures are the period's: nothing was received in January.
    assertThat(table(january, "instroom-wijk")).doesNotContainKey("noord");
  }

  @Test
  void oneWijkteamShowsOnlyItsItems() {
    Sturing.Dashboard d =
        await(sturing.dashboard(APRIL_MAY, new Scope(null, Optional.of("zuid"), true)));
    assertThat(table(d, "wachttijd-intake"))
        .containsKeys("aanmelding|regulier")
        .doesNotContainKey("signaal|regulier");
  }

  @Test
  void aTeamleiderSeesOnlyTheirOwnWijkteamsAndABeheerderAll() {
    UUID teamleider =
        await(
                server
                    .app()
                    .pool()
                    .preparedQuery("SELECT id FROM account WHERE email = $1")
                    .execute(io.vertx.sqlclient.Tuple.of(Staff.email("teamleider"))))
            .iterator()
            .next()
            .getUUID("id");
    data.sql(
        "DELETE FROM account_wijkteam WHERE account_id = $1 AND wijkteam <> 'noord'", teamleider);
    try {
      WebUser leader = Staff.signIn(server, clock, "teamleider");
      HttpResponse<String> own = leader.get("/sturing" + PERIOD);
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(own.body())
          .contains("Wachttijd intake")
          .contains("<svg")
          .contains(
              "href=\"/inbox?kanaal=signaal&amp;urgentie=regulier&amp;status=alle&amp;ontvangenVan=2026-04-01&amp;ontvangenTot=2026-05-31\"")
          .doesNotContain("Wijkteam Zuid</option>");
      assertThat(leader.get("/sturing" + PERIOD + "&wijk=zuid").statusCode()).isEqualTo(403);
      assertThat(leader.get("/sturing" + PERIOD + "&wijk=noord").statusCode()).isEqualTo(200);
      assertThat(leader.get("/sturing?van=gisteren").statusCode()).isEqualTo(400);
      assertThat(leader.get("/sturing?van=gisteren").body())
          .contains("Vul een datum in zoals 2026-01-31");
      assertThat(leader.get("/sturing?van=2026-05-01&tot=2026-04-01").statusCode()).isEqualTo(400);

      // A beheerder sees every wijkteam, and no links into an inbox they cannot open.
      WebUser beheerder = Staff.signIn(server, clock, "beheerder");
      HttpResponse<String> everything = beheerder.get("/sturing" + PERIOD + "&wijk=zuid");
      assertThat(everything.statusCode()).isEqualTo(200);
      assertThat(everything.body()).doesNotContain("href=\"/inbox");
      // Triage workers and melders have no dashboard.
      assertThat(Staff.signIn(server, clock, "triage").get("/sturing").statusCode()).isEqualTo(403);
      assertThat(Staff.signIn(server, clock, "school").get("/sturing").statusCode()).isEqualTo(403);
      assertThat(server.user().get("/sturing").statusCode()).isEqualTo(302);
    } finally {
      data.sql(
          "INSERT INTO account_wijkteam (account_id, wijkteam) SELECT $1, code FROM wijkteam ON CONFLICT DO NOTHING",
          teamleider);
    }
  }

  @Test
  void everyTableIsACsvWithSuppressedAndFormulaSafeCells() {
    WebUser beheerder = Staff.signIn(server, clock, "beheerder");
    HttpResponse<String> csv = beheerder.get("/sturing/csv/wachttijd-intake" + PERIOD);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.body()).contains("Signaal · Regulier,15,13,<5,<5,96.0,384.0,61.5");
    HttpResponse<String> searches = beheerder.get("/sturing/csv/zoeken-zonder-resultaat" + PERIOD);
    assertThat(searches.body()).contains("\"'=hyperlink(\"\"x\"\")\",5");
    assertThat(beheerder.get("/sturing/csv/bestaat-niet").statusCode()).isEqualTo(404);
  }

  private static String token(String clientId) {
    HttpResponse<String> response =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    clientId,
                    "client_secret",
                    Staff.PASSWORD));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new io.vertx.core.json.JsonObject(response.body()).getString("access_token");
  }

  @Test
  void theMunicipalitysBiReadsTheSameSuppressedFiguresWithItsOwnScope() {
    String bi = "Bearer " + token("demo-gemeente-bi");
    HttpResponse<String> ok =
        server.user().get("/api/v1/sturing" + PERIOD, Map.of("Authorization", bi));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.headers().firstValue("API-Version")).isPresent();
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(ok.body());
    assertThat(json.getString("van")).isEqualTo("2026-04-01");
    io.vertx.core.json.JsonObject intake =
        json.getJsonArray("kpis").stream()
            .map(io.vertx.core.json.JsonObject.class::cast)
            .filter(k -> k.getString("kpi").equals("wachttijd-intake"))
            .findFirst()
            .orElseThrow();
    io.vertx.core.json.JsonObject signaal =
        intake.getJsonArray("rijen").stream()
            .map(io.vertx.core.json.JsonObject.class::cast)
            .filter(r -> "signaal".equals(r.getJsonObject("codes").getString("kanaal")))
            .findFirst()
            .orElseThrow();
    assertThat(signaal.getJsonArray("cellen").getJsonObject(0).getInteger("waarde")).isEqualTo(15);
    io.vertx.core.json.JsonObject waiting = signaal.getJsonArray("cellen").getJsonObject(2);
    assertThat(waiting.getValue("waarde")).isNull();
    assertThat(waiting.getString("weergave")).isEqualTo("<5");
    assertThat(waiting.getBoolean("onderdrukt")).isTrue();

    assertThat(
            server
                .user()
                .get("/api/v1/sturing?van=2026-05-01&tot=2026-04-01", Map.of("Authorization", bi))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> unknown =
        server.user().get("/api/v1/sturing?wijk=atlantis", Map.of("Authorization", bi));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(
            server
                .user()
                .get("/api/v1/sturing?van=gisteren", Map.of("Authorization", bi))
                .statusCode())
        .isEqualTo(400);
    // A partner's token (scope signalen) and no token at all get nothing.
    assertThat(
            server
                .user()
                .get("/api/v1/sturing", Map.of("Authorization", "Bearer " + token("demo-school")))
                .statusCode())
        .isEqualTo(403);
    assertThat(server.user().get("/api/v1/sturing").statusCode()).isEqualTo(401);
  }
}
