package nl.wijkportaal.platform.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;

/**
 * Browser sessions. In a cluster they live in Hazelcast, so a person keeps their session
 * when the node that served them dies; on one node they live in memory.
 */
public final class Sessions {

  public static final String COOKIE = "wijkportaal_sessie";

  private final SessionStore store;
  private final boolean secureCookies;
  private final long idleTimeoutMs;

  public Sessions(Vertx vertx, boolean secureCookies, int idleMinutes) {
    this.idleTimeoutMs = idleMinutes * 60_000L;
    this.store = vertx.isClustered() ? ClusteredSessionStore.create(vertx) : LocalSessionStore.create(vertx);
    this.secureCookies = secureCookies;
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
}
