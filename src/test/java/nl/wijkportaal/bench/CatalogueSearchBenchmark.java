package nl.wijkportaal.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.catalogue.CatalogueRepository;
import nl.wijkportaal.catalogue.OfferGenerator;
import nl.wijkportaal.support.TestServer;

/**
 * Latency of {@code GET /api/v1/aanbod} for typical searches, at the demo size and with 10,000
 * extra offers: the real application on the embedded PostgreSQL, one client on loopback. Run with
 * {@code bench/catalogue-search.sh}; the figures go into the README.
 */
public final class CatalogueSearchBenchmark {

  private static final List<String> QUERIES =
      List.of(
          "q=schulden",
          "q=eenzaam",
          "q=opvoeding&wijk=noord",
          "q=mantelzrog",
          "leefgebied=financien&gratis=true",
          "q=taal+leren&gesprokenTaal=ar",
          "q=huiswerk&leeftijd=14",
          "doelgroep=ouderen&wijk=zuid");

  private CatalogueSearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int extra = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    try (TestServer server = TestServer.start(Map.of("WIJKPORTAAL_ACCESS_LOG", "OFF"))) {
      measure(server, "demo size", rounds);
      long started = System.nanoTime();
      OfferGenerator.publish(
              new CatalogueRepository(server.app().pool()),
              new OfferGenerator(42).generate(extra),
              Clock.systemUTC())
          .await();
      server.app().pool().query("ANALYZE offer").execute().await();
      System.out.printf(
          "generated %d offers in %d s%n", extra, (System.nanoTime() - started) / 1_000_000_000);
      measure(server, "demo + " + extra, rounds);
    }
  }

  private static void measure(TestServer server, String label, int rounds) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 50; i++) { // warm-up
      get(client, server, QUERIES.get(i % QUERIES.size()));
    }
    List<Long> micros = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (String q : QUERIES) {
        long t = System.nanoTime();
        get(client, server, q);
        micros.add((System.nanoTime() - t) / 1000);
      }
    }
    Collections.sort(micros);
    System.out.printf(
        "%s: %d searches, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        label,
        micros.size(),
        micros.get(micros.size() / 2) / 1000.0,
        micros.get((int) (micros.size() * 0.99)) / 1000.0,
        micros.get(micros.size() - 1) / 1000.0);
  }

  private static void get(HttpClient client, TestServer server, String query) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(server.url("/api/v1/aanbod?" + query))).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(query + " answered " + r.statusCode());
    }
  }
}
