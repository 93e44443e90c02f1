package nl.wijkportaal.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Which failures mean "the database is away, try again" (503 with Retry-After) rather than a bug.
 */
class DatabaseUnavailableTest {

  @Test
  void a_query_on_a_connection_the_network_dropped_is_an_outage_and_a_bug_is_not() {
    // Seen in SlowDatabaseFaultTest: a connection dropped under a request that was about to use it.
    assertThat(
            DatabaseUnavailable.is(
                new VertxException("Connection is not active now, current status: CLOSED")))
        .isTrue();
    assertThat(
            DatabaseUnavailable.is(
                new RuntimeException(
                    "wrapped", new java.net.ConnectException("Connection refused"))))
        .isTrue();
    // Seen in SignaalApiTest: statements sent at once, the server gone after the first failed.
    assertThat(DatabaseUnavailable.is(new IOException("Broken pipe"))).isTrue();
    assertThat(DatabaseUnavailable.is(new IOException("No space left on device"))).isFalse();
    assertThat(DatabaseUnavailable.is(new IllegalStateException("a bug"))).isFalse();
  }
}
