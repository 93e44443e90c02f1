package nl.wijkportaal.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.platform.db.Migrations;

/**
 * One embedded PostgreSQL per test JVM, with zonky's fast test settings. The schema is migrated
 * once into a template database; every test class gets a fresh copy of it.
 */
public final class TestDatabase {

  private static final String TEMPLATE = "wijkportaal_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {}

  /** A new, migrated, empty database of its own. */
  public static synchronized DatabaseUrl fresh() {
    EmbeddedPostgres pg = server();
    String name = "t_" + COUNTER.incrementAndGet();
    execute(pg, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return new DatabaseUrl("127.0.0.1", pg.getPort(), name, "postgres", "");
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("wijkportaal-test-pg");
        server =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                // Two test JVMs (surefire's two forks) start theirs at once on two cores: more
                // than zonky's 10 s default is no fault.
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        execute(server, "CREATE DATABASE " + TEMPLATE);
        Migrations.migrate(
            new DatabaseUrl("127.0.0.1", server.getPort(), TEMPLATE, "postgres", ""));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  private static void execute(EmbeddedPostgres pg, String sql) {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
