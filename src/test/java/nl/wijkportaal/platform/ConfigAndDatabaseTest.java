package nl.wijkportaal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.config.ConfigLoader;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.platform.db.DatabaseServer;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The running modes of DESIGN.md: embedded by default, external by URL, refusals on unsafe
 * settings.
 */
class ConfigAndDatabaseTest {

  @Test
  void without_settings_the_node_runs_embedded_with_demo_data_on_port_8080_of_loopback() {
    AppConfig config = ConfigLoader.load(Map.of());
    assertThat(config.database().embedded()).isTrue();
    assertThat(config.demo()).isTrue();
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
    assertThat(config.database().dataDir()).isEqualTo(Path.of("data"));
  }

  @Test
  void an_external_database_url_turns_demo_data_off_unless_asked_for() {
    Map<String, String> env =
        Map.of("WIJKPORTAAL_DB_URL", "postgresql://wp:s%40cret@db.example:6543/wijkportaal");
    AppConfig config = ConfigLoader.load(env);
    assertThat(config.database().embedded()).isFalse();
    assertThat(config.demo()).isFalse();
    DatabaseUrl url = config.database().url().orElseThrow();
    assertThat(url.password()).isEqualTo("s@cret");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/wijkportaal");
    assertThat(url.toString()).doesNotContain("s@cret");

    Map<String, String> demo =
        Map.of("WIJKPORTAAL_DB_URL", env.get("WIJKPORTAAL_DB_URL"), "WIJKPORTAAL_DEMO", "true");
    assertThat(ConfigLoader.load(demo).demo()).isTrue();
  }

  @Test
  void nonsense_settings_stop_the_start_with_a_message_that_names_them() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("WIJKPORTAAL_HTTP_PORT", "achtduizend")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WIJKPORTAAL_HTTP_PORT");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("WIJKPORTAAL_DB_URL", "mysql://x/y")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("postgresql://");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("WIJKPORTAAL_DEMO", "misschien")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WIJKPORTAAL_DEMO");
  }

  @Test
  void a_production_node_refuses_to_start_without_its_own_secret() {
    DatabaseUrl db = TestDatabase.fresh();
    assertThatThrownBy(
            () ->
                TestServer.on(
                    db,
                    Map.of("WIJKPORTAAL_DEMO", "false", "WIJKPORTAAL_SECRET", ""),
                    Clock.systemUTC()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WIJKPORTAAL_SECRET");
    assertThatThrownBy(
            () ->
                TestServer.on(
                    db,
                    Map.of("WIJKPORTAAL_DEMO", "false", "WIJKPORTAAL_SECRET", "short"),
                    Clock.systemUTC()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least 32");
  }

  @Test
  void a_node_without_demo_refuses_a_database_that_holds_demo_data_and_the_other_way_round() {
    DatabaseUrl demoDb = TestDatabase.fresh();
    TestServer.on(
            demoDb, Map.of("WIJKPORTAAL_DEMO", "true", "WIJKPORTAAL_SECRET", ""), Clock.systemUTC())
        .close();
    assertThatThrownBy(
            () -> TestServer.on(demoDb, Map.of("WIJKPORTAAL_DEMO", "false"), Clock.systemUTC()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("demo data");

    DatabaseUrl realDb = TestDatabase.fresh();
    TestServer.on(realDb, Map.of("WIJKPORTAAL_DEMO", "false"), Clock.systemUTC()).close();
    assertThatThrownBy(
            () -> TestServer.on(realDb, Map.of("WIJKPORTAAL_DEMO", "true"), Clock.systemUTC()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("real data");
  }

  @Test
  void the_embedded_database_of_the_product_keeps_what_it_acknowledged() throws Exception {
    Path dir = Files.createTempDirectory("wijkportaal-durable");
    AppConfig config =
        ConfigLoader.load(
            Map.of("WIJKPORTAAL_DATA_DIR", dir.toString(), "WIJKPORTAAL_DB_PORT", "0"));
    try (DatabaseServer db = DatabaseServer.start(config.database())) {
      DatabaseUrl url = db.url();
      assertThat(url.host()).isEqualTo("127.0.0.1");
      try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
          Statement s = c.createStatement()) {
        assertThat(show(s, "fsync")).isEqualTo("on");
        assertThat(show(s, "synchronous_commit")).isEqualTo("on");
        assertThat(show(s, "listen_addresses")).isEqualTo("127.0.0.1");
      }
    }
    assertThat(dir.resolve("postgres/PG_VERSION")).exists();
  }

  private static String show(Statement s, String setting) throws Exception {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
