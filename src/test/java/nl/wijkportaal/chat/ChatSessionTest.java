package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestKeys;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chat worker who only chats over the socket (no page loads) keeps their session, while signing
 * out, or the absolute sign-in limit passing on the application's clock, still stops the socket
 * hearing. Sessions here expire after 4 idle seconds and the bridge checks every second, so the
 * test waits seconds, not the half hour of a real installation.
 */
class ChatSessionTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static final Duration IDLE = Duration.ofSeconds(4);
  private static TestServer server;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of(
                "WIJKPORTAAL_CHAT_CAPACITY",
                "10",
                "WIJKPORTAAL_CONFIG",
                shortSessions().toString()),
            CLOCK);
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().await();
    server.close();
  }

  /** The test keys' config file, with short sessions and a bridge that checks every second. */
  private static Path shortSessions() {
    try {
      JsonObject config = new JsonObject(Files.readString(TestKeys.configFile()));
      config.getJsonObject("identity").put("sessionIdleSeconds", (int) IDLE.toSeconds());
      config.put("chat", new JsonObject().put("bridgeRecheckSeconds", 1));
      Path file = Files.createTempFile("wijkportaal-short-sessions", ".json");
      Files.writeString(file, config.encodePrettily());
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BridgeClient workerSocket(WebUser worker, String id) {
    BridgeClient socket =
        BridgeClient.connect(
            clients,
            server.port(),
            Map.of("wijkportaal_sessie", worker.cookie("wijkportaal_sessie")));
    String address = ChatAddresses.conversation(UUID.fromString(id));
    socket.register(address);
    socket.awaitRegistered(server.app().vertx(), address);
    return socket;
  }

  private static boolean heard(BridgeClient socket, String text) {
    return socket
        .next(
            f ->
                ChatBridgeTest.isMessage(f)
                    && text.equals(f.getJsonObject("body").getString("tekst")),
            // Returns as soon as the frame comes; 5 s was too short at load 20-30 (session 9).
            Duration.ofSeconds(20))
        .isPresent();
  }

  private static void waitClosed(BridgeClient socket, Duration atMost) throws InterruptedException {
    long end = System.nanoTime() + atMost.toNanos();
    while (!socket.closed() && System.nanoTime() < end) {
      Thread.sleep(100);
    }
  }

  @Test
  void a_worker_who_only_chats_over_the_socket_keeps_the_session_and_signing_out_stops_the_hearing()
      throws InterruptedException {
    WebUser chris = Staff.signIn(server, CLOCK, "chat");
    Chats.online(chris);
    WebUser bea = server.user();
    String id = Chats.start(bea, "Bea", "Kan iemand met mij meedenken over mantelzorg?");
    Chats.accept(chris, id);
    // A colleague signed in at the same moment who loads no page and has no socket: the control.
    WebUser idle = Staff.signIn(server, CLOCK, "triage");

    try (BridgeClient socket = workerSocket(chris, id)) {
      // Three idle periods pass without a page load by Chris; Bea writes now and then.
      long end = System.nanoTime() + IDLE.multipliedBy(3).toNanos();
      int n = 0;
      while (System.nanoTime() < end) {
        n++;
        assertThat(Chats.say(bea, id, "bea-" + n, "Bericht " + n).statusCode()).isEqualTo(303);
        assertThat(heard(socket, "Bericht " + n)).as("Chris hears message " + n).isTrue();
        Thread.sleep(1500);
      }
      assertThat(socket.closed()).isFalse();
      // The idle colleague's session expired; Chris's did not.
      assertThat(idle.get("/inbox").statusCode()).as("the idle session has expired").isEqualTo(302);
      assertThat(chris.get("/chat-console").statusCode()).isEqualTo(200);

      // Chris signs out: the socket stops hearing within a check or two.
      assertThat(Staff.post(chris, "/logout", Map.of()).statusCode()).isEqualTo(303);
      waitClosed(socket, Duration.ofSeconds(5));
      assertThat(socket.closed()).as("the signed-out worker's socket is closed").isTrue();
      assertThat(chris.get("/chat-console").statusCode()).isEqualTo(302);
    }
  }

  @Test
  void a_worker_past_the_absolute_sign_in_limit_stops_hearing_although_the_socket_is_live()
      throws InterruptedException {
    WebUser chris = Staff.signIn(server, CLOCK, "chat");
    Chats.online(chris);
    WebUser dirk = server.user();
    String id = Chats.start(dirk, "Dirk", "Waar kan ik terecht met vragen over mijn buren?");
    Chats.accept(chris, id);
    try (BridgeClient socket = workerSocket(chris, id)) {
      assertThat(Chats.say(dirk, id, "dirk-1", "Hallo?").statusCode()).isEqualTo(303);
      assertThat(heard(socket, "Hallo?")).isTrue();
      CLOCK.advance(
          Duration.ofHours(server.app().config().identity().sessionAbsoluteHours()).plusMinutes(1));
      waitClosed(socket, Duration.ofSeconds(5));
      assertThat(socket.closed()).as("past the absolute limit the socket is closed").isTrue();
    }
  }
}
