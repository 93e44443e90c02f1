package nl.wijkportaal.bench;

import com.google.errorprone.annotations.FormatMethod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestKeys;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;

/**
 * Chat delivery under load ({@code bench/chat.sh N R interval}): two clustered nodes started as a
 * user starts the product ({@code Main}, each its own JVM, Hazelcast on 127.0.0.1 with multicast
 * off) on one PostgreSQL; the clients are real WebSocket clients of the SockJS bridge in this JVM,
 * so their CPU and garbage are not the nodes'. N conversations: each resident's socket on node one,
 * the worker's sockets (100 conversations each) on node two. Every resident sends R messages, one
 * every {@code interval} ms, spread evenly; each message carries the time it was due
 * (System.nanoTime of this JVM, which both sends and hears it), so a sender that falls behind adds
 * its delay to the latency instead of hiding it.
 *
 * <p>Reports resident → worker latency p50/p99/max, messages acknowledged but never heard (lost),
 * heard twice (doubled), refused, unanswered, how far the senders fell behind, and the load
 * average. Then every resident reconnects through node two: "messages after 0" there must hold
 * every acknowledged message with sequence numbers 1..n without a gap or a double, and a message
 * sent over the new socket gets the next number and reaches the worker. Ends with 1 when a message
 * was lost, doubled or a resume had a gap.
 *
 * <p>Arguments: {@code N R interval} (500 5 2000), then {@code name=value}: {@code out}
 * (target/bench-chat), {@code nodeJvm} (the nodes' JVM options, default the product's own bound:
 * {@code -Xmx384m -XX:MaxDirectMemorySize=128m}), {@code poolSize} (8), {@code jfr} (any value:
 * each node records a profile from its start; the message phase is written to {@code
 * out/node-*.jfr}). Also reports the CPU time each node and the clients used during the messages.
 */
public final class ChatBenchmark {

  private static final int PER_WORKER_SOCKET = 100;
  private static final String READY = "wijkportaal listening on";

  private final int n;
  private final int rounds;
  private final int interval;
  private final Map<String, String> args;
  private final Path out;
  private final BenchProcesses processes;
  private final List<String> report = new ArrayList<>();
  private final Map<String, Process> nodes = new LinkedHashMap<>();

  private ChatBenchmark(int n, int rounds, int interval, Map<String, String> args) {
    this.n = n;
    this.rounds = rounds;
    this.interval = interval;
    this.args = args;
    this.out = Path.of(args.getOrDefault("out", "target/bench-chat")).toAbsolutePath();
    this.processes = new BenchProcesses(out);
  }

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  /** Runs the benchmark; 0 when it ran to the end with nothing lost, doubled or skipped. */
  public static int run(String... argv) {
    List<String> positional = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (String a : argv) {
      (a.contains("=") ? named : positional).add(a);
    }
    int n = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 500;
    int rounds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 5;
    int interval = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 2000;
    ChatBenchmark bench =
        new ChatBenchmark(
            n, rounds, interval, BenchProcesses.arguments(named.toArray(String[]::new)));
    Vertx clients = Vertx.vertx();
    try {
      return bench.run(clients) ? 0 : 1;
    } catch (Exception e) {
      e.printStackTrace();
      return 1;
    } finally {
      clients.close().await();
      bench.processes.stopAll(null, true);
    }
  }

