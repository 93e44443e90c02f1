package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;

/**
 * The chat on two real Hazelcast nodes: accepting is decided once, and a node that dies loses no
 * word.
 */
class ChatClusterTest {

  private static JsonObject message(String id, String clientId, String text) {
    return ChatBridgeTest.message(id, clientId, text);
  }

  private static int seqOf(JsonObject frame) {
    return frame.getJsonObject("body").getInteger("seq");
  }

  @Test
  void
      two_workers_on_two_nodes_accept_the_same_chat_at_once_and_a_resident_resumes_through_the_other_node_after_a_hard_stop()
          throws Exception {
    DatabaseUrl db = TestDatabase.fresh();
    Map<String, String> cluster =
        Map.of(
            "WIJKPORTAAL_CLUSTER",
            "true",
            "WIJKPORTAAL_CLUSTER_NAME",
            "wijkportaal-chat-test-" + UUID.randomUUID(),
            "WIJKPORTAAL_CHAT_CAPACITY",
            "20");
    TestClock clock = TestClock.startingNow();
    Vertx clients = Vertx.vertx();
    TestServer one = TestServer.on(db, cluster, clock);
    try (TestServer two = TestServer.on(db, cluster, clock)) {
      var pool = one.app().pool();
      UUID tessa =
          pool.query("SELECT id FROM account WHERE email = 'triage@demo.wijkportaal.nl'")
              .execute()
              .await()
              .iterator()
              .next()
              .getUUID(0);
      pool.preparedQuery(
              "INSERT INTO account_role (account_id, role) VALUES ($1, 'chat') ON CONFLICT DO NOTHING")
          .execute(io.vertx.sqlclient.Tuple.of(tessa))
          .await();
      WebUser chrisOnOne = Staff.signIn(one, clock, "chat");
      WebUser tessaOnTwo = Staff.signIn(two, clock, "triage");
      Chats.online(chrisOnOne);
      Chats.online(tessaOnTwo);

      // Of two workers accepting the same chat at the same moment, on two nodes, exactly one gets
      // it.
      for (int round = 0; round < 5; round++) {
        String id = Chats.start(one.user(), "Kim", "Vraag " + round);
        CompletableFuture<HttpResponse<String>> a =
            CompletableFuture.supplyAsync(() -> Chats.accept(chrisOnOne, id));
        CompletableFuture<HttpResponse<String>> b =
            CompletableFuture.supplyAsync(() -> Chats.accept(tessaOnTwo, id));
        List<String> where =
            List.of(
                a.get().headers().firstValue("location").orElseThrow(),
                b.get().headers().firstValue("location").orElseThrow());
        assertThat(where)
            .as("round " + round)
            .containsExactlyInAnyOrder(
                "/chat-console/gesprekken/" + id, "/chat-console?melding=bezet");
        UUID owner =
            Chats.row(one, "SELECT worker_id FROM chat_conversation WHERE id = $1::uuid", id)
                .getUUID("worker_id");
        assertThat(where.get(0).equals("/chat-console/gesprekken/" + id) ? "chris" : "tessa")
            .isEqualTo(owner.equals(tessa) ? "tessa" : "chris");
      }

      // A resident on node one, a worker on node two.
      WebUser jan = one.user();
      String id = Chats.start(jan, "Jan", "Kan iemand meekijken met mijn post?");
      assertThat(Chats.accept(tessaOnTwo, id).headers().firstValue("location"))
          .hasValue("/chat-console/gesprekken/" + id);
      String address = ChatAddresses.conversation(UUID.fromString(id));
      Map<String, String> janCookie = ChatBridgeTest.residentCookies(jan);
      List<Integer> janSaw =
          new ArrayList<>(List.of(1, 2)); // the question and "Tessa is er nu", on the page
      List<Integer> tessaSaw = new ArrayList<>(List.of(1, 2));
      try (BridgeClient worker =
          BridgeClient.connect(clients, two.port(), ChatBridgeTest.staffCookies(tessaOnTwo))) {
        worker.register(address);
        worker.awaitRegistered(one.app().vertx(), address);
        BridgeClient residentOnOne = BridgeClient.connect(clients, one.port(), janCookie);
        residentOnOne.register(address);
        residentOnOne.awaitRegistered(two.app().vertx(), address);

        for (int i = 1; i <= 3; i++) {
          JsonObject reply =
              residentOnOne.reply(
                  residentOnOne.send(ChatAddresses.COMMAND, message(id, "jan-" + i, "Jan " + i)));
          janSaw.add(reply.getJsonObject("body").getInteger("seq"));
          tessaSaw.add(
              seqOf(
                  worker
                      .next(ChatBridgeTest::isMessage, Duration.ofSeconds(5))
                      .orElseThrow(() -> new AssertionError("live across nodes"))));
        }
        for (int i = 1; i <= 2; i++) {
          JsonObject reply =
              worker.reply(
                  worker.send(ChatAddresses.COMMAND, message(id, "tessa-" + i, "Tessa " + i)));
          tessaSaw.add(reply.getJsonObject("body").getInteger("seq"));
          // Jan also hears his own messages back; like the page, this client drops numbers it has.
          janSaw.add(
              seqOf(
                  residentOnOne
                      .next(
                          f ->
                              ChatBridgeTest.isMessage(f)
                                  && "medewerker".equals(f.getJsonObject("body").getString("van")),
                          Duration.ofSeconds(5))
                      .orElseThrow(() -> new AssertionError("live across nodes"))));
        }

        // Node one dies: its Hazelcast member is terminated (no graceful leave, no migration) and
        // its Vert.x closed under the open sockets. An in-JVM node cannot be SIGKILLed; this is
        // the closest: nothing of the application's graceful stop runs.
        HazelcastClusterManager manager =
            (HazelcastClusterManager) ((VertxInternal) one.app().vertx()).clusterManager();
        manager.getHazelcastInstance().getLifecycleService().terminate();
        try {
          one.app()
              .vertx()
              .close()
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          // Closing after the member is gone may fail; the node is down either way.
        }
        residentOnOne.close();

        // Tessa goes on while Jan is away.
        for (int i = 3; i <= 4; i++) {
          JsonObject reply =
              worker.reply(
                  worker.send(ChatAddresses.COMMAND, message(id, "tessa-" + i, "Tessa " + i)));
          tessaSaw.add(reply.getJsonObject("body").getInteger("seq"));
        }

        // Jan's page reconnects through node two: registers again, then fetches what it missed.
        try (BridgeClient residentOnTwo = BridgeClient.connect(clients, two.port(), janCookie)) {
          residentOnTwo.register(address);
          residentOnTwo.awaitRegistered(two.app().vertx(), address);
          WebUser janOnTwo = two.user();
          janOnTwo.cookie(ResidentToken.COOKIE, jan.cookie(ResidentToken.COOKIE));
          int last = janSaw.stream().mapToInt(Integer::intValue).max().orElse(0);
          JsonArray missed = Chats.after(janOnTwo, id, last).getJsonArray("berichten");
          missed.forEach(
              m -> {
                int seq = ((JsonObject) m).getInteger("seq");
                if (!janSaw.contains(seq)) { // a client drops a number it already has
                  janSaw.add(seq);
                }
              });
          assertThat(missed.stream().map(m -> ((JsonObject) m).getString("tekst")).toList())
              .containsExactly("Tessa 3", "Tessa 4");

          // The resend of a message whose acknowledgement was lost is the same message; a new one
          // is heard live.
          JsonObject resent =
              residentOnTwo.reply(
                  residentOnTwo.send(ChatAddresses.COMMAND, message(id, "jan-3", "Jan 3")));
          assertThat(resent.getJsonObject("body").getInteger("seq")).isEqualTo(5);
          JsonObject fresh =
              residentOnTwo.reply(
                  residentOnTwo.send(ChatAddresses.COMMAND, message(id, "jan-4", "Jan 4")));
          janSaw.add(fresh.getJsonObject("body").getInteger("seq"));
          tessaSaw.add(
              seqOf(
                  worker
                      .next(
                          f ->
                              ChatBridgeTest.isMessage(f)
                                  && "Jan 4".equals(f.getJsonObject("body").getString("tekst")),
                          Duration.ofSeconds(5))
                      .orElseThrow(
                          () -> new AssertionError("Jan's new message did not reach Tessa"))));
        }
      }
      List<Integer> all = IntStream.rangeClosed(1, 10).boxed().toList();
      assertThat(janSaw).as("Jan's sequence numbers").containsExactlyElementsOf(all);
      assertThat(tessaSaw).as("Tessa's sequence numbers").containsExactlyElementsOf(all);
      assertThat(
              Chats.row(
                      two,
                      "SELECT count(*) AS n, max(seq) AS top FROM chat_message WHERE conversation_id = $1::uuid",
                      id)
                  .getLong("n"))
          .isEqualTo(10);
    } finally {
      one.close();
      clients.close().await();
    }
  }
}
