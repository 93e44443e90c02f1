package nl.wijkportaal.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.identity.Access;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.ratelimit.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live transport: the Vert.x event-bus bridge over SockJS at {@code /eventbus}. It denies by
 * default. A socket may only listen to what its owner may see (a resident their own conversation; a
 * chat worker the queue, their own address and the chats they handle) and may only send to the one
 * command address, where the server has put the sender's identity in the headers. The resident's
 * cookie and the staff session are read before the bridge, because SockJS strips cookies from the
 * socket. Worker sockets are checked against their session every {@code chat.bridgeRecheckSeconds}:
 * a signed-out worker stops hearing, and a worker who chats only over the socket keeps their
 * session (which no page load renews then) alive.
 */
public final class ChatBridge {

  private static final Logger LOG = LoggerFactory.getLogger(ChatBridge.class);
  public static final String PATH = "/eventbus";
  private static final Duration TYPING_INTERVAL = Duration.ofSeconds(2);
  private static final String IDENTITY = "chat.socketIdentity";
  private static final String LIBRARY = "/static/vendor/sockjs-client-1.6.1/sockjs.min.js";

  /** The most one XHR post of frames may hold (a message is at most a few thousand characters). */
  private static final long FRAME_LIMIT = 64 * 1024;

  /** The session store's map (vertx-web's default name, which the session handler uses too). */
  private static final String SESSION_MAP = "vertx-web.sessions";

  /** Headers the server sets on every command; whatever the client sent there is dropped. */
  static final String H_RESIDENT = "inwoner";

  static final String H_WORKER = "medewerker";
  static final String H_WORKER_NAME = "medewerkerNaam";
  static final String H_ADDRESS = "adres";

  /** Who is behind a socket, as the HTTP request that opened it showed. */
  record Identity(
      Optional<String> tokenHash,
      Optional<Party> worker,
      Optional<String> sessionId,
      String address) {}

  /**
   * A live socket; {@code session} is the SockJS session id of an HTTP transport (null for a raw
   * WebSocket), whose later requests must come from the same holder.
   */
  private record Live(
      SockJSSocket socket,
      Context context,
      Identity identity,
      Set<String> addresses,
      String session) {}

  /** A SockJS session's requests: /eventbus/{server}/{session}/{transport}. */
  private static final Pattern SESSION_PATH =
      Pattern.compile("^" + PATH + "/[^/.]+/([^/.]+)/[a-z_]+$");

  private final Vertx vertx;
  private final ChatService chat;
  private final ChatLimits limits;
  private final Access access;
  private final ClientAddress clientAddress;
  private final String publicOrigin;
  private final SessionStore sessions;
  private final Map<SockJSSocket, Live> sockets = new ConcurrentHashMap<>();
  private final Map<String, Long> lastTyping = new ConcurrentHashMap<>();

  /** Who holds each open SockJS session of an HTTP transport (xhr, xhr_streaming, ...). */
  private final Map<String, Identity> sessionHolders = new ConcurrentHashMap<>();

  public ChatBridge(
      Vertx vertx,
      ChatService chat,
      ChatLimits limits,
      Access access,
      ClientAddress clientAddress,
      String publicUrl,
      SessionStore sessions) {
    this.vertx = vertx;
    this.access = access;
    this.chat = chat;
    this.limits = limits;
    this.clientAddress = clientAddress;
    this.publicOrigin = origin(publicUrl);
    this.sessions = sessions;
    // A node-local consumer: a command is handled on the node whose bridge received it (where its
    // socket is), never sent round-robin to another node and back.
    vertx.eventBus().<JsonObject>localConsumer(ChatAddresses.COMMAND, this::command);
    long recheck = Duration.ofSeconds(chat.config().bridgeRecheckSeconds()).toMillis();
    vertx.setPeriodic(recheck, id -> recheck());
  }

