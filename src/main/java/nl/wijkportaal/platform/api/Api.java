package nl.wijkportaal.platform.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.http.Problem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The JSON API under {@code /api/v1}, contract first: routes and request validation come from
 * {@code openapi/wijkportaal.yaml}, and that same file is what we publish, as YAML and as JSON, at
 * {@code /api/v1/openapi.yaml|json}. Every API response carries the full version in {@code
 * API-Version} (NLGov API Design Rules).
 */
public final class Api {

  public static final String BASE_PATH = "/api/v1";
  public static final String CONTRACT = "openapi/wijkportaal.yaml";
  private static final String SWAGGER_UI = "/static/vendor/swagger-ui/";

  /**
   * A path the contract describes but a feature routes itself (a form body the router cannot
   * validate).
   */
  public static final String OUTSIDE_ROUTER = "x-wijkportaal-own-route";

  /**
   * An operation whose handler checks the security the contract declares for it itself (the
   * router's authentication handlers answer 401, the chat's messages answer 404 to anyone else).
   */
  public static final String SECURITY_IN_HANDLER = "x-wijkportaal-security-in-handler";

  private final OpenAPIContract contract;
  private final String yaml;
  private final String json;
  private final String version;

  private Api(OpenAPIContract contract, String yaml, String json, String version) {
    this.contract = contract;
    this.yaml = yaml;
    this.json = json;
    this.version = version;
  }

  /** Loads and checks the contract once; every HTTP verticle builds its router from it. */
  public static Future<Api> load(Vertx vertx) {
    return vertx
        .fileSystem()
        .readFile(CONTRACT)
        .compose(
            file -> {
              String yaml = file.toString();
              JsonObject tree =
                  new JsonObject(
                      new Yaml(new SafeConstructor(new LoaderOptions()))
                          .<Map<String, Object>>load(yaml));
              String version = tree.getJsonObject("info").getString("version");
              JsonObject routed = forRouter(tree.copy());
              JsonObject paths = routed.getJsonObject("paths");
              for (String path : List.copyOf(paths.fieldNames())) {
                if (paths.getJsonObject(path).getBoolean(OUTSIDE_ROUTER, false)) {
                  paths.remove(path);
                  continue;
                }
                JsonObject item = paths.getJsonObject(path);
                for (String method : item.fieldNames()) {
                  if (item.getValue(method) instanceof JsonObject operation
                      && operation.getBoolean(SECURITY_IN_HANDLER, false)) {
                    operation.remove("security");
                  }
                }
              }
              return OpenAPIContract.from(vertx, routed)
                  .map(contract -> new Api(contract, yaml, tree.encodePrettily(), version));
            });
  }

  /**
   * The router's own copy of the contract. vertx-openapi 5.0 refuses a response media type it
   * cannot validate, {@code application/problem+json} among them; it does not validate responses at
   * all, so its copy says {@code application/json} there. The published document keeps the truth.
   */
  private static JsonObject forRouter(JsonObject node) {
    for (String key : List.copyOf(node.fieldNames())) {
      Object value = node.getValue(key);
      if (value instanceof JsonObject child) {
        forRouter(child);
        if ("content".equals(key) && child.containsKey(Problem.CONTENT_TYPE)) {
          child.put("application/json", child.remove(Problem.CONTENT_TYPE));
        }
      } else if (value instanceof JsonArray array) {
        array.stream()
            .filter(JsonObject.class::isInstance)
            .map(JsonObject.class::cast)
            .forEach(Api::forRouter);
      }
    }
    return node;
  }

  /** The router's copy of the contract (for the tests). */
  OpenAPIContract contract() {
    return contract;
  }

  public String version() {
    return version;
  }

  /**
   * Puts the {@code API-Version} header on every response under {@code /api/v1}: mount it before
   * any route there, including those a feature routes itself (the token endpoint).
   */
  public void versionHeaders(Router router) {
    router.route(BASE_PATH + "/*").handler(this::versionHeader);
  }

  /** Mounts the API, its published contract and the API page on {@code router}. */
  public void mount(Vertx vertx, Router router, List<ApiOperations> features) {
    router
        .get(BASE_PATH + "/openapi.yaml")
        .handler(ctx -> send(ctx, "application/yaml; charset=utf-8", yaml));
    router.get(BASE_PATH + "/openapi.json").handler(ctx -> send(ctx, "application/json", json));
    router.get(BASE_PATH + "/docs").handler(this::docs);

    DecodedOnce extractor = new DecodedOnce();
    RouterBuilder builder = RouterBuilder.create(vertx, contract, extractor);
    features.forEach(feature -> feature.mount(builder));
    // The contract's checks with each schema's validator built here, once, instead of the
    // router builder's own (a new validator per parameter and body of every request).
    ContractValidation validation = new ContractValidation(vertx, contract);
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (route.getHandlers().isEmpty()) {
        throw new IllegalStateException(
            "No handler for API operation " + route.getOperation().getOperationId());
      }
      if (route.doValidation()) {
        route.setDoValidation(false);
        route.getHandlers().add(0, validation.handler(route.getOperation(), extractor));
      }
    }
    router.route(BASE_PATH + "/*").subRouter(builder.createRouter());
  }

  private void versionHeader(RoutingContext ctx) {
    ctx.response().putHeader("API-Version", version);
    // Answers of the API may hold personal data (signals, organisations): no cache keeps them
    // unless an operation says otherwise (the published contract may be cached).
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.next();
  }

  private static void send(RoutingContext ctx, String type, String body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader("Access-Control-Allow-Origin", "*")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .end(Buffer.buffer(body));
  }

  /** Swagger UI from its webjar, started by our own script: no inline code, no CDN. */
  private void docs(RoutingContext ctx) {
    String html =
        """
        <!doctype html>
        <html lang="nl">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>API wijkportaal</title>
          <link rel="stylesheet" href="%1$sswagger-ui.css">
        </head>
        <body>
          <main id="swagger-ui" data-url="%2$s/openapi.json"></main>
          <script src="%1$sswagger-ui-bundle.js"></script>
          <script src="%1$sswagger-ui-standalone-preset.js"></script>
          <script src="/static/js/swagger-init.js"></script>
        </body>
        </html>
        """
            .formatted(SWAGGER_UI, BASE_PATH);
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(html);
  }
}
