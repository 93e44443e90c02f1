package nl.wijkportaal.platform.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;
import nl.wijkportaal.platform.config.DatabaseUrl;

/** Builds the one reactive connection pool every feature shares. */
public final class Pools {

  private Pools() {}

  public static Pool create(Vertx vertx, DatabaseUrl url, int size) {
    return create(vertx, url, size, Map.of());
  }

  /** {@code sessionSettings}: PostgreSQL settings every connection starts with (a feature's tuning). */
  public static Pool create(Vertx vertx, DatabaseUrl url, int size, Map<String, String> sessionSettings) {
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(url.host())
            .setPort(url.port())
            .setDatabase(url.database())
            .setUser(url.user())
            .setPassword(url.password())
            // Every statement is prepared once per connection, also a search's long one (the
            // default leaves statements over 2,048 characters unprepared, parsed and planned anew).
            .setCachePreparedStatements(true)
            .setPreparedStatementCacheMaxSize(512)
            .setPreparedStatementCacheSqlLimit(16_384);
    sessionSettings.forEach(connect::addProperty);
    PoolOptions pool =
        new PoolOptions()
            .setName("wijkportaal")
            .setMaxSize(size)
            .setMaxWaitQueueSize(1_000)
            .setConnectionTimeout(5)
            .setIdleTimeout(60);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }
}
