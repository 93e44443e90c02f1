package nl.wijkportaal.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.impl.Signature;
import java.util.Set;

/**
 * CSRF protection for everything a browser sends, HTML form or JSON, with Vert.x's {@link
 * CSRFHandler} and its default names (cookie {@code XSRF-TOKEN}, header or form field {@code
 * X-XSRF-TOKEN}). A JSON API request with a bearer token is a partner system authenticated by that
 * header alone, never by a cookie, so it needs no token; a read of the JSON API needs none either,
 * nor does a call without a session cookie. A bearer or cookieless API call gets no session at all
 * ({@link Sessions#loadOnly}). Any other header (a browser can attach cached Basic credentials by
 * itself) exempts nothing, and every decision reads the path as the router routes it.
 *
 * <p>Every token is signed with the configured secret (HMAC-SHA256), carries its time of issue (2
 * hours valid) and must come back twice, in the cookie and in the header or form field, compared in
 * constant time. While the visitor has a session the token is also bound to it (the handler keeps
 * it under the session's id, so a token from another session or from before a sign-in is refused).
 * A visitor without one, who has started nothing ({@link Sessions#loadOnly}), gets the handler's
 * cookie-only mode: a new signed token with every page, checked by signature, age and double
 * submission. A session started later takes over the token of its request ({@link #bind}).
 */
public final class Csrf implements Handler<RoutingContext> {

  /** How long a visitor without a session keeps its token from page to page. */
  static final long REUSE_MS = 3600L * 1000;

  private final CSRFHandler csrf;
  private final Signature signature;
  private final Set<String> exempt;

  /** {@code exempt}: paths that never use cookies, such as the OAuth token endpoint. */
  public Csrf(Vertx vertx, String secret, boolean secureCookies, Set<String> exempt) {
    this.exempt = Set.copyOf(exempt);
    this.signature = new Signature(secret);
    this.csrf =
        CSRFHandler.create(vertx, secret)
            .setCookieSecure(secureCookies)
            .setCookieHttpOnly(false) // the page's own script reads it for JSON requests
            .setTimeout(2L * 3600 * 1000);
  }

  @Override
  public void handle(RoutingContext ctx) {
    // Decide on the path the router will route on: "/api/../inbox/..." is an inbox page.
    String path = WellFormedRequest.routedPath(ctx);
    boolean api = Sessions.isApi(path);
    boolean safe =
        HttpMethod.GET.equals(ctx.request().method())
            || HttpMethod.HEAD.equals(ctx.request().method());
    // An API call that cannot act for a signed-in browser needs no token, and gets the API's
    // own 401 when it carries no credentials either.
    if ((api && (safe || !Sessions.fromBrowserSession(ctx))) || exempt.contains(path)) {
      ctx.next();
    } else if (safe && ctx.session() == null && reuse(ctx)) {
      ctx.next();
    } else if (!safe && Sessions.gone(ctx)) {
      // Posted from a page of a session that is gone: refused, as a token from another session is.
      ctx.fail(403, new IllegalStateException("CSRF token of a session that is gone"));
    } else {
      csrf.handle(ctx);
    }
  }

  /**
   * Gives the page the token the visitor's cookie holds, if it is ours (signature), well formed and
   * less than {@link #REUSE_MS} old. Without a session the handler would issue a new token with
   * every page, so a second tab, or the browser's own request for the site icon, would leave the
   * form of the first with a token that no longer matches the cookie (a 403).
   */
  private boolean reuse(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(CSRFHandler.DEFAULT_COOKIE_NAME);
    String token = cookie == null ? null : cookie.getValue();
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3 || !signature.verify(token)) {
      return false;
    }
    long age;
    try {
      age = System.currentTimeMillis() - Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    if (age < 0 || age > REUSE_MS) {
      return false;
    }
    ctx.put(CSRFHandler.DEFAULT_HEADER_NAME, token);
    return true;
  }

  /**
   * Binds the token this response gives the visitor to a session started during the request, in the
   * form the handler keeps it for a session it finds ("session id/token" under the header's name):
   * from then on only this session's own token passes, as for every session.
   */
  static void bind(RoutingContext ctx, Session session) {
    String token = ctx.get(CSRFHandler.DEFAULT_HEADER_NAME);
    if (token != null) {
      session.put(CSRFHandler.DEFAULT_HEADER_NAME, session.id() + "/" + token);
    }
  }
}
