package nl.wijkportaal.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes from the packaged jar behind Debian's nginx running the shipped production
 * example (a test copy on 127.0.0.1), configured as the README says: signing in, the live inbox
 * stream and form posts work through it, /metrics is not reachable through it, and when one node is
 * killed people keep working.
 */
class NginxIT {

  @Test
  void
      two_nodes_behind_nginx_serve_sign_in_the_live_inbox_and_forms_hide_metrics_and_survive_a_killed_node()
          throws Exception {
    DatabaseUrl db = TestDatabase.fresh();
    int proxyPort = FaultNode.freePort();
    String site = "http://127.0.0.1:" + proxyPort;
    Map<String, String> env = FaultNode.settings();
    env.put(
        "WIJKPORTAAL_DB_URL", "postgresql://postgres@127.0.0.1:" + db.port() + "/" + db.database());
    env.put("WIJKPORTAAL_CLUSTER", "true");
    env.put("WIJKPORTAAL_CLUSTER_NAME", "wijkportaal-nginx-" + UUID.randomUUID());
    env.put("WIJKPORTAAL_TRUSTED_PROXIES", "127.0.0.1");
    env.put("WIJKPORTAAL_PUBLIC_URL", site);
    try (JarNode one = JarNode.start("nginx-one", env);
        JarNode two = JarNode.start("nginx-two", env);
        LocalNginx nginx =
            LocalNginx.start(
                Path.of("config/nginx-example.conf"), proxyPort, List.of(one.port, two.port))) {

      // Sign-in through nginx; the requests are spread over both nodes.
      WebUser tessa = StaffAt.signIn(site, "triage");
      for (int i = 0; i < 4; i++) {
        assertThat(tessa.get("/inbox").statusCode()).isEqualTo(200);
      }
      assertThat(one.count("GET /inbox")).as("node one served some").isPositive();
      assertThat(two.count("GET /inbox")).as("node two served some").isPositive();

      // The live inbox through nginx: a new signal arrives as an event, unbuffered.
      String token = token(site);
      try (WebUser.EventStream stream = tessa.stream("/inbox/live")) {
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type").orElse(""))
            .startsWith("text/event-stream");
        Optional<Map.Entry<String, String>> event = Optional.empty();
        List<String> sent = new ArrayList<>();
        // The other node learns of this stream's subscription a moment later (as in
        // ClusteredInboxTest).
        for (int attempt = 0; attempt < 3 && event.isEmpty(); attempt++) {
          sent.add(signal(site, token, "Nina Nginx " + attempt).getString("referentie"));
          event = stream.next(Duration.ofSeconds(5));
        }
        assertThat(event).as("an event came through nginx").isPresent();
        assertThat(sent).contains(new JsonObject(event.get().getValue()).getString("referentie"));
      }

      // A resident's form, page after page, through nginx.
      Resident before = Resident.filledIn(site, "Nginx Voor");
      List<String> problems = new ArrayList<>();
      before.sendUntilReceipt(problems);
      assertThat(problems).isEmpty();

      // Metrics: for a scraper on the node's machine, never through the proxy.
      assertThat(FaultNode.get(one.url("/metrics")).statusCode()).isEqualTo(200);
      for (String path :
          List.of("/metrics", "/metrics/", "/Metrics", "//metrics", "/metrics?format=text")) {
        HttpResponse<String> metrics = FaultNode.get(site + path);
        assertThat(metrics.statusCode()).as(path).isNotEqualTo(200);
        assertThat(metrics.body()).as(path).doesNotContain("jvm_memory");
      }

      // One node killed hard: the same people keep working through nginx.
      one.kill();
      long killedAt = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> inbox = tessa.get("/inbox");
        assertThat(inbox.statusCode()).as("GET /inbox after the kill, try " + i).isEqualTo(200);
      }
      long firstMillis = (System.nanoTime() - killedAt) / 1_000_000;
      JsonObject after = signal(site, token, "Nina Na De Kill");
      assertThat(
              Staff.post(tessa, "/inbox/items/" + after.getString("id") + "/oppakken", Map.of())
                  .statusCode())
          .isEqualTo(303);
      Resident afterKill = Resident.filledIn(site, "Nginx Na");
      afterKill.sendUntilReceipt(problems);
      assertThat(problems).isEmpty();
      assertThat(nginx.errors()).doesNotContain("[emerg]");
      System.out.printf(
          "NginxIT: after SIGKILL of one node, six inbox pages through nginx in %d ms, then a claim, a signal and an aanmelding%n",
          firstMillis);
    }
  }

  private static String token(String site) {
    HttpResponse<String> token =
        WebUser.at(site)
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    "demo-school",
                    "client_secret",
                    Staff.PASSWORD));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    return new JsonObject(token.body()).getString("access_token");
  }

  private static JsonObject signal(String site, String token, String naam) {
    JsonObject body =
        new JsonObject()
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", naam)
                    .put("geboortedatum", "2011-01-01")
                    .put("postcode", "8011 AB")
                    .put("huisnummer", "5"))
            .put("leefgebieden", new JsonArray().add("school_verzuim"))
            .put("urgentie", "regulier")
            .put("omschrijving", "Slaapt in de klas.")
            .put("betrokkeneGeinformeerd", true)
            .put("toestemming", "ja")
            .put("veiligheidszorg", false);
    HttpResponse<String> stored =
        WebUser.at(site)
            .postJson(
                "/api/v1/signalen", body.encode(), Map.of("Authorization", "Bearer " + token));
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
    return new JsonObject(stored.body());
  }
}
