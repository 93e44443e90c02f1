package nl.wijkportaal.platform.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;

/** The whole configuration of one node, read once at start-up and immutable after. */
public record AppConfig(
    Http http,
    Database database,
    boolean demo,
    Optional<String> secret,
    Cluster cluster,
    Optional<String> metricsToken,
    MunicipalitySettings municipality,
    Mail mail,
    Limits limits,
    Identity identity,
    Intake intake,
    Chat chat) {

  /** The HTTP front: where it listens, how it is reached from outside, its limits. */
  public record Http(
      String host,
      int port,
      String publicUrl,
      long bodyLimitBytes,
      int shutdownGraceSeconds,
      boolean secureCookies,
      List<String> trustedProxies) {}

  /**
   * The system of record: an external PostgreSQL when {@code url} is set, otherwise an embedded one
   * kept in {@code dataDir} and listening on {@code port} (0 = any free port). {@code
   * connectionTimeoutSeconds}: how long a statement waits for one of the pool's connections before
   * the request is refused with a 503 (5 by default).
   */
  public record Database(
      Optional<DatabaseUrl> url,
      Path dataDir,
      int port,
      int poolSize,
      int connectionTimeoutSeconds,
      boolean durable) {
    public Database {
      if (connectionTimeoutSeconds < 1) {
        throw new ConfigException(
            "database.connectionTimeoutSeconds (WIJKPORTAAL_DB_CONNECTION_TIMEOUT_SECONDS) must be"
                + " 1 or more, not "
                + connectionTimeoutSeconds);
      }
    }

    public boolean embedded() {
      return url.isEmpty();
    }
  }

  /**
   * Outgoing mail over SMTP. Without a host, a demo installation runs its own SMTP server
   * (GreenMail) on 127.0.0.1:{@code embeddedPort}, readable on the demo mailbox page.
   */
  public record Mail(
      Optional<String> host,
      int port,
      String from,
      Optional<String> username,
      Optional<String> password,
      String starttls,
      int embeddedPort,
      int pollMillis) {

    /**
     * How often the outbox is read for mail to send ({@code mail.pollMillis}, 5,000 by default).
     */
    public Duration pollInterval() {
      return Duration.ofMillis(pollMillis);
    }
  }

  /** Brute-force limits on login: per account (then a lock) and per client address. */
  public record Limits(
      int loginAttemptsPerAccount,
      int loginAttemptsPerAddress,
      int loginWindowMinutes,
      int loginLockMinutes) {}

  /** A signing key for API tokens; without a private key it only verifies (rotation). */
  public record JwtKey(String kid, Optional<String> privateKeyPem, String publicKeyPem) {}

  /**
   * Sessions, tokens, invites, the demo accounts' shared credentials, and the memory of a password
   * hash ({@code passwordHashMemoryKib}: OWASP's 19,456 KiB by default; the tests use less).
   */
  public record Identity(
      int sessionIdleMinutes,
      int sessionAbsoluteHours,
      int tokenLifetimeMinutes,
      int inviteValidHours,
      List<JwtKey> jwtKeys,
      String demoPassword,
      String demoTotpSecret,
      int sessionIdleSeconds,
      int passwordHashMemoryKib) {

    /** The least memory a password hash may be given (the tests' setting). */
    public static final int MIN_PASSWORD_HASH_MEMORY_KIB = 1_024;

    public Identity {
      if (passwordHashMemoryKib < MIN_PASSWORD_HASH_MEMORY_KIB) {
        throw new ConfigException(
            "identity.passwordHashMemoryKib (WIJKPORTAAL_PASSWORD_HASH_MEMORY_KIB) must be at least "
                + MIN_PASSWORD_HASH_MEMORY_KIB
                + ", not "
                + passwordHashMemoryKib);
      }
    }
  }

  /**
   * The front doors for aanmeldingen and signals: how many submissions one client address may make
   * per window (cluster-wide), the first-contact deadlines per kanaal and urgentie, and how many
   * months after closing an item's personal data is anonymised. {@code signalsPerClientRaised}: a
   * higher signals limit per window for the API clients it names, and for no other (a load test's
   * client); empty by default, and logged at start when not.
   */
  public record Intake(
      int submissionsPerAddress,
      int submissionWindowMinutes,
      int signalsPerClient,
      DeadlineRules.Config deadlines,
      int retentionMonths,
      int demoHistoryItems,
      Map<String, Integer> signalsPerClientRaised) {}

  /**
   * The chat: chats per worker at once, whether it stays open outside opening hours (on by default
   * only on a demo installation), limits, the quiet-chat warning and close, the days after which a
   * chat that did not become an item is anonymised, and how often the bridge checks a worker's
   * socket against their session (and keeps that session alive).
   */
  public record Chat(
      int capacityPerWorker,
      boolean alwaysOpen,
      int maxMessageLength,
      int messagesPerMinute,
      int startsPerAddressPerHour,
      int quietWarnMinutes,
      int quietCloseMinutes,
      int retentionDays,
      int transcriptsPerHour,
      int bridgeRecheckSeconds) {}

  /**
   * Clustered Vert.x over Hazelcast on loopback; {@code jobsTickSeconds}: how often each node looks
   * for scheduled jobs that are due (one node of the cluster runs each).
   */
  public record Cluster(boolean enabled, String name, String configFile, int jobsTickSeconds) {
    public Cluster {
      if (jobsTickSeconds < 1) {
        throw new ConfigException(
            "cluster.jobsTickSeconds (WIJKPORTAAL_JOBS_TICK_SECONDS) must be 1 or more, not "
                + jobsTickSeconds);
      }
    }
  }

  static AppConfig fromJson(JsonObject json) {
    JsonObject http = json.getJsonObject("http");
    JsonObject db = json.getJsonObject("database");
    JsonObject cluster = json.getJsonObject("cluster");
    Optional<DatabaseUrl> url =
        Optional.ofNullable(blankToNull(db.getString("url"))).map(DatabaseUrl::parse);
    Boolean demo = json.getBoolean("demo");
    return new AppConfig(
        new Http(
            http.getString("host"),
            http.getInteger("port"),
            stripTrailingSlash(http.getString("publicUrl")),
            http.getLong("bodyLimitBytes"),
            http.getInteger("shutdownGraceSeconds"),
            http.getBoolean("secureCookies"),
            http.getJsonArray("trustedProxies").stream().map(String::valueOf).toList()),
        new Database(
            url,
            Path.of(db.getString("dataDir")),
            db.getInteger("port"),
            db.getInteger("poolSize"),
            db.getInteger("connectionTimeoutSeconds", 5),
            db.getBoolean("durable")),
        // Demo data is the default on the embedded database only (DESIGN.md, running modes).
        demo != null ? demo : url.isEmpty(),
        Optional.ofNullable(blankToNull(json.getString("secret"))),
        new Cluster(
            cluster.getBoolean("enabled"),
            cluster.getString("name"),
            cluster.getString("configFile"),
            cluster.getInteger("jobsTickSeconds", 60)),
        Optional.ofNullable(blankToNull(json.getJsonObject("metrics").getString("token"))),
        MunicipalitySettings.fromJson(json.getJsonObject("municipality")),
        mail(json.getJsonObject("mail")),
        limits(json.getJsonObject("limits")),
        identity(json.getJsonObject("identity")),
        intake(json.getJsonObject("intake")),
        chat(json.getJsonObject("chat"), demo != null ? demo : url.isEmpty()));
  }

  private static Chat chat(JsonObject c, boolean demo) {
    Boolean alwaysOpen = c.getBoolean("alwaysOpen");
    return new Chat(
        c.getInteger("capacityPerWorker"),
        alwaysOpen != null ? alwaysOpen : demo,
        c.getInteger("maxMessageLength"),
        c.getInteger("messagesPerMinute"),
        c.getInteger("startsPerAddressPerHour"),
        c.getInteger("quietWarnMinutes"),
        c.getInteger("quietCloseMinutes"),
        c.getInteger("retentionDays"),
        c.getInteger("transcriptsPerHour"),
        c.getInteger("bridgeRecheckSeconds", 30));
  }

  private static Mail mail(JsonObject m) {
    return new Mail(
        Optional.ofNullable(blankToNull(m.getString("host"))),
        m.getInteger("port"),
        m.getString("from"),
        Optional.ofNullable(blankToNull(m.getString("username"))),
        Optional.ofNullable(blankToNull(m.getString("password"))),
        m.getString("starttls"),
        m.getInteger("embeddedPort"),
        m.getInteger("pollMillis", 5_000));
  }

  private static Limits limits(JsonObject l) {
    return new Limits(
        l.getInteger("loginAttemptsPerAccount"),
        l.getInteger("loginAttemptsPerAddress"),
        l.getInteger("loginWindowMinutes"),
        l.getInteger("loginLockMinutes"));
  }

  private static Intake intake(JsonObject i) {
    return new Intake(
        i.getInteger("submissionsPerAddress"),
        i.getInteger("submissionWindowMinutes"),
        i.getInteger("signalsPerClient"),
        DeadlineRules.Config.fromJson(i.getJsonObject("deadlines")),
        i.getInteger("retentionMonths"),
        // A demo installation's year of generated history (insight.DemoHistory); 0 = none.
        i.getInteger("demoHistoryItems", 0),
        // A higher signals limit for the API clients named here only (a load test's client).
        raised(i.getJsonObject("signalsPerClientRaised", new JsonObject())));
  }

  private static Map<String, Integer> raised(JsonObject byClient) {
    Map<String, Integer> raised = new TreeMap<>();
    byClient.forEach(e -> raised.put(e.getKey(), ((Number) e.getValue()).intValue()));
    return Map.copyOf(raised);
  }

  private static Identity identity(JsonObject i) {
    List<JwtKey> keys =
        i.getJsonArray("jwtKeys").stream()
            .map(JsonObject.class::cast)
            .map(
                k ->
                    new JwtKey(
                        k.getString("kid"),
                        Optional.ofNullable(blankToNull(k.getString("privateKeyPem"))),
                        k.getString("publicKeyPem")))
            .toList();
    return new Identity(
        i.getInteger("sessionIdleMinutes"),
        i.getInteger("sessionAbsoluteHours"),
        i.getInteger("tokenLifetimeMinutes"),
        i.getInteger("inviteValidHours"),
        keys,
        i.getString("demoPassword"),
        i.getString("demoTotpSecret"),
        // Seconds only for tests that watch a session expire; otherwise the minutes.
        i.getInteger("sessionIdleSeconds", i.getInteger("sessionIdleMinutes") * 60),
        i.getInteger("passwordHashMemoryKib", 19_456));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
