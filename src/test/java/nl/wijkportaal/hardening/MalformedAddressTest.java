package nl.wijkportaal.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import nl.wijkportaal.support.LogCapture;
import nl.wijkportaal.support.RawHttp;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Addresses and headers as an attacker or a broken link types them: a malformed percent-escape gets
 * a clear 400 in the visitor's language (problem+json on the API) and leaves no stack trace in the
 * log; a valid escape on the API means what it says, once.
 */
class MalformedAddressTest {

  @RegisterExtension static final TestServer server = TestServer.perClass();
  private static RawHttp http;
  private static String token;

  @BeforeAll
  static void start() {
    http = new RawHttp(server.port());
    HttpResponse<String> response =
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
    token = new JsonObject(response.body()).getString("access_token");
  }

  @Test
  void
      a_page_address_with_a_broken_escape_gets_a_clear_400_page_in_the_visitors_language_and_no_stack_trace() {
    try (LogCapture log = new LogCapture()) {
      for (String target :
          new String[] {
            "/contact?%zz",
            "/inbox?x=%E0%A4%A",
            "/login?terug=%zz",
            "/aanbod/%zz",
            "/aanbod?q=%FF%FE",
            "/contact?q=%C0%80"
          }) {
        RawHttp.Response dutch = http.get(target, Map.of());
        assertThat(dutch.status()).as(target).isEqualTo(400);
        assertThat(dutch.header("content-type")).startsWith("text/html");
        assertThat(dutch.body())
            .as(target)
            .contains("Dat ging niet goed")
            .doesNotContain("Exception")
            .doesNotContain("at io.");
        assertThat(dutch.header("content-security-policy")).isNotBlank();
        RawHttp.Response english = http.get(target, Map.of("Accept-Language", "en"));
        assertThat(english.status()).isEqualTo(400);
        assertThat(english.body()).as(target).contains("lang=\"en\"");
      }
      RawHttp.Response escape = http.get("/contact?%zz", Map.of());
      assertThat(escape.body()).contains("na een %-teken horen twee cijfers of letters");
      assertThat(log.errorsAndStackTraces()).isEmpty();
    }
  }

  @Test
  void the_api_answers_a_broken_escape_with_a_problem_naming_the_parameter() {
    try (LogCapture log = new LogCapture()) {
      RawHttp.Response query = http.get("/api/v1/aanbod?q=%zz", Map.of());
      assertThat(query.status()).isEqualTo(400);
      assertThat(query.header("content-type")).isEqualTo("application/problem+json");
      JsonArray errors = new JsonObject(query.body()).getJsonArray("errors");
      assertThat(errors.getJsonObject(0).getString("name")).isEqualTo("q");
      assertThat(errors.getJsonObject(0).getString("code")).isEqualTo("percentEscape");

      RawHttp.Response path =
          http.get("/api/v1/signalen/%zz", Map.of("Authorization", "Bearer " + token));
      assertThat(path.status()).isEqualTo(400);
      assertThat(path.header("content-type")).isEqualTo("application/problem+json");

      RawHttp.Response aanbod = http.get("/api/v1/aanbod/%zz", Map.of("Accept-Language", "en"));
      assertThat(aanbod.status()).isEqualTo(400);
      assertThat(
              new JsonObject(aanbod.body())
                  .getJsonArray("errors")
                  .getJsonObject(0)
                  .getString("reason"))
          .startsWith("The address is not right");
      assertThat(log.errorsAndStackTraces()).isEmpty();
    }
  }

  @Test
  void a_resident_searching_for_100_percent_gets_results_not_an_error() {
    try (LogCapture log = new LogCapture()) {
      RawHttp.Response percent = http.get("/api/v1/aanbod?q=100%25", Map.of());
      assertThat(percent.status()).as(percent.body()).isEqualTo(200);
      assertThat(new JsonObject(percent.body()).getJsonArray("resultaten")).isNotNull();
      // Decoded twice, "%2525" would have become "%" and then failed; once, it is the text "%25".
      assertThat(http.get("/api/v1/aanbod?q=%2525", Map.of()).status()).isEqualTo(200);
      assertThat(http.get("/api/v1/aanbod?q=C%2B%2B", Map.of()).status()).isEqualTo(200);
      // A wijk code "%" is not a wijk code: a field error, not a failure.
      RawHttp.Response wijk = http.get("/api/v1/aanbod?wijk=%25", Map.of());
      assertThat(wijk.status()).isEqualTo(400);
      assertThat(
              new JsonObject(wijk.body()).getJsonArray("errors").getJsonObject(0).getString("name"))
          .startsWith("wijk");
      assertThat(log.errorsAndStackTraces()).isEmpty();
    }
  }

  @Test
  void an_idempotency_key_is_taken_as_sent_not_url_decoded() {
    JsonObject signal =
        new JsonObject()
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", "Sem de Wit")
                    .put("geboortedatum", "2014-03-02")
                    .put("postcode", "8011 AB")
                    .put("huisnummer", "12A"))
            .put("leefgebieden", new JsonArray().add("school_verzuim"))
            .put("urgentie", "regulier")
            .put("omschrijving", "Vaak afwezig.")
            .put("betrokkeneGeinformeerd", true)
            .put("toestemming", "ja")
            .put("veiligheidszorg", false);
    Map<String, String> headers =
        Map.of(
            "Authorization",
            "Bearer " + token,
            "Idempotency-Key",
            "a%zz",
            "Content-Type",
            "application/json");
    byte[] body = signal.encode().getBytes(StandardCharsets.UTF_8);
    RawHttp.Response first = http.send("POST", "/api/v1/signalen", headers, body);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    RawHttp.Response again = http.send("POST", "/api/v1/signalen", headers, body);
    assertThat(again.status()).isEqualTo(201);
    assertThat(new JsonObject(again.body()).getString("id"))
        .isEqualTo(new JsonObject(first.body()).getString("id"));
    // "a%7A%7A" is another key than "a%zz" (decoded, both would have read "azz" or failed).
    RawHttp.Response other =
        http.send(
            "POST",
            "/api/v1/signalen",
            Map.of(
                "Authorization",
                "Bearer " + token,
                "Idempotency-Key",
                "a%7A%7A",
                "Content-Type",
                "application/json"),
            body);
    assertThat(other.status()).isEqualTo(201);
    assertThat(new JsonObject(other.body()).getString("id"))
        .isNotEqualTo(new JsonObject(first.body()).getString("id"));
  }
}
