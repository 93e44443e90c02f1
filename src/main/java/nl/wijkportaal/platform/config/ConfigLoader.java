package nl.wijkportaal.platform.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the configuration: the defaults in {@code config/application.json} (from the jar), then an
 * optional file named by {@code WIJKPORTAAL_CONFIG}, then the environment variables below. Runs
 * once, before Vert.x starts, so its file reads block nothing.
 */
public final class ConfigLoader {

  /** Every environment variable the product reads, with where it lands in the JSON. */
  public static final Map<String, Setting> ENVIRONMENT = new LinkedHashMap<>();

  /** One overridable setting. */
  public record Setting(String path, Function<String, Object> parse) {}

  static {
    ENVIRONMENT.put("WIJKPORTAAL_HTTP_HOST", new Setting("http.host", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_HTTP_PORT", new Setting("http.port", ConfigLoader::integer));
    ENVIRONMENT.put("WIJKPORTAAL_PUBLIC_URL", new Setting("http.publicUrl", s -> s));
    ENVIRONMENT.put(
        "WIJKPORTAAL_SHUTDOWN_GRACE_SECONDS",
        new Setting("http.shutdownGraceSeconds", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_TRUSTED_PROXIES", new Setting("http.trustedProxies", ConfigLoader::list));
    ENVIRONMENT.put("WIJKPORTAAL_DB_URL", new Setting("database.url", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_DATA_DIR", new Setting("database.dataDir", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_DB_PORT", new Setting("database.port", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_DB_POOL_SIZE", new Setting("database.poolSize", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_DB_CONNECTION_TIMEOUT_SECONDS",
        new Setting("database.connectionTimeoutSeconds", ConfigLoader::integer));
    ENVIRONMENT.put("WIJKPORTAAL_DEMO", new Setting("demo", ConfigLoader::bool));
    ENVIRONMENT.put("WIJKPORTAAL_SECRET", new Setting("secret", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_CLUSTER", new Setting("cluster.enabled", ConfigLoader::bool));
    ENVIRONMENT.put("WIJKPORTAAL_CLUSTER_NAME", new Setting("cluster.name", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_CLUSTER_CONFIG", new Setting("cluster.configFile", s -> s));
    ENVIRONMENT.put(
        "WIJKPORTAAL_JOBS_TICK_SECONDS",
        new Setting("cluster.jobsTickSeconds", ConfigLoader::integer));
    ENVIRONMENT.put("WIJKPORTAAL_METRICS_TOKEN", new Setting("metrics.token", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_SMTP_HOST", new Setting("mail.host", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_SMTP_PORT", new Setting("mail.port", ConfigLoader::integer));
    ENVIRONMENT.put("WIJKPORTAAL_SMTP_FROM", new Setting("mail.from", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_SMTP_USERNAME", new Setting("mail.username", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_SMTP_PASSWORD", new Setting("mail.password", s -> s));
    ENVIRONMENT.put(
        "WIJKPORTAAL_SMTP_STARTTLS", new Setting("mail.starttls", ConfigLoader::starttls));
    ENVIRONMENT.put(
        "WIJKPORTAAL_DEMO_SMTP_PORT", new Setting("mail.embeddedPort", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_MAIL_POLL_MS", new Setting("mail.pollMillis", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_LOGIN_MAX_ATTEMPTS",
        new Setting("limits.loginAttemptsPerAccount", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_LOGIN_MAX_ATTEMPTS_PER_ADDRESS",
        new Setting("limits.loginAttemptsPerAddress", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_LOGIN_WINDOW_MINUTES",
        new Setting("limits.loginWindowMinutes", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_LOGIN_LOCK_MINUTES",
        new Setting("limits.loginLockMinutes", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_SUBMISSIONS_PER_ADDRESS",
        new Setting("intake.submissionsPerAddress", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_DEMO_HISTORY_ITEMS",
        new Setting("intake.demoHistoryItems", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_SUBMISSION_WINDOW_MINUTES",
        new Setting("intake.submissionWindowMinutes", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_SIGNALS_PER_CLIENT",
        new Setting("intake.signalsPerClient", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_RETENTION_MONTHS",
        new Setting("intake.retentionMonths", ConfigLoader::integer));
    ENVIRONMENT.put("WIJKPORTAAL_DEMO_PASSWORD", new Setting("identity.demoPassword", s -> s));
    ENVIRONMENT.put("WIJKPORTAAL_DEMO_TOTP_SECRET", new Setting("identity.demoTotpSecret", s -> s));
    ENVIRONMENT.put(
        "WIJKPORTAAL_PASSWORD_HASH_MEMORY_KIB",
        new Setting("identity.passwordHashMemoryKib", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_CHAT_CAPACITY", new Setting("chat.capacityPerWorker", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_CHAT_ALWAYS_OPEN", new Setting("chat.alwaysOpen", ConfigLoader::bool));
    ENVIRONMENT.put(
        "WIJKPORTAAL_CHAT_MESSAGES_PER_MINUTE",
        new Setting("chat.messagesPerMinute", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_CHAT_STARTS_PER_HOUR",
        new Setting("chat.startsPerAddressPerHour", ConfigLoader::integer));
    ENVIRONMENT.put(
        "WIJKPORTAAL_CHAT_RETENTION_DAYS",
        new Setting("chat.retentionDays", ConfigLoader::integer));
  }

  private ConfigLoader() {}

  /** Loads the configuration from the defaults, the optional file and {@code env}. */
  public static AppConfig load(Map<String, String> env) {
    JsonObject json = readDefaults();
    String extra = env.get("WIJKPORTAAL_CONFIG");
    if (extra != null && !extra.isBlank()) {
      json.mergeIn(readFile(Path.of(extra)), true);
    }
    ENVIRONMENT.forEach(
        (name, setting) -> {
          String value = env.get(name);
          if (value != null) {
            put(json, setting.path(), parse(name, value, setting));
          }
        });
    return AppConfig.fromJson(json);
  }

  private static Object parse(String name, String value, Setting setting) {
    try {
      return setting.parse().apply(value.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " has an invalid value '" + value + "': " + e.getMessage());
    }
  }

  private static void put(JsonObject json, String path, Object value) {
    String[] keys = path.split("\\.", -1);
    JsonObject node = json;
    for (int i = 0; i < keys.length - 1; i++) {
      node = node.getJsonObject(keys[i]);
    }
    node.put(keys[keys.length - 1], value);
  }

  private static JsonObject readDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/config/application.json")) {
      if (in == null) {
        throw new ConfigException("config/application.json is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject readFile(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException(
          "Cannot read WIJKPORTAAL_CONFIG file " + file + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("WIJKPORTAAL_CONFIG file " + file + " is not valid JSON");
    }
  }

  private static Integer integer(String s) {
    return Integer.valueOf(s);
  }

  private static Boolean bool(String s) {
    if (s.equalsIgnoreCase("true") || s.equals("1")) {
      return true;
    }
    if (s.equalsIgnoreCase("false") || s.equals("0")) {
      return false;
    }
    throw new IllegalArgumentException("use true or false");
  }

  private static String starttls(String s) {
    String value = s.toUpperCase(java.util.Locale.ROOT);
    if (!value.equals("DISABLED") && !value.equals("OPTIONAL") && !value.equals("REQUIRED")) {
      throw new IllegalArgumentException("use DISABLED, OPTIONAL or REQUIRED");
    }
    return value;
  }

  private static JsonArray list(String s) {
    JsonArray array = new JsonArray();
    for (String part : s.split(",", -1)) {
      if (!part.isBlank()) {
        array.add(part.trim());
      }
    }
    return array;
  }
}
