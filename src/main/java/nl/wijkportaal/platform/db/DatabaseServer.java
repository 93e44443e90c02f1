package nl.wijkportaal.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.DatabaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the data lives: an external PostgreSQL, or an embedded one (zonky) started from the
 * data directory on loopback. Starting and stopping block; they run in {@code main} and in
 * the shutdown sequence, never on an event loop.
 */
public final class DatabaseServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);
  private static final String EMBEDDED_DATABASE = "postgres";

  private final DatabaseUrl url;
  private final EmbeddedPostgres embedded;

  private DatabaseServer(DatabaseUrl url, EmbeddedPostgres embedded) {
    this.url = url;
    this.embedded = embedded;
  }

  /** Starts the embedded database when none is configured, or points at the external one. */
  public static DatabaseServer start(AppConfig.Database config) throws IOException {
    if (config.url().isPresent()) {
      LOG.info("Using external PostgreSQL at {}", config.url().get());
      return new DatabaseServer(config.url().get(), null);
    }
    Path dir = config.dataDir().resolve("postgres").toAbsolutePath();
    Files.createDirectories(dir);
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            // Our own shutdown stops the database last; zonky's hook would race it.
            .setRegisterShutdownHook(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "100");
    if (config.port() > 0) {
      builder.setPort(config.port());
    }
    if (config.durable()) {
      // zonky starts PostgreSQL with test settings; the product must keep what it acknowledged.
      builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
    }
    EmbeddedPostgres pg = builder.start();
    LOG.info(
        "Embedded PostgreSQL started on 127.0.0.1:{} with data in {} ({} ms)",
        pg.getPort(),
        dir,
        (System.nanoTime() - started) / 1_000_000);
    return new DatabaseServer(
        new DatabaseUrl("127.0.0.1", pg.getPort(), EMBEDDED_DATABASE, "postgres", ""), pg);
  }

  public DatabaseUrl url() {
    return url;
  }

  public boolean embedded() {
    return embedded != null;
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
      LOG.info("Embedded PostgreSQL stopped");
    }
  }
}
