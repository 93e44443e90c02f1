package nl.wijkportaal.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import nl.wijkportaal.platform.config.ConfigException;

/**
 * Facts that belong to the installation rather than one node: whether its database holds demo data,
 * and the secret a demo installation generated for itself so that every node of a demo cluster
 * signs the same way.
 */
public final class Installation {

  private static final String DEMO = "demo";
  private static final String SECRET = "secret";
  private static final int MIN_SECRET_LENGTH = 32;

  private static final String INSERT_IF_ABSENT =
      "INSERT INTO platform_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
  private static final String SELECT = "SELECT value FROM platform_setting WHERE key = $1";

  private final Pool pool;

  public Installation(Pool pool) {
    this.pool = pool;
  }

  /**
   * Checks that this node's demo setting matches the database, and returns the secret to sign with:
   * the configured one, or on a demo installation the one kept in the database.
   */
  public Future<String> verify(boolean demo, Optional<String> configuredSecret) {
    return claim(DEMO, Boolean.toString(demo))
        .compose(
            stored -> {
              if (Boolean.parseBoolean(stored) != demo) {
                return Future.failedFuture(
                    new ConfigException(
                        demo
                            ? "This database holds real data: a demo node (WIJKPORTAAL_DEMO=true) may not start on it."
                            : "This database holds demo data and demo accounts: start with WIJKPORTAAL_DEMO=true, or use a new database."));
              }
              if (configuredSecret.isPresent()) {
                if (configuredSecret.get().length() < MIN_SECRET_LENGTH) {
                  return Future.failedFuture(
                      new ConfigException(
                          "WIJKPORTAAL_SECRET must be at least "
                              + MIN_SECRET_LENGTH
                              + " characters."));
                }
                return Future.succeededFuture(configuredSecret.get());
              }
              if (!demo) {
                return Future.failedFuture(
                    new ConfigException(
                        "Set WIJKPORTAAL_SECRET (at least "
                            + MIN_SECRET_LENGTH
                            + " random characters, the same on every node): a production node does not run on a generated secret."));
              }
              return claim(SECRET, randomSecret());
            });
  }

  /** Stores the value when the key is new; returns what is stored either way. */
  private Future<String> claim(String key, String value) {
    return pool.preparedQuery(INSERT_IF_ABSENT)
        .execute(Tuple.of(key, value))
        .compose(ignored -> pool.preparedQuery(SELECT).execute(Tuple.of(key)))
        .map(Installation::single);
  }

  private static String single(RowSet<Row> rows) {
    return rows.iterator().next().getString("value");
  }

  private static String randomSecret() {
    byte[] bytes = new byte[48];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
