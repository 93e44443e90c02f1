package nl.wijkportaal.platform.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;

/** The whole configuration of one node, read once at start-up and immutable after. */
public record AppConfig(
    Http http,
    Database database,
    boolean demo,
    Optional<String> secret,
    Cluster cluster,
    Optional<String> metricsToken,
    String apiVersion,
    MunicipalitySettings municipality) {

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
   * The system of record: an external PostgreSQL when {@code url} is set, otherwise an
   * embedded one kept in {@code dataDir} and listening on {@code port} (0 = any free port).
   */
  public record Database(
      Optional<DatabaseUrl> url, Path dataDir, int port, int poolSize, boolean durable) {
    public boolean embedded() {
      return url.isEmpty();
    }
  }

  /** Clustered Vert.x over Hazelcast on loopback. */
  public record Cluster(boolean enabled, String name, String configFile) {}

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
            db.getBoolean("durable")),
        // Demo data is the default on the embedded database only (DESIGN.md, running modes).
        demo != null ? demo : url.isEmpty(),
        Optional.ofNullable(blankToNull(json.getString("secret"))),
        new Cluster(
            cluster.getBoolean("enabled"),
            cluster.getString("name"),
            cluster.getString("configFile")),
        Optional.ofNullable(blankToNull(json.getJsonObject("metrics").getString("token"))),
        json.getJsonObject("api").getString("version"),
        MunicipalitySettings.fromJson(json.getJsonObject("municipality")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
