package nl.wijkportaal.bench;

import com.google.errorprone.annotations.FormatMethod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import nl.wijkportaal.bench.BenchProcesses.Result;
import nl.wijkportaal.catalogue.CatalogueRepository;
import nl.wijkportaal.catalogue.OfferGenerator;

/**
 * The load benchmark of {@code bench/load.sh}: starts the product ({@code Main}, embedded
 * PostgreSQL on a port of its own, demo data) as its own process, adds generated offers, starts the
 * {@link BareServer} on the same database, and runs wrk against both, page by page and level by
 * level, bare server and product one after the other within each level. Prints per page requests/s,
 * p50, p99, errors and the ratio to the bare server, and the resident memory of the product (java
 * and postgres processes) at rest and under load.
 *
 * <p>Arguments as {@code name=value}: {@code offers} (10000), {@code seconds} per level (12),
 * {@code warmup} seconds per page (5; 0: none), {@code levels} (1,4,32,64), {@code searches} in the
 * mix (240), {@code pages} (catalogue: search page and API; api: the search API only; page: the
 * search page only), {@code out} (target/bench).
 */
public final class LoadBenchmark {

  private final Map<String, String> args;
  private final Path out;
  private final String java;
  private final String classpath;
  private final BenchProcesses processes;
  private final AtomicLong peakRss = new AtomicLong();
  private final AtomicLong peakPss = new AtomicLong();
  private final List<String> report = new ArrayList<>();
  private final List<String> cpu = new ArrayList<>();
  private Process product;
  private Path data;
  private boolean keepData;

