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
 * {@code /metrics} in Prometheus text: HTTP, pool and event-bus figures from Vert.x. Only a
 * scraper on this machine, or one that shows the configured bearer token, may read it.
 */
public final class Metrics {

  private final PrometheusMeterRegistry registry;
  private final Optional<String> token;
  private final ClientAddress clientAddress;

  public Metrics(PrometheusMeterRegistry registry, Optional<String> token, ClientAddress clientAddress) {
    this.registry = registry;
    this.token = token;
    this.clientAddress = clientAddress;
  }

  public void mount(Router router) {
    router.get("/metrics").handler(this::guard).handler(PrometheusScrapingHandler.create(registry));
  }

  private void guard(RoutingContext ctx) {
    if (loopback(clientAddress.of(ctx)) || bearerMatches(ctx.request().getHeader("Authorization"))) {
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
        header.substring(7).trim().getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean loopback(String address) {
    return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1");
  }
}
