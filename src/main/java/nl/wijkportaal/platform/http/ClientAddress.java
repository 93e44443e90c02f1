package nl.wijkportaal.platform.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The address a request came from. {@code X-Forwarded-For} counts only when the direct peer is a
 * proxy named in the configuration; anyone else could write anything there.
 */
public final class ClientAddress {

  private final List<String> trustedProxies;

  public ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  public String of(RoutingContext ctx) {
    String peer =
        ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    // The last address not added by one of our own proxies is the client.
    String[] hops = forwarded.split(",", -1);
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