  public void mount(Router router) {
    // An old SockJS probe no client of ours uses, and which fails inside vertx-web 5.0.10 (a 0 ms
    // timer).
    router.route(PATH + "/chunking_test").handler(ctx -> ctx.response().setStatusCode(404).end());
    router.route(PATH + "/*").handler(this::identify);
    // The XHR fallbacks post their frames to a session's address (/eventbus/{server}/{session}/
    // xhr_send): SockJS reads them from the request body. Nothing else is read as a body.
    // xhr-polling (and xhr-streaming once it has sent its most) answers and then ends its request
    // by closing the connection: see keepSessionAfterAnswer.
    router
        .post(PATH + "/:server/:session/*")
        .handler(BodyHandler.create(false).setBodyLimit(FRAME_LIMIT))
        .handler(ChatBridge::keepSessionAfterAnswer);
    SockJSHandler sockJS =
        SockJSHandler.create(
            vertx,
            new SockJSHandlerOptions().setLibraryURL(LIBRARY).setRegisterWriteHandler(false));
    SockJSBridgeOptions options =
        new SockJSBridgeOptions()
            .addInboundPermitted(new PermittedOptions().setAddress(ChatAddresses.COMMAND))
            .addOutboundPermitted(
                new PermittedOptions()
                    .setAddressRegex(
                        "chat\\.(wachtrij|gesprek\\.[0-9a-f-]{36}|medewerker\\.[0-9a-f-]{36})"));
    router.route(PATH + "/*").subRouter(sockJS.bridge(options, this::event));
  }

