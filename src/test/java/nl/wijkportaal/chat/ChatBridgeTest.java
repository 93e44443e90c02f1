package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live transport: the event-bus bridge over a real WebSocket, its address rules and the command
 * address.
 */
class ChatBridgeTest {

  private static final TestClock CLOCK = TestClock.startingNow();

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_CHAT_CAPACITY", "10"), CLOCK);

  private static Vertx clients;
  private static WebUser chris;

  @BeforeAll
  static void start() {
    clients = Vertx.vertx();
    chris = Staff.signIn(server, CLOCK, "chat");
    Chats.online(chris);
  }

  @AfterAll
  static void stop() {
    clients.close().await();
  }

  static Map<String, String> residentCookies(WebUser resident) {
    return Map.of(ResidentToken.COOKIE, resident.cookie(ResidentToken.COOKIE));
  }

  static Map<String, String> staffCookies(WebUser worker) {
    return Map.of("wijkportaal_sessie", worker.cookie("wijkportaal_sessie"));
  }

  static JsonObject message(String id, String clientId, String text) {
    return new JsonObject()
        .put("type", "bericht")
        .put("gesprek", id)
        .put("clientId", clientId)
        .put("tekst", text);
  }

  /** The resident's and Chris's sockets, both listening to the chat, which Chris accepts. */
  private record Sockets(BridgeClient resident, BridgeClient worker) implements AutoCloseable {

    static Sockets accepted(WebUser who, String id) {
      Chats.accept(chris, id);
      String address = ChatAddresses.conversation(UUID.fromString(id));
      Sockets both =
          new Sockets(
              BridgeClient.connect(clients, server.port(), residentCookies(who)),
              BridgeClient.connect(clients, server.port(), staffCookies(chris)));
      both.resident().register(address);
      both.worker().register(address);
      both.resident().awaitRegistered(server.app().vertx(), address);
      both.worker().awaitRegistered(server.app().vertx(), address);
      return both;
    }

    @Override
    public void close() {
      resident.close();
      worker.close();
    }
  }

  static boolean isMessage(JsonObject frame) {
    return "rec".equals(frame.getString("type"))
        && frame.getValue("body") instanceof JsonObject body
        && "bericht".equals(body.getString("type"));
  }

  @Test
  void the_event_bus_metrics_count_all_conversations_under_one_address() {
    WebUser ruud = server.user();
    String id = Chats.start(ruud, "Ruud", "Is er een repair café in de buurt?");
    Chats.accept(chris, id);
    String address = ChatAddresses.conversation(UUID.fromString(id));
    try (BridgeClient worker = BridgeClient.connect(clients, server.port(), staffCookies(chris))) {
      worker.register(address);
      worker.awaitRegistered(server.app().vertx(), address);
    }
    String metrics = server.user().get("/metrics").body();
    assertThat(metrics).contains("address=\"chat.gesprek.*\"").doesNotContain(id);
  }

  @Test
  void a_resident_and_a_worker_exchange_messages_live_in_order_and_a_resend_is_one_message() {
    WebUser eva = server.user();
    String id = Chats.start(eva, "Eva", "Hoe vraag ik huishoudelijke hulp aan?");
    try (Sockets both = Sockets.accepted(eva, id)) {
      BridgeClient resident = both.resident();
      BridgeClient worker = both.worker();

      List<Integer> sent = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        JsonObject reply =
            resident.reply(
                resident.send(ChatAddresses.COMMAND, message(id, "eva-" + i, "Bericht " + i)));
        assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("rec");
        sent.add(reply.getJsonObject("body").getInteger("seq"));
      }
      assertThat(sent).containsExactly(3, 4, 5, 6, 7); // 1: the question, 2: Chris joined

      List<Integer> heard = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        JsonObject frame =
            worker
                .next(ChatBridgeTest::isMessage, Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("worker heard " + heard));
        assertThat(frame.getJsonObject("body").getString("tekst"))
            .isEqualTo("Bericht " + (heard.size() + 1));
        heard.add(frame.getJsonObject("body").getInteger("seq"));
      }
      assertThat(heard).containsExactly(3, 4, 5, 6, 7);

      // The same client id again (a resend after a lost acknowledgement): the same number, nothing
      // new heard.
      JsonObject again =
          resident.reply(resident.send(ChatAddresses.COMMAND, message(id, "eva-3", "Bericht 3")));
      assertThat(again.getJsonObject("body").getInteger("seq")).isEqualTo(5);

