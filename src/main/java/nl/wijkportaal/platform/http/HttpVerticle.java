package nl.wijkportaal.platform.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One HTTP server instance; the composition root deploys one per event loop, all sharing the same
 * port. Stopping it is graceful: no new connections, in-flight requests finish.
 */
public final class HttpVerticle extends VerticleBase {

  /**
   * Port -1 asks Vert.x for one random port shared by every instance (0 would give each its own).
   */
  public static final int SHARED_RANDOM_PORT = -1;

  private final Function<Vertx, Router> routes;
  private final String host;
  private final int port;
  private final int graceSeconds;
  private HttpServer server;

  public HttpVerticle(Function<Vertx, Router> routes, String host, int port, int graceSeconds) {
    this.routes = routes;
    this.host = host;
    this.port = port;
    this.graceSeconds = graceSeconds;
  }

  @Override
  public Future<?> start() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setCompressionSupported(true)
                // HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front ends.
                // A proxy that offered cleartext HTTP/2 (h2c) would break the chat's xhr-polling:
                // vertx-web's SockJS closes the connection after each poll's answer, which over
                // HTTP/2 ends the SockJS session and every other request on that connection.
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(120)
                // A form field may hold an offer's description (5,000 characters, more bytes in
                // UTF-8).
                .setMaxFormAttributeSize(64 * 1024));
    return server
        .requestHandler(routes.apply(vertx))
        .invalidRequestHandler(SecurityHeaders.onInvalidRequest())
        .listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(graceSeconds, TimeUnit.SECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
