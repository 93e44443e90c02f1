package nl.wijkportaal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.platform.db.Migrations;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;

/** What an operator's monitoring sees: liveness, readiness that follows the database, metrics. */
class HealthAndMetricsTest {

  @Test
  void readiness_goes_down_when_the_database_is_gone_and_up_again_when_it_returns()
      throws Exception {
    Path dir = Files.createTempDirectory("wijkportaal-ready");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedPostgres pg = startPostgres(dir, port);
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE ready");
    }
    DatabaseUrl url = new DatabaseUrl("127.0.0.1", port, "ready", "postgres", "");
    Migrations.migrate(url);
    try (TestServer server = TestServer.on(url, Map.of(), Clock.systemUTC())) {
      WebUser monitor = server.user();
      assertThat(monitor.get("/health/ready").statusCode()).isEqualTo(200);

      pg.close();
      HttpResponse<String> down = monitor.get("/health/ready");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(down.body()).getString("status")).isEqualTo("DOWN");
      assertThat(monitor.get("/health/live").statusCode())
          .as("the process itself still lives")
          .isEqualTo(200);

      pg = startPostgres(dir, port);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int status = 0;
      while (System.nanoTime() < deadline
          && (status = monitor.get("/health/ready").statusCode()) != 200) {
        Thread.sleep(200);
      }
      assertThat(status).isEqualTo(200);
      assertThat(new JsonObject(monitor.get("/health/ready").body()).getString("status"))
          .isEqualTo("UP");
    } finally {
      pg.close();
    }
  }

  private static EmbeddedPostgres startPostgres(Path dir, int port) throws Exception {
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
  void liveness_and_readiness_answer_json() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> live = server.user().get("/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("UP");
      HttpResponse<String> ready = server.user().get("/health/ready");
      assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");
    }
  }

  @Test
  void metrics_show_http_pool_and_event_bus_figures_to_a_local_scraper() {
    try (TestServer server = TestServer.start()) {
      server.app().vertx().eventBus().consumer("test.metrics", msg -> {}).completion().await();
      WebUser scraper = server.user();
      scraper.get("/");
      scraper.get("/api/v1/gemeente");
      HttpResponse<String> metrics = scraper.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("vertx_http_server_requests_total")
          .contains("vertx_pool_in_use")
          .contains("vertx_sql_processing_time_seconds")
          .contains("vertx_eventbus_handlers");
    }
  }

  @Test
  void metrics_are_refused_to_a_remote_scraper_without_the_token() {
    Map<String, String> behindProxy =
        Map.of(
            "WIJKPORTAAL_TRUSTED_PROXIES",
            "127.0.0.1",
            "WIJKPORTAAL_METRICS_TOKEN",
            "scrape-me-0123456789");
    try (TestServer server = TestServer.start(behindProxy)) {
      WebUser remote = server.user().header("X-Forwarded-For", "203.0.113.9");
      assertThat(remote.get("/metrics").statusCode()).isEqualTo(403);
      assertThat(remote.get("/metrics", Map.of("Authorization", "Bearer wrong")).statusCode())
          .isEqualTo(403);
      assertThat(
              remote
                  .get("/metrics", Map.of("Authorization", "Bearer scrape-me-0123456789"))
                  .statusCode())
          .isEqualTo(200);
    }
  }
}
