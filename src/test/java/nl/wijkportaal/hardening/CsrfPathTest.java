package nl.wijkportaal.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import nl.wijkportaal.support.RawHttp;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CSRF check decides on the path the router routes on, and the JSON API never acts on a
 * browser's session: a page reached through "/api/.." with a made-up bearer header and a staff
 * session cookie still needs the token; API calls without a session leave no session.
 */
class CsrfPathTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);
  private static RawHttp http;
  private static String itemId;

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
    String bearer = new JsonObject(token.body()).getString("access_token");
    JsonObject signal =
        new JsonObject()
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", "Noor Bos")
                    .put("geboortedatum", "2013-05-06")
                    .put("postcode", "8011 AB")
                    .put("huisnummer", "3"))
            .put("leefgebieden", new JsonArray().add("school_verzuim"))
            .put("urgentie", "regulier")
            .put("omschrijving", "Komt vaak te laat.")
            .put("betrokkeneGeinformeerd", true)
            .put("toestemming", "ja")
            .put("veiligheidszorg", false);
    HttpResponse<String> created =
        server
            .user()
            .postJson(
                "/api/v1/signalen", signal.encode(), Map.of("Authorization", "Bearer " + bearer));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    itemId = new JsonObject(created.body()).getString("id");
  }

  private static String cookies(WebUser user) {
    return "wijkportaal_sessie="
        + user.cookie("wijkportaal_sessie")
        + "; XSRF-TOKEN="
        + user.cookie("XSRF-TOKEN");
  }

  @Test
  void a_note_through_a_dot_segment_path_with_a_bearer_header_and_no_csrf_token_is_refused() {
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    byte[] form = "notitie=CSRF-proef".getBytes(StandardCharsets.UTF_8);
    for (String path :
        new String[] {
          "/api/../inbox/items/" + itemId + "/notitie",
          "/api/%2e%2e/inbox/items/" + itemId + "/notitie",
          "/api/v1/../../inbox/items/" + itemId + "/notitie"
        }) {
      RawHttp.Response response =
          http.send(
              "POST",
              path,
              Map.of(
                  "Authorization",
                  "Bearer made-up",
                  "Cookie",
                  cookies(tessa),
                  "Content-Type",
                  "application/x-www-form-urlencoded"),
              form);
      assertThat(response.status()).as(path).isEqualTo(403);
    }
    assertThat(tessa.get("/inbox/items/" + itemId).body()).doesNotContain("CSRF-proef");
    // With the page's token the same path is the inbox's own note action.
    RawHttp.Response withToken =
        http.send(
            "POST",
            "/api/../inbox/items/" + itemId + "/notitie",
            Map.of("Cookie", cookies(tessa), "Content-Type", "application/x-www-form-urlencoded"),
            ("notitie=Met+token&X-XSRF-TOKEN=" + tessa.cookie("XSRF-TOKEN"))
                .getBytes(StandardCharsets.UTF_8));
    assertThat(withToken.status()).isEqualTo(303);
  }

  @Test
  void anonymous_and_bearer_api_calls_get_no_session() {
    RawHttp.Response anonymous = http.get("/api/v1/aanbod?q=fiets", Map.of());
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.header("set-cookie")).isNull();
    RawHttp.Response bearer =
        http.get("/api/v1/signalen", Map.of("Authorization", "Bearer made-up"));
    assertThat(bearer.status()).isEqualTo(401);
    assertThat(bearer.header("set-cookie")).isNull();
    RawHttp.Response docs = http.get("/api/v1/docs", Map.of());
    assertThat(docs.header("set-cookie")).isNull();
  }
}
