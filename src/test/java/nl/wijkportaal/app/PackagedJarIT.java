package nl.wijkportaal.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator runs it: started on the embedded default, stopped with SIGTERM,
 * started again on the same data directory.
 */
class PackagedJarIT {

  private static final Pattern LISTENING =
      Pattern.compile(
          "wijkportaal listening on http://127\\.0\\.0\\.1:(\\d+) .*started in (\\d+) ms");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void
      a_second_start_on_the_same_data_directory_keeps_the_data_and_sigterm_leaves_no_postgres_behind()
          throws Exception {
    Path data = Files.createTempDirectory("wijkportaal-jar");
    int dbPort = freePort();

    Node first = Node.start(data, dbPort, "first");
    assertThat(get(first.port, "/health/ready").statusCode()).isEqualTo(200);
    assertThat(get(first.port, "/").body()).contains("Hulp in je wijk");
    String jdbc = "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres";
    String password = Files.readString(data.resolve("postgres-password")).trim();
    String secret;
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", password);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE it_kept (what text)");
      s.execute("INSERT INTO it_kept VALUES ('bewaard')");
      secret = single(s, "SELECT value FROM platform_setting WHERE key = 'secret'");
    }
    long postgresPid =
        Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());

    first.stop();
    assertThat(first.log())
        .contains("wijkportaal stopping")
        .contains("Embedded PostgreSQL stopped")
        .contains("wijkportaal stopped");
    assertThat(data.resolve("postgres/postmaster.pid")).as("no stale lock file").doesNotExist();
    assertThat(alive(postgresPid)).as("no orphaned postgres process").isFalse();

    Node second = Node.start(data, dbPort, "second");
    try {
      assertThat(get(second.port, "/health/ready").statusCode()).isEqualTo(200);
      try (Connection c = DriverManager.getConnection(jdbc, "postgres", password);
          Statement s = c.createStatement()) {
        assertThat(single(s, "SELECT what FROM it_kept")).isEqualTo("bewaard");
        assertThat(single(s, "SELECT value FROM platform_setting WHERE key = 'secret'"))
            .isEqualTo(secret);
        assertThat(single(s, "SHOW fsync")).isEqualTo("on");
      }
      System.out.printf(
          "PackagedJarIT: first start %d ms (new data dir), second start %d ms to listening (%d ms in-app)%n",
          first.wallMillis, second.wallMillis, second.appMillis);
    } finally {
      second.stop();
    }
  }

  @Test
  void
      a_node_with_a_hung_request_stops_within_its_deadline_and_a_killed_nodes_postgres_is_stopped_by_the_next_start()
          throws Exception {
    Path data = Files.createTempDirectory("wijkportaal-jar-stop");
    Map<String, String> grace = Map.of("WIJKPORTAAL_SHUTDOWN_GRACE_SECONDS", "2");
    Node node = Node.start(data, 0, "hung", grace);
    long postgres = postmasterPid(data);
    try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), node.port)) {
      // A request that never finishes: headers announce 100 kB, a few bytes come, then nothing.
      OutputStream out = slow.getOutputStream();
      out.write(
          ("POST /contact HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  + "Content-Length: 100000\r\n\r\nnaam=")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300);

      long started = System.nanoTime();
      node.process.destroy(); // SIGTERM
      boolean exited = node.process.waitFor(40, TimeUnit.SECONDS);
      long stopMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(exited)
          .as("stops after SIGTERM despite the hung request:\n" + node.log())
          .isTrue();
      // The deadline is 2 s of grace + 5 s; the database's fast shutdown takes well under a second.
      assertThat(stopMillis).as("stop time").isLessThan(20_000);
      assertThat(node.log())
          .contains("wijkportaal stopped")
          .contains("Embedded PostgreSQL stopped");
      assertThat(alive(postgres)).as("its postgres stopped with it").isFalse();
      System.out.printf(
          "PackagedJarIT: stopped with a hung request in %d ms (grace 2 s, deadline 7 s)%n",
          stopMillis);
    }

    // SIGKILL gives a node no chance to stop its database; the next start on the directory does.
    // The node's own JVM (no heap-limit launcher in between), so the SIGKILL hits the node.
    Map<String, String> direct = new java.util.HashMap<>(grace);
    direct.put("WIJKPORTAAL_HEAP", "unbounded");
    Node killed = Node.start(data, 0, "killed", direct);
    long orphan = postmasterPid(data);
    killed.process.destroyForcibly();
    assertThat(killed.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(alive(orphan)).as("the killed node's postgres outlives it").isTrue();

    Node next = Node.start(data, 0, "after-kill", grace);
    try {
      assertThat(alive(orphan)).as("the next start stopped the left-over postgres").isFalse();
      assertThat(next.log()).contains("left running on");
      assertThat(get(next.port, "/health/ready").statusCode()).isEqualTo(200);
    } finally {
      next.stop();
    }
    assertThat(alive(postmasterPidOrZero(data))).isFalse();
  }

  private static long postmasterPid(Path data) throws IOException {
    return Long.parseLong(
        Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
  }

  private static long postmasterPidOrZero(Path data) throws IOException {
    return Files.exists(data.resolve("postgres/postmaster.pid")) ? postmasterPid(data) : 0;
  }

  private static final class Node {
    final Process process;
    final Path logFile;
    final int port;
    final long wallMillis;
    final long appMillis;

    private Node(Process process, Path logFile, int port, long wallMillis, long appMillis) {
      this.process = process;
      this.logFile = logFile;
      this.port = port;
      this.wallMillis = wallMillis;
      this.appMillis = appMillis;
    }

    static Node start(Path data, int dbPort, String name) throws Exception {
      return start(data, dbPort, name, Map.of());
    }

    static Node start(Path data, int dbPort, String name, Map<String, String> env)
        throws Exception {
      Path log = Files.createTempFile("wijkportaal-" + name, ".log");
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add(ChildJvm.QUICK_COMPILER); // passed on to the bounded child JVM too
      cmd.add("-jar");
      cmd.add(System.getProperty("wijkportaal.jar", "target/wijkportaal.jar"));
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("WIJKPORTAAL_DATA_DIR", data.toString());
      pb.environment().put("WIJKPORTAAL_DB_PORT", Integer.toString(dbPort));
      pb.environment().put("WIJKPORTAAL_HTTP_PORT", "0");
      pb.environment().put("WIJKPORTAAL_DEMO_SMTP_PORT", "0");
      pb.environment().putAll(env);
      long started = System.nanoTime();
      Process process = pb.start();
      long deadline = started + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) {
          return new Node(
              process,
              log,
              Integer.parseInt(m.group(1)),
              (System.nanoTime() - started) / 1_000_000,
              Long.parseLong(m.group(2)));
        }
        if (!process.isAlive()) {
          throw new AssertionError(
              "the jar exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
        Thread.sleep(100);
      }
      process.destroyForcibly();
      throw new AssertionError("the jar did not start within 90 s:\n" + Files.readString(log));
    }

    void stop() throws Exception {
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(60, TimeUnit.SECONDS))
          .as("stops within a minute after SIGTERM")
          .isTrue();
    }

    String log() throws IOException {
      return Files.readString(logFile);
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * A process that is gone or only a zombie no longer runs (STACK.md: check /proc, not isAlive).
   */
  private static boolean alive(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return false;
    }
    return Files.readAllLines(status).stream()
        .noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
