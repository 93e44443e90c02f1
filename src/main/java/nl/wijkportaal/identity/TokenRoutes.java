package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.ratelimit.Limit;
import nl.wijkportaal.platform.web.Form;

/**
 * {@code POST /api/v1/token}: OAuth 2.0 client credentials (RFC 6749 §4.4). Client id and secret
 * come as form fields or HTTP Basic; answers and errors use the RFC's own names ({@code
 * access_token}, {@code error: invalid_client}), the documented exception to the API's Dutch
 * naming. The request is form-encoded, which the contract router cannot validate, so this one
 * operation is routed here and described in the contract.
 */
public final class TokenRoutes {

  public static final String PATH = "/api/v1/token";

  private final TokenService tokens;
  private final ClientAddress clientAddress;
  private final Limit perAddress;

  public TokenRoutes(TokenService tokens, ClientAddress clientAddress, Limit perAddress) {
    this.tokens = tokens;
    this.clientAddress = clientAddress;
    this.perAddress = perAddress;
  }

  public void mount(Router router) {
    router.post(PATH).handler(this::token);
  }

  private void token(RoutingContext ctx) {
    String grant = ctx.request().getFormAttribute("grant_type");
    String id = ctx.request().getFormAttribute("client_id");
    String secret = ctx.request().getFormAttribute("client_secret");
    String basic = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    boolean usedBasic = basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6);
    if (usedBasic) {
      String[] pair = decodeBasic(basic.substring(6).trim());
      if (pair == null) {
        error(ctx, 401, "invalid_client", "Malformed HTTP Basic credentials", true);
        return;
      }
      id = pair[0];
      secret = pair[1];
    }
    if (!"client_credentials".equals(grant)) {
      error(
          ctx,
          400,
          grant == null ? "invalid_request" : "unsupported_grant_type",
          "grant_type must be client_credentials",
          false);
      return;
    }
    if (id == null || id.isBlank() || secret == null || secret.isEmpty()) {
      error(ctx, 400, "invalid_request", "client_id and client_secret are required", false);
      return;
    }
    if (Form.controlCharacters(id.trim(), false) || Form.controlCharacters(secret, false)) {
      error(
          ctx,
          400,
          "invalid_request",
          "client_id and client_secret must not contain control characters",
          false);
      return;
    }
    // The contract's limits (maxLength 200 each): a longer id or secret is never valid, and is
    // not worth a password hash.
    if (id.trim().length() > 200 || secret.length() > 200) {
      error(
          ctx,
          400,
          "invalid_request",
          "client_id and client_secret are at most 200 characters",
          false);
      return;
    }
    String clientId = id.trim();
    String clientSecret = secret;
    String address = clientAddress.of(ctx);
    perAddress
        .tryConsume(address)
        .compose(
            decision -> {
              if (!decision.allowed()) {
                ctx.response()
                    .putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
                error(
                    ctx,
                    429,
                    "invalid_request",
                    "Too many token requests from this address; retry after the Retry-After seconds",
                    false);
                return Future.succeededFuture();
              }
              return tokens
                  .issue(clientId, clientSecret, address)
                  .onSuccess(
                      Guarded.on(
                          ctx,
                          issued -> {
                            if (issued.isEmpty()) {
                              error(
                                  ctx,
                                  401,
                                  "invalid_client",
                                  "Unknown client or wrong secret",
                                  usedBasic);
                              return;
                            }
                            send(
                                ctx,
                                200,
                                new JsonObject()
                                    .put("access_token", issued.get().accessToken())
                                    .put("token_type", "Bearer")
                                    .put("expires_in", issued.get().expiresInSeconds()));
                          }))
                  .mapEmpty();
            })
        .onFailure(ctx::fail);
  }

  private static String[] decodeBasic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return null;
      }
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void error(
      RoutingContext ctx, int status, String code, String description, boolean challenge) {
    if (status == 401 && challenge) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"wijkportaal\"");
    }
    send(
        ctx,
        status,
        new JsonObject()
            .put("error", code.toLowerCase(Locale.ROOT))
            .put("error_description", description));
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Pragma", "no-cache")
        .end(body.encode());
  }
}
