package nl.wijkportaal.identity;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A result handler that cannot leave a request hanging: Vert.x reports an exception thrown inside
 * {@code onSuccess} to the context, never to the request, so the body runs here and an exception
 * fails the request (the 500 page) instead.
 */
final class Guarded {

  private static final Logger LOG = LoggerFactory.getLogger(Guarded.class);

  private Guarded() {}

  static <T> Handler<T> on(RoutingContext ctx, Handler<T> body) {
    return value -> {
      try {
        body.handle(value);
      } catch (RuntimeException e) {
        fail(ctx, e);
      }
    };
  }

  /** Fails the request with {@code e}, or only logs it when the answer has gone out already. */
  static void fail(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      LOG.error(
          "Error after the answer to {} {} was sent",
          ctx.request().method(),
          ctx.request().path(),
          e);
    } else if (!ctx.failed()) {
      ctx.fail(e);
    } else {
      LOG.error("Second error on {} {}", ctx.request().method(), ctx.request().path(), e);
    }
  }
}
