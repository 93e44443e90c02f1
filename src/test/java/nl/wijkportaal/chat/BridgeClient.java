package nl.wijkportaal.chat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A client of the event-bus bridge as another program would write one: the raw SockJS WebSocket
 * endpoint {@code /eventbus/websocket}, JSON frames (the server's come binary), the cookies a
 * browser would send. Keeps its {@link WebSocketClient}, or a cleaner closes it.
 */
public final class BridgeClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final Frames frames = new Frames();
  private volatile java.util.function.Consumer<JsonObject> listener;

  private final Vertx vertx;
  private final long pinger;

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    // The bridge closes a socket that has not pinged for 10 seconds, as the browser client does
    // every 5.
    this.pinger =
        vertx.setPeriodic(
            5000,
            id -> {
              if (!socket.isClosed()) {
                socket.writeTextMessage("{\"type\":\"ping\"}");
              }
            });
    socket.binaryMessageHandler(
        b -> {
          JsonObject frame = new JsonObject(b);
          java.util.function.Consumer<JsonObject> l = listener;
          if (l != null) {
            l.accept(frame);
          } else {
            frames.add(frame);
          }
        });
    socket.textMessageHandler(t -> frames.add(new JsonObject(t)));
  }

  public static BridgeClient connect(Vertx vertx, int port, Map<String, String> cookies) {
    return connect(vertx, port, cookies, Optional.empty());
  }

  public static BridgeClient connect(
      Vertx vertx, int port, Map<String, String> cookies, Optional<String> origin) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/eventbus/websocket");
    String cookie =
        cookies.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("; "));
    if (!cookie.isEmpty()) {
      options.addHeader("Cookie", cookie);
    }
    origin.ifPresent(o -> options.addHeader("Origin", o));
    WebSocket socket = client.connect(options).await();
    return new BridgeClient(vertx, client, socket);
  }

  /**
   * Frames go to {@code listener} as they arrive (on an event loop) instead of the queue: for the
   * benchmark.
   */
  public void listen(java.util.function.Consumer<JsonObject> listener) {
    this.listener = listener;
  }

  public void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  /** Sends {@code body} to {@code address}; the answer comes to the returned reply address. */
  public String send(String address, JsonObject body) {
    return send(address, body, new JsonObject());
  }

  public String send(String address, JsonObject body, JsonObject headers) {
    String reply =
        UUID.randomUUID().toString(); // the bridge refuses reply addresses over 36 characters
    write(
        new JsonObject()
            .put("type", "send")
            .put("address", address)
            .put("body", body)
            .put("headers", headers)
            .put("replyAddress", reply));
    return reply;
  }

  /**
   * Sends without waiting for the write: for the benchmark, which counts replies in {@link
   * #listen}.
   */
  public void sendWithReply(String address, JsonObject body, String replyAddress) {
    socket.writeTextMessage(
        new JsonObject()
            .put("type", "send")
            .put("address", address)
            .put("body", body)
            .put("replyAddress", replyAddress)
            .encode());
  }

  public void publish(String address, JsonObject body) {
    write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  private void write(JsonObject frame) {
    try {
      socket.writeTextMessage(frame.encode()).await();
    } catch (RuntimeException e) {
      throw new AssertionError(
          "could not write " + frame.encode() + " to " + socket.remoteAddress(), e);
    }
  }

  /** The next frame that matches, skipping others (kept aside); empty after {@code timeout}. */
  public Optional<JsonObject> next(Predicate<JsonObject> wanted, Duration timeout) {
    return frames.next(wanted, timeout);
  }

  /** The reply to a send: {@code rec} (answered) or {@code err} (refused). */
  public JsonObject reply(String replyAddress) {
    return next(f -> replyAddress.equals(f.getString("address")), Duration.ofSeconds(10))
        .orElseThrow(() -> new AssertionError("no reply on " + replyAddress));
  }

  /**
   * Waits until a probe published on {@code address} reaches this socket: the registration holds.
   */
  public void awaitRegistered(Vertx server, String address) {
    frames.awaitRegistered(server, address, Duration.ofMillis(100));
  }

  boolean closed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    socket.close();
    client.close();
  }

  static Buffer unused() {
    return Buffer.buffer();
  }
}
