package nl.wijkportaal.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import nl.wijkportaal.aanmelding.AanmeldingFeature;
import nl.wijkportaal.catalogue.CatalogueFeature;
import nl.wijkportaal.chat.ChatFeature;
import nl.wijkportaal.identity.IdentityFeature;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.insight.InsightFeature;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.api.Api;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.db.DatabaseServer;
import nl.wijkportaal.platform.db.Installation;
import nl.wijkportaal.platform.db.Migrations;
import nl.wijkportaal.platform.db.Pools;
import nl.wijkportaal.platform.http.HttpVerticle;
import nl.wijkportaal.platform.jobs.ScheduledJobs;
import nl.wijkportaal.platform.mail.MailSetup;
import nl.wijkportaal.platform.ratelimit.RateLimits;
import nl.wijkportaal.portal.PortalFeature;
import nl.wijkportaal.privacy.PrivacyFeature;
import nl.wijkportaal.signalering.SignaleringFeature;
import nl.wijkportaal.triage.TriageFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: config → Vert.x (clustered or not) → database → migrations → features →
 * HTTP verticles, one per event loop, sharing one pool. {@link #start} and {@link #stop} block:
 * call them from {@code main}, a shutdown hook or a test, never from an event loop.
 */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  private static final Duration RETENTION_INTERVAL = Duration.ofHours(6);

  /** Settings of every database session (the catalogue's Dutch text search). */

  /** Seconds the stop allows beyond the HTTP grace period for mail, pool, cluster. */
  private static final int STOP_MARGIN_SECONDS = 5;

  private final AppConfig config;
  private final Vertx vertx;
  private final DatabaseServer database;
  private final Pool pool;
  private final MailSetup mail;
  private final WebRoutes routes;
  private final Platform platform;
  private final List<Feature> features;
  private final List<String> deployments;
  private final int port;
  private volatile boolean stopped;

  private Application(
      AppConfig config,
      Vertx vertx,
      DatabaseServer database,
      Pool pool,
      MailSetup mail,
      WebRoutes routes,
      Platform platform,
      List<Feature> features,
      List<String> deployments,
      int port) {
    this.config = config;
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.mail = mail;
    this.routes = routes;
    this.platform = platform;
    this.features = features;
    this.deployments = deployments;
    this.port = port;
  }

  public static Application start(AppConfig config, Clock clock) throws Exception {
    long started = System.nanoTime();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Reading the holiday files takes a second or two: done beside the database start-up.
    CompletableFuture<WorkingDayCalendar> calendar =
        CompletableFuture.supplyAsync(() -> new WorkingDayCalendar(config.municipality(), clock));
    Vertx vertx = vertx(config, registry);
    DatabaseServer database = null;
    Pool pool = null;
    MailSetup mail = null;
    try {
      database = DatabaseServer.start(config.database());
      String schema = Migrations.migrate(database.url());
      pool =
          Pools.create(
              vertx,
              database.url(),
              config.database().poolSize(),
              config.database().connectionTimeoutSeconds());
      String secret = new Installation(pool).verify(config.demo(), config.secret()).await();
      mail = MailSetup.start(vertx, pool, clock, config);
      Platform platform =
          Platform.of(config, clock, vertx, pool, database.url(), mail, joined(calendar));

      // One line per feature, each wired from the platform and the features it talks to (and
      // loading its demo data on a demo installation); pages and API in the order of the list.
      IdentityFeature identity = IdentityFeature.wire(platform).await();
      CatalogueFeature catalogue = CatalogueFeature.wire(platform, identity).await();
      InboxFeature inbox = InboxFeature.wire(platform, identity).await();
      TriageFeature triage = new TriageFeature(platform, identity, inbox, catalogue);
      List<Feature> features =
          List.of(
              new PortalFeature(platform),
              identity,
              catalogue,
              new AanmeldingFeature(platform, inbox, catalogue),
              inbox,
              new SignaleringFeature(platform, identity, inbox),
              triage,
              new PrivacyFeature(platform, identity, inbox),
              InsightFeature.wire(platform, identity, inbox, triage, catalogue).await(),
              new ChatFeature(platform, identity, inbox, catalogue));

      startJobs(platform, features);
      // Health checks have a connection of their own: they keep answering when a crowd fills the
      // pool.
      Pool healthPool =
          Pools.create(vertx, database.url(), 1, config.database().connectionTimeoutSeconds());
      WebRoutes routes =
          new WebRoutes(
                  config, registry, healthPool, schema, secret, platform, Api.load(vertx).await())
              .identify(identity.access()::identify)
              .features(features);
      List<String> deployments = new ArrayList<>();
      int port = deployHttp(vertx, config, routes, deployments);
      logListening(config, database, port, started);
      return new Application(
          config, vertx, database, pool, mail, routes, platform, features, deployments, port);
    } catch (Exception e) {
      closeAfterFailedStart(vertx, database, pool, mail);
      throw e;
    }
  }

  private static void logListening(
      AppConfig config, DatabaseServer database, int port, long startedNanos) {
    LOG.info(
        "wijkportaal listening on http://{}:{} ({}{}, started in {} ms)",
        config.http().host(),
        port,
        database.embedded() ? "embedded PostgreSQL" : "external PostgreSQL",
        config.demo() ? ", demo data" : "",
        (System.nanoTime() - startedNanos) / 1_000_000);
  }

  /** What a failed start had already started, stopped in reverse order (any may be null). */
  private static void closeAfterFailedStart(
      Vertx vertx, DatabaseServer database, Pool pool, MailSetup mail) throws Exception {
    if (mail != null) {
      mail.stop(vertx).await();
    }
    if (pool != null) {
      pool.close();
    }
    vertx.close().await();
    if (database != null) {
      database.close();
    }
  }

  /**
   * Each feature's jobs, and the one retention job, each run on one node of the cluster. Retention
   * asks the platform (sent mail, the audit log) and every feature to prune what it kept past its
   * period; join, not all: every clean-up runs even when another fails.
   */
  private static void startJobs(Platform platform, List<Feature> features) {
    ScheduledJobs jobs = new ScheduledJobs(platform.vertx(), platform.pool(), platform.clock());
    features.forEach(f -> f.jobs().forEach(job -> jobs.add(job.name(), job.period(), job.work())));
    jobs.add(
        "retention",
        RETENTION_INTERVAL,
        () -> {
          Instant now = platform.clock().instant();
          List<Future<String>> pruned = new ArrayList<>();
          pruned.add(platform.retention(now));
          features.forEach(f -> pruned.add(f.retention(now)));
          return Future.join(pruned)
              .map(
                  done ->
                      done.<String>list().stream()
                          .filter(said -> !said.isEmpty())
                          .collect(Collectors.joining("; ")));
        });
    jobs.start(Duration.ofSeconds(platform.config().cluster().jobsTickSeconds()));
  }

  /** The calendar built beside the start-up; a configuration error comes out as itself. */
  private static WorkingDayCalendar joined(CompletableFuture<WorkingDayCalendar> calendar) {
    try {
      return calendar.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Deploys one HTTP verticle per event loop on one port (a random shared one for port 0). */
  private static int deployHttp(
      Vertx vertx, AppConfig config, WebRoutes routes, List<String> deployments) {
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    int wanted = config.http().port() == 0 ? HttpVerticle.SHARED_RANDOM_PORT : config.http().port();
    HttpVerticle[] first = new HttpVerticle[1];
    deployments.add(
        vertx
            .deployVerticle(
                () ->
                    first[0] =
                        new HttpVerticle(
                            routes::router,
                            config.http().host(),
                            wanted,
                            config.http().shutdownGraceSeconds()),
                new DeploymentOptions().setInstances(instances))
            .await());
    return first[0].actualPort();
  }

  private static Vertx vertx(AppConfig config, PrometheusMeterRegistry registry) throws Exception {
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(
                EnumSet.of(
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.HTTP_ROUTE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME,
                    Label.EB_ADDRESS))
            .setLabelMatches(nl.wijkportaal.chat.ChatAddresses.metricLabels())
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    VertxBuilder builder =
        Vertx.builder()
            .with(new VertxOptions().setMetricsOptions(metrics))
            .withMetrics(new MicrometerMetricsFactory(registry));
    if (!config.cluster().enabled()) {
      return builder.build();
    }
    return builder
        .withClusterManager(new HazelcastClusterManager(hazelcast(config.cluster())))
        .buildClustered()
        .await();
  }

  /** Hazelcast from {@code config/cluster.xml} (a file beside the jar wins over the jar's copy). */
  static Config hazelcast(AppConfig.Cluster cluster) throws Exception {
    Path file = Path.of(cluster.configFile());
    Config hz;
    if (Files.isRegularFile(file)) {
      hz = new FileSystemXmlConfig(file.toFile());
    } else {
      try (InputStream in = Application.class.getResourceAsStream("/" + cluster.configFile())) {
        if (in == null) {
          throw new FileNotFoundException(
              "Hazelcast configuration " + cluster.configFile() + " not found");
        }
        hz = new XmlConfigBuilder(in).build();
      }
    }
    if (hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()) {
      throw new ConfigException(
          "Hazelcast multicast must stay off: cluster traffic stays on 127.0.0.1.");
    }
    return RateLimits.prepare(hz.setClusterName(cluster.name()));
  }

  /**
   * Graceful stop with a deadline: HTTP first (in-flight requests get the grace period), then mail,
   * pool, cluster; the embedded database last. A request or an event loop that hangs does not hold
   * the node: after {@link #stopDeadline} it stops anyway, and its PostgreSQL with it.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    long started = System.nanoTime();
    Duration deadline = stopDeadline(config);
    long until = started + deadline.toNanos();
    LOG.info("wijkportaal stopping (at most {} s)", deadline.toSeconds());
    try {
      for (String id : deployments) {
        within(vertx.undeploy(id), until);
      }
      for (Feature feature : features) {
        within(feature.close(), until);
      }
      within(mail.stop(vertx), until);
      within(pool.close(), until);
      within(vertx.close(), until);
    } catch (TimeoutException e) {
      LOG.warn(
          "wijkportaal did not stop within {} s (a request or an event loop hangs): stopping anyway",
          deadline.toSeconds());
      try {
        // Leave the cluster if Vert.x still can; the process ends after this either way.
        vertx.close().await(2, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // stopping anyway
      }
    } catch (Exception e) {
      LOG.warn("Error while stopping: {}", e.toString());
    } finally {
      try {
        database.close();
      } catch (Exception e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
      }
    }
    LOG.info("wijkportaal stopped ({} ms)", (System.nanoTime() - started) / 1_000_000);
  }

  /** The HTTP grace period for requests in flight, plus a few seconds for the rest of the node. */
  public static Duration stopDeadline(AppConfig config) {
    return Duration.ofSeconds(config.http().shutdownGraceSeconds() + STOP_MARGIN_SECONDS);
  }

  private static void within(Future<?> step, long untilNanos) throws TimeoutException {
    long left = Math.max(1, untilNanos - System.nanoTime());
    step.await(left, TimeUnit.NANOSECONDS);
  }

  /** A fresh router with every route of the application (the route table test walks it). */
  public Router router() {
    return routes.router(vertx);
  }

  public int port() {
    return port;
  }

  /**
   * The wired feature of this type, with the services it hands out (tests reach the real object
   * graph through it instead of building their own).
   */
  public <F extends Feature> F feature(Class<F> type) {
    return features.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No feature " + type.getSimpleName()));
  }

  /** The platform services the features were wired from. */
  public Platform platform() {
    return platform;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public AppConfig config() {
    return config;
  }

  public DatabaseServer database() {
    return database;
  }
}
