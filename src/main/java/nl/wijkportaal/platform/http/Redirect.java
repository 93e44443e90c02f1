package nl.wijkportaal.platform.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Redirects after a form post: 303 See Other, so a reload never posts the form again. */
public final class Redirect {

  private Redirect() {}

  public static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
  }
}
