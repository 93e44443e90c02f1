package nl.wijkportaal.platform.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import nl.wijkportaal.platform.http.ClientAddress;

/**
 * {@code /metrics} in Prometheus text: HTTP, pool and event-bus figures from Vert.x. Only a scraper
 * on this machine, or one that shows the configured bearer token, may read it.
 */
public final class Metrics {

  private final PrometheusMeterRegistry registry;
  private final Optional<String> token;
  private final ClientAddress clientAddress;

  public Metrics(
      PrometheusMeterRegistry registry, Optional<String> token, ClientAddress clientAddress) {
    this.registry = registry;
    this.token = token;
    this.clientAddress = clientAddress;
  }

  public void mount(Router router) {
    router.get("/metrics").handler(this::guard).handler(PrometheusScrapingHandler.create(registry));
  }

  private void guard(RoutingContext ctx) {
    if (fromThisMachine(ctx) || bearerMatches(ctx.request().getHeader("Authorization"))) {
      ctx.next();
    } else {
      ctx.fail(403);
    }
  }

  private boolean bearerMatches(String header) {
    if (token.isEmpty() || header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.get().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A scraper on this machine connects from loopback and says nothing of anyone else. A reverse
   * proxy on the same host also connects from loopback, but passes on requests from anywhere and
   * says so in forwarding headers: such a request is not from this machine, whoever the proxy is
   * and whether or not it is trusted.
   */
  private boolean fromThisMachine(RoutingContext ctx) {
    var headers = ctx.request().headers();
    if (headers.contains("X-Forwarded-For")
        || headers.contains("Forwarded")
        || headers.contains("X-Real-IP")) {
      return false;
    }
    String peer = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().host();
    return loopback(peer) && loopback(clientAddress.of(ctx));
  }

  private static boolean loopback(String address) {
    return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1");
  }
}
