package nl.wijkportaal.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;

/** Two real Hazelcast nodes on loopback share the event bus and the browser sessions. */
class ClusterTest {

  @Test
  void two_nodes_exchange_event_bus_messages_and_share_a_session() throws Exception {
    DatabaseUrl db = TestDatabase.fresh();
    Map<String, String> cluster =
        Map.of(
            "WIJKPORTAAL_CLUSTER",
            "true",
            "WIJKPORTAAL_CLUSTER_NAME",
            "wijkportaal-test-" + UUID.randomUUID());
    try (TestServer one = TestServer.on(db, cluster, Clock.systemUTC());
        TestServer two = TestServer.on(db, cluster, Clock.systemUTC())) {
      assertThat(one.app().vertx().isClustered()).isTrue();

      two.app()
          .vertx()
          .eventBus()
          .<String>consumer("test.ping", msg -> msg.reply("pong from two:" + msg.body()))
          .completion()
          .await();
      String reply =
          one.app().vertx().eventBus().<String>request("test.ping", "hallo").await().body();
      assertThat(reply).isEqualTo("pong from two:hallo");

      // A visitor gets a session and CSRF token from node one; node two knows that session.
      WebUser visitor = one.user();
      visitor.get("/login");
      String token = visitor.cookie("XSRF-TOKEN");
      WebUser sameVisitorOnTwo = two.user();
      sameVisitorOnTwo.cookie("wijkportaal_sessie", visitor.cookie("wijkportaal_sessie"));
      sameVisitorOnTwo.cookie("XSRF-TOKEN", token);
      assertThat(sameVisitorOnTwo.postForm("/", Map.of("X-XSRF-TOKEN", token)).statusCode())
          .as("node two finds the token in the session node one stored")
          .isEqualTo(405);

      WebUser stranger = two.user();
      stranger.cookie("wijkportaal_sessie", "0".repeat(32));
      stranger.cookie("XSRF-TOKEN", token);
      assertThat(stranger.postForm("/", Map.of("X-XSRF-TOKEN", token)).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void a_signed_in_worker_stays_signed_in_when_their_node_dies() throws Exception {
    DatabaseUrl db = TestDatabase.fresh();
    Map<String, String> cluster =
        Map.of(
            "WIJKPORTAAL_CLUSTER",
            "true",
            "WIJKPORTAAL_CLUSTER_NAME",
            "wijkportaal-test-" + UUID.randomUUID());
    TestClock clock = TestClock.startingNow();
    TestServer one = TestServer.on(db, cluster, clock);
    try (TestServer two = TestServer.on(db, cluster, clock)) {
      // A form shown again with its errors keeps a working token for the next try, on any node.
      WebUser typo = one.user();
      assertThat(
              Staff.submitPassword(typo, Staff.email("triage"), "verkeerd-wachtwoord").statusCode())
          .isEqualTo(400);
      WebUser sameBrowserOnTwoAfterTypo = two.user();
      sameBrowserOnTwoAfterTypo.cookie("wijkportaal_sessie", typo.cookie("wijkportaal_sessie"));
      sameBrowserOnTwoAfterTypo.cookie("XSRF-TOKEN", typo.cookie("XSRF-TOKEN"));
      assertThat(
              Staff.post(
                      sameBrowserOnTwoAfterTypo,
                      "/login",
                      Map.of("username", Staff.email("triage"), "password", Staff.PASSWORD))
                  .statusCode())
          .isEqualTo(303);

      WebUser tessa = Staff.signIn(one, clock, "triage");
      String session = tessa.cookie("wijkportaal_sessie");
      one.close();
      WebUser sameBrowserOnTwo = two.user();
      sameBrowserOnTwo.cookie("wijkportaal_sessie", session);
      HttpResponse<String> start = sameBrowserOnTwo.get("/start");
      assertThat(start.statusCode()).isEqualTo(200);
      assertThat(start.body()).contains("Welkom, Tessa Jansen");
    } finally {
      one.close();
    }
  }
}
