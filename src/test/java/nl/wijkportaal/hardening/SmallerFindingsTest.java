package nl.wijkportaal.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import nl.wijkportaal.support.RawHttp;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The smaller findings of the outside probe: a 414 with the security headers, API answers with
 * personal data that no cache keeps, a limit on additions with a clear message, and a lone UTF-16
 * surrogate refused with its field named instead of stored as "?".
 */
class SmallerFindingsTest {

  @RegisterExtension static final TestServer server = TestServer.perClass();
  private static RawHttp http;
  private static String bearer;

  @BeforeAll
  static void start() {
    http = new RawHttp(server.port());
    HttpResponse<String> token =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    "demo-school",
                    "client_secret",
                    Staff.PASSWORD));
    bearer = new JsonObject(token.body()).getString("access_token");
  }

  private static JsonObject signal(String naam) {
    return new JsonObject()
        .put(
            "betrokkene",
            new JsonObject()
                .put("naam", naam)
                .put("geboortedatum", "2012-09-10")
                .put("postcode", "8011 AB")
                .put("huisnummer", "7"))
        .put("leefgebieden", new JsonArray().add("school_verzuim"))
        .put("urgentie", "regulier")
        .put("omschrijving", "Is vaak moe.")
        .put("betrokkeneGeinformeerd", true)
        .put("toestemming", "ja")
        .put("veiligheidszorg", false);
  }

  private static RawHttp.Response postJson(String path, String json) {
    return http.send(
        "POST",
        path,
        Map.of("Authorization", "Bearer " + bearer, "Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void an_over_long_address_gets_a_414_with_the_security_headers() {
    RawHttp.Response response = http.get("/aanbod?q=" + "a".repeat(10_000), Map.of());
    assertThat(response.status()).isEqualTo(414);
    assertThat(response.header("content-security-policy")).contains("default-src 'self'");
    assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
    assertThat(response.header("x-frame-options")).isEqualTo("DENY");
  }

  @Test
  void api_answers_with_personal_data_are_not_kept_by_any_cache() {
    RawHttp.Response created = postJson("/api/v1/signalen", signal("Lotte Mol").encode());
    assertThat(created.status()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    for (String path : new String[] {"/api/v1/signalen", "/api/v1/signalen/" + id}) {
      RawHttp.Response read = http.get(path, Map.of("Authorization", "Bearer " + bearer));
      assertThat(read.status()).as(path).isEqualTo(200);
      assertThat(read.header("cache-control")).as(path).isEqualTo("no-store");
    }
    assertThat(http.get("/api/v1/signalen", Map.of()).header("cache-control"))
        .isEqualTo("no-store");
  }

  @Test
  void a_signal_takes_25_additions_and_then_says_to_call() {
    RawHttp.Response created = postJson("/api/v1/signalen", signal("Daan Kok").encode());
    String id = new JsonObject(created.body()).getString("id");
    for (int i = 1; i <= 25; i++) {
      RawHttp.Response added =
          postJson(
              "/api/v1/signalen/" + id + "/aanvullingen",
              new JsonObject().put("tekst", "Aanvulling " + i).encode());
      assertThat(added.status()).as("addition " + i + ": " + added.body()).isEqualTo(201);
    }
    RawHttp.Response refused =
        postJson(
            "/api/v1/signalen/" + id + "/aanvullingen",
            new JsonObject().put("tekst", "Nog een").encode());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("content-type")).isEqualTo("application/problem+json");
    JsonObject error = new JsonObject(refused.body()).getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("code")).isEqualTo("tooManyAdditions");
    assertThat(error.getString("reason")).contains("Bel het Sociaal Wijkteam");
  }

  @Test
  void a_lone_surrogate_is_refused_with_its_field_named_not_stored_as_a_question_mark() {
    String json = signal("PLACEHOLDER").encode().replace("PLACEHOLDER", "Jan \\ud800 Smit");
    RawHttp.Response refused = postJson("/api/v1/signalen", json);
    assertThat(refused.status()).isEqualTo(400);
    JsonObject error = new JsonObject(refused.body()).getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("name")).isEqualTo("betrokkene.naam");
    assertThat(error.getString("code")).isEqualTo("loneSurrogate");
    // The low half alone, and a pair the wrong way round, are lone too; a real pair is an emoji.
    assertThat(
            postJson("/api/v1/signalen", signal("X").encode().replace("\"X\"", "\"\\udc00 Jan\""))
                .status())
        .isEqualTo(400);
    assertThat(
            postJson(
                    "/api/v1/signalen", signal("X").encode().replace("\"X\"", "\"\\udc00\\ud800\""))
                .status())
        .isEqualTo(400);
    RawHttp.Response emoji =
        postJson(
            "/api/v1/signalen", signal("X").encode().replace("\"X\"", "\"Jan \\ud83d\\ude00\""));
    assertThat(emoji.status()).as(emoji.body()).isEqualTo(201);
    // A form cannot carry a lone surrogate in UTF-8: its bytes are not UTF-8, and say so.
    RawHttp.Response form =
        http.send(
            "POST",
            "/wegwijzer",
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "stap=1&antwoord=%ED%A0%80".getBytes(StandardCharsets.US_ASCII));
    assertThat(form.status()).isEqualTo(400);
    assertThat(form.body()).contains("tekens die we niet kunnen lezen");
  }
}
