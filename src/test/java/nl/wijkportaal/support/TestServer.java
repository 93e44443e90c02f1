package nl.wijkportaal.support;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import nl.wijkportaal.app.Application;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigLoader;
import nl.wijkportaal.platform.config.DatabaseUrl;

/**
 * The real application on a free port against a fresh database of the test JVM's embedded
 * PostgreSQL. A test class starts one in {@code @BeforeAll} and stops it in {@code @AfterAll}.
 */
public final class TestServer implements AutoCloseable {

  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

  private final Application app;
  private final DatabaseUrl database;

  private TestServer(Application app, DatabaseUrl database) {
    this.app = app;
    this.database = database;
  }

  public static TestServer start() {
    return start(Map.of(), Clock.systemUTC());
  }

  public static TestServer start(Map<String, String> settings) {
    return start(settings, Clock.systemUTC());
  }

  public static TestServer start(Map<String, String> settings, Clock clock) {
    DatabaseUrl db = TestDatabase.fresh();
    return on(db, settings, clock);
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
    // Tests submit many aanmeldingen from 127.0.0.1; the rate-limit test sets its own.
    env.put("WIJKPORTAAL_SUBMISSIONS_PER_ADDRESS", "1000");
    // An empty inbox: tests build the items they count (the demo's generated history is tested on
    // its own).
    env.put("WIJKPORTAAL_DEMO_HISTORY_ITEMS", "0");
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
    return app;
  }

  public DatabaseUrl database() {
    return database;
  }

  public int port() {
    return app.port();
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
    app.stop();
  }
}
