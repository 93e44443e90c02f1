package nl.wijkportaal.identity;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Bearer authentication of the JSON API for partner systems: Vert.x's JWT handler checks the
 * signature (any configured key, never {@code alg: none}), expiry, issuer and audience for the
 * contract's {@code bearerAuth} scheme; then the client must still be active and hold the scope.
 */
public final class ApiAuth {

  public static final String SCHEME = "bearerAuth";

  private final TokenService tokens;
  private final IdentityRepository repository;

  public ApiAuth(TokenService tokens, IdentityRepository repository) {
    this.tokens = tokens;
    this.repository = repository;
  }

  /** Registers the bearer scheme of the contract with the router builder. */
  public void register(RouterBuilder builder) {
    builder.security(SCHEME).httpHandler(JWTAuthHandler.create(tokens.verifier()));
  }

  /** After the JWT check: the caller as an active client of its organisation, with {@code scope}. */
  public Handler<RoutingContext> caller(String scope) {
    return ctx -> {
      JsonObject claims = ctx.user() == null ? null : ctx.user().principal();
      if (claims == null || claims.getString("sub") == null || claims.getString("org") == null) {
        ctx.fail(new HttpException(401, "no valid bearer token"));
        return;
      }
      repository
          .apiClient(claims.getString("sub"))
          .onSuccess(
              Guarded.on(ctx, found -> {
                UUID org = Access.uuid(claims.getValue("org"));
                if (org == null || found.isEmpty() || !found.get().active() || !found.get().organisationId().equals(org)) {
                  ctx.fail(new HttpException(401, "client no longer active"));
                  return;
                }
                List<String> scopes = Arrays.asList(claims.getString("scope", "").split(" "));
                if (!scopes.contains(scope)) {
                  ctx.fail(403);
                  return;
                }
                ctx.put(ApiCaller.KEY, new ApiCaller(found.get().clientId(), found.get().name(), org, scopes));
                ctx.next();
              }))
          .onFailure(ctx::fail);
    };
  }
}
