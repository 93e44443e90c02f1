package nl.wijkportaal.support;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import nl.wijkportaal.app.Application;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigLoader;
import nl.wijkportaal.platform.config.DatabaseUrl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real application on a free port against a fresh database of the test JVM's embedded
 * PostgreSQL. A test class that shares one server among its tests registers it as an extension,
 * which starts it before the class's {@code @BeforeAll} methods and stops it after its
 * {@code @AfterAll} methods:
 *
 * <pre>
 * {@literal @}RegisterExtension static final TestServer server = TestServer.perClass(settings, CLOCK);
 * </pre>
 *
 * A test that needs a server of its own (another clock, a second node) starts one with {@link
 * #start} or {@link #on} in a try-with-resources block.
 */
public final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

  private final Map<String, String> settings;
  private final Clock clock;
  private Application app;
  private DatabaseUrl database;
  // A database this server made for itself is dropped when it stops.
  private boolean ownsDatabase;

  private TestServer(Map<String, String> settings, Clock clock) {
    this.settings = Map.copyOf(settings);
    this.clock = clock;
  }

  private TestServer(Application app, DatabaseUrl database) {
    this(Map.of(), Clock.systemUTC());
    this.app = app;
    this.database = database;
  }

  /** A server for a whole test class, started and stopped by JUnit (see the class comment). */
  public static TestServer perClass() {
    return perClass(Map.of(), Clock.systemUTC());
  }

  /** A server for a whole test class with these settings (environment variables). */
  public static TestServer perClass(Map<String, String> settings) {
    return perClass(settings, Clock.systemUTC());
  }

  /** A server for a whole test class with these settings on this clock. */
  public static TestServer perClass(Map<String, String> settings, Clock clock) {
    return new TestServer(settings, clock);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database = databaseFor(settings, clock);
    ownsDatabase = true;
    app = on(database, settings, clock).app;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public static TestServer start() {
    return start(Map.of(), Clock.systemUTC());
  }

  public static TestServer start(Map<String, String> settings) {
    return start(settings, Clock.systemUTC());
  }

  public static TestServer start(Map<String, String> settings, Clock clock) {
    DatabaseUrl db = databaseFor(settings, clock);
    TestServer server = on(db, settings, clock);
    server.ownsDatabase = true;
    return server;
  }

  /** A demo server's database starts with the demo catalogue when it can (TestDatabase). */
  private static DatabaseUrl databaseFor(Map<String, String> settings, Clock clock) {
    boolean demo = Boolean.parseBoolean(settings.getOrDefault("WIJKPORTAAL_DEMO", "true"));
    return demo ? TestDatabase.forDemo(clock) : TestDatabase.fresh();
  }

  /** Starts a node on an existing database (a second cluster node, a restart). */
  public static TestServer on(DatabaseUrl db, Map<String, String> settings, Clock clock) {
    Map<String, String> env = new HashMap<>();
    env.put(
        "WIJKPORTAAL_DB_URL",
        "postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database());
    env.put("WIJKPORTAAL_HTTP_PORT", "0");
    // Demo data (accounts for every role, see README) unless a test asks otherwise.
    env.put("WIJKPORTAAL_DEMO", "true");
    env.put("WIJKPORTAAL_SECRET", SECRET);
    env.put("WIJKPORTAAL_DB_POOL_SIZE", "4");
    env.put("WIJKPORTAAL_DEMO_SMTP_PORT", "0");
    // Mail sent within a fifth of a second, not up to the production's 5 s: tests wait for it.
    env.put("WIJKPORTAAL_MAIL_POLL_MS", "200");
    // Tests submit many aanmeldingen from 127.0.0.1; the rate-limit test sets its own.
    env.put("WIJKPORTAAL_SUBMISSIONS_PER_ADDRESS", "1000");
    // An empty inbox: tests build the items they count (the demo's generated history is tested on
    // its own).
    env.put("WIJKPORTAAL_DEMO_HISTORY_ITEMS", "0");
    // Password hashes with the least memory allowed, not OWASP's 19 MiB: a sign-in costs a
    // twentieth (Argon2 was a fifth of a small test class's CPU); PasswordsTest checks the default.
    env.put(
        "WIJKPORTAAL_PASSWORD_HASH_MEMORY_KIB",
        String.valueOf(AppConfig.Identity.MIN_PASSWORD_HASH_MEMORY_KIB));
    env.put("WIJKPORTAAL_CONFIG", TestKeys.configFile().toString());
    env.putAll(settings);
    try {
      AppConfig config = ConfigLoader.load(env);
      return new TestServer(Application.start(config, clock), db);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("The application did not start", e);
    }
  }

  public Application app() {
    if (app == null) {
      throw new IllegalStateException(
          "The server is not running: register it with @RegisterExtension on a static field");
    }
    return app;
  }

  public DatabaseUrl database() {
    return database;
  }

  public int port() {
    return app().port();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** A new browser-like client with its own cookies. */
  public WebUser user() {
    return new WebUser(this::url);
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
      if (ownsDatabase) {
        TestDatabase.drop(database);
      }
    }
  }
}
