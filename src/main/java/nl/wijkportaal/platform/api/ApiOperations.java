package nl.wijkportaal.platform.api;

import io.vertx.ext.web.openapi.router.RouterBuilder;

/** A feature's operations of the JSON API: it attaches a handler to each of its operation ids. */
public interface ApiOperations {
  void mount(RouterBuilder builder);
}
