package nl.wijkportaal.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.config.ConfigLoader;
import nl.wijkportaal.platform.config.DatabaseUrl;
import org.junit.jupiter.api.Test;

/**
 * Two embedded defaults on one machine: each keeps to its own data directory, a port that another
 * server holds is refused instead of shared, and only a client that knows the generated password
 * (kept for the owner only) gets in.
 */
class EmbeddedDatabaseSafetyTest {

  @Test
  void
      a_second_instance_with_another_data_directory_refuses_the_first_ones_port_and_the_first_keeps_its_data()
          throws Exception {
    int port = freePort();
    Path first = Files.createTempDirectory("wijkportaal-first");
    Path second = Files.createTempDirectory("wijkportaal-second");
    try (DatabaseServer one = DatabaseServer.start(config(first, port))) {
      execute(one.url(), "CREATE TABLE van_de_eerste (wat text)");

      assertThatThrownBy(() -> DatabaseServer.start(config(second, port)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("Port " + port)
          .hasMessageContaining("in use by another server")
          .hasMessageContaining("WIJKPORTAAL_DB_PORT");

      // The refused start left the first one alone and started nothing of its own.
      assertThat(query(one.url(), "SELECT count(*) FROM van_de_eerste")).isEqualTo("0");
      assertThat(second.resolve("postgres/postmaster.pid")).doesNotExist();
    }
  }

  @Test
  void a_data_directory_in_use_by_another_node_is_refused_with_a_message_that_says_so()
      throws Exception {
    Path data = Files.createTempDirectory("wijkportaal-shared");
    try (DatabaseServer one = DatabaseServer.start(config(data, 0))) {
      assertThatThrownBy(() -> DatabaseServer.start(config(data, 0)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("data directory " + data.toAbsolutePath().normalize())
          .hasMessageContaining("in use by another wijkportaal node")
          .hasMessageContaining("process " + ProcessHandle.current().pid());
      assertThat(query(one.url(), "SELECT 'nog steeds'")).isEqualTo("nog steeds");
    }
    // Released on stop: the next start on the same directory works and finds the data.
    try (DatabaseServer again = DatabaseServer.start(config(data, 0))) {
      assertThat(query(again.url(), "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void without_a_configured_port_each_instance_takes_a_free_one_and_reaches_its_own_database()
      throws Exception {
    AppConfig defaults = ConfigLoader.load(Map.of());
    assertThat(defaults.database().port()).as("no fixed port by default").isZero();
    try (DatabaseServer a =
            DatabaseServer.start(config(Files.createTempDirectory("wijkportaal-a"), 0));
        DatabaseServer b =
            DatabaseServer.start(config(Files.createTempDirectory("wijkportaal-b"), 0))) {
      assertThat(a.url().port()).isNotEqualTo(b.url().port());
      execute(a.url(), "CREATE TABLE alleen_in_a (x int)");
      assertThat(query(a.url(), "SELECT to_regclass('alleen_in_a')::text"))
          .isEqualTo("alleen_in_a");
      assertThat(query(b.url(), "SELECT coalesce(to_regclass('alleen_in_a')::text, 'afwezig')"))
          .isEqualTo("afwezig");
    }
  }

  @Test
  void only_a_client_with_the_generated_password_gets_in_and_the_password_file_is_the_owners_only()
      throws Exception {
    Path data = Files.createTempDirectory("wijkportaal-password");
    DatabaseUrl url;
    try (DatabaseServer db = DatabaseServer.start(config(data, 0))) {
      url = db.url();
      Path file = data.resolve("postgres-password");
      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(file).trim())
          .isEqualTo(url.password())
          .hasSizeGreaterThanOrEqualTo(40);

      assertThatThrownBy(() -> DriverManager.getConnection(url.jdbcUrl(), "postgres", ""))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(
              () -> DriverManager.getConnection(url.jdbcUrl(), "postgres", "Wijkportaal-demo-2026"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
      assertThat(query(url, "SELECT current_user")).isEqualTo("postgres");
      assertThat(Files.readString(data.resolve("postgres/pg_hba.conf"))).doesNotContain("trust");
      assertThat(query(url, "SHOW unix_socket_directories")).isEmpty();

      // Someone widened the mode while the node was stopped? The next start narrows it again.
    }
    Files.setPosixFilePermissions(
        data.resolve("postgres-password"), PosixFilePermissions.fromString("rw-r--r--"));
    try (DatabaseServer again = DatabaseServer.start(config(data, 0))) {
      assertThat(again.url().password()).isEqualTo(url.password());
      assertThat(Files.getPosixFilePermissions(data.resolve("postgres-password")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(query(again.url(), "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void a_password_protected_directory_whose_password_file_is_gone_is_refused_with_what_to_restore()
      throws Exception {
    Path data = Files.createTempDirectory("wijkportaal-lost");
    DatabaseServer.start(config(data, 0)).close();
    Files.delete(data.resolve("postgres-password"));
    assertThatThrownBy(() -> DatabaseServer.start(config(data, 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("postgres-password")
        .hasMessageContaining("missing");
  }

  private static AppConfig.Database config(Path data, int port) {
    return ConfigLoader.load(
            Map.of(
                "WIJKPORTAAL_DATA_DIR",
                data.toString(),
                "WIJKPORTAAL_DB_PORT",
                Integer.toString(port)))
        .database();
  }

  private static void execute(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
