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
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nl.wijkportaal.catalogue.CatalogueApi;
import nl.wijkportaal.catalogue.CatalogueDemo;
import nl.wijkportaal.catalogue.CatalogueRepository;
import nl.wijkportaal.catalogue.CatalogueRoutes;
import nl.wijkportaal.catalogue.CatalogueService;
import nl.wijkportaal.catalogue.EditorRoutes;
import nl.wijkportaal.catalogue.EditorService;
import nl.wijkportaal.catalogue.OfferView;
import nl.wijkportaal.catalogue.WegwijzerRoutes;
import nl.wijkportaal.identity.Access;
import nl.wijkportaal.identity.AccountRoutes;
import nl.wijkportaal.identity.ActivationService;
import nl.wijkportaal.identity.AdminRoutes;
import nl.wijkportaal.identity.AdminService;
import nl.wijkportaal.identity.ApiAuth;
import nl.wijkportaal.identity.DemoIdentities;
import nl.wijkportaal.identity.IdentityRepository;
import nl.wijkportaal.identity.LoginRoutes;
import nl.wijkportaal.identity.LoginService;
import nl.wijkportaal.identity.OrganisationApi;
import nl.wijkportaal.identity.Passwords;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.identity.TokenRoutes;
import nl.wijkportaal.identity.TokenService;
import nl.wijkportaal.identity.TwoFactor;
import nl.wijkportaal.inbox.Anonymiser;
import nl.wijkportaal.inbox.InboxEvents;
import nl.wijkportaal.inbox.InboxJobs;
import nl.wijkportaal.inbox.InboxRepository;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.ItemFeedback;
import nl.wijkportaal.inbox.LiveRoutes;
import nl.wijkportaal.inbox.LiveUpdates;
import nl.wijkportaal.inbox.PersonRequests;
import nl.wijkportaal.inbox.PostcodeRoutes;
import nl.wijkportaal.inbox.PostcodeWijken;
import nl.wijkportaal.inbox.Presence;
import nl.wijkportaal.inbox.PrivacyRoutes;
import nl.wijkportaal.inbox.Triage;
import nl.wijkportaal.platform.api.Api;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.db.DatabaseServer;
import nl.wijkportaal.platform.db.Installation;
import nl.wijkportaal.platform.db.Migrations;
import nl.wijkportaal.platform.db.Pools;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.HttpVerticle;
import nl.wijkportaal.platform.jobs.ScheduledJobs;
import nl.wijkportaal.platform.mail.DemoMailboxRoutes;
import nl.wijkportaal.platform.mail.MailSetup;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.ratelimit.Limit;
import nl.wijkportaal.platform.ratelimit.RateLimits;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;
import nl.wijkportaal.platform.web.Templates;
import nl.wijkportaal.portal.GemeenteApi;
import nl.wijkportaal.portal.PortalRoutes;
import nl.wijkportaal.signalering.SignaalApi;
import nl.wijkportaal.signalering.SignaalRoutes;
import nl.wijkportaal.signalering.SignaalService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: config → Vert.x (clustered or not) → database → migrations → features →
 * HTTP verticles, one per event loop, sharing one pool. {@link #start} and {@link #stop} block:
 * call them from {@code main}, a shutdown hook or a test, never from an event loop.
 */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  private static final Duration SEARCH_LOG_RETENTION = Duration.ofDays(90);
  private static final Duration SENT_MAIL_RETENTION = Duration.ofDays(30);
  private static final Duration AUDIT_RETENTION = Duration.ofDays(7 * 366);

  /** Seconds the stop allows beyond the HTTP grace period for mail, pool, cluster. */
  private static final int STOP_MARGIN_SECONDS = 5;

  private final AppConfig config;
  private final Vertx vertx;
  private final DatabaseServer database;
  private final Pool pool;
  private final MailSetup mail;
  private final WebRoutes routes;
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
      List<String> deployments,
      int port) {
    this.config = config;
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.mail = mail;
    this.routes = routes;
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
    WebRoutes routes;
    try {
      database = DatabaseServer.start(config.database());
      String schema = Migrations.migrate(database.url());
      pool =
          Pools.create(
              vertx,
              database.url(),
              config.database().poolSize(),
              CatalogueRepository.SESSION_SETTINGS);
      String secret = new Installation(pool).verify(config.demo(), config.secret()).await();

      // Platform services every feature shares.
      AuditLog audit = new AuditLog(pool, clock);
      RateLimits rateLimits = RateLimits.create(vertx);
      mail = MailSetup.start(vertx, pool, clock, config);
      Messages messages = new Messages();
      WorkingDayCalendar workingDays = joined(calendar);
      OpeningHours openingHours =
          new OpeningHours(config.municipality(), clock, workingDays::holidayName);
      Pages pages = new Pages(new Templates(messages), messages, openingHours);
      ClientAddress clientAddress = new ClientAddress(config.http().trustedProxies());
      Api api = Api.load(vertx).await();

      // Identity: who is this, and may they?
      AppConfig.Identity id = config.identity();
      IdentityRepository identities = new IdentityRepository(pool);
      Passwords passwords = new Passwords(vertx);
      ActivationService activation = new ActivationService(identities, passwords, audit, clock);
      if (config.demo()) {
        new DemoIdentities(identities, passwords, clock)
            .load(id.demoPassword(), id.demoTotpSecret())
            .await();
      } else {
        activation.issueSetupLinkIfNeeded(config.http().publicUrl()).await();
      }
      TokenService tokens =
          TokenService.create(vertx, config, identities, passwords, audit, clock).await();
      Limit signInsPerAddress =
          rateLimits.limit(
              "login.address",
              config.limits().loginAttemptsPerAddress(),
              Duration.ofMinutes(config.limits().loginWindowMinutes()));
      // Partner systems get their own bucket: a school's NAT must not lock out its staff's
      // sign-ins.
      Limit tokensPerAddress =
          rateLimits.limit(
              "token.address",
              config.limits().loginAttemptsPerAddress(),
              Duration.ofMinutes(config.limits().loginWindowMinutes()));
      LoginService login =
          new LoginService(
              identities,
              passwords,
              new TwoFactor(clock, config.municipality().name()),
              audit,
              signInsPerAddress,
              config.limits(),
              clock,
              vertx);
      Access access = new Access(identities, clock, id);
      AdminService admin =
          new AdminService(
              identities,
              passwords,
              audit,
              mail.outbox(),
              messages,
              clock,
              config.http().publicUrl(),
              Duration.ofHours(id.inviteValidHours()));
      ApiAuth apiAuth = new ApiAuth(tokens, identities);
      MailSetup mailSetup = mail;

      // Catalogue of the sociale basis.
      List<String> wijken = config.municipality().locations().stream().map(l -> l.wijk()).toList();
      CatalogueRepository offers = new CatalogueRepository(pool);
      nl.wijkportaal.catalogue.Synonyms synonyms =
          new nl.wijkportaal.catalogue.Synonyms(offers, vertx);
      CatalogueService catalogue = new CatalogueService(offers, wijken, clock, synonyms, vertx);
      OfferView offerView = new OfferView(messages, clock);
      EditorService editor = new EditorService(offers, wijken, clock, synonyms);
      if (config.demo()) {
        new CatalogueDemo(offers, clock).load(vertx).await();
      }
      // The inbox: every aanmelding and signal becomes one item with one clock.
      InboxRepository inbox = new InboxRepository(pool);
      PostcodeWijken postcodes = new PostcodeWijken(pool);
      if (config.demo()) {
        postcodes.loadDemo().await();
      }
      DeadlineRules deadlines = new DeadlineRules(workingDays, config.intake().deadlines());
      if (config.demo()) {
        // A year of generated history, so the inbox and the dashboard are not empty; only into an
        // empty inbox.
        new nl.wijkportaal.insight.DemoHistory(pool, deadlines, clock)
            .loadIfEmpty(vertx, config.intake().demoHistoryItems())
            .await();
      }
      ItemFeedback feedback =
          new ItemFeedback(
              inbox,
              mail.outbox(),
              messages,
              config.http().publicUrl(),
              config.municipality().crisisNumbers());
      InboxEvents inboxEvents = new InboxEvents(vertx);
      Intake intake = new Intake(inbox, deadlines, audit, feedback, inboxEvents, clock);
      Triage triage = new Triage(inbox, intake, audit, feedback, inboxEvents, clock);
      Presence presence = new Presence(vertx);
      LiveUpdates live = new LiveUpdates(vertx, pool);
      Limit signalsPerClient =
          rateLimits.limit(
              "signalen.client", config.intake().signalsPerClient(), Duration.ofHours(1));
      Limit submissionsPerAddress =
          rateLimits.limit(
              "intake.address",
              config.intake().submissionsPerAddress(),
              Duration.ofMinutes(config.intake().submissionWindowMinutes()));
      Anonymiser anonymiser = new Anonymiser(pool, audit, clock);
      InboxJobs inboxJobs =
          new InboxJobs(
              pool,
              anonymiser,
              audit,
              mail.outbox(),
              messages,
              config.http().publicUrl(),
              Period.ofMonths(config.intake().retentionMonths()),
              clock);

      PersonRequests personRequests = new PersonRequests(pool, anonymiser, audit);

      // Chat: residents and chat workers, live over the event-bus bridge, PostgreSQL the guarantee.
      nl.wijkportaal.chat.ChatService chat =
          new nl.wijkportaal.chat.ChatService(
                  pool, vertx, intake, audit, messages, openingHours, config.chat(), clock)
              .mailingThrough(mail.outbox());
      nl.wijkportaal.chat.ChatLimits chatLimits =
          new nl.wijkportaal.chat.ChatLimits(rateLimits, config.chat());
      nl.wijkportaal.chat.ChatBridge chatBridge =
          new nl.wijkportaal.chat.ChatBridge(
              vertx, chat, chatLimits, access, clientAddress, config.http().publicUrl());

      // Scheduled work, each run on one node of the cluster. Retention: what the search log kept
      // (residents type names into search boxes) goes after 90 days, sent mail (invitation links
      // among it) after 30, idempotency keys after a day, the audit log after 7 years, and the
      // personal data of closed items after the configured months.
      MailSetup outboxOwner = mail;
      new ScheduledJobs(vertx, pool, clock)
          .add("inbox.overdue", Duration.ofMinutes(15), inboxJobs::notifyOverdue)
          .add("inbox.follow-up", Duration.ofHours(1), inboxJobs::remindFollowUps)
          .add("inbox.retention", Duration.ofHours(6), inboxJobs::enforceRetention)
          .add("chat.quiet", Duration.ofMinutes(1), chat::closeQuiet)
          .add("chat.retention", Duration.ofHours(6), chat::enforceRetention)
          .add(
              "retention",
              Duration.ofHours(6),
              () -> {
                Instant now = clock.instant();
                // join, not all: every clean-up runs even when another fails.
                return Future.join(
                        offers.pruneSearchLog(now.minus(SEARCH_LOG_RETENTION)),
                        outboxOwner
                            .outbox()
                            .repository()
                            .deleteSentBefore(now.minus(SENT_MAIL_RETENTION)),
                        inbox.deleteIdempotencyKeysBefore(now.minus(Intake.IDEMPOTENCY_WINDOW)),
                        audit.deleteBefore(now.minus(AUDIT_RETENTION)))
                    .map(
                        pruned ->
                            "search log, sent mail, idempotency keys and old audit entries pruned");
              })
          .start(Duration.ofSeconds(config.cluster().jobsTickSeconds()));

      // Features.
      PortalRoutes portal = new PortalRoutes(pages, openingHours);
      SignaalService signalen = new SignaalService(intake, clock);
      nl.wijkportaal.insight.Sturing sturing =
          new nl.wijkportaal.insight.Sturing(
              pool, editor, new nl.wijkportaal.chat.ChatFigures(), clock);
      nl.wijkportaal.insight.Complaints complaints =
          new nl.wijkportaal.insight.Complaints(intake, triage, feedback, pool);
      nl.wijkportaal.insight.Experience experience =
          new nl.wijkportaal.insight.Experience(pool, config.http().publicUrl(), clock);
      feedback.closingInvitation(experience::invite);

      routes =
          // Health checks have a connection of their own: they keep answering when a crowd fills
          // the pool.
          new WebRoutes(
                  config,
                  registry,
                  Pools.create(vertx, database.url(), 1),
                  schema,
                  secret,
                  messages,
                  pages,
                  api,
                  clientAddress)
              .identify(access::identify)
              .largeUpload("/redactie/import")
              .pages(portal::mount)
              .pages(new LoginRoutes(login, pages, clientAddress, audit, clock)::mount)
              .pages(
                  new AccountRoutes(
                          activation,
                          access,
                          pages,
                          clientAddress,
                          clock,
                          mail.demoServer().isPresent())
                      ::mount)
              .pages(new AdminRoutes(admin, identities, audit, access, pages, clientAddress)::mount)
              .pages(
                  router ->
                      mailSetup
                          .demoServer()
                          .ifPresent(
                              server ->
                                  new DemoMailboxRoutes(pages, server)
                                      .mount(router, access.require(Role.BEHEERDER))))
              .pages(new TokenRoutes(tokens, clientAddress, tokensPerAddress)::mount)
              .pages(new CatalogueRoutes(catalogue, offerView, messages, pages)::mount)
              .pages(new WegwijzerRoutes(catalogue, offerView, messages, pages)::mount)
              .pages(
                  new nl.wijkportaal.aanmelding.AanmeldRoutes(
                          intake,
                          catalogue,
                          offerView,
                          messages,
                          pages,
                          clientAddress,
                          submissionsPerAddress,
                          config.http().publicUrl(),
                          clock)
                      ::mount)
              .pages(
                  router ->
                      new EditorRoutes(editor, offers, pages)
                          .mount(router, access.require(Role.REDACTEUR)))
              .pages(
                  router ->
                      new PostcodeRoutes(postcodes, audit, pages, clientAddress)
                          .mount(router, access.require(Role.BEHEERDER)))
              .pages(
                  router ->
                      new LiveRoutes(live, clientAddress)
                          .mount(router, access.require(Role.TRIAGE, Role.TEAMLEIDER)))
              .pages(
                  router ->
                      new PrivacyRoutes(
                              personRequests, pages, clientAddress, new ItemDates(messages))
                          .mount(router, access.require(Role.BEHEERDER)))
              .pages(
                  router ->
                      new SignaalRoutes(signalen, pages, new ItemDates(messages), clientAddress)
                          .mount(router, access.require(Role.MELDER)))
              .pages(
                  router ->
                      new nl.wijkportaal.triage.TriageRoutes(
                              triage, presence, catalogue, pages, messages, clientAddress, clock)
                          .mount(router, access.require(Role.TRIAGE, Role.TEAMLEIDER)))
              .pages(
                  router ->
                      new nl.wijkportaal.insight.SturingRoutes(
                              sturing, triage, pages, messages, clock)
                          .mount(router, access.require(Role.TEAMLEIDER, Role.BEHEERDER)))
              .pages(
                  router ->
                      new nl.wijkportaal.insight.KlachtRoutes(
                              complaints,
                              pages,
                              new ItemDates(messages),
                              clientAddress,
                              submissionsPerAddress)
                          .mount(router, access.require(Role.TEAMLEIDER)))
              .pages(
                  new nl.wijkportaal.insight.ErvaringRoutes(
                          experience, intake, pages, clientAddress)
                      ::mount)
              .pages(
                  new nl.wijkportaal.chat.ChatRoutes(
                          chat,
                          pages,
                          messages,
                          clientAddress,
                          new nl.wijkportaal.chat.ResidentToken(config.http().secureCookies()),
                          chatLimits)
                      ::mount)
              .pages(
                  router ->
                      new nl.wijkportaal.chat.ConsoleRoutes(
                              chat,
                              catalogue,
                              pages,
                              messages,
                              clientAddress,
                              config.municipality().phone(),
                              clock)
                          .mount(
                              router, access.require(Role.CHAT), access.require(Role.TEAMLEIDER)))
              .early(chatBridge::mount)
              .api(new GemeenteApi(openingHours))
              .api(new CatalogueApi(catalogue))
              .api(new nl.wijkportaal.chat.ChatApi(chat, clientAddress))
              .api(apiAuth) // the bearer scheme, before the operations that use it
              .api(new OrganisationApi(apiAuth, identities))
              .api(new SignaalApi(signalen, apiAuth, clientAddress, messages, signalsPerClient))
              .api(
                  new nl.wijkportaal.insight.SturingApi(sturing, triage, apiAuth, messages, clock));

      List<String> deployments = new ArrayList<>();
      int port = deployHttp(vertx, config, routes, deployments);
      LOG.info(
          "wijkportaal listening on http://{}:{} ({}{}, started in {} ms)",
          config.http().host(),
          port,
          database.embedded() ? "embedded PostgreSQL" : "external PostgreSQL",
          config.demo() ? ", demo data" : "",
          (System.nanoTime() - started) / 1_000_000);
      return new Application(config, vertx, database, pool, mail, routes, deployments, port);
    } catch (Exception e) {
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
      throw e;
    }
  }

  /** The calendar built beside the start-up; a configuration error comes out as itself. */
  private static WorkingDayCalendar joined(CompletableFuture<WorkingDayCalendar> calendar) {
    try {
      return calendar.join();
    } catch (java.util.concurrent.CompletionException e) {
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
      within(mail.stop(vertx), until);
      within(pool.close(), until);
      within(vertx.close(), until);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn(
          "wijkportaal did not stop within {} s (a request or an event loop hangs): stopping anyway",
          deadline.toSeconds());
      try {
        // Leave the cluster if Vert.x still can; the process ends after this either way.
        vertx.close().await(2, java.util.concurrent.TimeUnit.SECONDS);
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

  private static void within(Future<?> step, long untilNanos)
      throws java.util.concurrent.TimeoutException {
    long left = Math.max(1, untilNanos - System.nanoTime());
    step.await(left, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** A fresh router with every route of the application (the route table test walks it). */
  public io.vertx.ext.web.Router router() {
    return routes.router(vertx);
  }

  public int port() {
    return port;
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
