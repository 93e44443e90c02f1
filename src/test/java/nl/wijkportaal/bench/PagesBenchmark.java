package nl.wijkportaal.bench;

import com.google.errorprone.annotations.FormatMethod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import nl.wijkportaal.bench.BenchProcesses.Result;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.WebUser;

/**
 * The pages benchmark of {@code bench/pages.sh}: the pages a resident or a worker opens often, each
 * measured with wrk against the product and, back to back at the same level, against the {@link
 * BareServer}'s counterpart on the same database ({@link BarePages}); then the signals API in
 * durable submissions per second. One run:
 *
 * <ol>
 *   <li>starts the product ({@code Main}: child JVM, embedded PostgreSQL with fsync on, demo data)
 *       with a raised signals limit for the benchmark's API client only ({@code
 *       intake.signalsPerClientRaised} in a configuration file of its own);
 *   <li>fills the inbox through {@code POST /api/v1/signalen} until {@code items} items are open;
 *   <li>gives {@code statuses} demo aanmeldingen a known status link (only its hash is stored);
 *   <li>signs in the demo triage worker (password and TOTP code) and sends its session cookie on
 *       the worker's pages;
 *   <li>runs wrk per page and level: home, offer page, the first aanmelding step, the status page,
 *       the inbox (pages 1-20 of the open items), an item page (200 different items);
 *   <li>runs wrk on {@code POST /api/v1/signalen} (every request a different signal) and counts the
 *       items stored.
 * </ol>
 *
 * <p>Arguments as {@code name=value}: {@code seconds} per level (10), {@code warmup} (3; 0: none,
 * the signals' 2 s neither), {@code levels} (4,64), {@code items} (5000), {@code statuses} (100),
 * {@code rounds} (1; more: the bare server and the product run back to back that many times per
 * page and level, each pair printed, then the median ratio with the lowest and highest: one pair
 * moves by many points on this 2-core machine), {@code old} (true; false: skip the counterparts of
 * before session 8), {@code pages} (home,offer,step,status,inbox,item,signals), {@code
 * signalLevels} (16,64), {@code data}, {@code out} (target/bench-pages), {@code productJvm}, {@code
 * visitors=new} (the resident pages without cookies: every request a first visit; by default a
 * returning resident who has started an aanmelding and sends its session cookie and CSRF token).
 */
public final class PagesBenchmark {

  /** The vindplek client of the demo whose limit the benchmark raises. */
  static final String CLIENT = "demo-school";

  private static final String OPEN_ITEMS =
      "SELECT count(*) FROM inbox_item WHERE state IN " + BarePages.OPEN;

  private final Map<String, String> args;
  private final Path out;
  private final String java;
  private final String classpath;
  private final BenchProcesses processes;
  private final List<String> report = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private Path data;
  private boolean keepData;

  private PagesBenchmark(Map<String, String> args) {
    this.args = args;
    this.out = Path.of(args.getOrDefault("out", "target/bench-pages")).toAbsolutePath();
    this.java = ProcessHandle.current().info().command().orElse("java");
    this.classpath = System.getProperty("java.class.path");
    this.processes = new BenchProcesses(out);
  }

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  /** Runs the benchmark; 0 when it ran to the end (the suite runs it at a tiny size). */
  public static int run(String... argv) {
    Map<String, String> args = BenchProcesses.arguments(argv);
    PagesBenchmark bench = new PagesBenchmark(args);
    try {
      bench.run();
      return 0;
    } catch (Exception e) {
      e.printStackTrace();
      return 1;
    } finally {
      bench.processes.stopAll(bench.data, bench.keepData);
    }
  }

