package nl.wijkportaal.platform.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Redirects after a form post: 303 See Other, so a reload never posts the form again. */
public final class Redirect {

  private Redirect() {}

  public static void seeOther(RoutingContext ctx, String location) {
    if (location == null || !location.matches("/(?![/\\\\])[\\x21-\\x7E]*")) {
      // Only our own paths; anything else is a bug, not a place to send a visitor.
      ctx.fail(new IllegalArgumentException("refused redirect target"));
      return;
    }
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location);
    Sessions.flushThen(ctx, () -> ctx.response().end());
  }
}
