package nl.wijkportaal.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nl.wijkportaal.app.Application;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The stop has a deadline: a node whose every event loop hangs (the way one huge upload once froze
 * half a node) still stops when asked, after its grace period and a few seconds more, instead of
 * waiting forever.
 */
class GracefulStopTest {

  @Test
  void a_node_whose_event_loops_hang_stops_anyway_after_its_deadline() throws Exception {
    TestServer node = TestServer.start(Map.of("WIJKPORTAAL_SHUTDOWN_GRACE_SECONDS", "1"));
    Duration deadline = Application.stopDeadline(node.app().config());
    assertThat(deadline).isEqualTo(Duration.ofSeconds(6));
    CountDownLatch release = new CountDownLatch(1);
    try {
      for (EventExecutor loop : ((VertxInternal) node.app().vertx()).eventLoopGroup()) {
        loop.execute(() -> await(release));
      }
      // The node no longer answers: its event loops are stuck.
      CompletableFuture<HttpResponse<String>> hung =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(node.url("/health/live"))).build(),
                  HttpResponse.BodyHandlers.ofString());
      Thread.sleep(300);
      assertThat(hung).isNotDone();

      long started = System.nanoTime();
      CompletableFuture<Void> stop = CompletableFuture.runAsync(node::close);
      // Bounded: without the deadline this never returns. The margin covers a loaded machine.
      stop.get(deadline.toSeconds() + 20, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - started) / 1_000_000;
      System.out.printf(
          "GracefulStopTest: stopped with hung event loops in %d ms (deadline %d s)%n",
          millis, deadline.toSeconds());
      assertThat(millis).isGreaterThanOrEqualTo(deadline.toMillis() - 100);
    } finally {
      release.countDown();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
