package nl.wijkportaal.signalering;

import static nl.wijkportaal.signalering.Signalen.body;
import static nl.wijkportaal.signalering.Signalen.count;
import static nl.wijkportaal.signalering.Signalen.execute;
import static nl.wijkportaal.signalering.Signalen.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.platform.db.Migrations;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partner system's side of zorgsignalen: submitting with a bearer token, retries with an
 * Idempotency-Key, what the contract and the rules refuse, and who sees what afterwards.
 */
class SignaalApiTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static final String REFERENCE =
      "S-[346789ABCDEFGHJKMNPQRTUVWXY]{4}-[346789ABCDEFGHJKMNPQRTUVWXY]{2}";

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "1000"), CLOCK);

  private static String school;
  private static String huisarts;

  @BeforeAll
  static void start() {
    school = Signalen.token(server, "demo-school");
    huisarts = Signalen.token(server, "demo-huisarts");
  }

  private static HttpResponse<String> submit(String token, JsonObject body) {
    return submit(token, body.encode(), null);
  }

  private static HttpResponse<String> submit(String token, String body, String key) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + token);
    if (key != null) {
      headers.put("Idempotency-Key", key);
    }
    return server.user().postJson("/api/v1/signalen", body, headers);
  }

  private static HttpResponse<String> get(String token, String path) {
    return server.user().get(path, Map.of("Authorization", "Bearer " + token));
  }

  private static HttpResponse<String> addTo(String token, String id, String tekst) {
    return server
        .user()
        .postJson(
            "/api/v1/signalen/" + id + "/aanvullingen",
            new JsonObject().put("tekst", tekst).encode(),
            Map.of("Authorization", "Bearer " + token));
  }

  /** Submits and expects a 201; returns the answer. */
  private static JsonObject stored(String token, JsonObject body) {
    HttpResponse<String> response = submit(token, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  /**
   * The fields a 400 problem names (each once: the contract may say more than one thing about a
   * field).
   */
  private static List<String> fieldsNamed(HttpResponse<String> problem) {
    assertThat(problem.statusCode()).as(problem.body()).isEqualTo(400);
    assertThat(problem.headers().firstValue("content-type")).hasValue("application/problem+json");
    return new JsonObject(problem.body())
        .getJsonArray("errors").stream()
            .map(e -> ((JsonObject) e).getString("name"))
            .distinct()
            .toList();
  }

  @Test
  void a_school_system_submits_a_signal_and_it_is_stored_with_a_reference_before_the_answer() {
    HttpResponse<String> response = submit(school, body("Daan de Vries", "2013-05-02"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("API-Version")).hasValue("1.0.0");
    JsonObject answer = new JsonObject(response.body());
    assertThat(answer.fieldNames()).containsExactlyInAnyOrder("id", "referentie", "status");
    assertThat(answer.getString("referentie")).matches(REFERENCE);
    assertThat(answer.getString("status")).isEqualTo("ontvangen");
    assertThat(response.headers().firstValue("location"))
        .hasValue("/api/v1/signalen/" + answer.getString("id"));

    Row item = row(server, "SELECT * FROM inbox_item WHERE id = $1::uuid", answer.getString("id"));
    assertThat(item.getString("referentie")).isEqualTo(answer.getString("referentie"));
    assertThat(item.getString("kanaal")).isEqualTo("signaal");
    assertThat(item.getString("vindplek")).isEqualTo("school");
    assertThat(item.getString("submitted_by_client")).isEqualTo("demo-school");
    assertThat(item.getString("state")).isEqualTo("nieuw");
    assertThat(item.getString("urgentie")).isEqualTo("regulier");
    assertThat(item.getString("toestemming")).isEqualTo("ja");
    assertThat(item.getString("wijk")).isEqualTo("midden");
    assertThat(item.getArrayOfStrings("leefgebieden"))
        .containsExactly("school_verzuim", "opvoeden_opgroeien");
    assertThat(item.getUUID("organisation_id"))
        .isEqualTo(
            row(server, "SELECT organisation_id FROM api_client WHERE client_id = 'demo-school'")
                .getUUID(0));
    Row person =
        row(
            server,
            "SELECT * FROM inbox_item_person WHERE item_id = $1::uuid",
            answer.getString("id"));
    assertThat(person.getJsonObject("inhoud").getJsonObject("betrokkene").getString("naam"))
        .isEqualTo("Daan de Vries");
    assertThat(person.getLocalDate("geboortedatum")).isEqualTo(LocalDate.of(2013, 5, 2));
    assertThat(
            count(
                server,
                "SELECT count(*) FROM audit_log WHERE action = 'item.created' AND object_id = $1 AND actor_id = 'demo-school'",
                answer.getString("id")))
        .isEqualTo(1);
  }

  @Test
  void a_retry_with_the_same_key_and_body_gets_the_first_answer_and_no_second_signal() {
    String key = UUID.randomUUID().toString();
    JsonObject body = body("Lotte Retry", "2012-01-15");
    HttpResponse<String> first = submit(school, body.encode(), key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    HttpResponse<String> again = submit(school, body.encode(), key);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(again.body())).isEqualTo(new JsonObject(first.body()));
    assertThat(again.headers().firstValue("location"))
        .isEqualTo(first.headers().firstValue("location"));

    // The same signal with its fields in another order is the same request.
    JsonObject reordered = new JsonObject();
    List.of(
            "veiligheidszorg",
            "toestemming",
            "omschrijving",
            "urgentie",
            "leefgebieden",
            "betrokkeneGeinformeerd",
            "betrokkene")
        .forEach(f -> reordered.put(f, body.getValue(f)));
    assertThat(new JsonObject(submit(school, reordered.encodePrettily(), key).body()))
        .isEqualTo(new JsonObject(first.body()));
    assertThat(
            count(
                server,
                "SELECT count(*) FROM inbox_item_person WHERE naam_sleutel = 'lotte retry'"))
        .isEqualTo(1);

    HttpResponse<String> other = submit(school, body.copy().put("urgentie", "spoed").encode(), key);
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(other.body());
    assertThat(problem.getInteger("status")).isEqualTo(422);
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("name"))
        .isEqualTo("Idempotency-Key");
    assertThat(
            count(
                server,
                "SELECT count(*) FROM inbox_item_person WHERE naam_sleutel = 'lotte retry'"))
        .isEqualTo(1);

    HttpResponse<String> elsewhere = submit(huisarts, body.encode(), key);
    assertThat(elsewhere.statusCode()).as("a key belongs to its own client").isEqualTo(201);
    assertThat(new JsonObject(elsewhere.body()).getString("id"))
        .isNotEqualTo(new JsonObject(first.body()).getString("id"));
  }

  @Test
  void what_the_contract_refuses_is_a_problem_that_names_each_field() {
    JsonObject noName = body("x", "2012-01-01");
    noName.getJsonObject("betrokkene").remove("naam");
    assertThat(fieldsNamed(submit(school, noName))).contains("betrokkene.naam");
    assertThat(
            fieldsNamed(
                submit(school, body("Urgent Onbekend", "2012-01-01").put("urgentie", "hoog"))))
        .contains("urgentie");
    JsonObject badMail =
        body("Mail Fout", "2012-01-01")
            .put("melder", new JsonObject().put("naam", "Inge").put("email", "geen-adres"));
    assertThat(fieldsNamed(submit(school, badMail))).contains("melder.email");
    assertThat(
            fieldsNamed(
                submit(school, body("Leeg", "2012-01-01").put("leefgebieden", new JsonArray()))))
        .contains("leefgebieden");
    assertThat(fieldsNamed(submit(school, body("Extra", "2012-01-01").put("bsn", "123456789"))))
        .isNotEmpty();
    assertThat(
            count(
                server,
                "SELECT count(*) FROM inbox_item_person WHERE naam_sleutel IN ('urgent onbekend', 'mail fout', 'leeg', 'extra')"))
        .isZero();
  }

  @Test
  void what_only_the_rules_know_is_refused_too_and_never_as_a_server_error() {
    String tomorrow = LocalDate.now(OpeningHours.ZONE).plusDays(2).toString();
    HttpResponse<String> future = submit(school, body("Nog Niet Geboren", tomorrow));
    assertThat(fieldsNamed(future)).containsExactly("betrokkene.geboortedatum");
    assertThat(
            new JsonObject(future.body()).getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("future");

    JsonObject postcode = body("Verkeerde Postcode", "2012-01-01");
    postcode.getJsonObject("betrokkene").put("postcode", "801 AB");
    assertThat(fieldsNamed(submit(school, postcode))).containsExactly("betrokkene.postcode");

    assertThat(
            fieldsNamed(
                submit(
                    school, body("Nul Teken", "2012-01-01").put("omschrijving", "voor\u0000na"))))
        .containsExactly("omschrijving");
    assertThat(fieldsNamed(submit(school, body("Nul\u0000Naam", "2012-01-01"))))
        .containsExactly("betrokkene.naam");
    assertThat(
            fieldsNamed(
                submit(
                    school, body("Te Lang", "2012-01-01").put("omschrijving", "a".repeat(4001)))))
        .containsExactly("omschrijving");
    HttpResponse<String> notJson = submit(school, "{\"betrokkene\": ", null);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(submit(school, body("Sleutel", "2012-01-01").encode(), "x".repeat(201)).statusCode())
        .isEqualTo(400);
    assertThat(get(school, "/api/v1/signalen/geen-uuid").statusCode()).isIn(400, 404);
    assertThat(get(school, "/api/v1/signalen?pagina=0").statusCode()).isEqualTo(400);
    assertThat(
            count(
                server,
                "SELECT count(*) FROM inbox_item_person WHERE naam_sleutel IN ('nog niet geboren', 'verkeerde postcode', 'nul teken', 'te lang', 'sleutel')"))
        .isZero();
  }

  @Test
  void without_a_token_nothing_is_answered() {
    HttpResponse<String> anonymous = server.user().get("/api/v1/signalen");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(get("niet.een.token", "/api/v1/signalen").statusCode()).isEqualTo(401);
    assertThat(submit("niet.een.token", body("Anoniem", "2012-01-01")).statusCode()).isEqualTo(401);
    // Without any Authorization header and without a session cookie: nobody, so the API says 401.
    assertThat(
            server
                .user()
                .postJson("/api/v1/signalen", body("Anoniem", "2012-01-01").encode(), Map.of())
                .statusCode())
        .isEqualTo(401);
    assertThat(
            count(server, "SELECT count(*) FROM inbox_item_person WHERE naam_sleutel = 'anoniem'"))
        .isZero();
  }

  @Test
  void the_gp_practice_sees_nothing_of_the_schools_signals() {
    JsonObject signal = stored(school, body("Alleen School", "2011-09-09"));
    String id = signal.getString("id");

    JsonObject theirs = new JsonObject(get(huisarts, "/api/v1/signalen?aantal=100").body());
    assertThat(
            theirs.getJsonArray("resultaten").stream().map(r -> ((JsonObject) r).getString("id")))
        .doesNotContain(id);
    HttpResponse<String> byId = get(huisarts, "/api/v1/signalen/" + id);
    assertThat(byId.statusCode()).isEqualTo(404);
    assertThat(byId.body())
        .doesNotContain("Alleen School")
        .doesNotContain(signal.getString("referentie"));
    assertThat(addTo(huisarts, id, "Ik wil ook iets kwijt").statusCode()).isEqualTo(404);
    assertThat(
            count(server, "SELECT count(*) FROM inbox_item_addition WHERE item_id = $1::uuid", id))
        .isZero();
  }

  @Test
  void a_colleague_system_of_the_same_school_sees_the_state_but_not_the_content() {
    Signalen.colleagueSystemAtSchool(server, "school-lvs");
    String colleague = Signalen.token(server, "school-lvs");
    JsonObject signal =
        stored(
            school,
            body("Sanne Inhoud", "2014-02-03")
                .put("melder", new JsonObject().put("naam", "Inge Bakker")));
    String id = signal.getString("id");

    JsonObject list = new JsonObject(get(colleague, "/api/v1/signalen?aantal=100").body());
    JsonObject line =
        list.getJsonArray("resultaten").stream()
            .map(JsonObject.class::cast)
            .filter(r -> r.getString("id").equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(line.getString("status")).isEqualTo("ontvangen");
    assertThat(line.getBoolean("eigen")).isFalse();
    assertThat(line.getString("ingediendDoor")).contains("Inge Bakker");
    assertThat(list.getLong("totaal")).isGreaterThanOrEqualTo(1);

    HttpResponse<String> summary = get(colleague, "/api/v1/signalen/" + id);
    assertThat(summary.statusCode()).isEqualTo(200);
    JsonObject seen = new JsonObject(summary.body());
    assertThat(seen.getString("referentie")).isEqualTo(signal.getString("referentie"));
    assertThat(seen.containsKey("inhoud")).isFalse();
    assertThat(seen.containsKey("aanvullingen")).isFalse();
    assertThat(summary.body())
        .doesNotContain("Sanne")
        .doesNotContain("2014-02-03")
        .doesNotContain("herfstvakantie");
    assertThat(addTo(colleague, id, "Ik weet nog iets").statusCode()).isEqualTo(403);

    JsonObject own = new JsonObject(get(school, "/api/v1/signalen/" + id).body());
    assertThat(own.getBoolean("eigen")).isTrue();
    assertThat(own.getJsonObject("inhoud").getJsonObject("betrokkene").getString("naam"))
        .isEqualTo("Sanne Inhoud");
    assertThat(
            count(
                server,
                "SELECT count(*) FROM audit_log WHERE action = 'item.read' AND object_id = $1 AND actor_id = 'demo-school'",
                id))
        .isEqualTo(1);
    assertThat(
            count(
                server,
                "SELECT count(*) FROM audit_log WHERE action = 'item.read' AND object_id = $1 AND actor_id = 'school-lvs'",
                id))
        .isZero();
  }

  @Test
  void the_list_shows_the_swt_contact_once_picked_up_and_never_what_triage_added() {
    String id = stored(school, body("Triage Geheim", "2010-10-10")).getString("id");
    Signalen.pickedUp(server, id);
    execute(server, "UPDATE inbox_item SET state = 'nieuw' WHERE id = $1::uuid", id);
    JsonObject before = line(id);
    assertThat(before.containsKey("swtContact"))
        .as("no named contact while the triage team holds it")
        .isFalse();

    execute(server, "UPDATE inbox_item SET state = 'wacht_op_informatie' WHERE id = $1::uuid", id);
    String list = get(school, "/api/v1/signalen?aantal=100").body();
    JsonObject after = line(id);
    assertThat(after.getString("status")).isEqualTo("opgepakt");
    assertThat(after.getString("swtContact")).isEqualTo("Tessa Jansen");
    String one = get(school, "/api/v1/signalen/" + id).body();
    for (String answer : List.of(list, one)) {
      assertThat(answer)
          .doesNotContain("swt_ondersteuning")
          .doesNotContain("noord")
          .doesNotContain("wacht_op_informatie")
          .doesNotContain("2031-07-04")
          .doesNotContain("triage@")
          .doesNotContain("route");
    }
  }

  private static JsonObject line(String id) {
    return new JsonObject(get(school, "/api/v1/signalen?aantal=100").body())
        .getJsonArray("resultaten").stream()
            .map(JsonObject.class::cast)
            .filter(r -> r.getString("id").equals(id))
            .findFirst()
            .orElseThrow();
  }

  @Test
  void a_second_signal_about_the_same_person_is_flagged_to_triage_only() {
    JsonObject first = stored(school, body("Mo Dubbel", "2015-06-07"));
    JsonObject elsewhere = body("Mo Dubbel", "2015-06-07");
    elsewhere.getJsonObject("betrokkene").put("postcode", "8022 CD").put("huisnummer", "3");
    HttpResponse<String> second = submit(huisarts, elsewhere);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(second.body()).fieldNames())
        .containsExactlyInAnyOrder("id", "referentie", "status");
    assertThat(second.body())
        .doesNotContain(first.getString("id"))
        .doesNotContain(first.getString("referentie"))
        .doesNotContain("match");
    String secondId = new JsonObject(second.body()).getString("id");
    Row match =
        row(
            server,
            "SELECT other_item_id, reason FROM inbox_match WHERE item_id = $1::uuid",
            secondId);
    assertThat(match.getUUID("other_item_id").toString()).isEqualTo(first.getString("id"));
    assertThat(match.getString("reason")).isEqualTo("naam_geboortedatum");
    assertThat(get(huisarts, "/api/v1/signalen/" + secondId).body())
        .doesNotContain(first.getString("referentie"));
  }

  @Test
  void a_signal_without_consent_is_accepted_and_marked_and_a_safety_concern_makes_it_urgent() {
    String none =
        stored(
                school,
                body("Geen Toestemming", "2012-12-12")
                    .put("toestemming", "nee")
                    .put("betrokkeneGeinformeerd", false))
            .getString("id");
    Row item =
        row(
            server,
            "SELECT toestemming, betrokkene_geinformeerd, urgentie FROM inbox_item WHERE id = $1::uuid",
            none);
    assertThat(item.getString("toestemming")).isEqualTo("nee");
    assertThat(item.getBoolean("betrokkene_geinformeerd")).isFalse();
    assertThat(item.getString("urgentie")).isEqualTo("regulier");

    String unsafe =
        stored(school, body("Veilig Thuis", "2012-12-12").put("veiligheidszorg", true))
            .getString("id");
    Row safety =
        row(server, "SELECT urgentie, veiligheidszorg FROM inbox_item WHERE id = $1::uuid", unsafe);
    assertThat(safety.getString("urgentie")).isEqualTo("spoed");
    assertThat(safety.getBoolean("veiligheidszorg")).isTrue();
    String crisis =
        stored(
                school,
                body("Crisis Blijft", "2012-12-12")
                    .put("veiligheidszorg", true)
                    .put("urgentie", "crisis"))
            .getString("id");
    assertThat(
            row(server, "SELECT urgentie FROM inbox_item WHERE id = $1::uuid", crisis)
                .getString("urgentie"))
        .isEqualTo("crisis");
  }

  @Test
  void the_melder_named_in_the_signal_gets_a_receipt_without_personal_data() throws Exception {
    JsonObject body =
        body("Fleur Mailtest", "2009-04-30")
            .put("omschrijving", "Vertelde over ruzie thuis, zeer vertrouwelijk")
            .put(
                "melder",
                new JsonObject()
                    .put("naam", "Inge Bakker")
                    .put("telefoon", "038 123 45 67")
                    .put("email", "ib@regenboog.example"));
    String referentie = stored(school, body).getString("referentie");
    WebUser beheerder = Staff.signIn(server, CLOCK, "beheerder");
    String mailbox = Signalen.mailboxWith(beheerder, referentie);
    assertThat(mailbox).contains("ib@regenboog.example");
    assertThat(mailbox)
        .doesNotContain("Fleur")
        .doesNotContain("Mailtest")
        .doesNotContain("2009")
        .doesNotContain("vertrouwelijk");
  }

  @Test
  void the_submitter_adds_information_until_the_signal_is_closed() {
    String id = stored(school, body("Aanvul Baar", "2013-03-03")).getString("id");
    HttpResponse<String> added = addTo(school, id, "Vandaag weer afwezig.\nMoeder belde af.");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(new JsonObject(added.body()).getString("id")).isEqualTo(id);
    JsonArray additions =
        new JsonObject(get(school, "/api/v1/signalen/" + id).body()).getJsonArray("aanvullingen");
    assertThat(additions).hasSize(1);
    assertThat(additions.getJsonObject(0).getString("tekst"))
        .isEqualTo("Vandaag weer afwezig.\nMoeder belde af.");

    assertThat(addTo(school, id, "").statusCode()).isEqualTo(400);
    assertThat(addTo(school, id, "nul\u0000teken").statusCode()).isEqualTo(400);
    execute(
        server,
        "UPDATE inbox_item SET state = 'afgesloten', closed_at = now(), route = 'sociale_basis' WHERE id = $1::uuid",
        id);
    HttpResponse<String> closed = addTo(school, id, "Nog iets");
    assertThat(closed.statusCode()).isEqualTo(409);
    assertThat(closed.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(
            count(server, "SELECT count(*) FROM inbox_item_addition WHERE item_id = $1::uuid", id))
        .isEqualTo(1);
    assertThat(addTo(school, UUID.randomUUID().toString(), "Bestaat niet").statusCode())
        .isEqualTo(404);
  }

  @Test
  void a_connection_lost_halfway_through_a_submit_is_a_503_and_leaves_nothing_behind() {
    long items = count(server, "SELECT count(*) FROM inbox_item");
    long audits = count(server, "SELECT count(*) FROM audit_log");
    // The database connection dies while the personal data is written: the transaction is gone.
    execute(
        server,
        "CREATE FUNCTION test_connection_lost() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.naam_sleutel = 'half weg' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$");
    execute(
        server,
        "CREATE TRIGGER test_connection_lost BEFORE INSERT ON inbox_item_person FOR EACH ROW EXECUTE FUNCTION test_connection_lost()");
    try {
      String key = UUID.randomUUID().toString();
      HttpResponse<String> lost = submit(school, body("Half Weg", "2012-02-02").encode(), key);
      assertThat(lost.statusCode()).as(lost.body()).isEqualTo(503);
      assertThat(lost.headers().firstValue("retry-after")).isPresent();
      assertThat(lost.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(count(server, "SELECT count(*) FROM inbox_item")).isEqualTo(items);
      assertThat(count(server, "SELECT count(*) FROM audit_log")).isEqualTo(audits);
      assertThat(count(server, "SELECT count(*) FROM idempotency_record WHERE idem_key = $1", key))
          .isZero();
    } finally {
      execute(server, "DROP TRIGGER test_connection_lost ON inbox_item_person");
      execute(server, "DROP FUNCTION test_connection_lost()");
    }
  }

  @Test
  void with_the_database_down_a_submit_is_a_503_and_the_retry_after_it_returns_is_stored_once()
      throws Exception {
    Path dir = Files.createTempDirectory("wijkportaal-signaal-db");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedPostgres pg = postgres(dir, port);
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE signalen");
    }
    DatabaseUrl url = new DatabaseUrl("127.0.0.1", port, "signalen", "postgres", "");
    Migrations.migrate(url);
    try (TestServer node = TestServer.on(url, Map.of(), Clock.systemUTC())) {
      String token = Signalen.token(node, "demo-school");
      String key = UUID.randomUUID().toString();
      String body = body("Database Weg", "2012-02-02").encode();
      Map<String, String> headers =
          Map.of("Authorization", "Bearer " + token, "Idempotency-Key", key);

      pg.close();
      HttpResponse<String> down = node.user().postJson("/api/v1/signalen", body, headers);
      assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
      assertThat(down.headers().firstValue("retry-after")).hasValue("30");
      assertThat(down.headers().firstValue("content-type")).hasValue("application/problem+json");

      pg = postgres(dir, port);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline && node.user().get("/health/ready").statusCode() != 200) {
        Thread.sleep(200);
      }
      assertThat(count(node, "SELECT count(*) FROM inbox_item")).isZero();
      assertThat(count(node, "SELECT count(*) FROM inbox_item_person")).isZero();
      assertThat(count(node, "SELECT count(*) FROM audit_log WHERE action = 'item.created'"))
          .isZero();

      HttpResponse<String> retry = node.user().postJson("/api/v1/signalen", body, headers);
      assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
      assertThat(new JsonObject(node.user().postJson("/api/v1/signalen", body, headers).body()))
          .isEqualTo(new JsonObject(retry.body()));
      assertThat(count(node, "SELECT count(*) FROM inbox_item")).isEqualTo(1);
    } finally {
      pg.close();
    }
  }

  private static EmbeddedPostgres postgres(Path dir, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setRegisterShutdownHook(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
  }

  @Test
  void a_runaway_partner_system_is_slowed_down_per_client_and_the_others_go_on() {
    try (TestServer limited =
        TestServer.start(Map.of("WIJKPORTAAL_SIGNALS_PER_CLIENT", "2"), CLOCK)) {
      String school = Signalen.token(limited, "demo-school");
      String huisarts = Signalen.token(limited, "demo-huisarts");
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> ok =
            limited
                .user()
                .postJson(
                    "/api/v1/signalen",
                    body("Loop " + i, "2012-01-01").encode(),
                    Map.of("Authorization", "Bearer " + school));
        assertThat(ok.statusCode()).isEqualTo(201);
      }
      HttpResponse<String> third =
          limited
              .user()
              .postJson(
                  "/api/v1/signalen",
                  body("Loop 3", "2012-01-01").encode(),
                  Map.of("Authorization", "Bearer " + school));
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("retry-after")).isPresent();
      assertThat(third.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(
              count(
                  limited, "SELECT count(*) FROM inbox_item_person WHERE naam_sleutel = 'loop 3'"))
          .isZero();
      HttpResponse<String> other =
          limited
              .user()
              .postJson(
                  "/api/v1/signalen",
                  body("Ander", "2012-01-01").encode(),
                  Map.of("Authorization", "Bearer " + huisarts));
      assertThat(other.statusCode()).as("another partner is not affected").isEqualTo(201);
    }
  }
}
