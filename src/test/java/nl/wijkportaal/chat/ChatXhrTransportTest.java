package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SockJS fallbacks without WebSocket: a client speaking the SockJS protocol over plain HTTP
 * (xhr-streaming, as sockjs-client falls back to behind a proxy that drops WebSockets) hears its
 * conversation live and is held to the same bridge rules as a WebSocket; a session's later requests
 * (xhr_send, polls) count only with the cookies of the browser that opened it.
 */
class ChatXhrTransportTest {

  private static final TestClock CLOCK = TestClock.startingNow();

  /**
   * HTTP/1.1, as a browser speaks it without TLS (Java's client would otherwise upgrade to
   * cleartext HTTP/2, where vertx-web's SockJS closes the whole connection after each poll's
   * answer, other requests on it included).
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static TestServer server;
  private static Vertx clients;
  private static WebUser chris;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("WIJKPORTAAL_CHAT_CAPACITY", "10"), CLOCK);
    clients = Vertx.vertx();
    chris = Staff.signIn(server, CLOCK, "chat");
    Chats.online(chris);
  }

  @AfterAll
  static void stop() {
    clients.close().await();
    server.close();
  }

  /**
   * One SockJS session over HTTP: {@code /eventbus/{server}/{session}/xhr} (polling) or {@code
   * xhr_streaming} to receive, {@code xhr_send} to send. Frames arrive as {@code o} (open), {@code
   * h} (heartbeat), {@code a[...]} (messages, each a JSON text) and {@code c[...]} (closed).
   */
  static final class XhrClient implements AutoCloseable {
    private final String base;
    private final String cookie;
    private final String origin;
    private final boolean streaming;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final List<String> closes = new ArrayList<>();
    private volatile boolean open = true;
    private Thread receiver;

    private XhrClient(
        int port, Map<String, String> cookies, Optional<String> origin, boolean streaming) {
      this(
          "http://127.0.0.1:" + port + "/eventbus/000/" + UUID.randomUUID(),
          cookies,
          origin,
          streaming);
    }

    private XhrClient(
        String base, Map<String, String> cookies, Optional<String> origin, boolean streaming) {
      this.base = base;
      this.cookie =
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; "));
      this.origin = origin.orElse(null);
      this.streaming = streaming;
    }

    static XhrClient polling(int port, Map<String, String> cookies) {
      return new XhrClient(port, cookies, Optional.empty(), false);
    }

    /** Another browser (other cookies, or none) that knows this client's session id. */
    XhrClient intruder(Map<String, String> cookies) {
      return new XhrClient(base, cookies, Optional.empty(), false);
    }

    static XhrClient streaming(int port, Map<String, String> cookies) {
      return new XhrClient(port, cookies, Optional.empty(), true);
    }

