package nl.wijkportaal.platform.web;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the visitor's language: an explicit {@code ?taal=} (kept in a cookie so it sticks), then
 * that cookie, then {@code Accept-Language}, then Dutch.
 */
public final class Language implements Handler<RoutingContext> {

  public static final Locale DUTCH = Locale.forLanguageTag("nl");
  public static final Locale ENGLISH = Locale.ENGLISH;
  public static final List<Locale> SUPPORTED = List.of(DUTCH, ENGLISH);
  public static final String PARAM = "taal";
  public static final String COOKIE = "taal";
  private static final String KEY = "locale";

  private final boolean secureCookies;

  public Language(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Locale chosen = supported(ctx.request().getParam(PARAM));
    if (chosen != null) {
      ctx.response()
          .addCookie(
              Cookie.cookie(COOKIE, chosen.getLanguage())
                  .setPath("/")
                  .setMaxAge(365L * 24 * 3600)
                  .setHttpOnly(true)
                  .setSecure(secureCookies)
                  .setSameSite(CookieSameSite.LAX));
    } else {
      Cookie cookie = ctx.request().getCookie(COOKIE);
      chosen = cookie == null ? null : supported(cookie.getValue());
    }
    if (chosen == null) {
      chosen = fromHeader(ctx);
    }
    ctx.put(KEY, chosen);
    ctx.next();
  }

  /** The language chosen for this request (Dutch when none was chosen yet). */
  public static Locale of(RoutingContext ctx) {
    Locale locale = ctx.get(KEY);
    return locale != null ? locale : fromHeader(ctx);
  }

  private static Locale fromHeader(RoutingContext ctx) {
    for (LanguageHeader header : ctx.acceptableLanguages()) {
      Locale locale = supported(header.tag());
      if (locale != null) {
        return locale;
      }
    }
    return DUTCH;
  }

  private static Locale supported(String tag) {
    if (tag == null) {
      return null;
    }
    String language = tag.trim().toLowerCase(Locale.ROOT);
    for (Locale locale : SUPPORTED) {
      if (language.equals(locale.getLanguage())) {
        return locale;
      }
    }
    return null;
  }
}