  /**
   * Before the bridge: the origin must be ours; the resident's cookie and the staff session (read
   * from the store here: this runs before the session handler, which would let the upgrade request
   * end) become the socket's identity.
   */
  private void identify(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && !origin.equals(publicOrigin) && !origin.equals(ownOrigin(ctx))) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    // A later request of an HTTP transport's session (a poll, xhr_send) acts as the socket it
    // belongs to: it must come from the browser that opened it, with the same cookies. The session
    // id is in the URL; the cookies are what proves the holder.
    String sockJsSession = sessionOf(ctx);
    Identity holder = sockJsSession == null ? null : sessionHolders.get(sockJsSession);
    if (holder != null) {
      if (!heldBy(holder, ctx)) {
        ctx.response().setStatusCode(403).end();
        return;
      }
      ctx.put(IDENTITY, holder);
      ctx.next();
      return;
    }
    boolean upgrade = ctx.request().canUpgradeToWebSocket();
    ctx.request().pause();
    Cookie sessionCookie = ctx.request().getCookie(Sessions.COOKIE);
    Future<Optional<Session>> session =
        sessionCookie == null
            ? Future.succeededFuture(Optional.empty())
            : sessions.get(sessionCookie.getValue()).map(Optional::ofNullable);
    session
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture(Optional.<Party>empty())
                    : access
                        .accountOf(found.get())
                        .map(
                            account ->
                                account
                                    .filter(a -> a.has(Role.CHAT))
                                    .map(a -> Party.worker(a.id(), a.name()))))
        .onComplete(
            worker -> {
              Optional<Party> party = worker.succeeded() ? worker.result() : Optional.empty();
              ctx.put(
                  IDENTITY,
                  new Identity(
                      ResidentToken.hashOf(ctx),
                      party,
                      party.isPresent() ? Optional.of(sessionCookie.getValue()) : Optional.empty(),
                      clientAddress.of(ctx)));
              // A WebSocket upgrade stays paused: once its (empty) body is read it can no longer
              // upgrade.
              if (!upgrade) {
                ctx.request().resume();
              }
              ctx.next();
            });
  }

  /**
   * Works around vertx-web 5.0.10-5.0.12 (its SockJS classes are byte for byte the same in all
   * three; vert-x3/vertx-web#2862 is open): an xhr poll that has its answer ends the response and
   * at once closes the connection, without saying so in the answer. Over HTTP/1.1 a client then
   * sends its next poll or xhr_send on that connection and gets no answer at all, so the chat fell
   * silent after the first answer. The answer now says {@code Connection: close}, so browsers,
   * proxies and other clients open a new connection for the next request. Second, Vert.x reports
   * that close to the response's close handler when the answer is still being written, and SockJS
   * set that handler to end the whole session (meant for a client that goes away while it waits):
   * once the answer is complete the handler is removed. A client that goes away while it waits
   * still ends the session, and so does one that does not come back within SockJS's disconnect
   * delay (5 s). Over HTTP/2 that close would end the session and the whole connection with the
   * first answer: the node does not speak cleartext HTTP/2 ({@code HttpVerticle}), and browsers
   * speak HTTP/2 only over TLS, which a proxy in front of the node ends.
   */
  private static void keepSessionAfterAnswer(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (!path.endsWith("/xhr") && !path.endsWith("/xhr_streaming")) {
      ctx.next();
      return;
    }
    HttpServerResponse response = ctx.response();
    if (ctx.request().version() != HttpVersion.HTTP_2) {
      ctx.addHeadersEndHandler(v -> response.putHeader(HttpHeaders.CONNECTION, "close"));
    }
    ctx.addBodyEndHandler(v -> response.closeHandler(null));
    ctx.next();
  }

  /** The SockJS session id of an HTTP transport's request, or null. */
  private static String sessionOf(RoutingContext ctx) {
    Matcher m = SESSION_PATH.matcher(ctx.normalizedPath());
    return m.matches() ? m.group(1) : null;
  }

  /**
   * Whether the request carries the cookies of the session's holder: the same resident token (or
   * none if it had none) and, for a worker, the same staff session.
   */
  private static boolean heldBy(Identity holder, RoutingContext ctx) {
    if (!holder.tokenHash().equals(ResidentToken.hashOf(ctx))) {
      return false;
    }
    if (holder.sessionId().isEmpty()) {
      return true;
    }
    Cookie staff = ctx.request().getCookie(Sessions.COOKIE);
    return staff != null && holder.sessionId().get().equals(staff.getValue());
  }

  private static String ownOrigin(RoutingContext ctx) {
    String host = ctx.request().getHeader("Host");
    return host == null ? "" : (ctx.request().isSSL() ? "https://" : "http://") + host;
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  private void event(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SOCKET_CREATED) {
      Identity identity =
          socket.routingContext() == null ? null : socket.routingContext().get(IDENTITY);
      if (identity == null) {
        event.complete(false);
        return;
      }
      String session = sessionOf(socket.routingContext());
      if (session != null && sessionHolders.putIfAbsent(session, identity) != null) {
        event.complete(false);
        return;
      }
      sockets.put(
          socket,
          new Live(
              socket, Vertx.currentContext(), identity, ConcurrentHashMap.newKeySet(), session));
      event.complete(true);
      return;
    }
    if (type == BridgeEventType.SOCKET_CLOSED) {
      Live closed = sockets.remove(socket);
      if (closed != null && closed.session() != null) {
        sessionHolders.remove(closed.session(), closed.identity());
      }
      event.complete(true);
      return;
    }
    Live live = sockets.get(socket);
    if (live == null) {
      event.complete(type == BridgeEventType.SOCKET_PING || type == BridgeEventType.SOCKET_IDLE);
      return;
    }
    JsonObject raw = event.getRawMessage();
    String address = raw == null ? null : raw.getString("address");
    switch (type) {
      case REGISTER ->
          mayListen(live.identity(), address)
              .onComplete(
                  allowed -> {
                    boolean ok = allowed.succeeded() && allowed.result();
                    if (ok) {
                      live.addresses().add(address);
                    }
                    event.complete(ok);
                  });
      case UNREGISTER -> {
        live.addresses().remove(address);
        event.complete(true);
      }
      case SEND -> {
        if (!ChatAddresses.COMMAND.equals(address)) {
          event.complete(false);
          return;
        }
        Identity id = live.identity();
        JsonObject headers = new JsonObject().put(H_ADDRESS, id.address());
        id.tokenHash().ifPresent(hash -> headers.put(H_RESIDENT, hash));
        id.worker()
            .ifPresent(
                w ->
                    headers
                        .put(H_WORKER, w.workerId().toString())
                        .put(H_WORKER_NAME, w.workerName()));
        event.setRawMessage(raw.copy().put("headers", headers));
        event.complete(true);
      }
      // Clients only listen and send commands; nothing they publish goes anywhere.
      case PUBLISH -> event.complete(false);
      default -> event.complete(true);
    }
  }

  /** Whether this socket may listen on {@code address}. */
  private Future<Boolean> mayListen(Identity identity, String address) {
    if (address == null) {
      return Future.succeededFuture(false);
    }
    if (identity.worker().isPresent()) {
      Party worker = identity.worker().get();
      if (ChatAddresses.QUEUE.equals(address)
          || ChatAddresses.worker(worker.workerId()).equals(address)) {
        return Future.succeededFuture(true);
      }
    }
    Optional<UUID> conversation = ChatAddresses.conversationOf(address);
    if (conversation.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return chat.find(conversation.get())
        .map(found -> found.isPresent() && handledBy(identity, found.get()));
  }

  private static boolean handledBy(Identity identity, Conversation c) {
    return identity.worker().map(w -> w.handles(c)).orElse(false)
        || identity.tokenHash().map(hash -> Party.resident(hash).handles(c)).orElse(false);
  }

  /**
   * The one command address: {@code {"type":"bericht","gesprek","clientId","tekst"}} stores a
   * message and answers {@code {"seq", "bericht"}}; {@code {"type":"typen","gesprek"}} passes a
   * typing signal on (at most one per two seconds per sender, never stored). The sender is who the
   * headers say, set by the bridge. A message costs one round trip: the statement that stores it
   * also checks that the sender may send there (no read of the conversation before it), and its
   * rate limits are counted on this node.
   */
  private void command(Message<JsonObject> message) {
    JsonObject body = message.body();
    Optional<UUID> id =
        body == null ? Optional.empty() : ChatRoutes.uuid(String.valueOf(body.getValue("gesprek")));
    if (id.isEmpty()) {
      message.fail(400, "gesprek ontbreekt");
      return;
    }
    String tokenHash = message.headers().get(H_RESIDENT);
    Optional<Party> worker =
        Optional.ofNullable(message.headers().get(H_WORKER))
            .flatMap(ChatRoutes::uuid)
            .map(w -> Party.worker(w, message.headers().get(H_WORKER_NAME)));
    String address = message.headers().get(H_ADDRESS);
    String type = String.valueOf(body.getValue("type"));
    Future<?> done;
    if ("typen".equals(type)) {
      done = typing(message, id.get(), tokenHash, worker);
    } else if ("bericht".equals(type)) {
      done = message(message, id.get(), tokenHash, worker, address);
    } else {
      message.fail(400, "onbekend type");
      return;
    }
    done.onFailure(
        failure -> {
          LOG.warn("Chat command failed: {}", failure.toString());
          message.fail(500, "fout");
        });
  }

  private Future<?> message(
      Message<JsonObject> message,
      UUID id,
      String tokenHash,
      Optional<Party> worker,
      String address) {
    JsonObject body = message.body();
    Object text = body.getValue("tekst");
    Object clientId = body.getValue("clientId");
    if (worker.isEmpty() && tokenHash == null) {
      message.fail(404, "niet_gevonden");
      return Future.succeededFuture();
    }
    if (!(text instanceof String tekst) || !(clientId instanceof String clientMessageId)) {
      message.fail(400, "leeg");
      return Future.succeededFuture();
    }
    Future<Decision> limit =
        worker.isPresent()
            ? limits.workerMessage(worker.get().workerId().toString())
            : limits.message(tokenHash, address == null ? "onbekend" : address);
    return limit.compose(
        decision -> {
          if (!decision.allowed()) {
            message.fail(429, "te_snel");
            return Future.succeededFuture();
          }
          return send(message, id, tokenHash, worker, clientMessageId, tekst);
        });
  }

  private Future<?> send(
      Message<JsonObject> message,
      UUID id,
      String tokenHash,
      Optional<Party> worker,
      String clientId,
      String text) {
    // A worker who also holds a resident's cookie sends as the worker in the chats they handle, as
    // the resident in their own.
    Future<ChatService.SendResult> sent =
        worker.isPresent()
            ? chat.send(id, worker.get(), clientId, text)
                .compose(
                    result ->
                        tokenHash != null && notTheirs(result)
                            ? chat.send(id, Party.resident(tokenHash), clientId, text)
                            : Future.succeededFuture(result))
            : chat.send(id, Party.resident(tokenHash), clientId, text);
    return sent.onSuccess(
        result -> {
          if (result instanceof ChatService.Sent s) {
            message.reply(
                new JsonObject()
                    .put("ok", true)
                    .put("seq", s.message().seq())
                    .put("bericht", s.message().toJson()));
          } else {
            String reason = ((ChatService.Refused) result).reason();
            if ("niet_gevonden".equals(reason)) {
              message.fail(404, reason);
            } else {
              message.fail(409, reason);
            }
          }
        });
  }

  private static boolean notTheirs(ChatService.SendResult result) {
    return result instanceof ChatService.Refused r && "niet_gevonden".equals(r.reason());
  }

  /**
   * Passes a typing signal on, at most one per two seconds per sender; the throttle comes before
   * the read of the conversation.
   */
  private Future<?> typing(
      Message<JsonObject> message, UUID id, String tokenHash, Optional<Party> worker) {
    String key = id + "|" + worker.map(w -> w.workerId().toString()).orElse(tokenHash);
    long now = System.nanoTime();
    Long last = lastTyping.get(key);
    if (last != null && now - last < TYPING_INTERVAL.toNanos()) {
      message.reply(new JsonObject().put("ok", true));
      return Future.succeededFuture();
    }
    return chat.find(id)
        .onSuccess(
            found -> {
              Optional<Party> party = found.flatMap(c -> sender(c, tokenHash, worker));
              if (party.isEmpty()) {
                message.fail(404, "niet_gevonden");
                return;
              }
              lastTyping.put(key, now);
              if (lastTyping.size() > 10_000) {
                lastTyping.clear();
              }
              chat.typing(id, party.get().sender());
              message.reply(new JsonObject().put("ok", true));
            });
  }

  /** The worker if they handle the chat, else the resident if the token owns it. */
  private static Optional<Party> sender(Conversation c, String tokenHash, Optional<Party> worker) {
    if (worker.isPresent() && worker.get().handles(c)) {
      return worker;
    }
    if (tokenHash != null && Party.resident(tokenHash).handles(c)) {
      return Optional.of(Party.resident(tokenHash));
    }
    return Optional.empty();
  }

  /**
   * Closes worker sockets whose session has ended (signed out, expired, past the absolute limit,
   * account deactivated or no longer a chat worker) or that listen to a chat the worker no longer
   * handles (transferred, ended). The client reconnects and may listen to what it may listen to
   * now. A live socket's session is renewed here: a worker who only chats over the socket loads no
   * page, and the session would otherwise expire under them.
   */
  private void recheck() {
    for (Live live : sockets.values()) {
      if (live.identity().worker().isEmpty()) {
        continue;
      }
      Party worker = live.identity().worker().get();
      Future<Boolean> session =
          live.identity().sessionId().isEmpty()
              ? Future.succeededFuture(false)
              : sessions
                  .get(live.identity().sessionId().get())
                  .compose(
                      s ->
                          s == null || !Access.isSignedIn(s, worker.workerId())
                              ? Future.succeededFuture(false)
                              : access
                                  .accountOf(s)
                                  .map(a -> a.filter(found -> found.has(Role.CHAT)).isPresent())
                                  .compose(
                                      valid ->
                                          valid
                                              ? renew(s).map(true)
                                              : Future.succeededFuture(false)));
      session
          .compose(
              valid -> {
                if (!valid) {
                  return Future.succeededFuture(false);
                }
                // One read of the worker's chats for the whole socket, not one per address.
                return chat.openFor(worker.workerId())
                    .compose(
                        open -> {
                          Set<UUID> theirs = new HashSet<>();
                          open.forEach(c -> theirs.add(c.id()));
                          Future<Boolean> all = Future.succeededFuture(true);
                          for (String address : live.addresses()) {
                            Optional<UUID> conversation = ChatAddresses.conversationOf(address);
                            if (conversation.isPresent() && !theirs.contains(conversation.get())) {
                              // Not one they handle: perhaps their own chat as a resident.
                              all =
                                  all.compose(
                                      ok ->
                                          ok
                                              ? chat.find(conversation.get())
                                                  .map(
                                                      c ->
                                                          c.isPresent()
                                                              && handledBy(
                                                                  live.identity(), c.get()))
                                              : Future.succeededFuture(false));
                            }
                          }
                          return all;
                        });
              })
          .onComplete(
              result -> {
                if (result.failed() || !result.result()) {
                  LOG.info(
                      "Closing a chat worker's socket: {}",
                      result.failed()
                          ? "the check failed (" + result.cause() + ")"
                          : "signed out, or a chat is no longer theirs");
                  sockets.remove(live.socket());
                  if (live.session() != null) {
                    sessionHolders.remove(live.session(), live.identity());
                  }
                  live.context().runOnContext(v -> live.socket().close());
                }
              });
    }
  }

  /**
   * Keeps a live worker's session from expiring once half its idle time has passed. It never writes
   * the session back: a write could bring back a session that signing out removed a moment before
   * (and would race the worker's own page requests). On one node the stored session is the object
   * read, so marking it accessed is enough; in a cluster the entry's time to live in Hazelcast is
   * what expires it, and {@code setTtl} extends only an entry that still exists.
   */
  private Future<Void> renew(Session s) {
    if (System.currentTimeMillis() - s.lastAccessed() < s.timeout() / 2) {
      return Future.succeededFuture();
    }
    s.setAccessed();
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hazelcast)) {
      return Future.succeededFuture();
    }
    String id = s.id();
    long timeout = s.timeout();
    return vertx.executeBlocking(
        () -> {
          hazelcast
              .getHazelcastInstance()
              .getMap(SESSION_MAP)
              .setTtl(id, timeout, TimeUnit.MILLISECONDS);
          return null;
        },
        false);
  }
}