    private HttpRequest.Builder request(String transport) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + "/" + transport))
              .timeout(Duration.ofSeconds(60));
      if (!cookie.isEmpty()) {
        b.header("Cookie", cookie);
      }
      if (origin != null) {
        b.header("Origin", origin);
      }
      return b;
    }

    /** Opens the session and starts receiving; answers the status of the opening request. */
    int open() throws Exception {
      if (streaming) {
        HttpResponse<InputStream> r =
            HTTP.send(
                request("xhr_streaming").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
          r.body().close();
          return r.statusCode();
        }
        BufferedReader in =
            new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        receiver =
            daemon(
                () -> {
                  try (in) {
                    String line;
                    while (open && (line = in.readLine()) != null) {
                      frame(line);
                    }
                  } catch (IOException e) {
                    // closed
                  }
                });
        return 200;
      }
      HttpResponse<String> first =
          HTTP.send(
              request("xhr").POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());
      if (first.statusCode() != 200) {
        return first.statusCode();
      }
      frame(first.body().strip());
      receiver =
          daemon(
              () -> {
                while (open) {
                  try {
                    HttpResponse<String> poll =
                        HTTP.send(
                            request("xhr").POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    for (String line : poll.body().split("\n", -1)) {
                      frame(line);
                    }
                  } catch (IOException e) {
                    return;
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              });
      return 200;
    }

    private static Thread daemon(Runnable r) {
      Thread t = new Thread(r, "sockjs-xhr-receiver");
      t.setDaemon(true);
      t.start();
      return t;
    }

    private void frame(String line) {
      if (line.isEmpty() || line.charAt(0) == 'h' || line.charAt(0) == 'o') {
        return;
      }
      if (line.charAt(0) == 'c') {
        closes.add(line);
        open = false;
        return;
      }
      if (line.charAt(0) == 'a') {
        for (Object text : new JsonArray(line.substring(1))) {
          frames.add(new JsonObject((String) text));
        }
      }
    }

    void write(JsonObject frame) {
      HttpResponse<String> r = post(frame);
      assertThat(r.statusCode()).as("xhr_send: " + r.body()).isEqualTo(204);
    }

    /** Posts one frame to xhr_send; answers the response, whatever its status. */
    HttpResponse<String> post(JsonObject frame) {
      try {
        return HTTP.send(
            request("xhr_send")
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonArray().add(frame.encode()).encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    void register(String address) {
      write(new JsonObject().put("type", "register").put("address", address));
    }

    /** One poll of the session from this client: the status it gets. */
    int poll() throws Exception {
      return HTTP.send(
              request("xhr")
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    }

    String send(String address, JsonObject body) {
      String reply = UUID.randomUUID().toString();
      write(
          new JsonObject()
              .put("type", "send")
              .put("address", address)
              .put("body", body)
              .put("replyAddress", reply));
      return reply;
    }

    Optional<JsonObject> next(Predicate<JsonObject> wanted, Duration timeout) {
      long end = System.nanoTime() + timeout.toNanos();
      try {
        while (true) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return Optional.empty();
          }
          JsonObject frame = frames.poll(left, TimeUnit.NANOSECONDS);
          if (frame == null) {
            return Optional.empty();
          }
          if (wanted.test(frame)) {
            return Optional.of(frame);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    /** Waits until a probe published on {@code address} arrives: the registration holds. */
    void awaitRegistered(Vertx server, String address) {
      String probe = UUID.randomUUID().toString();
      for (int i = 0; i < 50; i++) {
        server
            .eventBus()
            .publish(address, new JsonObject().put("type", "probe").put("probe", probe));
        if (next(
                f ->
                    f.getJsonObject("body") != null
                        && probe.equals(f.getJsonObject("body").getString("probe")),
                Duration.ofMillis(200))
            .isPresent()) {
          return;
        }
      }
      throw new AssertionError("the registration for " + address + " never took effect");
    }

    @Override
    public void close() {
      open = false;
      if (receiver != null) {
        receiver.interrupt();
      }
    }
  }

  private static Map<String, String> resident(WebUser user) {
    return Map.of(ResidentToken.COOKIE, user.cookie(ResidentToken.COOKIE));
  }

  private static boolean isMessage(JsonObject frame, String text) {
    return ChatBridgeTest.isMessage(frame)
        && text.equals(frame.getJsonObject("body").getString("tekst"));
  }

  @Test
  void a_resident_on_xhr_streaming_hears_the_worker_live_and_sends_through_the_command_address()
      throws Exception {
    WebUser ilse = server.user();
    String id = Chats.start(ilse, "Ilse", "Mijn moeder kan niet meer alleen boodschappen doen.");
    Chats.accept(chris, id);
    String address = ChatAddresses.conversation(UUID.fromString(id));
    try (XhrClient polling = XhrClient.streaming(server.port(), resident(ilse));
        BridgeClient worker =
            BridgeClient.connect(clients, server.port(), ChatBridgeTest.staffCookies(chris))) {
      assertThat(polling.open()).isEqualTo(200);
      polling.register(address);
      polling.awaitRegistered(server.app().vertx(), address);
      worker.register(address);
      worker.awaitRegistered(server.app().vertx(), address);

      // The worker answers over WebSocket; the resident hears it over HTTP.
      JsonObject answer =
          worker.reply(
              worker.send(
                  ChatAddresses.COMMAND,
                  ChatBridgeTest.message(id, "chris-1", "Daar is een boodschappendienst voor.")));
      assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("rec");
      JsonObject heard =
          polling
              .next(
                  f -> isMessage(f, "Daar is een boodschappendienst voor."), Duration.ofSeconds(10))
              .orElseThrow(() -> new AssertionError("the polling resident heard nothing"));
      assertThat(heard.getJsonObject("body").getInteger("seq"))
          .isEqualTo(answer.getJsonObject("body").getInteger("seq"));

      // The resident sends over HTTP: the reply carries the stored number, the worker hears it,
      // and a resend with the same client id is the same message.
      String reply =
          polling.send(
              ChatAddresses.COMMAND, ChatBridgeTest.message(id, "ilse-1", "Hoe werkt dat?"));
      JsonObject stored =
          polling
              .next(f -> reply.equals(f.getString("address")), Duration.ofSeconds(10))
              .orElseThrow(() -> new AssertionError("no reply over xhr"));
      assertThat(stored.getString("type")).as(stored.encode()).isEqualTo("rec");
      int seq = stored.getJsonObject("body").getInteger("seq");
      assertThat(worker.next(f -> isMessage(f, "Hoe werkt dat?"), Duration.ofSeconds(10)))
          .isPresent();
      String again =
          polling.send(
              ChatAddresses.COMMAND, ChatBridgeTest.message(id, "ilse-1", "Hoe werkt dat?"));
      assertThat(
              polling
                  .next(f -> again.equals(f.getString("address")), Duration.ofSeconds(10))
                  .orElseThrow()
                  .getJsonObject("body")
                  .getInteger("seq"))
          .isEqualTo(seq);
    }
    assertThat(
            Chats.after(ilse, id, 0).getJsonArray("berichten").stream()
                .filter(m -> "ilse-1".equals(((JsonObject) m).getString("clientId")))
                .count())
        .isEqualTo(1);
  }

  @Test
  void a_resident_on_xhr_polling_keeps_the_session_over_many_polls_and_sends_in_it()
      throws Exception {
    WebUser mila = server.user();
    String id = Chats.start(mila, "Mila", "Waar kan ik terecht met vragen over de huur?");
    Chats.accept(chris, id);
    String address = ChatAddresses.conversation(UUID.fromString(id));
    try (XhrClient polling = XhrClient.polling(server.port(), resident(mila));
        BridgeClient worker =
            BridgeClient.connect(clients, server.port(), ChatBridgeTest.staffCookies(chris))) {
      assertThat(polling.open()).isEqualTo(200);
      polling.register(address);
      polling.awaitRegistered(server.app().vertx(), address);
      worker.register(address);
      worker.awaitRegistered(server.app().vertx(), address);

      // Each answer ends a poll; the session outlives it and the next poll hears the next one.
      for (int i = 1; i <= 3; i++) {
        String text = "Het huurteam, antwoord " + i + ".";
        JsonObject answer =
            worker.reply(
                worker.send(ChatAddresses.COMMAND, ChatBridgeTest.message(id, "chris-" + i, text)));
        assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("rec");
        assertThat(polling.next(f -> isMessage(f, text), Duration.ofSeconds(10)))
            .as("answer " + i + " over xhr-polling")
            .isPresent();
      }

      // The resident sends in the same session: stored, numbered, heard by the worker.
      String reply =
          polling.send(ChatAddresses.COMMAND, ChatBridgeTest.message(id, "mila-1", "Dank je."));
      JsonObject stored =
          polling
              .next(f -> reply.equals(f.getString("address")), Duration.ofSeconds(10))
              .orElseThrow(() -> new AssertionError("no reply over xhr-polling"));
      assertThat(stored.getString("type")).as(stored.encode()).isEqualTo("rec");
      assertThat(worker.next(f -> isMessage(f, "Dank je."), Duration.ofSeconds(10))).isPresent();
      assertThat(polling.closes).as("the session was never closed").isEmpty();
    }
  }

  @Test
  void a_client_on_xhr_streaming_is_held_to_the_same_bridge_rules() throws Exception {
    WebUser jan = server.user();
    String his = Chats.start(jan, "Jan", "Wie helpt mij met mijn belastingaangifte?");
    WebUser karin = server.user();
    String hers = Chats.start(karin, "Karin", "Is er een taalcafé in de wijk?");
    try (XhrClient streaming = XhrClient.streaming(server.port(), resident(jan))) {
      assertThat(streaming.open()).isEqualTo(200);

      // Another conversation's address and the workers' queue: refused, as over WebSocket.
      streaming.register(ChatAddresses.conversation(UUID.fromString(hers)));
      assertThat(streaming.next(f -> "err".equals(f.getString("type")), Duration.ofSeconds(10)))
          .hasValueSatisfying(f -> assertThat(f.getString("body")).isEqualTo("rejected"));
      streaming.register(ChatAddresses.QUEUE);
      assertThat(streaming.next(f -> "err".equals(f.getString("type")), Duration.ofSeconds(10)))
          .isPresent();

      // Writing in her chat, with a worker's identity in the headers, is refused by the server.
      String reply = UUID.randomUUID().toString();
      streaming.write(
          new JsonObject()
              .put("type", "send")
              .put("address", ChatAddresses.COMMAND)
              .put("body", ChatBridgeTest.message(hers, "x-1", "Hallo Karin"))
              .put("headers", new JsonObject().put("medewerker", UUID.randomUUID().toString()))
              .put("replyAddress", reply));
      JsonObject refused =
          streaming
              .next(f -> reply.equals(f.getString("address")), Duration.ofSeconds(10))
              .orElseThrow();
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getInteger("failureCode")).isEqualTo(404);

      // His own conversation he may hear.
      String own = ChatAddresses.conversation(UUID.fromString(his));
      streaming.register(own);
      streaming.awaitRegistered(server.app().vertx(), own);
    }
    assertThat(Chats.after(karin, hers, 0).getJsonArray("berichten")).hasSize(1);

    // A page of another site may not open an HTTP session on the bridge either.
    XhrClient foreign =
        new XhrClient(server.port(), resident(jan), Optional.of("https://evil.example"), false);
    assertThat(foreign.open()).isEqualTo(403);
  }

  @Test
  void nobody_but_the_browser_that_opened_an_xhr_session_can_send_in_it_or_hear_it()
      throws Exception {
    WebUser noor = server.user();
    String id = Chats.start(noor, "Noor", "Kan iemand meekijken naar mijn post?");
    Chats.accept(chris, id);
    WebUser karin = server.user();
    Chats.start(karin, "Karin", "Is er een taalcafé in de wijk?");
    String address = ChatAddresses.conversation(UUID.fromString(id));
    try (XhrClient polling = XhrClient.streaming(server.port(), resident(noor));
        BridgeClient worker =
            BridgeClient.connect(clients, server.port(), ChatBridgeTest.staffCookies(chris))) {
      assertThat(polling.open()).isEqualTo(200);
      polling.register(address);
      polling.awaitRegistered(server.app().vertx(), address);
      worker.register(address);
      worker.awaitRegistered(server.app().vertx(), address);

      // The worker answers over WebSocket; the resident hears it over HTTP.
      JsonObject answer =
          worker.reply(
              worker.send(
                  ChatAddresses.COMMAND,
                  ChatBridgeTest.message(id, "chris-1", "Ja, de formulierenbrigade.")));
      assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("rec");
      assertThat(
              polling.next(f -> isMessage(f, "Ja, de formulierenbrigade."), Duration.ofSeconds(10)))
          .hasValueSatisfying(
              f ->
                  assertThat(f.getJsonObject("body").getInteger("seq"))
                      .isEqualTo(answer.getJsonObject("body").getInteger("seq")));

      // The resident sends with xhr_send: stored, numbered, heard by the worker.
      String reply =
          polling.send(ChatAddresses.COMMAND, ChatBridgeTest.message(id, "noor-1", "Fijn!"));
      JsonObject stored =
          polling
              .next(f -> reply.equals(f.getString("address")), Duration.ofSeconds(10))
              .orElseThrow(() -> new AssertionError("no reply over xhr"));
      assertThat(stored.getString("type")).as(stored.encode()).isEqualTo("rec");
      assertThat(worker.next(f -> isMessage(f, "Fijn!"), Duration.ofSeconds(10))).isPresent();

      // Someone else who knows the session id, without Noor's cookie or with another resident's,
      // can neither send in it nor poll what it hears.
      JsonObject forged =
          new JsonObject()
              .put("type", "send")
              .put("address", ChatAddresses.COMMAND)
              .put("body", ChatBridgeTest.message(id, "vals-1", "Ik ben Noor niet"))
              .put("replyAddress", UUID.randomUUID().toString());
      assertThat(polling.intruder(Map.of()).post(forged).statusCode()).isEqualTo(403);
      assertThat(polling.intruder(resident(karin)).post(forged).statusCode()).isEqualTo(403);
      assertThat(polling.intruder(resident(karin)).poll()).isEqualTo(403);
      assertThat(polling.intruder(Map.of()).poll()).isEqualTo(403);
    }
    assertThat(
            Chats.after(noor, id, 0).getJsonArray("berichten").stream()
                .map(m -> ((JsonObject) m).getString("clientId"))
                .toList())
        .contains("noor-1")
        .doesNotContain("vals-1");
  }
}
