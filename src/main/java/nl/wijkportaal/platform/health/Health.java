package nl.wijkportaal.platform.health;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the database answers and holds
 * the schema this node migrated to; 503 otherwise, and UP again by itself when the database
 * returns.
 */
public final class Health {

  private static final String SCHEMA_VERSION =
      "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1";
  private static final long TIMEOUT_MS = 2_000;

  private final Pool pool;
  private final String expectedSchema;

  public Health(Pool pool, String expectedSchema) {
    this.pool = pool;
    this.expectedSchema = expectedSchema;
  }

  public void mount(Router router, Vertx vertx) {
    HealthChecks ready =
        HealthChecks.create(vertx).register("database", TIMEOUT_MS, this::database);
    router.get("/health/live").handler(ctx -> send(ctx, 200, new JsonObject().put("status", "UP")));
    router
        .get("/health/ready")
        .handler(
            ctx ->
                ready
                    .checkStatus()
                    .onSuccess(result -> send(ctx, result.getUp() ? 200 : 503, result.toJson()))
                    .onFailure(ctx::fail));
  }

  private void database(Promise<Status> promise) {
    pool.query(SCHEMA_VERSION)
        .execute()
        .onSuccess(
            rows -> {
              String version = rows.size() == 0 ? null : rows.iterator().next().getString(0);
              JsonObject data = new JsonObject().put("schema", version);
              promise.tryComplete(
                  expectedSchema.equals(version) ? Status.OK(data) : Status.KO(data));
            })
        .onFailure(
            e ->
                promise.tryComplete(
                    Status.KO(new JsonObject().put("error", "database unreachable"))));
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }
}
