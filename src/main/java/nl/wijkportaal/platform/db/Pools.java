package nl.wijkportaal.platform.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import nl.wijkportaal.platform.config.DatabaseUrl;

/** Builds the one reactive connection pool every feature shares. */
public final class Pools {

  /**
   * Statements that may wait for a connection at once; more are refused at once (503). A worker's
   * item page asks about a dozen at once and the inbox five, so 64 workers opening items queue
   * about 800 (at 128, most of them were refused at 64 connections).
   */
  public static final int MAX_WAITING = 1024;

  /**
   * Seconds a request waits for a connection before it is refused (503) unless the configuration
   * says otherwise ({@code database.connectionTimeoutSeconds}).
   */
  public static final int CONNECTION_TIMEOUT_SECONDS = 5;

  private Pools() {}

  /**
   * A pool whose requests wait the default {@link #CONNECTION_TIMEOUT_SECONDS} for a connection.
   */
  public static Pool create(Vertx vertx, DatabaseUrl url, int size) {
    return create(vertx, url, size, CONNECTION_TIMEOUT_SECONDS);
  }

  /** A pool whose requests wait {@code connectionTimeoutSeconds} for a connection, then 503. */
  public static Pool create(Vertx vertx, DatabaseUrl url, int size, int connectionTimeoutSeconds) {
    PgConnectOptions connect = connectOptions(url);
    PoolOptions pool =
        new PoolOptions()
            .setName("wijkportaal")
            .setMaxSize(size)
            // Bounded: at most MAX_WAITING statements wait for a connection; more are refused at
            // once with a 503 and Retry-After. A wait ends after 5 s by default (not shorter: on a
            // loaded machine opening a connection alone can take seconds, and a start-up must not
            // fail on that).
            .setMaxWaitQueueSize(MAX_WAITING)
            .setConnectionTimeout(connectionTimeoutSeconds)
            .setIdleTimeout(60);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }

  /** How every connection of the node reaches the database (the pool's and {@link Notices}'). */
  static PgConnectOptions connectOptions(DatabaseUrl url) {
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
    // The working set lives in memory (or on SSD): an index page costs about what a sequential
    // one does. With PostgreSQL's default (4, for spinning disks) the planner reads all 10,000
    // offers and their text vectors rather than use the full-text index for a broad search.
    connect.addProperty("random_page_cost", "1.1");
    return connect;
  }
}
