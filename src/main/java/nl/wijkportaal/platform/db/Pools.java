package nl.wijkportaal.platform.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import nl.wijkportaal.platform.config.DatabaseUrl;

/** Builds the one reactive connection pool every feature shares. */
public final class Pools {

  private Pools() {}

  public static Pool create(Vertx vertx, DatabaseUrl url, int size) {
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(url.host())
            .setPort(url.port())
            .setDatabase(url.database())
            .setUser(url.user())
            .setPassword(url.password())
            .setCachePreparedStatements(true);
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
