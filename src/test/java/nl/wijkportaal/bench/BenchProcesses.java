package nl.wijkportaal.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nl.wijkportaal.support.ChildJvm;

/**
 * What the side-by-side benchmarks share: their {@code name=value} arguments, the child processes
 * they start (each with its log in the output folder) and stop, free loopback ports, and one wrk
 * run over a list of paths ({@code bench/paths.lua}).
 */
final class BenchProcesses {

  /**
   * The product's JVM options in the suite's tiny runs ({@code productJvm}, {@code nodeJvm}): the
   * heap bound the product gives itself (so no second JVM is started for it), and the quick
   * compiler only: these JVMs live for seconds, in which C2's compiling costs more CPU than it
   * saves (a cold start ~35 % less CPU).
   */
  static final String TINY_RUN_JVM =
      "-Xmx384m -XX:MaxDirectMemorySize=128m " + ChildJvm.QUICK_COMPILER;

  private final Path out;
  private final List<Process> started = new ArrayList<>();

  BenchProcesses(Path out) {
    this.out = out;
  }

  /** The benchmark's {@code name=value} arguments, in order. */
  static Map<String, String> arguments(String... argv) {
    Map<String, String> args = new LinkedHashMap<>();
    for (String a : argv) {
      int eq = a.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("arguments are name=value: " + a);
      }
      args.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return args;
  }

  /**
   * Starts a child process with its output in {@code out/<name>.log} and waits for {@code ready}
   * there.
   */
  Process start(String name, Map<String, String> env, List<String> command, String ready)
      throws Exception {
    Path log = out.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    Instant deadline = Instant.now().plusSeconds(180);
    while (Instant.now().isBefore(deadline)) {
      if (Files.readString(log).contains(ready)) {
        return p;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(name + " stopped: see " + log);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not start within 180 s: see " + log);
  }

  /**
   * Stops what was started, the last first (SIGTERM: the product stops gracefully, its PostgreSQL
   * last), and removes {@code data} unless it is to be kept.
   */
  void stopAll(Path data, boolean keepData) {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).destroy();
    }
    for (Process p : started) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (data != null && !keepData) {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not remove " + data + ": " + e);
      }
    }
  }

  /** A pool of {@code size} connections to the embedded PostgreSQL of a benchmark's product. */
  static Pool database(Vertx vertx, int port, String password, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(
            new PgConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setDatabase("postgres")
                .setUser("postgres")
                .setPassword(password))
        .using(vertx)
        .build();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The load average now, as /proc/loadavg says it. */
  static String uptime() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  record Result(long requests, double seconds, long p50us, long p99us, long errors) {
    double rps() {
      return requests / seconds;
    }

    double p50() {
      return p50us / 1000.0;
    }

    double p99() {
      return p99us / 1000.0;
    }
  }

  /**
   * One wrk run (bench/paths.lua): {@code conns} connections, each request the next path of the
   * file; errors are socket errors and every status of 400 or more.
   */
  static Result wrk(String base, Path paths, Map<String, String> headers, int conns, int seconds)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "wrk",
            "-t" + Math.min(conns, 2),
            "-c" + conns,
            "-d" + seconds + "s",
            "--timeout",
            "10s",
            "-s",
            Path.of("bench/paths.lua").toAbsolutePath().toString(),
            base,
            "--",
            paths.toString());
    StringBuilder h = new StringBuilder();
    headers.forEach(
        (k, v) -> h.append(h.length() == 0 ? "" : "|").append(k).append(": ").append(v));
    if (h.length() > 0) {
      pb.environment().put("WRK_HEADERS", h.toString());
    }
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    String result =
        output
            .lines()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + output));
    JsonObject r = new JsonObject(result.substring("RESULT ".length()));
    long errors =
        r.getLong("status")
            + r.getLong("connect")
            + r.getLong("read")
            + r.getLong("write")
            + r.getLong("timeout");
    return new Result(
        r.getLong("requests"),
        r.getLong("duration_us") / 1e6,
        r.getLong("p50_us"),
        r.getLong("p99_us"),
        errors);
  }
}
