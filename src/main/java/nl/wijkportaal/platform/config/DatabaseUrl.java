package nl.wijkportaal.platform.config;

import java.net.URI;

/**
 * A {@code postgresql://user:password@host:port/database} URI, the one form in which an external
 * database is configured; Flyway gets the JDBC form derived from it.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public static DatabaseUrl parse(String text) {
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      // Not the parser's message: it repeats the whole URL, password included.
      throw new ConfigException(
          "WIJKPORTAAL_DB_URL is not a valid URI (percent-encode special characters in the password)");
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new ConfigException(
          "WIJKPORTAAL_DB_URL must look like postgresql://user:password@host:5432/database");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (uri.getHost() == null || path.isEmpty()) {
      throw new ConfigException("WIJKPORTAAL_DB_URL needs a host and a database name");
    }
    String user = "postgres";
    String password = "";
    if (uri.getUserInfo() != null) {
      // getUserInfo() is already percent-decoded, and keeps a '+' a '+'.
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      password = parts.length > 1 ? parts[1] : "";
    }
    return new DatabaseUrl(
        uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, path, user, password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + ":***@" + host + ":" + port + "/" + database;
  }
}
