package nl.wijkportaal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
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

  /** Request key: the request's session cookie names a session the store does not have. */
  private static final String GONE = "wijkportaal.sessionGone";

  /** Request key: {@link #flushThen} stored the session. */
  private static final String FLUSHED = "wijkportaal.sessionFlushed";

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
    ctx.put(FLUSHED, true);
    handler.flush(ctx, true).onComplete(stored -> end.run());
  }

  /**
   * Whether {@code routedPath} is the JSON API's (which authenticates by its bearer token alone).
   */
  public static boolean isApi(String routedPath) {
    return routedPath.startsWith("/api/");
  }

  /**
   * The session handler for a request that brings the cookie of a session in the store (on the JSON
   * API: and no bearer token, which authenticates such a call alone). A visitor who has not started
   * anything that must outlive the request (an aanmelding's answers, a sign-in, a receipt) has no
   * server-side session: {@code ctx.session()} is {@code null} until {@link #start} makes one, and
   * the CSRF token lives in its signed cookie only ({@link Csrf}). So a flood of first visits
   * leaves nothing in the store, and a page that only shows something does no session work. A
   * cookie whose session is gone (expired, or made up) is treated the same way, and expired in the
   * browser. (The store is asked first, then the handler asks again: one more read of a map in
   * memory, or of Hazelcast in a cluster.)
   */
  public Handler<RoutingContext> loadOnly(SessionHandler handler) {
    return ctx -> {
      Cookie cookie = ctx.request().getCookie(COOKIE);
      if (cookie == null || (isApi(WellFormedRequest.routedPath(ctx)) && bearer(ctx))) {
        ctx.next();
        return;
      }
      if (!ctx.request().isEnded()) {
        ctx.request().pause();
      }
      store
          .get(cookie.getValue())
          .onComplete(
              found -> {
                if (!ctx.request().isEnded()) {
                  ctx.request().resume();
                }
                if (found.succeeded() && found.result() == null) {
                  ctx.put(GONE, true);
                  Cookie expired = ctx.response().removeCookie(COOKIE);
                  if (expired != null) {
                    expired.setPath("/");
                  }
                  ctx.next();
                } else {
                  handler.handle(ctx);
                }
              });
    };
  }

  /**
   * The visitor's session, started now if they have none (or only a destroyed one): for what must
   * outlive the request. The CSRF token this response gives the visitor is bound to the new session
   * ({@link Csrf#bind}), so a form shown again in this response still posts. The session is stored
   * before the response ends ({@link #flushThen}), or else as its headers go out.
   */
  public static Session start(RoutingContext ctx) {
    Session session = ctx.session();
    if (session != null && !session.isDestroyed()) {
      return session;
    }
    SessionHandler handler = ctx.get(HANDLER);
    Session started = handler.newSession(ctx);
    Csrf.bind(ctx, started);
    ctx.addHeadersEndHandler(
        v -> {
          if (ctx.get(FLUSHED) == null) {
            handler.flush(ctx, true);
          }
        });
    return started;
  }

  /** Whether the request's session cookie names a session that is gone ({@link #loadOnly}). */
  static boolean gone(RoutingContext ctx) {
    return ctx.get(GONE) != null;
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
