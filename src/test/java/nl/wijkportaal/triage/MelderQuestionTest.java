package nl.wijkportaal.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Triage asks the melder for information; the melder's system answers; the item returns to its
 * owner.
 */
class MelderQuestionTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  private static String token() {
    HttpResponse<String> response =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    "demo-corporatie",
                    "client_secret",
                    Staff.PASSWORD));
    return new JsonObject(response.body()).getString("access_token");
  }

  private static Row item(String id) {
    return server
        .app()
        .pool()
        .preparedQuery("SELECT * FROM inbox_item WHERE id = $1::uuid")
        .execute(Tuple.of(id))
        .await()
        .iterator()
        .next();
  }

  /** Opens the item page (fresh CSRF token and version) and posts one of its action forms. */
  private static HttpResponse<String> act(WebUser user, String id, String actie, String... fields) {
    String page = user.get("/inbox/items/" + id).body();
    Matcher version = Pattern.compile("name=\"versie\" value=\"(\\d+)\"").matcher(page);
    Map<String, String> form = new HashMap<>();
    form.put("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN"));
    form.put("versie", version.find() ? version.group(1) : "-1");
    for (int i = 0; i < fields.length; i += 2) {
      form.put(fields[i], fields[i + 1]);
    }
    return user.postForm("/inbox/items/" + id + "/" + actie, form);
  }

  @Test
  void
      a_question_to_the_melder_reaches_their_system_without_personal_data_in_the_mail_and_the_answer_returns_the_item() {
    String bearer = "Bearer " + token();
    JsonObject signal =
        new JsonObject()
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", "Henk Smit")
                    .put("geboortedatum", "1948-02-02")
                    .put("postcode", "8051 EF")
                    .put("huisnummer", "30"))
            .put("leefgebieden", new JsonArray().add("wonen").add("dagelijkse_redzaamheid"))
            .put("urgentie", "spoed")
            .put("omschrijving", "Woning vervuilt, huur niet betaald.")
            .put("betrokkeneGeinformeerd", false)
            .put("toestemming", "niet_gevraagd")
            .put("veiligheidszorg", false)
            .put(
                "melder",
                new JsonObject().put("naam", "Peter de Vries").put("email", "peter@linie.example"));
    HttpResponse<String> created =
        server
            .user()
            .postJson("/api/v1/signalen", signal.encode(), Map.of("Authorization", bearer));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");

    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    assertThat(act(tessa, id, "oppakken").statusCode()).isEqualTo(303);
    assertThat(
            act(
                    tessa,
                    id,
                    "vraag",
                    "van",
                    "melder",
                    "vraag",
                    "Sinds wanneer is de huur niet betaald?")
                .statusCode())
        .isEqualTo(303);
    assertThat(item(id).getString("state")).isEqualTo("wacht_op_informatie");

    JsonObject seen =
        new JsonObject(
            server.user().get("/api/v1/signalen/" + id, Map.of("Authorization", bearer)).body());
    assertThat(seen.getString("vraagVanWijkteam"))
        .isEqualTo("Sinds wanneer is de huur niet betaald?");
    assertThat(seen.getString("status")).isEqualTo("opgepakt");
    String mail =
        server
            .app()
            .pool()
            .query(
                "SELECT body_text FROM mail_outbox WHERE recipient = 'peter@linie.example' AND subject LIKE '%vraag%'")
            .execute()
            .await()
            .iterator()
            .next()
            .getString(0);
    assertThat(mail)
        .contains("/signaleren/meldingen")
        .doesNotContain("Henk")
        .doesNotContain("huur");

    HttpResponse<String> answer =
        server
            .user()
            .postJson(
                "/api/v1/signalen/" + id + "/aanvullingen",
                new JsonObject().put("tekst", "Sinds augustus, drie maanden.").encode(),
                Map.of("Authorization", bearer));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    Row back = item(id);
    assertThat(back.getString("state")).isEqualTo("in_behandeling");
    assertThat(back.getString("info_request")).isNull();
    assertThat(tessa.get("/inbox").body())
        .as("a reminder for the owner")
        .contains("Antwoord ontvangen");
    assertThat(tessa.get("/inbox/items/" + id).body())
        .as("the answer on the item")
        .contains("Sinds augustus, drie maanden.");
  }
}
