package nl.wijkportaal.faults;

import static nl.wijkportaal.faults.FaultNode.HTTP;
import static nl.wijkportaal.faults.FaultNode.status;
import static nl.wijkportaal.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A slow database, then one that drops every connection, through a TCP proxy between node and
 * PostgreSQL: requests that need the database wait a bounded time and answer (200, or 503 with
 * Retry-After when the pool cannot give a connection in time), while the event loops stay free and
 * {@code /health/live} keeps answering at once.
 */
class SlowDatabaseFaultTest {

  @Test
  void a_slow_and_then_dropped_database_keeps_the_node_answering_and_it_recovers_by_itself()
      throws Exception {
    DatabaseUrl db = TestDatabase.fresh();
    try (SlowProxy proxy = SlowProxy.to(db.host(), db.port());
        TestServer node =
            TestServer.on(
                new DatabaseUrl("127.0.0.1", proxy.port(), db.database(), db.user(), db.password()),
                Map.of(),
                Clock.systemUTC())) {
      String search = node.url("/api/v1/aanbod?q=schulden");
      assertThat(status(search)).isEqualTo(200);

      // Slow: every chunk to and from PostgreSQL held back 300 ms, 8 searches at once on a pool of
      // 4.
      proxy.latency(300);
      List<CompletableFuture<HttpResponse<String>>> slow = fire(search, 8);
      List<Long> live = liveTimes(node, 20);
      List<Integer> slowAnswers = answers(slow);
      assertThat(slowAnswers)
          .as("each answers: stored data, or 503 when no connection came in time")
          .allMatch(s -> s == 200 || s == 503);
      assertThat(slowAnswers).contains(200);

      // Slower than readiness waits for: readiness says DOWN within its own timeout, liveness stays
      // up.
      proxy.latency(3_000);
      long readyStarted = System.nanoTime();
      assertThat(status(node.url("/health/ready"))).isEqualTo(503);
      long readyMillis = (System.nanoTime() - readyStarted) / 1_000_000;
      live.addAll(liveTimes(node, 5));

      // Dropped: every connection to PostgreSQL closed while searches are on their way (held
      // back 500 ms, so some are in flight on the connections that go).
      proxy.latency(500);
      List<CompletableFuture<HttpResponse<String>>> cut = fire(search, 8);
      Thread.sleep(300);
      int dropped = proxy.dropAll();
      proxy.latency(0);
      List<Integer> cutAnswers = answers(cut);
      assertThat(cutAnswers).allMatch(s -> s == 200 || s == 503);
      for (CompletableFuture<HttpResponse<String>> r : cut) {
        if (r.get().statusCode() == 503) {
          assertThat(r.get().headers().firstValue("retry-after")).isPresent();
        }
      }
      live.addAll(liveTimes(node, 5));

      // Recovered without a restart: new connections, readiness UP, searches answer.
      until(
          "readiness UP again",
          Duration.ofSeconds(20),
          () -> status(node.url("/health/ready")) == 200);
      assertThat(answers(fire(search, 8))).containsOnly(200);

      List<Long> sorted = live.stream().sorted().toList();
      System.out.printf(
          "SlowDatabaseFaultTest: /health/live answered %d of %d times during the faults, median %d ms, max %d ms; "
              + "16 searches at 300 ms latency: %d answered 200, %d answered 503; readiness DOWN in %d ms at 3 s latency; "
              + "%d connections dropped: %s%n",
          sorted.size(),
          sorted.size(),
          sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() - 1),
          slowAnswers.stream().filter(s -> s == 200).count(),
          slowAnswers.stream().filter(s -> s == 503).count(),
          readyMillis,
          dropped,
          cutAnswers);
    }
  }

  private static List<CompletableFuture<HttpResponse<String>>> fire(String url, int count) {
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    return all;
  }

  /** Every request gets an answer within the client's 30 s: none hangs. */
  private static List<Integer> answers(List<CompletableFuture<HttpResponse<String>>> requests)
      throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> r : requests) {
      statuses.add(r.get(40, TimeUnit.SECONDS).statusCode());
    }
    return statuses;
  }

  /**
   * Liveness asked {@code times} times while the database misbehaves: each must answer 200 (within
   * 2 s).
   */
  private static List<Long> liveTimes(TestServer node, int times) throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      long started = System.nanoTime();
      HttpResponse<String> live =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(node.url("/health/live")))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      millis.add((System.nanoTime() - started) / 1_000_000);
      assertThat(live.statusCode()).isEqualTo(200);
      Thread.sleep(50);
    }
    return millis;
  }
}