  private void run() throws Exception {
    int seconds = Integer.parseInt(args.getOrDefault("seconds", "10"));
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "3"));
    int items = Integer.parseInt(args.getOrDefault("items", "5000"));
    int statuses = Integer.parseInt(args.getOrDefault("statuses", "100"));
    List<Integer> levels = ints(args.getOrDefault("levels", "4,64"));
    int rounds = Integer.parseInt(args.getOrDefault("rounds", "1"));
    boolean withOldBare = !"false".equals(args.get("old"));
    List<Integer> signalLevels = ints(args.getOrDefault("signalLevels", "16,64"));
    List<String> pages =
        List.of(args.getOrDefault("pages", "home,offer,step,status,inbox,item,signals").split(","));
    Files.createDirectories(out);
    keepData = args.containsKey("data");
    data =
        keepData
            ? Files.createDirectories(Path.of(args.get("data")).toAbsolutePath())
            : Files.createTempDirectory("wijkportaal-bench-pages");
    int httpPort = BenchProcesses.freePort();
    int dbPort = BenchProcesses.freePort();
    int barePort = BenchProcesses.freePort();

    // The raised limit for the benchmark's client only, by configuration (logged at start).
    Path config = out.resolve("bench-config.json");
    Files.writeString(
        config,
        new JsonObject()
            .put(
                "intake",
                new JsonObject()
                    .put("signalsPerClientRaised", new JsonObject().put(CLIENT, 100_000_000)))
            .encodePrettily());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WIJKPORTAAL_HTTP_PORT", String.valueOf(httpPort));
    env.put("WIJKPORTAAL_DB_PORT", String.valueOf(dbPort));
    env.put("WIJKPORTAAL_DATA_DIR", data.toString());
    env.put("WIJKPORTAAL_DEMO_SMTP_PORT", "0");
    env.put("WIJKPORTAAL_ACCESS_LOG", "OFF");
    env.put("WIJKPORTAAL_CONFIG", config.toString());
    List<String> command = new ArrayList<>(List.of(java));
    if (args.containsKey("productJvm")) {
      command.addAll(List.of(args.get("productJvm").split(" ")));
    }
    command.addAll(List.of("-cp", classpath, "nl.wijkportaal.app.Main"));
    Process product = processes.start("product", env, command, "wijkportaal listening on");
    String productUrl = "http://127.0.0.1:" + httpPort;
    line(
        "product: pid %d, %s, embedded PostgreSQL port %d, data %s",
        product.pid(), productUrl, dbPort, data);

    String dbPassword = Files.readString(data.resolve("postgres-password")).trim();
    Vertx vertx = Vertx.vertx();
    Pool pool = BenchProcesses.database(vertx, dbPort, dbPassword, 2);

    // The inbox: open items up to `items`, through the partner API as a vindplek sends them.
    long open = count(pool, OPEN_ITEMS);
    long t = System.nanoTime();
    if (open < items) {
      fill(productUrl, (int) (items - open));
    }
    line(
        "inbox: %d open items (%d were open, %d added through the API in %d s)",
        count(pool, OPEN_ITEMS),
        open,
        Math.max(0, items - open),
        (System.nanoTime() - t) / 1_000_000_000);

    // Status links: only their hash is stored, so the benchmark gives some aanmeldingen one.
    List<String> tokens = new ArrayList<>();
    List<Row> aanmeldingen =
        rows(
            pool,
            "SELECT id FROM inbox_item WHERE kanaal = 'aanmelding' AND merged_into IS NULL ORDER BY id LIMIT "
                + statuses);
    for (int i = 0; i < aanmeldingen.size(); i++) {
      String token = "benchmark-status-link-" + i;
      tokens.add(token);
      pool.preparedQuery("UPDATE inbox_item SET status_token_hash = $1 WHERE id = $2")
          .execute(Tuple.of(BarePages.sha256(token), aanmeldingen.get(i).getUUID(0)))
          .await();
    }
    List<String> slugs =
        rows(pool, "SELECT slug FROM offer WHERE status = 'gepubliceerd' ORDER BY slug LIMIT 200")
            .stream()
            .map(r -> r.getString(0))
            .toList();
    List<String> itemIds =
        rows(
                pool,
                // Unclaimed: the items the triage worker may open. An open item a colleague claimed
                // in another wijk is not theirs to see; the product answers 404 for it (one such
                // demo item among the 200 gave the item page's 7-17 "errors" per run).
                "SELECT id FROM inbox_item WHERE state IN "
                    + BarePages.OPEN
                    + " AND owner_account_id IS NULL ORDER BY due_at, id LIMIT 200")
            .stream()
            .map(r -> r.getUUID(0).toString())
            .toList();
    pool.query("ANALYZE").execute().await();
    pool.close().await();
    vertx.close().await();

    Process bare =
        processes.start(
            "bare",
            Map.of(BareServer.PASSWORD_VARIABLE, dbPassword),
            List.of(
                java,
                "-cp",
                classpath,
                BareServer.class.getName(),
                String.valueOf(dbPort),
                String.valueOf(barePort)),
            "bare server listening");
    String bareUrl = "http://127.0.0.1:" + barePort;
    line("bare server: pid %d, %s, same database", bare.pid(), bareUrl);

    // The demo triage worker, signed in through the real pages: their session on every request.
    WebUser worker = WebUser.at(productUrl);
    HttpResponse<String> password =
        Staff.submitPassword(worker, Staff.email("triage"), Staff.PASSWORD);
    HttpResponse<String> code =
        Staff.submitCode(worker, Staff.code(Staff.TOTP_SECRET, Clock.systemUTC()));
    if (password.statusCode() != 303 || code.statusCode() != 303) {
      throw new IllegalStateException(
          "signing in answered " + password.statusCode() + " and " + code.statusCode());
    }
    worker.get(code.headers().firstValue("location").orElse("/inbox"));
    Map<String, String> session =
        Map.of("Cookie", "wijkportaal_sessie=" + worker.cookie("wijkportaal_sessie"));

    // A returning resident's browser sends back the cookies it holds: one who has started an
    // aanmelding has a session and its CSRF token (visitors=returning, the default). A first visit
    // sends none (visitors=new): wrk keeps no cookies, so every request is a new visitor.
    WebUser resident = WebUser.at(productUrl);
    resident.get("/aanmelden/voor-wie");
    resident.postWithToken("/aanmelden/voor-wie", "voorWie", "zelf");
    Map<String, String> visitor =
        "new".equals(args.get("visitors"))
            ? Map.of()
            : Map.of(
                "Cookie",
                "wijkportaal_sessie="
                    + resident.cookie("wijkportaal_sessie")
                    + "; XSRF-TOKEN="
                    + resident.cookie("XSRF-TOKEN"));
    List<Comparison> comparisons = new ArrayList<>();
    if (pages.contains("home")) {
      comparisons.add(compare("/ (home)", List.of("/"), List.of("/b/home"), visitor));
    }
    if (pages.contains("offer")) {
      comparisons.add(
          compare(
              "/aanbod/{slug} (offer page)",
              slugs.stream().map(s -> "/aanbod/" + s).toList(),
              slugs.stream().map(s -> "/b/aanbod?slug=" + s).toList(),
              visitor));
    }
    if (pages.contains("step")) {
      // The bare step does the personal part too (BarePages.PersonalStep: a session found by its
      // cookie, the answer checked, the CSRF token); until session 8 it was a fixed page (no
      // session, no answers, no token), still measured beside it for the old ratio.
      comparisons.add(
          new Comparison(
              "/aanmelden/voor-wie (aanmelding step)",
              List.of("/aanmelden/voor-wie"),
              List.of(BarePages.PersonalStep.PATH),
              visitor,
              "new".equals(args.get("visitors")) ? Map.of() : bareResident(bareUrl),
              List.of("/b/stap")));
    }
    if (pages.contains("status") && !tokens.isEmpty()) {
      // The bare side reads and audits in one statement, as the product must (session 8); the old
      // bare page without the audit entry is measured beside it, so the old ratio stays visible.
      comparisons.add(
          new Comparison(
              "/aanmelden/status/{token} (status page)",
              tokens.stream().map(s -> "/aanmelden/status/" + s).toList(),
              tokens.stream().map(s -> "/b/status-audited?token=" + s).toList(),
              visitor,
              Map.of(),
              tokens.stream().map(s -> "/b/status?token=" + s).toList()));
    }
    if (pages.contains("inbox")) {
      List<String> inbox = new ArrayList<>();
      List<String> plain = new ArrayList<>();
      List<String> old = new ArrayList<>();
      for (int p = 1; p <= 20; p++) {
        inbox.add(p == 1 ? "/inbox" : "/inbox?pagina=" + p);
        plain.add("/b/inbox?pagina=" + p);
        old.add("/b/inbox-old?pagina=" + p);
      }
      comparisons.add(compareStaff("/inbox (worker, pages 1-20)", inbox, plain, old, session));
    }
    if (pages.contains("item") && !itemIds.isEmpty()) {
      comparisons.add(
          compareStaff(
              "/inbox/items/{id} (item page)",
              itemIds.stream().map(s -> "/inbox/items/" + s).toList(),
              itemIds.stream().map(s -> "/b/item?id=" + s).toList(),
              itemIds.stream().map(s -> "/b/item-old?id=" + s).toList(),
              session));
    }
    for (Comparison c : comparisons) {
      Files.write(out.resolve(c.slug() + ".paths"), c.productPaths(), StandardCharsets.UTF_8);
      Files.write(out.resolve(c.slug() + ".bare.paths"), c.barePaths(), StandardCharsets.UTF_8);
      Files.write(out.resolve(c.slug() + ".old.paths"), c.oldBarePaths(), StandardCharsets.UTF_8);
      checkFirst(productUrl, c.productPaths().get(0), c.headers());
    }

    line("");
    line("uptime at the start: %s", BenchProcesses.uptime());
    line(
        "| page | conns | bare req/s | bare p50 | bare p99 | product req/s | p50 | p99 | errors | ratio |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Comparison c : comparisons) {
      Path productPaths = out.resolve(c.slug() + ".paths");
      Path barePaths = out.resolve(c.slug() + ".bare.paths");
      if (warmup > 0) {
        BenchProcesses.wrk(bareUrl, barePaths, c.bareHeaders(), 4, warmup);
        BenchProcesses.wrk(productUrl, productPaths, c.headers(), 4, warmup);
      }
      for (int conns : levels) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          Result b = BenchProcesses.wrk(bareUrl, barePaths, c.bareHeaders(), conns, seconds);
          Result p = BenchProcesses.wrk(productUrl, productPaths, c.headers(), conns, seconds);
          ratios.add(b.rps() > 0 ? 100 * p.rps() / b.rps() : 0);
          line(
              "| %s%s | %d | %.0f | %.1f ms | %.1f ms | %.0f | %.1f ms | %.1f ms | %d | %.0f %% |",
              c.name(),
              rounds > 1 ? ", round " + round : "",
              conns,
              b.rps(),
              b.p50(),
              b.p99(),
              p.rps(),
              p.p50(),
              p.p99(),
              p.errors(),
              ratios.get(ratios.size() - 1));
          if (b.errors() > 0) {
            line("(bare server: %d errors at %d connections)", b.errors(), conns);
          }
          if (round == 1 && withOldBare && !c.oldBarePaths().isEmpty()) {
            // The same product figures against the counterpart before session 8.
            Result o =
                BenchProcesses.wrk(
                    bareUrl, out.resolve(c.slug() + ".old.paths"), Map.of(), conns, seconds);
            line(
                "| %s, old bare counterpart (before session 8) | %d | %.0f | %.1f ms | %.1f ms | %.0f | %.1f ms | %.1f ms | %d | %.0f %% |",
                c.name(),
                conns,
                o.rps(),
                o.p50(),
                o.p99(),
                p.rps(),
                p.p50(),
                p.p99(),
                p.errors(),
                o.rps() > 0 ? 100 * p.rps() / o.rps() : 0);
          }
        }
        if (rounds > 1) {
          line(
              "| %s, median of %d rounds (lowest, highest) | %d | | | | | | | | **%.0f %%** (%.0f, %.0f) |",
              c.name(),
              rounds,
              conns,
              median(ratios),
              Collections.min(ratios),
              Collections.max(ratios));
        }
      }
    }
    line("uptime after the pages: %s", BenchProcesses.uptime());
    if (pages.contains("status")) {
      // Entries written in one transaction share its xmin: entries per transaction is the size of
      // the product's groups (1 without group commit).
      Vertx v = Vertx.vertx();
      Pool p = BenchProcesses.database(v, dbPort, dbPassword, 1);
      Row r =
          p.query(
                  "SELECT count(*), count(DISTINCT xmin::text), current_setting('fsync'),"
                      + " current_setting('synchronous_commit') FROM audit_log"
                      + " WHERE action = 'item.status_read' AND actor_type = 'resident'"
                      + " AND actor_name IS NULL")
              .execute()
              .await()
              .iterator()
              .next();
      line(
          "status reads audited by the product: %d entries in %d transactions"
              + " (fsync=%s, synchronous_commit=%s)",
          r.getLong(0), r.getLong(1), r.getString(2), r.getString(3));
      p.close().await();
      v.close().await();
    }

    if (pages.contains("signals")) {
      signals(
          product.toHandle(), productUrl, dbPort, dbPassword, signalLevels, seconds, warmup > 0);
    }
    Files.write(out.resolve("results.md"), report, StandardCharsets.UTF_8);
    line("written to %s", out.resolve("results.md"));
  }

  /**
   * Durable signals per second: wrk posts a different signal each request with the client's bearer
   * token; the items stored are counted in the database before and after (each one committed with
   * fsync on before its 201).
   */
  private void signals(
      ProcessHandle product,
      String productUrl,
      int dbPort,
      String dbPassword,
      List<Integer> levels,
      int seconds,
      boolean warmUp)
      throws Exception {
    List<String> posts = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      posts.add("POST /api/v1/signalen " + signal(100_000 + i).encode());
    }
    Path paths = out.resolve("signals.paths");
    Files.write(paths, posts, StandardCharsets.UTF_8);
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + token(productUrl));
    if (warmUp) {
      BenchProcesses.wrk(productUrl, paths, bearer, 4, 2);
    }
    line("");
    line(
        "| POST /api/v1/signalen | conns | submissions/s | p50 | p99 | errors | items stored/s"
            + " | node CPU per signal | PostgreSQL CPU per signal | signals per transaction |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Vertx vertx = Vertx.vertx();
    Pool pool = BenchProcesses.database(vertx, dbPort, dbPassword, 1);
    try {
      for (int conns : levels) {
        long before = count(pool, "SELECT count(*) FROM inbox_item WHERE kanaal = 'signaal'");
        long[] cpuBefore = cpuMillis(product, dbPort);
        Result r = BenchProcesses.wrk(productUrl, paths, bearer, conns, seconds);
        long[] cpuAfter = cpuMillis(product, dbPort);
        long after = count(pool, "SELECT count(*) FROM inbox_item WHERE kanaal = 'signaal'");
        long stored = Math.max(1, after - before);
        long transactions =
            count(
                pool,
                "SELECT count(DISTINCT xmin::text) FROM (SELECT xmin FROM inbox_item"
                    + " WHERE kanaal = 'signaal' ORDER BY received_at DESC LIMIT "
                    + stored
                    + ") s");
        line(
            "| signals API | %d | %.0f | %.1f ms | %.1f ms | %d | %.0f | %.2f ms | %.2f ms | %.1f |",
            conns,
            r.rps(),
            r.p50(),
            r.p99(),
            r.errors(),
            (after - before) / r.seconds(),
            (cpuAfter[0] - cpuBefore[0]) / (double) stored,
            (cpuAfter[1] - cpuBefore[1]) / (double) stored,
            stored / (double) Math.max(1, transactions));
      }
    } finally {
      pool.close().await();
      vertx.close().await();
    }
    line("uptime after the signals: %s", BenchProcesses.uptime());
  }

  /**
   * CPU time (user and system, ms) used so far by the product's node (the java process under the
   * launcher) and by its PostgreSQL processes, from {@code /proc/<pid>/stat}; zeros where there is
   * no {@code /proc}. It does not depend on the share of the cores the process got, so per signal
   * it is steadier than signals per second on a shared machine.
   */
  static long[] cpuMillis(ProcessHandle launcher, int dbPort) {
    long node = 0;
    for (ProcessHandle p : launcher.descendants().toList()) {
      if (p.info().command().orElse("").endsWith("/java")) {
        node += ticks(p.pid());
      }
    }
    // The embedded PostgreSQL runs detached from the node (pg_ctl): its postmaster is the postgres
    // process started with this port, and the backends are its children.
    long postgres = 0;
    String port = String.valueOf(dbPort);
    for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
      List<String> a = List.of(p.info().arguments().orElse(new String[0]));
      int i = a.indexOf("-p");
      if (p.info().command().orElse("").endsWith("/postgres")
          && i >= 0
          && i + 1 < a.size()
          && a.get(i + 1).equals(port)) {
        postgres += ticks(p.pid());
        for (ProcessHandle child : p.descendants().toList()) {
          postgres += ticks(child.pid());
        }
      }
    }
    long perTick = 1000 / 100; // USER_HZ is 100 on Linux
    return new long[] {node * perTick, postgres * perTick};
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    } catch (Exception e) {
      return 0; // gone, or no /proc
    }
  }

  /** A signal as a school sends it; {@code i} makes the child and the address differ. */
  static JsonObject signal(int i) {
    return new JsonObject()
        .put(
            "betrokkene",
            new JsonObject()
                .put("naam", "Kind " + i)
                .put("geboortedatum", "2014-01-" + String.format("%02d", i % 28 + 1))
                .put("postcode", "80" + (i % 5 + 1) + "1 AB")
                .put("huisnummer", String.valueOf(i % 200 + 1)))
        .put("leefgebieden", new JsonArray().add(i % 2 == 0 ? "school_verzuim" : "financien"))
        .put("urgentie", i % 10 == 0 ? "spoed" : "regulier")
        .put("omschrijving", "Signaal nummer " + i + " over verzuim en zorgen thuis.")
        .put("betrokkeneGeinformeerd", true)
        .put("toestemming", "ja")
        .put("veiligheidszorg", false);
  }

  /** Adds {@code n} signals through the API, 8 at a time. */
  private void fill(String productUrl, int n) throws Exception {
    String token = token(productUrl);
    Semaphore inFlight = new Semaphore(8);
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(productUrl + "/api/v1/signalen"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(signal(i).encode()))
              .build();
      all.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (r, e) -> {
                    inFlight.release();
                    if (e != null || r.statusCode() != 201) {
                      if (failed.incrementAndGet() < 5) {
                        System.err.println(
                            "signal refused: " + (e != null ? e : r.statusCode() + " " + r.body()));
                      }
                    }
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " signals were refused while filling");
    }
  }

  private String token(String productUrl) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(productUrl + "/api/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id="
                            + CLIENT
                            + "&client_secret="
                            + Staff.PASSWORD))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("access_token");
  }

  /** The first path of a page must answer 200 (a redirect or a 404 would measure nothing). */
  private void checkFirst(String base, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(b::header);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode());
    }
  }

  private static Comparison compare(
      String name, List<String> product, List<String> bare, Map<String, String> headers) {
    return new Comparison(name, product, bare, headers, Map.of(), List.of());
  }

  /**
   * The cookies of a resident who answered the first question on the bare server's personal step
   * (its session and CSRF token), as the product's resident has them.
   */
  private Map<String, String> bareResident(String bareUrl) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(bareUrl + BarePages.PersonalStep.PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("voorWie=zelf"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<String> cookies =
        r.headers().allValues("set-cookie").stream().map(c -> c.split(";", 2)[0]).toList();
    if (r.statusCode() != 303 || cookies.size() != 2) {
      throw new IllegalStateException("bare step answered " + r.statusCode() + " " + cookies);
    }
    return Map.of("Cookie", String.join("; ", cookies));
  }

  /**
   * A staff page: the bare side gets its own staff session's cookie ({@link BarePages#SESSIONS}),
   * and the counterpart from before session 8 ({@code old}: no session, access rule or audit entry)
   * is measured beside it, so both ratios are printed.
   */
  private static Comparison compareStaff(
      String name,
      List<String> product,
      List<String> bare,
      List<String> old,
      Map<String, String> headers) {
    return new Comparison(
        name,
        product,
        bare,
        headers,
        Map.of("Cookie", BarePages.STAFF_COOKIE + "=" + BarePages.STAFF_SESSION),
        old);
  }

  /** {@code oldBarePaths}: an earlier bare counterpart, measured beside for the old ratio. */
  record Comparison(
      String name,
      List<String> productPaths,
      List<String> barePaths,
      Map<String, String> headers,
      Map<String, String> bareHeaders,
      List<String> oldBarePaths) {
    String slug() {
      return name.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
  }

  private static long count(Pool pool, String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private static List<Row> rows(Pool pool, String sql) {
    List<Row> list = new ArrayList<>();
    pool.query(sql).execute().await().forEach(list::add);
    return list;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static List<Integer> ints(String s) {
    return Stream.of(s.split(",")).map(Integer::parseInt).toList();
  }

  @FormatMethod
  private void line(String format, Object... values) {
    String s = String.format(format, values);
    System.out.println(s);
    report.add(s);
  }
}
