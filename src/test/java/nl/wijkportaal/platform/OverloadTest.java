package nl.wijkportaal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.net.http.HttpResponse;
import java.util.Map;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A crowd that takes every database connection: a search waits briefly, then gets a clear 503 with
 * a short Retry-After (a problem on the API, a page in the resident's language), while the health
 * checks keep answering on a connection of their own.
 */
class OverloadTest {

  // One connection; a search waits 2 s for it (the production's 5 s would only make this test
  // wait 6 s longer: the answer is the same 503).
  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          Map.of(
              "WIJKPORTAAL_DB_POOL_SIZE", "1", "WIJKPORTAAL_DB_CONNECTION_TIMEOUT_SECONDS", "2"));

  @Test
  void a_search_while_every_connection_is_busy_gets_a_quick_503_and_health_still_answers() {
    WebUser resident = server.user();
    assertThat(resident.get("/api/v1/aanbod?q=schulden").statusCode()).isEqualTo(200);
    SqlConnection taken =
        server.app().pool().getConnection().await(); // the crowd holds the only connection
    try {
      HttpResponse<String> api = resident.get("/api/v1/aanbod?q=schulden");
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(api.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(api.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(new JsonObject(api.body()).getInteger("status")).isEqualTo(503);

      HttpResponse<String> page = resident.get("/aanbod?q=schulden");
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(page.body()).contains("<html").doesNotContain("Exception");

      assertThat(resident.get("/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = resident.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");
    } finally {
      taken.close().await();
    }
    assertThat(resident.get("/api/v1/aanbod?q=schulden").statusCode())
        .as("served again once a connection is free")
        .isEqualTo(200);
  }
}
