package nl.wijkportaal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;

/**
 * Browser sessions. In a cluster they live in Hazelcast, so a person keeps their session when the
 * node that served them dies; on one node they live in memory.
 */
public final class Sessions {

  /** Request key of the session handler that serves the request (for {@link #flushThen}). */
  static final String HANDLER = "wijkportaal.sessionHandler";

  public static final String COOKIE = "wijkportaal_sessie";

  private final SessionStore store;
  private final boolean secureCookies;
  private final long idleTimeoutMs;

  public Sessions(Vertx vertx, boolean secureCookies, int idleSeconds) {
    this.idleTimeoutMs = idleSeconds * 1_000L;
    this.store = store(vertx, idleSeconds);
    this.secureCookies = secureCookies;
  }

  /**
   * The session store: Hazelcast's in a cluster, else the memory of this node. Everything that
   * reads sessions (the session handler, the chat bridge's re-check) opens it here, so all read the
   * same map and none sweeps it more often than {@link #reaperInterval}.
   */
  public static SessionStore store(Vertx vertx, int idleSeconds) {
    return vertx.isClustered()
        ? ClusteredSessionStore.create(vertx)
        : new ExpiringOnRead(
            LocalSessionStore.create(
                vertx, LocalSessionStore.DEFAULT_SESSION_MAP_NAME, reaperInterval(idleSeconds)));
  }

  /**
   * How often the sessions in memory are swept: the sweep walks (and copies) every session, which
   * at Vert.x's default of every second was the largest share of a page's CPU under load (a session
   * per visitor, kept 30 idle minutes). Once a minute for the usual idle timeout; an expired
   * session is refused on reading anyway ({@link ExpiringOnRead}), so the sweep only frees memory.
   */
  static long reaperInterval(int idleSeconds) {
    return Math.max(1_000L, Math.min(60_000L, idleSeconds * 1_000L / 30));
  }

  /**
   * Ends a response only once its session is stored. The handler's own save runs while the headers
   * go out, so in a cluster the browser's next request could read the session from before (an old
   * CSRF token: a 403); and it skips saving on a 4xx, which loses the new token of a form shown
   * again with its errors.
   */
  public static void flushThen(RoutingContext ctx, Runnable end) {
    SessionHandler handler = ctx.get(HANDLER);
    if (handler == null || ctx.session() == null) {
      end.run();
      return;
    }
    handler.flush(ctx, true).onComplete(stored -> end.run());
  }

  /**
   * Whether {@code routedPath} is the JSON API's (which authenticates by its bearer token alone).
   */
  public static boolean isApi(String routedPath) {
    return routedPath.startsWith("/api/");
  }

  /**
   * The session handler, except for JSON API calls that come without a session cookie or with a
   * bearer token: the API is authenticated by that token or not at all, so such a call neither
   * loads nor creates a server-side session (a flood of anonymous or partner reads would otherwise
   * fill the session store, one session per request). A browser's own API call keeps its session,
   * so its CSRF token stays the one its pages hold.
   */
  public static Handler<RoutingContext> pagesOnly(SessionHandler handler) {
    return ctx -> {
      if (isApi(WellFormedRequest.routedPath(ctx)) && !fromBrowserSession(ctx)) {
        ctx.next();
      } else {
        handler.handle(ctx);
      }
    };
  }

  /**
   * Whether the request carries a bearer token (a partner system), whatever the case of the scheme.
   */
  public static boolean bearer(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  /**
   * A call that could act for a signed-in browser: it carries the session cookie and no bearer
   * token. Only such a call loads a session on the API, and only such a call needs the CSRF token
   * there: the two decisions are one.
   */
  public static boolean fromBrowserSession(RoutingContext ctx) {
    return ctx.request().getCookie(COOKIE) != null && !bearer(ctx);
  }

  /** Makes the request's session handler known to {@link #flushThen}. */
  public static Handler<RoutingContext> remember(SessionHandler handler) {
    return ctx -> {
      ctx.put(HANDLER, handler);
      ctx.next();
    };
  }

  public SessionHandler handler() {
    return SessionHandler.create(store)
        .setSessionCookieName(COOKIE)
        .setCookieHttpOnlyFlag(true)
        .setCookieSecureFlag(secureCookies)
        .setCookieSameSite(CookieSameSite.LAX)
        .setSessionTimeout(idleTimeoutMs)
        .setLazySession(true);
  }

  /**
   * A session store in memory that never hands out a session past its idle timeout, whenever its
   * sweep last ran (the same test as Vert.x's sweep: last access plus timeout before now).
   */
  static final class ExpiringOnRead implements SessionStore {
    private final SessionStore store;

    ExpiringOnRead(SessionStore store) {
      this.store = store;
    }

    @Override
    public SessionStore init(Vertx vertx, JsonObject options) {
      store.init(vertx, options);
      return this;
    }

    @Override
    public long retryTimeout() {
      return store.retryTimeout();
    }

    @Override
    public Session createSession(long timeout) {
      return store.createSession(timeout);
    }

    @Override
    public Session createSession(long timeout, int length) {
      return store.createSession(timeout, length);
    }

    @Override
    public Future<Session> get(String id) {
      return store
          .get(id)
          .map(
              session ->
                  session != null
                          && session.lastAccessed() + session.timeout() < System.currentTimeMillis()
                      ? null
                      : session);
    }

    @Override
    public Future<Void> delete(String id) {
      return store.delete(id);
    }

    @Override
    public Future<Void> put(Session session) {
      return store.put(session);
    }

    @Override
    public Future<Void> clear() {
      return store.clear();
    }

    @Override
    public Future<Integer> size() {
      return store.size();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
