package nl.wijkportaal.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import nl.wijkportaal.chat.BridgeClient;
import nl.wijkportaal.chat.ChatAddresses;
import nl.wijkportaal.chat.ResidentToken;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;

/**
 * Chat delivery under load: two clustered nodes on this machine, N conversations, each resident's
 * WebSocket on node one and the worker's sockets (100 conversations each) on node two. Every
 * resident sends R messages, one every {@code interval} ms, spread evenly; each message carries the
 * time it was due to be sent (System.nanoTime, one clock: clients and nodes share the machine), so
 * a sender that falls behind adds its delay to the latency instead of hiding it. Reports resident →
 * worker latency (stored, published, delivered across nodes) p50/p99/max, messages acknowledged but
 * never heard (lost), heard twice (doubled), refused, and sent but never answered. Run with {@code
 * bench/chat.sh N R interval}.
 */
public final class ChatBenchmark {

  private static final int PER_WORKER_SOCKET = 100;

  private ChatBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int interval = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    DatabaseUrl db = TestDatabase.fresh();
    Map<String, String> settings =
        Map.of(
            "WIJKPORTAAL_CLUSTER", "true",
            "WIJKPORTAAL_CLUSTER_NAME", "wijkportaal-chat-bench-" + UUID.randomUUID(),
            "WIJKPORTAAL_CHAT_CAPACITY", String.valueOf(n),
            "WIJKPORTAAL_CHAT_STARTS_PER_HOUR", "1000000",
            "WIJKPORTAAL_CHAT_MESSAGES_PER_MINUTE", "1000000",
            "WIJKPORTAAL_ACCESS_LOG", "OFF",
            "WIJKPORTAAL_DB_POOL_SIZE", "8");
    TestClock clock = TestClock.startingNow();
    Vertx clients = Vertx.vertx();
    try (TestServer one = TestServer.on(db, settings, clock);
        TestServer two = TestServer.on(db, settings, clock)) {
      WebUser chris = Staff.signIn(two, clock, "chat");
      Staff.post(chris, "/chat-console/beschikbaarheid", Map.of("beschikbaarheid", "online"));

      // N residents start a chat on node one; Chris accepts them all on node two.
      long setup = System.nanoTime();
      List<String> ids = Collections.synchronizedList(new ArrayList<>());
      Map<String, String> cookies = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> started = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        started.add(
            pool.submit(
                () -> {
                  WebUser resident = one.user();
                  resident.get("/chat");
                  HttpResponse<String> r =
                      Staff.post(
                          resident,
                          "/chat",
                          Map.of("voornaam", "Bewoner " + k, "vraag", "Vraag " + k));
                  String id =
                      r.headers()
                          .firstValue("location")
                          .orElseThrow(() -> new IllegalStateException("start: " + r.statusCode()))
                          .substring("/chat/gesprek/".length());
                  ids.add(id);
                  cookies.put(id, resident.cookie(ResidentToken.COOKIE));
                  return null;
                }));
      }
      for (Future<?> f : started) {
        f.get();
      }
      pool.shutdown();
      for (String id : ids) {
        String where =
            Staff.post(chris, "/chat-console/gesprekken/" + id + "/aannemen", Map.of())
                .headers()
                .firstValue("location")
                .orElse("");
        if (!where.endsWith(id)) {
          throw new IllegalStateException("accept of " + id + " went to " + where);
        }
      }

