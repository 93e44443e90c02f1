package nl.wijkportaal.support;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import nl.wijkportaal.catalogue.CatalogueDemo;
import nl.wijkportaal.catalogue.CatalogueRepository;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.platform.db.Migrations;

/**
 * One embedded PostgreSQL per test JVM, with zonky's fast test settings. The schema is migrated
 * once into a template database; every test class gets a fresh copy of it.
 *
 * <p>A demo server's first start writes the demo catalogue (a hundred offers, one statement after
 * another), the slowest part of its start. A server whose clock is about now starts instead on a
 * copy of a second template that already holds that catalogue, written by the same {@link
 * CatalogueDemo} within the hour on the same day, so the server finds what its own first start
 * would have written (it leaves a catalogue with offers alone) and every other piece of demo data
 * (accounts, postcodes) is still written by the server itself, on its own clock.
 */
public final class TestDatabase {

  private static final String TEMPLATE = "wijkportaal_template";
  private static final Duration DEMO_TEMPLATE_AGE = Duration.ofHours(1);
  private static final ZoneId MUNICIPALITY = ZoneId.of("Europe/Amsterdam");
  private static final AtomicInteger COUNTER = new AtomicInteger();
  // Dropping a test class's database (and its checkpoint) beside the next class, so the data
  // directory stays small and the JVM's exit, which deletes it, stays quick.
  private static final ExecutorService DROPPER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "test-database-drop");
            t.setDaemon(true);
            return t;
          });
  private static EmbeddedPostgres server;
  private static String demoTemplate;
  private static Instant demoTemplateWritten;

  private TestDatabase() {}

  /** A new, migrated, empty database of its own. */
  public static synchronized DatabaseUrl fresh() {
    return copyOf(TEMPLATE);
  }

  /**
   * A new, migrated database for a demo server on this clock: with the demo catalogue already in it
   * when the clock is about now (see the class comment), otherwise empty like {@link #fresh}.
   */
  public static synchronized DatabaseUrl forDemo(Clock clock) {
    Instant now = Instant.now();
    if (Duration.between(now, clock.instant()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
      return fresh();
    }
    if (demoTemplate == null
        || Duration.between(demoTemplateWritten, now).compareTo(DEMO_TEMPLATE_AGE) > 0
        || !day(demoTemplateWritten).equals(day(now))) {
      writeDemoTemplate(now);
    }
    return copyOf(demoTemplate);
  }

  /** Drops a database no server uses any more, in the background. */
  public static void drop(DatabaseUrl db) {
    EmbeddedPostgres pg;
    synchronized (TestDatabase.class) {
      pg = server;
    }
    if (pg == null || !db.database().startsWith("t_")) {
      return;
    }
    DROPPER.execute(
        () -> {
          try {
            execute(pg, "DROP DATABASE IF EXISTS " + db.database());
          } catch (IllegalStateException e) {
            // Still in use: left for the JVM's exit, which deletes the whole data directory.
          }
        });
  }

  private static LocalDate day(Instant instant) {
    return instant.atZone(MUNICIPALITY).toLocalDate();
  }

  private static DatabaseUrl copyOf(String template) {
    EmbeddedPostgres pg = server();
    String name = "t_" + COUNTER.incrementAndGet();
    // FILE_COPY: the template's files copied as they are (fsync is off), not every block of it
    // written through the WAL as PostgreSQL 15+ does by default (WAL_LOG), once per test class.
    execute(pg, "CREATE DATABASE " + name + " TEMPLATE " + template + " STRATEGY FILE_COPY");
    return new DatabaseUrl("127.0.0.1", pg.getPort(), name, "postgres", "");
  }

  private static void writeDemoTemplate(Instant now) {
    EmbeddedPostgres pg = server();
    String name = "wijkportaal_demo_" + COUNTER.incrementAndGet();
    execute(pg, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    Vertx vertx = Vertx.vertx();
    try {
      // One connection, as before, but the demo's ~110 offers queue on it for as long as they
      // need: with the product's 5 s wait (Pools) the first demo server of a fork failed with
      // "Timeout waiting for connection" while both forks started cold on a loaded machine.
      Pool pool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(1).setConnectionTimeout(120))
              .connectingTo(
                  new PgConnectOptions()
                      .setHost("127.0.0.1")
                      .setPort(pg.getPort())
                      .setDatabase(name)
                      .setUser("postgres")
                      .setPassword(""))
              .using(vertx)
              .build();
      Await.await(
          new CatalogueDemo(new CatalogueRepository(pool), Clock.fixed(now, MUNICIPALITY))
              .load(vertx));
      Await.await(pool.close());
    } finally {
      Await.await(vertx.close());
    }
    demoTemplate = name;
    demoTemplateWritten = now;
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("wijkportaal-test-pg");
        server =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                // Two test JVMs (surefire's two forks) start theirs at once on two cores: more
                // than zonky's 10 s default is no fault.
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        execute(server, "CREATE DATABASE " + TEMPLATE);
        Migrations.migrate(
            new DatabaseUrl("127.0.0.1", server.getPort(), TEMPLATE, "postgres", ""));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  private static void execute(EmbeddedPostgres pg, String sql) {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
