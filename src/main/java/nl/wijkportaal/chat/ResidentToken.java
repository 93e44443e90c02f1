package nl.wijkportaal.chat;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The resident's only identity in the chat: a random token in an HttpOnly cookie. The server keeps
 * its SHA-256, so a database copy does not let anyone into a conversation.
 */
public final class ResidentToken {

  public static final String COOKIE = "wijkportaal_chat";

  /** Request key under which the bridge finds the hash, read before SockJS strips the cookies. */
  static final String HASH_KEY = "chat.residentTokenHash";

  private static final long MAX_AGE_SECONDS = 24 * 3600;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean secureCookies;

  public ResidentToken(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  /** The hash of the request's token, if it carries a well-formed one. */
  public static Optional<String> hashOf(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || !cookie.getValue().matches("[A-Za-z0-9_-]{43}")) {
      return Optional.empty();
    }
    return Optional.of(ChatService.hash(cookie.getValue()));
  }

  /** The request's token hash, giving the browser a new token when it has none. */
  public String hashOrIssue(RoutingContext ctx) {
    Optional<String> existing = hashOf(ctx);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.response()
        .addCookie(
            Cookie.cookie(COOKIE, token)
                .setPath("/")
                .setHttpOnly(true)
                .setSecure(secureCookies)
                .setSameSite(CookieSameSite.LAX)
                .setMaxAge(MAX_AGE_SECONDS));
    return ChatService.hash(token);
  }
}
