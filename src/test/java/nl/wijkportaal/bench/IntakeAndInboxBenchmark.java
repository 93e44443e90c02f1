package nl.wijkportaal.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;

/**
 * Latency of a partner's {@code POST /api/v1/signalen} (one transaction: item, personal data,
 * history, possible matches, audit entry, receipt mail) and of the triage inbox pages as the inbox
 * fills up: the real application on the embedded PostgreSQL, one client on loopback. Run with
 * {@code bench/intake-and-inbox.sh}; the figures go into the README.
 */
public final class IntakeAndInboxBenchmark {

  private static final List<String> INBOX_VIEWS =
      List.of(
          "/inbox",
          "/inbox?kanaal=signaal&wijk=noord",
          "/inbox?termijn=te_laat",
          "/inbox?tekst=Kind+4711",
          "/inbox?eigenaar=vrij&pagina=3");

  private IntakeAndInboxBenchmark() {}

  public static void main(String[] args) throws Exception {
    int signals = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    TestClock clock = TestClock.startingNow();
    try (TestServer server =
        TestServer.start(
            Map.of("WIJKPORTAAL_ACCESS_LOG", "OFF", "WIJKPORTAAL_SIGNALS_PER_CLIENT", "1000000"),
            clock)) {
      HttpClient client = HttpClient.newHttpClient();
      String token = token(server);
      List<Long> posts = new ArrayList<>();
      for (int i = 0; i < signals; i++) {
        long t = System.nanoTime();
        post(client, server, token, i);
        if (i >= 50) { // after warm-up
          posts.add((System.nanoTime() - t) / 1000);
        }
        if (i % 1000 == 999) {
          token = token(server); // tokens live 15 minutes
        }
      }
      report("POST /api/v1/signalen", posts);
      server.app().pool().query("ANALYZE").execute().await();
      WebUser tessa = Staff.signIn(server, clock, "triage");
      for (String view : INBOX_VIEWS) {
        List<Long> gets = new ArrayList<>();
        for (int r = 0; r < rounds + 5; r++) {
          long t = System.nanoTime();
          HttpResponse<String> page = tessa.get(view);
          if (page.statusCode() != 200) {
            throw new IllegalStateException(view + " answered " + page.statusCode());
          }
          if (r >= 5) {
            gets.add((System.nanoTime() - t) / 1000);
          }
        }
        report("GET " + view + " (" + signals + " items)", gets);
      }
    }
  }

  private static String token(TestServer server) {
    HttpResponse<String> r =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    "demo-school",
                    "client_secret",
                    Staff.PASSWORD));
    return new JsonObject(r.body()).getString("access_token");
  }

  private static void post(HttpClient client, TestServer server, String token, int i)
      throws Exception {
    JsonObject body =
        new JsonObject()
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", "Kind " + i)
                    .put("geboortedatum", "2014-01-" + String.format("%02d", i % 28 + 1))
                    .put("postcode", "80" + (i % 5 + 1) + "1 AB")
                    .put("huisnummer", String.valueOf(i % 200 + 1)))
            .put(
                "leefgebieden",
                new io.vertx.core.json.JsonArray().add(i % 2 == 0 ? "school_verzuim" : "financien"))
            .put("urgentie", i % 10 == 0 ? "spoed" : "regulier")
            .put("omschrijving", "Signaal nummer " + i + " over verzuim en zorgen thuis.")
            .put("betrokkeneGeinformeerd", true)
            .put("toestemming", "ja")
            .put("veiligheidszorg", false);
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(server.url("/api/v1/signalen")))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "signal " + i + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  private static void report(String label, List<Long> micros) {
    Collections.sort(micros);
    System.out.printf(
        "%s: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        label,
        micros.size(),
        micros.get(micros.size() / 2) / 1000.0,
        micros.get((int) (micros.size() * 0.99)) / 1000.0,
        micros.get(micros.size() - 1) / 1000.0);
  }
}
