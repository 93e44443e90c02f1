package nl.wijkportaal.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.config.DatabaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the data lives: an external PostgreSQL, or an embedded one (zonky) started from the data
 * directory on loopback. Starting and stopping block; they run in {@code main} and in the shutdown
 * sequence, never on an event loop.
 *
 * <p>The embedded server belongs to one data directory and one node: the node holds a lock on the
 * directory while it runs, takes a free loopback port unless one is configured (and refuses a
 * configured port that another server holds), lets in only connections from 127.0.0.1 with a
 * password generated on the first start and kept beside the data (owner only), and before trusting
 * the server it reached, has that server read back a marker that only this data directory holds
 * (written anew on every start).
 */
public final class DatabaseServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);
  private static final String EMBEDDED_DATABASE = "postgres";
  private static final String SUPERUSER = "postgres";
  static final String PASSWORD_FILE = "postgres-password";
  static final String MARKER_FILE = "wijkportaal-instance";
  private static final String HBA_HEADER =
      "# wijkportaal: password (scram-sha-256) from 127.0.0.1 only";
  private static final Duration POSTMASTER_STOP = Duration.ofSeconds(10);

  private final DatabaseUrl url;
  private final EmbeddedPostgres embedded;
  private final DataDirectoryLock lock;
  private final long postmasterPid;
  private boolean closed;

  private DatabaseServer(
      DatabaseUrl url, EmbeddedPostgres embedded, DataDirectoryLock lock, long postmasterPid) {
    this.url = url;
    this.embedded = embedded;
    this.lock = lock;
    this.postmasterPid = postmasterPid;
  }

  /** Starts the embedded database when none is configured, or points at the external one. */
  public static DatabaseServer start(AppConfig.Database config) throws IOException {
    if (config.url().isPresent()) {
      LOG.info("Using external PostgreSQL at {}", config.url().get());
      return new DatabaseServer(config.url().get(), null, null, -1);
    }
    Path home = config.dataDir().toAbsolutePath().normalize();
    Path dir = home.resolve("postgres");
    Files.createDirectories(home);
    DataDirectoryLock lock = DataDirectoryLock.acquire(home);
    try {
      return startEmbedded(config, home, dir, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static DatabaseServer startEmbedded(
      AppConfig.Database config, Path home, Path dir, DataDirectoryLock lock) throws IOException {
    long started = System.nanoTime();
    Postmaster.stopLeftOver(dir, POSTMASTER_STOP);
    int port = config.port() > 0 ? requireFree(config.port(), dir) : freePort();
    boolean secured =
        Files.exists(dir.resolve("pg_hba.conf"))
            && Files.readString(dir.resolve("pg_hba.conf")).startsWith(HBA_HEADER);
    Path passwordFile = home.resolve(PASSWORD_FILE);
    if (secured && !Files.exists(passwordFile)) {
      throw new ConfigException(
          "The embedded PostgreSQL in "
              + dir
              + " has a password, but its copy "
              + passwordFile
              + " is missing: restore that file (the owner only may read it).");
    }
    String password = OwnerOnlyFile.readOrCreate(passwordFile, DatabaseServer::randomPassword);
    Files.createDirectories(dir);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            // Our own shutdown stops the database last; zonky's hook would race it.
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setConnectConfig("password", password)
            .setServerConfig("listen_addresses", "127.0.0.1")
            // No Unix socket: every connection comes over 127.0.0.1 and shows the password.
            .setServerConfig("unix_socket_directories", "")
            .setServerConfig("max_connections", "100");
    if (config.durable()) {
      // zonky starts PostgreSQL with test settings; the product must keep what it acknowledged.
      builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
    }
    EmbeddedPostgres pg;
    try {
      pg = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "The embedded PostgreSQL in "
              + dir
              + " did not start on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "); is another server using that port or this data directory?");
    }
    DatabaseUrl url = new DatabaseUrl("127.0.0.1", port, EMBEDDED_DATABASE, SUPERUSER, password);
    try {
      // Ours first (it reads under trust too): the password is never set on another server
      // that took the port in the moment between choosing it and starting.
      verifyOurs(url, dir);
      if (!secured) {
        secure(url, dir);
      }
    } catch (RuntimeException | IOException e) {
      stopQuietly(pg, dir);
      throw e;
    }
    long pid = Postmaster.pid(dir).orElse(-1L);
    LOG.info(
        "Embedded PostgreSQL started on 127.0.0.1:{} with data in {} ({} ms)",
        port,
        dir,
        (System.nanoTime() - started) / 1_000_000);
    return new DatabaseServer(url, pg, lock, pid);
  }

  /**
   * zonky's initdb lets every local user in without a password: give the superuser the generated
   * password and accept only password connections from 127.0.0.1 from now on.
   */
  private static void secure(DatabaseUrl url, Path dir) throws IOException {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + url.password() + "'");
      Files.writeString(
          dir.resolve("pg_hba.conf"),
          HBA_HEADER
              + "\n# (the password is in ../"
              + PASSWORD_FILE
              + ")\n"
              + "host  all  all  127.0.0.1/32  scram-sha-256\n",
          StandardCharsets.UTF_8);
      try (ResultSet rs = s.executeQuery("SELECT pg_reload_conf()")) {
        rs.next();
      }
    } catch (SQLException e) {
      throw new ConfigException(
          "Could not set the password of the embedded PostgreSQL in "
              + dir
              + ": "
              + e.getMessage());
    }
    LOG.info("Embedded PostgreSQL in {} now takes password connections from 127.0.0.1 only", dir);
  }

  /**
   * The server on our port must serve our data directory: it reads back the marker file only this
   * directory holds. Another server on the same port (the first instance's, on a fixed port) fails
   * here instead of being used.
   */
  private static void verifyOurs(DatabaseUrl url, Path dir) throws IOException {
    // A new marker on every start: whoever answers must read it from this very directory.
    String marker = UUID.randomUUID().toString();
    Files.deleteIfExists(dir.resolve(MARKER_FILE));
    OwnerOnlyFile.readOrCreate(dir.resolve(MARKER_FILE), () -> marker);
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_read_file('" + MARKER_FILE + "'), current_setting('data_directory')")) {
      rs.next();
      String seen = rs.getString(1).trim();
      if (!marker.equals(seen)) {
        throw new ConfigException(
            "The PostgreSQL on 127.0.0.1:"
                + url.port()
                + " serves "
                + rs.getString(2)
                + ", not this node's "
                + dir
                + ": another server holds the port. Stop it, or choose another WIJKPORTAAL_DB_PORT.");
      }
    } catch (SQLException e) {
      throw new ConfigException(
          "The PostgreSQL on 127.0.0.1:"
              + url.port()
              + " is not the one of "
              + dir
              + " ("
              + e.getMessage()
              + "): another server holds the port. Stop it, or choose another WIJKPORTAAL_DB_PORT.");
    }
  }

  private static Connection connect(DatabaseUrl url) throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  private static int requireFree(int port, Path dir) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return port;
    } catch (IOException e) {
      throw new ConfigException(
          "Port "
              + port
              + " on 127.0.0.1 (WIJKPORTAAL_DB_PORT) is in use by another server: the embedded PostgreSQL of "
              + dir
              + " will not share it. Stop that server, choose another port, or leave WIJKPORTAAL_DB_PORT unset for a free one.");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    // URL-safe, so a second node can put it in WIJKPORTAAL_DB_URL as it is.
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public DatabaseUrl url() {
    return url;
  }

  public boolean embedded() {
    return embedded != null;
  }

  /**
   * Stops the embedded server with a fast shutdown (SIGINT to the postmaster: sessions are ended,
   * everything committed is kept) and waits for it, at most about 10 s; a postmaster that is still
   * there then is stopped harder, so no PostgreSQL outlives the node.
   */
  @Override
  public synchronized void close() {
    if (embedded == null || closed) {
      return;
    }
    closed = true;
    try {
      try {
        embedded.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("pg_ctl did not stop the embedded PostgreSQL: {}", e.toString());
      }
      if (postmasterPid > 0 && Postmaster.alive(postmasterPid)) {
        Postmaster.stop(postmasterPid, POSTMASTER_STOP);
      }
      LOG.info("Embedded PostgreSQL stopped");
    } finally {
      lock.close();
    }
  }

  /**
   * zonky's stop is {@code pg_ctl stop -m fast}: SIGINT to the postmaster, waiting up to 5 s. Where
   * pg_ctl cannot signal the server or it takes longer, the postmaster gets SIGINT directly, then
   * SIGQUIT and SIGKILL if it is still there after the wait.
   */
  private static void stopQuietly(EmbeddedPostgres pg, Path dir) {
    long pid = Postmaster.pid(dir).orElse(-1L);
    try {
      pg.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("pg_ctl did not stop the embedded PostgreSQL in {}: {}", dir, e.toString());
    }
    if (pid > 0 && Postmaster.alive(pid)) {
      Postmaster.stop(pid, POSTMASTER_STOP);
    }
  }

  /** Only for the fault tests' own checks: the postmaster's process id. */
  public Optional<Long> postmasterPid() {
    return postmasterPid > 0 ? Optional.of(postmasterPid) : Optional.empty();
  }
}
