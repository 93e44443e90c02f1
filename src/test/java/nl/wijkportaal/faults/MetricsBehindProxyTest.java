package nl.wijkportaal.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A reverse proxy on the same host connects from loopback: what it passes on must not count as a
 * scraper on this machine, whether or not the proxy is named in WIJKPORTAAL_TRUSTED_PROXIES.
 */
class MetricsBehindProxyTest {

  @Test
  void metrics_are_refused_to_anything_that_came_through_a_proxy_on_this_machine() {
    for (Map<String, String> settings :
        java.util.List.of(
            Map.<String, String>of(), Map.of("WIJKPORTAAL_TRUSTED_PROXIES", "127.0.0.1"))) {
      try (TestServer node = TestServer.start(settings)) {
        assertThat(node.user().get("/metrics").statusCode()).as("a local scraper").isEqualTo(200);
        assertThat(
                node.user().header("X-Forwarded-For", "203.0.113.9").get("/metrics").statusCode())
            .as("forwarded, " + settings)
            .isEqualTo(403);
        assertThat(node.user().header("X-Forwarded-For", "127.0.0.1").get("/metrics").statusCode())
            .as("forwarded from loopback")
            .isEqualTo(403);
        assertThat(node.user().header("Forwarded", "for=203.0.113.9").get("/metrics").statusCode())
            .isEqualTo(403);
        assertThat(node.user().header("X-Real-IP", "203.0.113.9").get("/metrics").statusCode())
            .isEqualTo(403);
      }
    }
  }
}
