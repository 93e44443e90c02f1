package nl.wijkportaal.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import nl.wijkportaal.identity.TokenRoutes;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.api.Api;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.health.Health;
import nl.wijkportaal.platform.health.Metrics;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Csrf;
import nl.wijkportaal.platform.http.Failures;
import nl.wijkportaal.platform.http.RequestLog;
import nl.wijkportaal.platform.http.SecurityHeaders;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.http.WellFormedRequest;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * The order in which every request passes the platform's handlers before it reaches a feature, and
 * the one error path after. One router per HTTP verticle, built from the same shared parts.
 */
final class WebRoutes {

  static final String SWAGGER_UI_WEBJAR = "META-INF/resources/webjars/swagger-ui/5.32.6";
  private static final long STATIC_MAX_AGE_SECONDS = 3600;
  private static final String UPLOADS =
      System.getProperty("java.io.tmpdir") + "/wijkportaal-uploads";
  private static final long UPLOAD_LIMIT_BYTES = 32L * 1024 * 1024;

  private final AppConfig config;
  private final PrometheusMeterRegistry registry;
  private final Pool pool;
  private final String schema;
  private final String secret;
  private final Pages pages;
  private final Messages messages;
  private final Api api;
  private final ClientAddress clientAddress;
  private final List<Consumer<Router>> pageRoutes = new ArrayList<>();
  private final List<Consumer<Router>> earlyRoutes = new ArrayList<>();
  private final List<ApiOperations> apiOperations = new ArrayList<>();
  private Handler<RoutingContext> identify = RoutingContext::next;
  private final List<String> largeUploads = new ArrayList<>();

  WebRoutes(
      AppConfig config,
      PrometheusMeterRegistry registry,
      Pool pool,
      String schema,
      String secret,
      Platform platform,
      Api api) {
    this.config = config;
    this.registry = registry;
    this.pool = pool;
    this.schema = schema;
    this.secret = secret;
    this.messages = platform.messages();
    this.pages = platform.pages();
    this.api = api;
    this.clientAddress = platform.clientAddress();
  }

  /** Every feature's routes and API operations, in the order of the list. */
  WebRoutes features(List<Feature> features) {
    for (Feature feature : features) {
      largeUploads.addAll(feature.largeUploads());
      earlyRoutes.addAll(feature.early());
      pageRoutes.addAll(feature.pages());
      apiOperations.addAll(feature.api());
    }
    return this;
  }

  /** The handler that puts the signed-in person on each request (identity). */
  WebRoutes identify(Handler<RoutingContext> handler) {
    this.identify = handler;
    return this;
  }

  Router router(Vertx vertx) {
    AppConfig.Http http = config.http();
    Router router = Router.router(vertx);
    router.route().handler(new RequestLog(clientAddress));
    router.route().handler(new SecurityHeaders(http.publicUrl()));
    // Before anything decodes the address: a malformed one is a 400, never an exception later.
    router.route().handler(WellFormedRequest.address());

    // Machine endpoints: no session, no language, no CSRF.
    new Health(pool, schema).mount(router, vertx);
    new Metrics(registry, config.metricsToken(), clientAddress).mount(router);

    router.route("/static/vendor/swagger-ui/*").handler(staticFiles(SWAGGER_UI_WEBJAR));
    router.route("/static/*").handler(staticFiles("webroot"));
    earlyRoutes.forEach(feature -> feature.accept(router));

    // Vert.x wants platform handlers (body, session) on routes of their own, before user handlers.
    // An editor's import file may be larger than any form; it goes to a temporary file that is
    // gone when the request ends. Every other body stays within the general limit.
    for (String path : largeUploads) {
      router
          .post(path)
          .handler(
              BodyHandler.create(UPLOADS)
                  .setBodyLimit(UPLOAD_LIMIT_BYTES)
                  .setDeleteUploadedFilesOnEnd(true));
    }
    router
        .route()
        .handler(
            BodyHandler.create(UPLOADS)
                .setBodyLimit(http.bodyLimitBytes())
                .setDeleteUploadedFilesOnEnd(true));
    router.route().handler(WellFormedRequest.body());
    Sessions store =
        new Sessions(vertx, http.secureCookies(), config.identity().sessionIdleSeconds());
    SessionHandler sessions = store.handler();
    router.route().handler(store.loadOnly(sessions));
    router.route().handler(Sessions.remember(sessions));
    router.route().handler(new Language(http.secureCookies()));
    router.route().handler(identify);
    router.route().handler(new Csrf(vertx, secret, http.secureCookies(), Set.of(TokenRoutes.PATH)));

    api.versionHeaders(router);
    pageRoutes.forEach(feature -> feature.accept(router));
    api.mount(vertx, router, apiOperations);

    Failures failures = new Failures(pages, messages);
    for (int status = 400; status < 600; status++) {
      router.errorHandler(status, failures::handle);
    }
    return router;
  }

  private static StaticHandler staticFiles(String root) {
    return StaticHandler.create(root)
        .setCachingEnabled(true)
        .setMaxAgeSeconds(STATIC_MAX_AGE_SECONDS)
        .setDirectoryListing(false)
        .setIncludeHidden(false);
  }
}