      // Chris's sockets on node two hear the conversations; every heard message is timed on
      // arrival.
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      Map<String, Integer> heard = new ConcurrentHashMap<>();
      AtomicInteger doubled = new AtomicInteger();
      List<BridgeClient> workerSockets = new ArrayList<>();
      for (int from = 0; from < ids.size(); from += PER_WORKER_SOCKET) {
        BridgeClient socket =
            BridgeClient.connect(
                clients,
                two.port(),
                Map.of("wijkportaal_sessie", chris.cookie("wijkportaal_sessie")));
        List<String> mine = ids.subList(from, Math.min(ids.size(), from + PER_WORKER_SOCKET));
        mine.forEach(id -> socket.register(ChatAddresses.conversation(UUID.fromString(id))));
        for (String id : mine) {
          socket.awaitRegistered(
              one.app().vertx(), ChatAddresses.conversation(UUID.fromString(id)));
        }
        socket.listen(
            frame -> {
              JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : null;
              if (body == null
                  || !"bericht".equals(body.getString("type"))
                  || !"inwoner".equals(body.getString("van"))) {
                return;
              }
              long now = System.nanoTime();
              String text = body.getString("tekst");
              if (heard.merge(
                      body.getString("gesprek") + "|" + body.getInteger("seq"), 1, Integer::sum)
                  > 1) {
                doubled.incrementAndGet();
              } else if (text.startsWith("t=")) {
                latencies.add(now - Long.parseLong(text.substring(2)));
              }
            });
        workerSockets.add(socket);
      }
      List<BridgeClient> residentSockets = new ArrayList<>();
      for (String id : ids) {
        residentSockets.add(
            BridgeClient.connect(
                clients, one.port(), Map.of(ResidentToken.COOKIE, cookies.get(id))));
      }
      System.out.printf(
          "setup: %d conversations, %d worker sockets, %d resident sockets in %d s%n",
          ids.size(),
          workerSockets.size(),
          residentSockets.size(),
          (System.nanoTime() - setup) / 1_000_000_000L);

      // The load: each resident sends a message every interval, the residents spread over it.
      Set<String> acked = ConcurrentHashMap.newKeySet();
      AtomicInteger refused = new AtomicInteger();
      Map<String, String> replyOf = new ConcurrentHashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        residentSockets
            .get(i)
            .listen(
                frame -> {
                  String conv = replyOf.remove(frame.getString("address", ""));
                  if (conv == null) {
                    return;
                  }
                  if ("rec".equals(frame.getString("type"))
                      && frame.getValue("body") instanceof JsonObject) {
                    acked.add(conv + "|" + frame.getJsonObject("body").getInteger("seq"));
                  } else {
                    refused.incrementAndGet();
                  }
                });
      }
      ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
      AtomicLong lag = new AtomicLong();
      long start = System.nanoTime() + 1_000_000_000L;
      List<Future<?>> sends = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < ids.size(); i++) {
          int round = r;
          int k = i;
          long at =
              (long) r * interval * 1_000_000L + (long) i * interval * 1_000_000L / ids.size();
          long due = start + at;
          sends.add(
              senders.schedule(
                  () -> {
                    lag.accumulateAndGet(System.nanoTime() - due, Math::max);
                    String id = ids.get(k);
                    JsonObject body =
                        new JsonObject()
                            .put("type", "bericht")
                            .put("gesprek", id)
                            .put("clientId", "b-" + round)
                            .put("tekst", "t=" + due);
                    String reply = UUID.randomUUID().toString();
                    replyOf.put(reply, id);
                    residentSockets.get(k).sendWithReply(ChatAddresses.COMMAND, body, reply);
                  },
                  start + at - System.nanoTime(),
                  TimeUnit.NANOSECONDS));
        }
      }
      senders.shutdown();
      senders.awaitTermination(rounds * (long) interval + 60_000, TimeUnit.MILLISECONDS);
      for (Future<?> send : sends) {
        send.get(); // a send that threw fails the benchmark instead of going unseen
      }
      // Let the last messages arrive.
      long waitUntil = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < waitUntil
          && (acked.size() + refused.get() < ids.size() * rounds || heard.size() < acked.size())) {
        Thread.sleep(100);
      }
      Set<String> lost = ConcurrentHashMap.newKeySet();
      lost.addAll(acked);
      lost.removeAll(heard.keySet());
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      int sent = ids.size() * rounds;
      System.out.printf(
          "conversations %d, messages sent %d, acknowledged %d, refused %d, unanswered %d, heard %d,"
              + " lost %d, doubled %d; senders at most %.1f ms behind schedule%n",
          ids.size(),
          sent,
          acked.size(),
          refused.get(),
          sent - acked.size() - refused.get(),
          heard.size(),
          lost.size(),
          doubled.get(),
          lag.get() / 1e6);
      if (!sorted.isEmpty()) {
        System.out.printf(
            "resident -> worker latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)%n",
            ms(sorted, 0.50), ms(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, sorted.size());
      }
      workerSockets.forEach(BridgeClient::close);
      residentSockets.forEach(BridgeClient::close);
    } finally {
      clients.close().await();
    }
    System.exit(0);
  }

  private static double ms(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
  }
}
