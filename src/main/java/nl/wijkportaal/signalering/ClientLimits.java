package nl.wijkportaal.signalering;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.wijkportaal.platform.ratelimit.Decision;
import nl.wijkportaal.platform.ratelimit.Limit;
import nl.wijkportaal.platform.ratelimit.RateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signals limit per API client: the configured one for every client, and a raised one only for
 * the clients the configuration names ({@code intake.signalsPerClientRaised}, such as a load test's
 * client). Each raised client is logged as a warning at start, so a raise is never silent.
 */
final class ClientLimits implements Limit {

  private static final Logger LOG = LoggerFactory.getLogger(ClientLimits.class);

  private final Limit general;
  private final Map<String, Limit> raised = new LinkedHashMap<>();

  ClientLimits(RateLimits limits, int perClient, Map<String, Integer> raisedFor, Duration period) {
    this.general = limits.limit("signalen.client", perClient, period);
    raisedFor.forEach(
        (client, capacity) -> {
          LOG.warn(
              "Signals limit for API client {} raised by configuration to {} per {} (others: {})",
              client,
              capacity,
              period,
              perClient);
          raised.put(client, limits.limit("signalen.client.raised." + client, capacity, period));
        });
  }

  @Override
  public String name() {
    return general.name();
  }

  @Override
  public int capacity() {
    return general.capacity();
  }

  @Override
  public Duration period() {
    return general.period();
  }

  @Override
  public Future<Decision> tryConsume(String client) {
    return raised.getOrDefault(client, general).tryConsume(client);
  }
}