      JsonObject answer =
          worker.reply(
              worker.send(
                  ChatAddresses.COMMAND, message(id, "chris-1", "Dat kan via het Wmo-loket.")));
      assertThat(answer.getJsonObject("body").getInteger("seq")).isEqualTo(8);
      JsonObject live =
          resident
              .next(
                  f -> isMessage(f) && f.getJsonObject("body").getInteger("seq") == 8,
                  Duration.ofSeconds(5))
              .orElseThrow();
      assertThat(live.getJsonObject("body").getString("naam")).isEqualTo("Chris Mulder");
      assertThat(
              worker.next(
                  f -> isMessage(f) && f.getJsonObject("body").getInteger("seq") == 5,
                  Duration.ofMillis(300)))
          .isEmpty();

      // Typing passes on to the other side and is stored nowhere.
      resident.send(
          ChatAddresses.COMMAND, new JsonObject().put("type", "typen").put("gesprek", id));
      assertThat(
              worker.next(
                  f ->
                      f.getJsonObject("body") != null
                          && "typen".equals(f.getJsonObject("body").getString("type")),
                  Duration.ofSeconds(5)))
          .isPresent();
      assertThat(Chats.after(eva, id, 0).getJsonArray("berichten")).hasSize(8);
    }
  }

  @Test
  void typing_is_passed_on_at_most_once_in_two_seconds_and_is_never_stored() {
    WebUser finn = server.user();
    String id = Chats.start(finn, "Finn", "Wanneer is het spreekuur?");
    try (Sockets both = Sockets.accepted(finn, id)) {
      BridgeClient resident = both.resident();
      BridgeClient worker = both.worker();

      // Three key strokes in a row, each answered; then a message, heard after whatever typing
      // signal was passed on before it.
      JsonObject typing = new JsonObject().put("type", "typen").put("gesprek", id);
      for (int i = 0; i < 3; i++) {
        assertThat(resident.reply(resident.send(ChatAddresses.COMMAND, typing)).getString("type"))
            .isEqualTo("rec");
      }
      resident.reply(resident.send(ChatAddresses.COMMAND, message(id, "finn-1", "Hallo?")));
      assertThat(
              worker.next(
                  f -> isMessage(f) && "Hallo?".equals(f.getJsonObject("body").getString("tekst")),
                  Duration.ofSeconds(5)))
          .isPresent();
      int signals = 0;
      while (worker
          .next(
              f ->
                  f.getJsonObject("body") != null
                      && "typen".equals(f.getJsonObject("body").getString("type")),
              Duration.ZERO)
          .isPresent()) {
        signals++;
      }
      assertThat(signals).as("typing signals passed on").isEqualTo(1);
      assertThat(
              Chats.after(finn, id, 0).getJsonArray("berichten").stream()
                  .map(m -> ((JsonObject) m).getString("type"))
                  .distinct()
                  .toList())
          .containsExactly("bericht");
    }
  }

  @Test
  void
      sends_at_the_same_moment_get_consecutive_numbers_and_the_same_message_sent_eight_times_at_once_is_stored_once() {
    WebUser olga = server.user();
    String id = Chats.start(olga, "Olga", "Twee vragen tegelijk.");
    try (BridgeClient resident =
        BridgeClient.connect(clients, server.port(), residentCookies(olga))) {
      List<String> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        replies.add(
            resident.send(ChatAddresses.COMMAND, message(id, "zelfde", "Dit stuur ik één keer.")));
        replies.add(
            resident.send(ChatAddresses.COMMAND, message(id, "eigen-" + i, "Bericht " + i)));
      }
      List<Integer> same = new ArrayList<>();
      for (int i = 0; i < replies.size(); i++) {
        JsonObject reply = resident.reply(replies.get(i));
        assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("rec");
        if (i % 2 == 0) {
          same.add(reply.getJsonObject("body").getInteger("seq"));
        }
      }
      assertThat(same)
          .as("every copy answered with the one stored number")
          .containsOnly(same.get(0));
    }
    var all = Chats.after(olga, id, 0).getJsonArray("berichten");
    assertThat(all.stream().map(m -> ((JsonObject) m).getInteger("seq")).toList())
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(
            all.stream()
                .filter(m -> "zelfde".equals(((JsonObject) m).getString("clientId")))
                .count())
        .isEqualTo(1);
  }

  @Test
  void
      the_bridge_refuses_listening_to_another_conversation_a_chat_not_accepted_and_anything_but_the_command_address() {
    WebUser fleur = server.user();
    String hers = Chats.start(fleur, "Fleur", "Is er een maatje voor mijn vader?");
    WebUser gijs = server.user();
    String his = Chats.start(gijs, "Gijs", "Waar vind ik een buurthuis?");
    try (BridgeClient intruder =
            BridgeClient.connect(clients, server.port(), residentCookies(gijs));
        BridgeClient worker = BridgeClient.connect(clients, server.port(), staffCookies(chris))) {
      intruder.register(ChatAddresses.conversation(UUID.fromString(hers)));
      assertThat(intruder.next(f -> "err".equals(f.getString("type")), Duration.ofSeconds(5)))
          .hasValueSatisfying(f -> assertThat(f.getString("body")).isEqualTo("rejected"));
      intruder.register(ChatAddresses.QUEUE);
      assertThat(intruder.next(f -> "err".equals(f.getString("type")), Duration.ofSeconds(5)))
          .isPresent();
      intruder.publish(
          ChatAddresses.conversation(UUID.fromString(his)),
          new JsonObject().put("type", "bericht").put("tekst", "nep"));
      assertThat(intruder.next(f -> "err".equals(f.getString("type")), Duration.ofSeconds(5)))
          .isPresent();

      // Saying something in her chat, even with a worker's identity in the headers, is refused by
      // the server.
      JsonObject spoofed =
          intruder.reply(
              intruder.send(
                  ChatAddresses.COMMAND,
                  message(hers, "x-1", "Hallo Fleur"),
                  new JsonObject()
                      .put("medewerker", UUID.randomUUID().toString())
                      .put("inwoner", "nep")));
      assertThat(spoofed.getString("type")).isEqualTo("err");
      assertThat(spoofed.getInteger("failureCode")).isEqualTo(404);
      assertThat(Chats.after(fleur, hers, 0).getJsonArray("berichten")).hasSize(1);

      // A worker may hear the queue, but not a chat they have not accepted.
      worker.register(ChatAddresses.QUEUE);
      worker.awaitRegistered(server.app().vertx(), ChatAddresses.QUEUE);
      worker.register(ChatAddresses.conversation(UUID.fromString(hers)));
      assertThat(worker.next(f -> "err".equals(f.getString("type")), Duration.ofSeconds(5)))
          .hasValueSatisfying(f -> assertThat(f.getString("body")).isEqualTo("rejected"));
    }
  }

  @Test
  void a_socket_from_another_site_is_refused_before_it_opens() {
    WebUser hanna = server.user();
    Chats.start(hanna, "Hanna", "Wanneer is het spreekuur?");
    Throwable refused = null;
    try (BridgeClient evil =
        BridgeClient.connect(
            clients, server.port(), residentCookies(hanna), Optional.of("https://evil.example"))) {
      evil.register(ChatAddresses.QUEUE);
    } catch (RuntimeException e) {
      refused = e;
    }
    assertThat(refused).as("the WebSocket handshake with a foreign Origin").isNotNull();
    try (BridgeClient own =
        BridgeClient.connect(
            clients,
            server.port(),
            residentCookies(hanna),
            Optional.of("http://127.0.0.1:" + server.port()))) {
      assertThat(own.closed()).isFalse();
    }
  }

  @Test
  void the_vendored_client_libraries_are_served_from_our_own_origin() {
    WebUser anyone = server.user();
    assertThat(anyone.get("/static/vendor/sockjs-client-1.6.1/sockjs.min.js").statusCode())
        .isEqualTo(200);
    assertThat(
            anyone
                .get("/static/vendor/vertx-eventbus-bridge-client-1.0.0/vertx-eventbus.js")
                .statusCode())
        .isEqualTo(200);
    assertThat(anyone.get("/static/js/chat.js").statusCode()).isEqualTo(200);
    assertThat(anyone.get("/eventbus/iframe.html").body())
        .contains("/static/vendor/sockjs-client-1.6.1/sockjs.min.js")
        .doesNotContain("cdn");
  }
}