  /** Starts a node: the product's Main in a JVM of its own. */
  private Process node(String name, int port, DatabaseUrl db, String cluster) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WIJKPORTAAL_HTTP_PORT", String.valueOf(port));
    env.put(
        "WIJKPORTAAL_DB_URL",
        "postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database());
    env.put("WIJKPORTAAL_DEMO", "true");
    env.put("WIJKPORTAAL_DEMO_HISTORY_ITEMS", "0");
    env.put("WIJKPORTAAL_DEMO_SMTP_PORT", "0");
    env.put("WIJKPORTAAL_SECRET", TestServer.SECRET);
    env.put("WIJKPORTAAL_CONFIG", TestKeys.configFile().toString());
    env.put("WIJKPORTAAL_CLUSTER", "true");
    env.put("WIJKPORTAAL_CLUSTER_NAME", cluster);
    env.put("WIJKPORTAAL_CHAT_CAPACITY", String.valueOf(n));
    env.put("WIJKPORTAAL_CHAT_STARTS_PER_HOUR", "1000000");
    env.put("WIJKPORTAAL_CHAT_MESSAGES_PER_MINUTE", "1000000");
    env.put("WIJKPORTAAL_ACCESS_LOG", "OFF");
    env.put("WIJKPORTAAL_DB_POOL_SIZE", args.getOrDefault("poolSize", "8"));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    // As the jar's manifest does: the modules Hazelcast needs.
    command.addAll(
        List.of(
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
    command.addAll(
        List.of(
            args.getOrDefault("nodeJvm", "-Xmx384m -XX:MaxDirectMemorySize=128m")
                .trim()
                .split("\\s+")));
    if (args.containsKey("jfr")) {
      // Recorded from the start, in memory; the message phase alone is dumped afterwards (a
      // recording started by jcmd in the middle of the load stalls the node for seconds).
      command.add("-XX:StartFlightRecording=settings=profile,name=bench");
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "nl.wijkportaal.app.Main"));
    Process p = processes.start(name, env, command, READY);
    nodes.put(name, p);
    line(
        "%s: pid %d, http://127.0.0.1:%d, log %s", name, p.pid(), port, out.resolve(name + ".log"));
    return p;
  }

  private boolean run(Vertx clients) throws Exception {
    Files.createDirectories(out);
    line("load before: %s", BenchProcesses.uptime());
    DatabaseUrl db = TestDatabase.fresh();
    String cluster = "wijkportaal-chat-bench-" + UUID.randomUUID();
    int portOne = BenchProcesses.freePort();
    int portTwo = BenchProcesses.freePort();
    node("node-one", portOne, db, cluster);
    node("node-two", portTwo, db, cluster);
    String one = "http://127.0.0.1:" + portOne;
    String two = "http://127.0.0.1:" + portTwo;

    WebUser chris = WebUser.at(two);
    HttpResponse<String> password =
        Staff.submitPassword(chris, Staff.email("chat"), Staff.PASSWORD);
    HttpResponse<String> code =
        Staff.submitCode(chris, Staff.code(Staff.TOTP_SECRET, Clock.systemUTC()));
    if (password.statusCode() != 303 || code.statusCode() != 303) {
      throw new IllegalStateException(
          "signing in answered " + password.statusCode() + " and " + code.statusCode());
    }
    chris.get(code.headers().firstValue("location").orElse("/chat-console"));
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
                WebUser resident = WebUser.at(one);
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

    // Chris's sockets on node two hear the conversations; every heard message is timed on arrival.
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    Map<String, Integer> heard = new ConcurrentHashMap<>();
    Set<String> typingHeard = ConcurrentHashMap.newKeySet();
    AtomicInteger doubled = new AtomicInteger();
    Map<String, String> staffCookie =
        Map.of("wijkportaal_sessie", chris.cookie("wijkportaal_sessie"));
    List<BridgeClient> workerSockets = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += PER_WORKER_SOCKET) {
      BridgeClient socket = BridgeClient.connect(clients, portTwo, staffCookie);
      socket.listen(
          frame -> {
            JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : null;
            if (body == null || !"inwoner".equals(body.getString("van"))) {
              return;
            }
            if ("typen".equals(body.getString("type"))) {
              typingHeard.add(body.getString("gesprek"));
              return;
            }
            if (!"bericht".equals(body.getString("type"))) {
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
      ids.subList(from, Math.min(ids.size(), from + PER_WORKER_SOCKET))
          .forEach(id -> socket.register(ChatAddresses.conversation(UUID.fromString(id))));
      workerSockets.add(socket);
    }
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    Map<String, String> replyOf = new ConcurrentHashMap<>();
    List<BridgeClient> residentSockets = new ArrayList<>();
    for (String id : ids) {
      BridgeClient socket =
          BridgeClient.connect(clients, portOne, Map.of(ResidentToken.COOKIE, cookies.get(id)));
      socket.listen(frame -> answered(frame, replyOf, acked, refused));
      residentSockets.add(socket);
    }
    // The worker's registrations hold once a resident's typing signal (node one) reaches the
    // worker's socket (node two) for every conversation; a signal before the registration is
    // sent again (typing passes at most once per two seconds per sender).
    long registered = System.nanoTime() + 120_000_000_000L;
    while (typingHeard.size() < ids.size()) {
      if (System.nanoTime() > registered) {
        throw new IllegalStateException(
            "the worker's sockets hear " + typingHeard.size() + " of " + ids.size() + " chats");
      }
      for (int i = 0; i < ids.size(); i++) {
        if (!typingHeard.contains(ids.get(i))) {
          residentSockets
              .get(i)
              .sendWithReply(
                  ChatAddresses.COMMAND,
                  new JsonObject().put("type", "typen").put("gesprek", ids.get(i)),
                  UUID.randomUUID().toString());
        }
      }
      long wait = System.nanoTime() + 2_100_000_000L;
      while (typingHeard.size() < ids.size() && System.nanoTime() < wait) {
        Thread.sleep(50);
      }
    }
    line(
        "setup: %d conversations, %d worker sockets (node two), %d resident sockets (node one) in %d s",
        ids.size(),
        workerSockets.size(),
        residentSockets.size(),
        (System.nanoTime() - setup) / 1_000_000_000L);

    // The load: each resident sends a message every interval, the residents spread over it.
    line("load at start of the messages: %s", BenchProcesses.uptime());
    Map<String, Long> cpuBefore = cpu();
    long messagesStarted = System.nanoTime();
    ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
    AtomicLong lag = new AtomicLong();
    long start = System.nanoTime() + 1_000_000_000L;
    List<Future<?>> sends = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < ids.size(); i++) {
        int round = r;
        int k = i;
        long due =
            start
                + (long) r * interval * 1_000_000L
                + (long) i * interval * 1_000_000L / ids.size();
        sends.add(
            senders.schedule(
                () -> {
                  lag.accumulateAndGet(System.nanoTime() - due, Math::max);
                  String id = ids.get(k);
                  String reply = UUID.randomUUID().toString();
                  replyOf.put(reply, id);
                  residentSockets
                      .get(k)
                      .sendWithReply(
                          ChatAddresses.COMMAND, message(id, "b-" + round, "t=" + due), reply);
                },
                due - System.nanoTime(),
                TimeUnit.NANOSECONDS));
      }
    }
    senders.shutdown();
    senders.awaitTermination(rounds * (long) interval + 60_000, TimeUnit.MILLISECONDS);
    for (Future<?> send : sends) {
      send.get(); // a send that threw fails the benchmark instead of going unseen
    }
    int sent = ids.size() * rounds;
    // Let the last messages arrive.
    long waitUntil = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < waitUntil
        && (acked.size() + refused.get() < sent || !heard.keySet().containsAll(acked))) {
      Thread.sleep(100);
    }
    String loadAfter = BenchProcesses.uptime();
    Map<String, Long> cpuAfter = cpu();
    double wall = (System.nanoTime() - messagesStarted) / 1e9;
    StringBuilder used = new StringBuilder();
    cpuAfter.forEach(
        (name, ms) ->
            used.append(used.length() == 0 ? "" : ", ")
                .append(String.format("%s %.1f s", name, (ms - cpuBefore.get(name)) / 1000.0)));
    line("CPU time used during the messages (%.0f s on the wall, 2 cores): %s", wall, used);
    if (args.containsKey("jfr")) {
      for (Map.Entry<String, Process> node : nodes.entrySet()) {
        Path file = out.resolve(node.getKey() + ".jfr");
        new ProcessBuilder(
                "jcmd",
                String.valueOf(node.getValue().pid()),
                "JFR.dump",
                "name=bench",
                "begin=-" + (long) Math.ceil(wall) + "s",
                "filename=" + file)
            .inheritIO()
            .start()
            .waitFor();
        line("JFR of the messages on %s: %s", node.getKey(), file);
      }
    }
    Set<String> lost = ConcurrentHashMap.newKeySet();
    lost.addAll(acked);
    lost.removeAll(heard.keySet());
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    line(
        "conversations %d, messages sent %d, acknowledged %d, refused %d, unanswered %d, heard %d,"
            + " lost %d, doubled %d; senders at most %.1f ms behind schedule",
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
      line(
          "resident -> worker latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)",
          ms(sorted, 0.50), ms(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }
    line("load after the messages: %s", loadAfter);

    // Every resident reconnects through node two and resumes: nothing missing, nothing twice.
    residentSockets.forEach(BridgeClient::close);
    int gaps = 0;
    int resumed = 0;
    Set<String> finalAcked = ConcurrentHashMap.newKeySet();
    AtomicInteger finalRefused = new AtomicInteger();
    Map<String, String> finalReplyOf = new ConcurrentHashMap<>();
    List<BridgeClient> again = new ArrayList<>();
    Map<String, Integer> next = new LinkedHashMap<>();
    Map<String, List<Integer>> ackedOf = new HashMap<>();
    for (String a : acked) {
      int bar = a.indexOf('|');
      ackedOf
          .computeIfAbsent(a.substring(0, bar), k -> new ArrayList<>())
          .add(Integer.parseInt(a.substring(bar + 1)));
    }
    for (String id : ids) {
      WebUser resident = WebUser.at(two);
      resident.cookie(ResidentToken.COOKIE, cookies.get(id));
      HttpResponse<String> r = resident.get("/api/v1/chat/gesprekken/" + id + "/berichten?na=0");
      JsonArray messages =
          r.statusCode() == 200 ? new JsonObject(r.body()).getJsonArray("berichten") : null;
      List<Integer> seqs = new ArrayList<>();
      if (messages != null) {
        messages.forEach(m -> seqs.add(((JsonObject) m).getInteger("seq")));
      }
      boolean complete = !seqs.isEmpty();
      for (int i = 0; i < seqs.size(); i++) {
        complete &= seqs.get(i) == i + 1;
      }
      // Every message acknowledged to this resident is in what node two answers.
      complete &= seqs.containsAll(ackedOf.getOrDefault(id, List.of()));
      if (!complete) {
        gaps++;
        continue;
      }
      next.put(id, seqs.size() + 1);
      BridgeClient socket =
          BridgeClient.connect(clients, portTwo, Map.of(ResidentToken.COOKIE, cookies.get(id)));
      socket.listen(frame -> answered(frame, finalReplyOf, finalAcked, finalRefused));
      again.add(socket);
      String reply = UUID.randomUUID().toString();
      finalReplyOf.put(reply, id);
      socket.sendWithReply(
          ChatAddresses.COMMAND, message(id, "na-herverbinden", "na herverbinden"), reply);
    }
    long resumeUntil = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < resumeUntil
        && (finalAcked.size() + finalRefused.get() < next.size()
            || !heard.keySet().containsAll(finalAcked))) {
      Thread.sleep(100);
    }
    for (Map.Entry<String, Integer> e : next.entrySet()) {
      String key = e.getKey() + "|" + e.getValue();
      if (finalAcked.contains(key) && heard.containsKey(key)) {
        resumed++;
      } else {
        gaps++;
      }
    }
    line(
        "resumed through node two: %d of %d conversations complete (1..n, every acknowledged"
            + " message), their next message numbered n+1 and heard by the worker; %d with a gap",
        resumed, ids.size(), gaps);
    again.forEach(BridgeClient::close);
    workerSockets.forEach(BridgeClient::close);
    Files.write(out.resolve("results.txt"), report);
    return lost.isEmpty() && doubled.get() == 0 && gaps == 0 && resumed == ids.size();
  }

  /** CPU time used so far (ms) by each node and by this JVM (the clients). */
  private Map<String, Long> cpu() {
    Map<String, Long> used = new LinkedHashMap<>();
    nodes.forEach(
        (name, p) ->
            used.put(
                name, p.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L)));
    used.put(
        "clients",
        ProcessHandle.current()
            .info()
            .totalCpuDuration()
            .map(java.time.Duration::toMillis)
            .orElse(-1L));
    return used;
  }

  private static JsonObject message(String id, String clientId, String text) {
    return new JsonObject()
        .put("type", "bericht")
        .put("gesprek", id)
        .put("clientId", clientId)
        .put("tekst", text);
  }

  /** A reply to a resident's send: acknowledged with its sequence number, or refused. */
  private static void answered(
      JsonObject frame, Map<String, String> replyOf, Set<String> acked, AtomicInteger refused) {
    String conv = replyOf.remove(frame.getString("address", ""));
    if (conv == null) {
      return;
    }
    if ("rec".equals(frame.getString("type")) && frame.getValue("body") instanceof JsonObject) {
      acked.add(conv + "|" + frame.getJsonObject("body").getInteger("seq"));
    } else {
      refused.incrementAndGet();
    }
  }

  @FormatMethod
  private void line(String format, Object... values) {
    String text = String.format(format, values);
    System.out.println(text);
    report.add(text);
  }

  private static double ms(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
  }
}
