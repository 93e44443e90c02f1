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
    private final HttpClient http;
    private final Frames frames = new Frames();
    private final List<String> closes = new ArrayList<>();
    private volatile boolean open = true;
    private Thread receiver;

    private XhrClient(
        int port, Map<String, String> cookies, Optional<String> origin, boolean streaming) {
      this(
          "http://127.0.0.1:" + port + "/eventbus/000/" + UUID.randomUUID(),
          cookies,
          origin,
          streaming,
          HTTP);
    }

    private XhrClient(
        String base,
        Map<String, String> cookies,
        Optional<String> origin,
        boolean streaming,
        HttpClient http) {
      this.base = base;
      this.http = http;
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

    /** Polling with {@code http}, e.g. a client that offers cleartext HTTP/2. */
    static XhrClient polling(int port, Map<String, String> cookies, HttpClient http) {
      return new XhrClient(
          "http://127.0.0.1:" + port + "/eventbus/000/" + UUID.randomUUID(),
          cookies,
          Optional.empty(),
          false,
          http);
    }

    /** Another browser (other cookies, or none) that knows this client's session id. */
    XhrClient intruder(Map<String, String> cookies) {
      return new XhrClient(base, cookies, Optional.empty(), false, HTTP);
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
            http.send(
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
          http.send(
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
                        http.send(
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
        return http.send(
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
      return http.send(
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
      return frames.next(wanted, timeout);
    }

    /** Waits until a probe published on {@code address} arrives: the registration holds. */
    void awaitRegistered(Vertx server, String address) {
      frames.awaitRegistered(server, address, Duration.ofMillis(200));
    }

    @Override
    public void close() {
      open = false;
      if (receiver != null) {
        receiver.interrupt();
      }
    }
  }

  private static Map<String, String> cookiesOf(WebUser user) {
    return Map.of(ResidentToken.COOKIE, user.cookie(ResidentToken.COOKIE));
  }

  private static boolean isMessage(JsonObject frame, String text) {
    return ChatBridgeTest.isMessage(frame)
        && text.equals(frame.getJsonObject("body").getString("tekst"));
  }

  /**
   * An accepted chat with the resident on an HTTP transport and Chris on a WebSocket, both
   * listening to it.
   */
  private record Live(String id, XhrClient resident, BridgeClient worker) implements AutoCloseable {

    /** {@code name} asks {@code question} and opens {@code transport}; Chris accepts. */
    static Live open(
        WebUser who,
        String name,
        String question,
        java.util.function.Function<Map<String, String>, XhrClient> transport)
        throws Exception {
      String id = Chats.start(who, name, question);
      Chats.accept(chris, id);
      String address = ChatAddresses.conversation(UUID.fromString(id));
      XhrClient resident = transport.apply(cookiesOf(who));
      BridgeClient worker =
          BridgeClient.connect(clients, server.port(), ChatBridgeTest.staffCookies(chris));
      Live live = new Live(id, resident, worker);
      try {
        assertThat(resident.open()).isEqualTo(200);
        resident.register(address);
        resident.awaitRegistered(server.app().vertx(), address);
        worker.register(address);
        worker.awaitRegistered(server.app().vertx(), address);
        return live;
      } catch (Exception | AssertionError e) {
        live.close();
        throw e;
      }
    }

    /** Chris answers over WebSocket; the resident hears it over HTTP with its stored number. */
    void workerAnswers(String clientId, String text) {
      JsonObject answer =
          worker.reply(
              worker.send(ChatAddresses.COMMAND, ChatBridgeTest.message(id, clientId, text)));
      assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("rec");
      JsonObject heard =
          resident
              .next(f -> isMessage(f, text), Duration.ofSeconds(10))
              .orElseThrow(() -> new AssertionError("the resident heard nothing over HTTP"));
      assertThat(heard.getJsonObject("body").getInteger("seq"))
          .isEqualTo(answer.getJsonObject("body").getInteger("seq"));
    }

    /**
     * The resident sends over HTTP (xhr_send): the reply carries the stored number, which it
     * answers, and Chris hears the message.
     */
    int residentSends(String clientId, String text) {
      String reply =
          resident.send(ChatAddresses.COMMAND, ChatBridgeTest.message(id, clientId, text));
      JsonObject stored =
          resident
              .next(f -> reply.equals(f.getString("address")), Duration.ofSeconds(10))
              .orElseThrow(() -> new AssertionError("no reply over HTTP"));
      assertThat(stored.getString("type")).as(stored.encode()).isEqualTo("rec");
      assertThat(worker.next(f -> isMessage(f, text), Duration.ofSeconds(10))).isPresent();
      return stored.getJsonObject("body").getInteger("seq");
    }

    @Override
    public void close() {
      resident.close();
      worker.close();
    }
  }

  @Test
  void a_resident_on_xhr_streaming_hears_the_worker_live_and_sends_through_the_command_address()
      throws Exception {
    WebUser ilse = server.user();
    String id;
    try (Live chat =
        Live.open(
            ilse,
            "Ilse",
            "Mijn moeder kan niet meer alleen boodschappen doen.",
            cookies -> XhrClient.streaming(server.port(), cookies))) {
      id = chat.id();
      chat.workerAnswers("chris-1", "Daar is een boodschappendienst voor.");
      // A resend with the same client id is the same message.
      int seq = chat.residentSends("ilse-1", "Hoe werkt dat?");
      String again =
          chat.resident()
              .send(ChatAddresses.COMMAND, ChatBridgeTest.message(id, "ilse-1", "Hoe werkt dat?"));
      assertThat(
              chat.resident()
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

  /** Each answer ends a poll; the session outlives it and the next poll hears the next one. */
  private static void pollsAcrossAnswers(Live chat, String resident) {
    for (int i = 1; i <= 3; i++) {
      chat.workerAnswers("chris-" + i, "Het huurteam, antwoord " + i + ".");
    }
    // The resident sends in the same session: stored, numbered, heard by the worker.
    chat.residentSends(resident + "-1", "Dank je.");
    assertThat(chat.resident().closes).as("the session was never closed").isEmpty();
  }

  @Test
  void a_resident_on_xhr_polling_keeps_the_session_over_many_polls_and_sends_in_it()
      throws Exception {
    try (Live chat =
        Live.open(
            server.user(),
            "Mila",
            "Waar kan ik terecht met vragen over de huur?",
            cookies -> XhrClient.polling(server.port(), cookies))) {
      pollsAcrossAnswers(chat, "mila");
    }
  }

  /**
   * A client that offers cleartext HTTP/2 (Java's does, as a proxy may towards the node) is
   * answered in HTTP/1.1: the node does not speak h2c, where vertx-web's SockJS ends the polling
   * session and closes the whole connection, other requests on it included, with every answer.
   */
  @Test
  void a_client_that_offers_cleartext_http2_polls_over_http1_and_keeps_the_session()
      throws Exception {
    HttpClient offersH2c =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> page =
        offersH2c.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/chat"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    try (Live chat =
        Live.open(
            server.user(),
            "Sem",
            "Kan ik hulp krijgen bij de huurtoeslag?",
            cookies -> XhrClient.polling(server.port(), cookies, offersH2c))) {
      pollsAcrossAnswers(chat, "sem");
    }
  }

  @Test
  void a_client_on_xhr_streaming_is_held_to_the_same_bridge_rules() throws Exception {
    WebUser jan = server.user();
    String his = Chats.start(jan, "Jan", "Wie helpt mij met mijn belastingaangifte?");
    WebUser karin = server.user();
    String hers = Chats.start(karin, "Karin", "Is er een taalcafé in de wijk?");
    try (XhrClient streaming = XhrClient.streaming(server.port(), cookiesOf(jan))) {
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
        new XhrClient(server.port(), cookiesOf(jan), Optional.of("https://evil.example"), false);
    assertThat(foreign.open()).isEqualTo(403);
  }

  @Test
  void nobody_but_the_browser_that_opened_an_xhr_session_can_send_in_it_or_hear_it()
      throws Exception {
    WebUser noor = server.user();
    WebUser karin = server.user();
    Chats.start(karin, "Karin", "Is er een taalcafé in de wijk?");
    String id;
    try (Live chat =
        Live.open(
            noor,
            "Noor",
            "Kan iemand meekijken naar mijn post?",
            cookies -> XhrClient.streaming(server.port(), cookies))) {
      id = chat.id();
      chat.workerAnswers("chris-1", "Ja, de formulierenbrigade.");
      chat.residentSends("noor-1", "Fijn!");

      // Someone else who knows the session id, without Noor's cookie or with another resident's,
      // can neither send in it nor poll what it hears.
      JsonObject forged =
          new JsonObject()
              .put("type", "send")
              .put("address", ChatAddresses.COMMAND)
              .put("body", ChatBridgeTest.message(id, "vals-1", "Ik ben Noor niet"))
              .put("replyAddress", UUID.randomUUID().toString());
      XhrClient polling = chat.resident();
      assertThat(polling.intruder(Map.of()).post(forged).statusCode()).isEqualTo(403);
      assertThat(polling.intruder(cookiesOf(karin)).post(forged).statusCode()).isEqualTo(403);
      assertThat(polling.intruder(cookiesOf(karin)).poll()).isEqualTo(403);
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
