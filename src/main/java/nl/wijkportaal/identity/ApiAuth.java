package nl.wijkportaal.identity;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import nl.wijkportaal.platform.api.ApiOperations;

/**
 * Bearer authentication of the JSON API for partner systems: Vert.x's JWT handler checks the
 * signature (any configured key, never {@code alg: none}), expiry, issuer and audience for the
 * contract's {@code bearerAuth} scheme; then the client must still be active and hold the scope.
 */
public final class ApiAuth implements ApiOperations {

  public static final String SCHEME = "bearerAuth";

  private final IdentityRepository repository;

  /**
   * The bearer check, each token's signature verified once per node (its expiry on every use,
   * against the system clock as vertx-auth-jwt's own check).
   */
  private final VerifiedTokens verified;

  public ApiAuth(TokenService tokens, IdentityRepository repository) {
    this.repository = repository;
    this.verified =
        new VerifiedTokens(tokens.verifier(), TokenService.LEEWAY_SECONDS, Clock.systemUTC());
  }

  /**
   * Registers the contract's bearer scheme with the router builder, once per builder: the
   * composition root mounts this before the features whose operations use {@link #caller}.
   */
  @Override
  public void mount(RouterBuilder builder) {
    builder.security(SCHEME).httpHandler(JWTAuthHandler.create(verified));
  }

  /**
   * After the JWT check: the caller as an active client of its organisation, with {@code scope}.
   */
  public Handler<RoutingContext> caller(String scope) {
    return ctx -> {
      JsonObject claims = ctx.user() == null ? null : ctx.user().principal();
      if (claims == null || claims.getString("sub") == null || claims.getString("org") == null) {
        ctx.fail(new HttpException(401, "no valid bearer token"));
        return;
      }
      UUID org = Access.uuid(claims.getValue("org"));
      if (org == null) {
        ctx.fail(new HttpException(401, "client no longer active"));
        return;
      }
      // Read on every request, so a deactivated client or organisation is refused at once.
      repository
          .activeCaller(claims.getString("sub"), org)
          .onSuccess(
              Guarded.on(
                  ctx,
                  found -> {
                    if (found.isEmpty()) {
                      ctx.fail(new HttpException(401, "client no longer active"));
                      return;
                    }
                    List<String> scopes = Arrays.asList(claims.getString("scope", "").split(" "));
                    if (!scopes.contains(scope)) {
                      ctx.fail(403);
                      return;
                    }
                    ApiCaller c = found.get();
                    ctx.put(
                        ApiCaller.KEY,
                        new ApiCaller(
                            c.clientId(), c.clientName(), org, c.organisationKind(), scopes));
                    ctx.next();
                  }))
          .onFailure(ctx::fail);
    };
  }
}
