package nl.wijkportaal.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response: a Content-Security-Policy that allows only our own scripts and styles
 * (no inline code), no framing, no MIME sniffing, no referrer (status links carry tokens), and HSTS
 * when the public address is https.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

  static final String CSP =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'self'",
          "form-action 'self'",
          "frame-ancestors 'none'");

  private final boolean https;

  public SecurityHeaders(String publicUrl) {
    this.https = publicUrl.startsWith("https://");
  }

  @Override
  public void handle(RoutingContext ctx) {
    onto(ctx.response(), https);
    ctx.next();
  }

  /**
   * Puts the headers on one response. Also for what the server answers before a router sees the
   * request (a 414 for an over-long address, a 431, a 400 for a broken request line).
   */
  public static void onto(HttpServerResponse response, boolean https) {
    response
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (https) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  }

  /** For requests the server refuses before routing: the headers, then Vert.x's own answer. */
  public static io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> onInvalidRequest() {
    return request -> {
      onto(request.response(), false);
      request.response().putHeader("Cache-Control", "no-store");
      io.vertx.core.http.HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    };
  }
}
