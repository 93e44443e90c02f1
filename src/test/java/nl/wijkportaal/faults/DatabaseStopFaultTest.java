package nl.wijkportaal.faults;

import static nl.wijkportaal.faults.FaultNode.HTTP;
import static nl.wijkportaal.faults.FaultNode.status;
import static nl.wijkportaal.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nl.wijkportaal.app.Application;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigLoader;
import nl.wijkportaal.platform.db.DatabaseServer;
import nl.wijkportaal.support.Staff;
import org.junit.jupiter.api.Test;

/**
 * The node's own embedded PostgreSQL is stopped for real (a fast shutdown of the postmaster) while
 * partner systems stream signals in through the API and residents send the aanmelding form, and
 * started again a few seconds later. Nobody is told "stored" for something that is not, nothing is
 * stored twice, and the node recovers without a restart.
 */
class DatabaseStopFaultTest {

  private static final String PREFIX = "Storing ";

  private String base;
  private String token;

  @Test
  void postgres_stopped_under_load_answers_503_keeps_what_was_typed_and_loses_or_doubles_nothing()
      throws Exception {
    Path data = Files.createTempDirectory("wijkportaal-fault-db");
    Map<String, String> env = FaultNode.settings();
    env.put("WIJKPORTAAL_DATA_DIR", data.toString());
    env.put("WIJKPORTAAL_DB_PORT", Integer.toString(FaultNode.freePort()));
    AppConfig config = ConfigLoader.load(env);
    Application app = Application.start(config, Clock.systemUTC());
    DatabaseServer restarted = null;
    ExecutorService load = Executors.newFixedThreadPool(3);
    try {
      base = "http://127.0.0.1:" + app.port();
      token = token();
      List<Resident> residents = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        residents.add(Resident.filledIn(base, PREFIX + "Bewoner " + i));
      }

      // Two partner systems stream signals; a third thread sends the residents' forms.
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicBoolean streaming = new AtomicBoolean(true);
      AtomicInteger unavailable = new AtomicInteger();
      List<String> unexpected = new CopyOnWriteArrayList<>();
      AtomicInteger sequence = new AtomicInteger();
      List<Future<?>> streams = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        streams.add(
            load.submit(
                () -> {
                  while (streaming.get()) {
                    String naam = PREFIX + "Signaal " + sequence.incrementAndGet();
                    if (submitUntilStored(naam, unavailable, unexpected)) {
                      acknowledged.add(naam);
                    }
                  }
                  return null;
                }));
      }
      streams.add(
          load.submit(
              () -> {
                for (Resident r : residents) {
                  r.sendUntilReceipt(unexpected);
                  acknowledged.add(r.naam);
                  Thread.sleep(400);
                }
                return null;
              }));

      Thread.sleep(1_500);
      long pid = app.database().postmasterPid().orElseThrow();
      app.database().close(); // the real server, a real (fast) shutdown
      assertThat(FaultNode.running(pid)).as("postgres is down").isFalse();

      // While it is down: readiness DOWN, the API says 503 with Retry-After, a resident's form is
      // kept.
      until("readiness DOWN", Duration.ofSeconds(10), () -> status(base + "/health/ready") == 503);
      HttpResponse<String> refused =
          signal(PREFIX + "Tijdens storing", UUID.randomUUID().toString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("retry-after")).isPresent();
      assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
      Resident during = Resident.filledIn(base, PREFIX + "Bewoner tijdens storing");
      HttpResponse<String> notSent = during.send();
      assertThat(notSent.statusCode()).isEqualTo(503);
      assertThat(notSent.headers().firstValue("retry-after")).isPresent();
      assertThat(notSent.body()).contains("/aanmelden/controleren").contains("antwoorden");
      assertThat(during.user.get("/aanmelden/controleren").body())
          .as("the answers are kept")
          .contains(during.naam);
      assertThat(status(base + "/health/live")).isEqualTo(200);
      Thread.sleep(1_500);

      restarted = DatabaseServer.start(config.database());
      until(
          "readiness UP again without restarting the node",
          Duration.ofSeconds(30),
          () -> status(base + "/health/ready") == 200);
      during.sendUntilReceipt(unexpected);
      acknowledged.add(during.naam);
      Thread.sleep(1_500);
      streaming.set(false);
      for (Future<?> stream : streams) {
        stream.get(60, TimeUnit.SECONDS);
      }

      assertThat(unexpected)
          .as("answers other than 201, a receipt or 503 with Retry-After")
          .isEmpty();
      assertThat(unavailable.get()).as("the streams met the outage").isPositive();
      // Every acknowledged submission is stored exactly once, and nothing else was stored.
      Map<String, Long> stored = storedByName(app);
      List<String> wrong = new ArrayList<>();
      for (String naam : acknowledged) {
        if (stored.getOrDefault(naam, 0L) != 1L) {
          wrong.add(naam + " stored " + stored.getOrDefault(naam, 0L) + " times");
        }
      }
      assertThat(wrong).isEmpty();
      assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
      System.out.printf(
          "DatabaseStopFaultTest: %d submissions acknowledged (%d forms), %d answered 503 while PostgreSQL was down, 0 lost, 0 doubled%n",
          acknowledged.size(), residents.size() + 1, unavailable.get());
    } finally {
      load.shutdownNow();
      app.stop();
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  /**
   * Sends one signal until it is stored, with the same Idempotency-Key on every try, as a partner
   * system should.
   */
  private boolean submitUntilStored(String naam, AtomicInteger unavailable, List<String> unexpected)
      throws Exception {
    String key = UUID.randomUUID().toString();
    for (int attempt = 0; attempt < 200; attempt++) {
      HttpResponse<String> response;
      try {
        response = signal(naam, key);
      } catch (java.io.IOException e) {
        Thread.sleep(200);
        continue; // the connection broke: the key makes the retry safe
      }
      if (response.statusCode() == 201) {
        return true;
      }
      if (response.statusCode() == 503
          && response.headers().firstValue("retry-after").isPresent()) {
        unavailable.incrementAndGet();
        Thread.sleep(200);
        continue;
      }
      unexpected.add(response.statusCode() + " " + response.body());
      return false;
    }
    unexpected.add(naam + " never stored");
    return false;
  }

  private HttpResponse<String> signal(String naam, String key) throws Exception {
    JsonObject body =
        new JsonObject()
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", naam)
                    .put("geboortedatum", "2014-04-04")
                    .put("postcode", "8011 AB")
                    .put("huisnummer", "3"))
            .put("leefgebieden", new JsonArray().add("school_verzuim"))
            .put("urgentie", "regulier")
            .put("omschrijving", "Komt vaak te laat en lijkt moe.")
            .put("betrokkeneGeinformeerd", true)
            .put("toestemming", "ja")
            .put("veiligheidszorg", false);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/signalen"))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String token() throws Exception {
    String form =
        "grant_type=client_credentials&client_id=demo-school&client_secret="
            + URLEncoder.encode(Staff.PASSWORD, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private static Map<String, Long> storedByName(Application app) {
    Map<String, Long> counts = new java.util.HashMap<>();
    app.pool()
        .preparedQuery(
            "SELECT inhoud -> 'betrokkene' ->> 'naam' AS naam, count(*) FROM inbox_item_person"
                + " WHERE inhoud -> 'betrokkene' ->> 'naam' LIKE $1 GROUP BY 1")
        .execute(Tuple.of(PREFIX + "%"))
        .await()
        .forEach(row -> counts.put(row.getString(0), row.getLong(1)));
    return counts;
  }
}