  private LoadBenchmark(Map<String, String> args) {
    this.args = args;
    this.out = Path.of(args.getOrDefault("out", "target/bench")).toAbsolutePath();
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
    LoadBenchmark bench = new LoadBenchmark(args);
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
    int offers = Integer.parseInt(args.getOrDefault("offers", "10000"));
    int seconds = Integer.parseInt(args.getOrDefault("seconds", "12"));
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "5"));
    List<Integer> levels =
        Stream.of(args.getOrDefault("levels", "1,4,32,64").split(","))
            .map(Integer::parseInt)
            .toList();
    List<String> pages = List.of(args.getOrDefault("pages", "catalogue").split(","));
    Files.createDirectories(out);
    // data=DIR keeps the database for the next run (generated once); otherwise a temporary one.
    keepData = args.containsKey("data");
    data =
        keepData
            ? Files.createDirectories(Path.of(args.get("data")).toAbsolutePath())
            : Files.createTempDirectory("wijkportaal-bench");
    int httpPort = BenchProcesses.freePort();
    int dbPort = BenchProcesses.freePort();
    int barePort = BenchProcesses.freePort();

    // The product as a user starts it, on its embedded default (own ports, own data directory).
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WIJKPORTAAL_HTTP_PORT", String.valueOf(httpPort));
    env.put("WIJKPORTAAL_DB_PORT", String.valueOf(dbPort));
    env.put("WIJKPORTAAL_DATA_DIR", data.toString());
    env.put("WIJKPORTAAL_DEMO_SMTP_PORT", "0");
    env.put("WIJKPORTAAL_ACCESS_LOG", "OFF");
    env.put("WIJKPORTAAL_SIGNALS_PER_CLIENT", "100000000");
    env.put("WIJKPORTAAL_SUBMISSIONS_PER_ADDRESS", "100000000");
    // demoHistory=N: the demo's generated inbox history (the product's default when not given; the
    // suite's tiny run leaves it out, it measures nothing there).
    if (args.containsKey("demoHistory")) {
      env.put("WIJKPORTAAL_DEMO_HISTORY_ITEMS", args.get("demoHistory"));
    }
    List<String> command = new ArrayList<>(List.of(java));
    if (args.containsKey(
        "productJvm")) { // e.g. -XX:StartFlightRecording=filename=target/bench/product.jfr
      command.addAll(List.of(args.get("productJvm").split(" ")));
    }
    command.addAll(List.of("-cp", classpath, "nl.wijkportaal.app.Main"));
    product = processes.start("product", env, command, "wijkportaal listening on");
    line(
        "product: pid %d, http 127.0.0.1:%d, embedded PostgreSQL 127.0.0.1:%d, data %s",
        product.pid(), httpPort, dbPort, data);

    // The embedded PostgreSQL lets in only its generated password, kept in the data directory.
    String dbPassword = Files.readString(data.resolve("postgres-password")).trim();
    Vertx vertx = Vertx.vertx();
    Pool pool = BenchProcesses.database(vertx, dbPort, dbPassword, 2);
    long t = System.nanoTime();
    long before =
        pool.query("SELECT count(*) FROM offer WHERE status = 'gepubliceerd'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    if (before < offers)
      OfferGenerator.publish(
              new CatalogueRepository(pool),
              new OfferGenerator(42).generate(offers),
              Clock.systemUTC())
          .await();
    pool.query("VACUUM ANALYZE offer").execute().await();
    long published =
        pool.query("SELECT count(*) FROM offer WHERE status = 'gepubliceerd'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    line(
        "data: %d generated offers added in %d s, %d published offers in all",
        offers, (System.nanoTime() - t) / 1_000_000_000, published);
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
    line("bare server: pid %d, http 127.0.0.1:%d, same database", bare.pid(), barePort);

    // The product builds its search index in the background (anew when the offers were just
    // generated, and answers from the old copy meanwhile): measure it once the index holds them
    // all.
    awaitIndex("http://127.0.0.1:" + httpPort, published);
    Thread.sleep(2000);
    long[] rest = memory();
    line(
        "memory at rest (product java + postgres): RSS %d MiB, PSS %d MiB",
        rest[0] >> 20, rest[1] >> 20);
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                long[] m = memory();
                peakRss.accumulateAndGet(m[0], Math::max);
                peakPss.accumulateAndGet(m[1], Math::max);
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "memory-sampler");
    sampler.setDaemon(true);
    sampler.start();

    String product = "http://127.0.0.1:" + httpPort;
    String bareUrl = "http://127.0.0.1:" + barePort;
    List<Comparison> comparisons = new ArrayList<>();
    // pages=catalogue: the search page and the search API; pages=api: the search API only;
    // pages=page: the search page only.
    if (pages.contains("catalogue") || pages.contains("api") || pages.contains("page")) {
      List<String> searches =
          QueryMix.searches(Integer.parseInt(args.getOrDefault("searches", "240")));
      Path html = paths("search-html", searches.stream().map(q -> "/aanbod?" + q).toList());
      Path json =
          paths(
              "search-json",
              searches.stream()
                  .map(q -> "/api/v1/aanbod?" + q.replace("gratis=ja", "gratis=true"))
                  .toList());
      line("query mix: %d distinct searches (%s)", searches.size(), html);
      if (pages.contains("catalogue") || pages.contains("page")) {
        comparisons.add(
            new Comparison(
                "/aanbod (search page)",
                new Target(product, html, Map.of()),
                new Target(bareUrl, html, Map.of())));
      }
      if (!pages.contains("page") || pages.contains("catalogue") || pages.contains("api")) {
        comparisons.add(
            new Comparison(
                "/api/v1/aanbod (search API)",
                new Target(product, json, Map.of()),
                new Target(bareUrl, json, Map.of())));
      }
    }
    line("");
    line(
        "| page | conns | bare req/s | bare p50 | bare p99 | product req/s | p50 | p99 | errors | ratio |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Comparison c : comparisons) {
      if (warmup > 0) {
        wrk(c.bare, 4, warmup);
        wrk(c.product, 4, warmup);
      }
      for (int conns : levels) {
        double bareCpu = cpuSeconds(bare, true);
        Result b = wrk(c.bare, conns, seconds);
        bareCpu = cpuSeconds(bare, true) - bareCpu;
        double productCpu = cpuSeconds(this.product, false);
        Result p = wrk(c.product, conns, seconds);
        productCpu = cpuSeconds(this.product, false) - productCpu;
        cpu.add(
            String.format(
                "| %s | %d | %.2f ms | %.2f ms | %.0f %% |",
                c.name,
                conns,
                1000 * bareCpu / Math.max(1, b.requests()),
                1000 * productCpu / Math.max(1, p.requests()),
                100
                    * (bareCpu / Math.max(1, b.requests()))
                    / (productCpu / Math.max(1, p.requests()))));
        line(
            "| %s | %d | %.0f | %.1f ms | %.1f ms | %.0f | %.1f ms | %.1f ms | %d | %.0f %% |",
            c.name,
            conns,
            b.rps(),
            b.p50(),
            b.p99(),
            p.rps(),
            p.p50(),
            p.p99(),
            p.errors(),
            100 * p.rps() / b.rps());
        if (b.errors() > 0) {
          line("(bare server: %d errors at %d connections)", b.errors(), conns);
        }
      }
    }
    line("");
    line(
        "CPU per request (user + system of the server's JVM and every PostgreSQL process, while its"
            + " level ran; what the ratio would be on cores of its own: bare CPU / product CPU):");
    line("");
    line("| page | conns | bare CPU/request | product CPU/request | ratio by CPU |");
    line("|---|---:|---:|---:|---:|");
    cpu.forEach(l -> line("%s", l));
    sampler.interrupt();
    long[] after = memory();
    line("");
    line(
        "memory under load, peak (product java + postgres): RSS %d MiB, PSS %d MiB; after the load: RSS %d MiB",
        peakRss.get() >> 20, peakPss.get() >> 20, after[0] >> 20);
    Files.write(out.resolve("results.md"), report, StandardCharsets.UTF_8);
    line("written to %s", out.resolve("results.md"));
  }

  /**
   * CPU seconds (user and system) used so far by a server: the bare server's JVM and PostgreSQL
   * ({@code bare}), or the product's JVMs and PostgreSQL, all processes under the product. On a
   * shared machine this, per request, is steadier than requests per second.
   */
  private double cpuSeconds(Process server, boolean bare) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(server.toHandle());
    if (bare) {
      product
          .toHandle()
          .descendants()
          .filter(h -> h.info().command().orElse("").contains("postgres"))
          .forEach(all::add);
    } else {
      server.toHandle().descendants().forEach(all::add);
    }
    long ticks = 0;
    for (ProcessHandle h : all) {
      try {
        String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        // After the name: state is field 3, utime field 14, stime field 15 (proc(5)).
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException e) {
        // the process has just ended
      }
    }
    return ticks / (double) CLOCK_TICKS;
  }

  /** USER_HZ of /proc/[pid]/stat: 100 on Linux. */
  private static final int CLOCK_TICKS = 100;

  /** Waits (at most five minutes) until a search without words finds every published offer. */
  private void awaitIndex(String base, long published) throws Exception {
    long t = System.nanoTime();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/aanbod?aantal=1")).build();
    long found = -1;
    while (System.nanoTime() - t < 300_000_000_000L) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        found = new JsonObject(response.body()).getLong("totaal", -1L);
        if (found >= published) {
          break;
        }
      }
      Thread.sleep(1000);
    }
    line(
        "search index: %d of %d published offers after %d s",
        found, published, (System.nanoTime() - t) / 1_000_000_000);
  }

  record Target(String base, Path paths, Map<String, String> headers) {}

  record Comparison(String name, Target product, Target bare) {}

  private static Result wrk(Target target, int conns, int seconds) throws Exception {
    return BenchProcesses.wrk(target.base(), target.paths(), target.headers(), conns, seconds);
  }

  private Path paths(String name, List<String> lines) throws IOException {
    Path file = out.resolve(name + ".paths");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * RSS and PSS in bytes of the product process and everything it started (a re-launched JVM,
   * PostgreSQL).
   */
  private long[] memory() {
    long rss = 0;
    long pss = 0;
    List<ProcessHandle> all = new ArrayList<>();
    all.add(product.toHandle());
    product.toHandle().descendants().forEach(all::add);
    for (ProcessHandle h : all) {
      rss += kib("/proc/" + h.pid() + "/status", "VmRSS:") * 1024;
      pss += kib("/proc/" + h.pid() + "/smaps_rollup", "Pss:") * 1024;
    }
    return new long[] {rss, pss};
  }

  private static long kib(String file, String key) {
    try {
      for (String l : Files.readAllLines(Path.of(file))) {
        if (l.startsWith(key)) {
          return Long.parseLong(l.substring(key.length()).trim().split("\\s+", -1)[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process has just ended
    }
    return 0;
  }

  @FormatMethod
  private void line(String format, Object... values) {
    String s = String.format(format, values);
    System.out.println(s);
    report.add(s);
  }
}
