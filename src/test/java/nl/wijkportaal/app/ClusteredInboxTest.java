package nl.wijkportaal.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import nl.wijkportaal.triage.Presence;
import org.junit.jupiter.api.Test;

/**
 * The inbox on two real Hazelcast nodes: live news crosses nodes, presence too, and of two claims
 * one wins.
 */
class ClusteredInboxTest {

  private static Intake intakeOn(TestServer node) {
    return node.app().feature(InboxFeature.class).intake();
  }

  private static Receipt signal(Intake intake) {
    NewItem item =
        new NewItem(
            "signaal",
            "huisarts",
            null,
            null,
            "demo-huisarts",
            List.of("psychische_gezondheid"),
            "regulier",
            "ja",
            true,
            false,
            null,
            null,
            null,
            Locale.forLanguageTag("nl"),
            new Subject("Bram", LocalDate.of(1970, 3, 3), "8011 AB", "9"),
            new JsonObject().put("omschrijving", "Somber"),
            null,
            null);
    return intake.submit(item, Actor.system("test")).await();
  }

  @Test
  void
      a_signal_stored_through_node_one_appears_in_an_inbox_open_on_node_two_and_of_two_simultaneous_claims_one_wins()
          throws Exception {
    DatabaseUrl db = TestDatabase.fresh();
    Map<String, String> cluster =
        Map.of(
            "WIJKPORTAAL_CLUSTER",
            "true",
            "WIJKPORTAAL_CLUSTER_NAME",
            "wijkportaal-test-" + UUID.randomUUID());
    TestClock clock = TestClock.startingNow();
    try (TestServer one = TestServer.on(db, cluster, clock);
        TestServer two = TestServer.on(db, cluster, clock)) {
      WebUser tessaOnTwo = Staff.signIn(two, clock, "triage");
      Receipt receipt = null;
      try (WebUser.EventStream stream = tessaOnTwo.stream("/inbox/live")) {
        // Node one learns of node two's new subscription a moment after node two registered it
        // (the cluster manager's registry is updated asynchronously); a signal sent in that moment
        // is not heard. So up to three signals, each with five seconds to arrive.
        java.util.List<String> sent = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 3 && receipt == null; attempt++) {
          Receipt tried = signal(intakeOn(one));
          sent.add(tried.referentie());
          var event = stream.next(Duration.ofSeconds(5));
          if (event.isPresent()) {
            assertThat(sent)
                .contains(new JsonObject(event.get().getValue()).getString("referentie"));
            receipt = tried;
          }
        }
        assertThat(receipt).as("node two heard of a signal stored through node one").isNotNull();
      }

      // Presence: opened on node one, seen from node two.
      UUID someone = UUID.randomUUID();
      new Presence(one.app().vertx()).opened(receipt.id(), someone, "Sanne Kok").await();
      assertThat(new Presence(two.app().vertx()).others(receipt.id(), UUID.randomUUID()).await())
          .containsExactly("Sanne Kok");

      // Two workers, one per node, claim at the same moment.
      var pool = one.app().pool();
      UUID tom =
          pool.query("SELECT id FROM account WHERE email = 'teamleider@demo.wijkportaal.nl'")
              .execute()
              .await()
              .iterator()
              .next()
              .getUUID(0);
      pool.preparedQuery(
              "INSERT INTO account_role (account_id, role) VALUES ($1, 'triage') ON CONFLICT DO NOTHING")
          .execute(io.vertx.sqlclient.Tuple.of(tom))
          .await();
      WebUser tomOnOne = Staff.signIn(one, clock, "teamleider");
      String item = "/inbox/items/" + receipt.id();
      tomOnOne.get(item);
      tessaOnTwo.get(item);
      CompletableFuture<HttpResponse<String>> a =
          CompletableFuture.supplyAsync(() -> Staff.post(tomOnOne, item + "/oppakken", Map.of()));
      CompletableFuture<HttpResponse<String>> b =
          CompletableFuture.supplyAsync(() -> Staff.post(tessaOnTwo, item + "/oppakken", Map.of()));
      List<HttpResponse<String>> answers = List.of(a.get(), b.get());
      assertThat(answers).filteredOn(r -> r.statusCode() == 303).hasSize(1);
      HttpResponse<String> lost =
          answers.stream().filter(r -> r.statusCode() != 303).findFirst().orElseThrow();
      assertThat(lost.statusCode()).isEqualTo(409);
      String owner =
          pool.preparedQuery(
                  "SELECT a.name FROM inbox_item i JOIN account a ON a.id = i.owner_account_id WHERE i.id = $1")
              .execute(io.vertx.sqlclient.Tuple.of(receipt.id()))
              .await()
              .iterator()
              .next()
              .getString(0);
      assertThat(lost.body()).contains(owner + " heeft dit item al opgepakt");
    }
  }
}
