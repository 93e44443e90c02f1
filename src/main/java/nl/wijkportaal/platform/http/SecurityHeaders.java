package nl.wijkportaal.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

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

  /**
   * The headers, names and values made once as ASCII bytes (Vert.x's optimised form): put on every
   * response without being hashed, checked and encoded anew each time.
   */
  private static final List<Map.Entry<CharSequence, CharSequence>> ALWAYS =
      List.of(
          header("Content-Security-Policy", CSP),
          header("X-Content-Type-Options", "nosniff"),
          header("X-Frame-Options", "DENY"),
          header("Referrer-Policy", "no-referrer"),
          header("Cross-Origin-Opener-Policy", "same-origin"),
          header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"));

  private static final Map.Entry<CharSequence, CharSequence> HSTS =
      header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");

  private static Map.Entry<CharSequence, CharSequence> header(String name, String value) {
    return Map.entry(HttpHeaders.createOptimized(name), HttpHeaders.createOptimized(value));
  }

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
    MultiMap headers = response.headers();
    for (Map.Entry<CharSequence, CharSequence> header : ALWAYS) {
      headers.set(header.getKey(), header.getValue());
    }
    if (https) {
      headers.set(HSTS.getKey(), HSTS.getValue());
    }
  }

  /** For requests the server refuses before routing: the headers, then Vert.x's own answer. */
  public static Handler<HttpServerRequest> onInvalidRequest() {
    return request -> {
      onto(request.response(), false);
      request.response().putHeader("Cache-Control", "no-store");
      HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    };
  }
}
