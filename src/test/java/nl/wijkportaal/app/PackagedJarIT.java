package nl.wijkportaal.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator runs it: started on the embedded default, stopped with
 * SIGTERM, started again on the same data directory.
 */
class PackagedJarIT {

  private static final Pattern LISTENING = Pattern.compile("wijkportaal listening on http://127\\.0\\.0\\.1:(\\d+) .*started in (\\d+) ms");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void a_second_start_on_the_same_data_directory_keeps_the_data_and_sigterm_leaves_no_postgres_behind() throws Exception {
    Path data = Files.createTempDirectory("wijkportaal-jar");
    int dbPort = freePort();

    Node first = Node.start(data, dbPort, "first");
    assertThat(get(first.port, "/health/ready").statusCode()).isEqualTo(200);
    assertThat(get(first.port, "/").body()).contains("Hulp in je wijk");
    String jdbc = "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres";
    String password = Files.readString(data.resolve("postgres-password")).trim();
    String secret;
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", password); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE it_kept (what text)");
      s.execute("INSERT INTO it_kept VALUES ('bewaard')");
      secret = single(s, "SELECT value FROM platform_setting WHERE key = 'secret'");
    }
    long postgresPid = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());

    first.stop();
    assertThat(first.log()).contains("wijkportaal stopping").contains("Embedded PostgreSQL stopped").contains("wijkportaal stopped");
    assertThat(data.resolve("postgres/postmaster.pid")).as("no stale lock file").doesNotExist();
    assertThat(alive(postgresPid)).as("no orphaned postgres process").isFalse();

    Node second = Node.start(data, dbPort, "second");
    try {
      assertThat(get(second.port, "/health/ready").statusCode()).isEqualTo(200);
      try (Connection c = DriverManager.getConnection(jdbc, "postgres", password); Statement s = c.createStatement()) {
        assertThat(single(s, "SELECT what FROM it_kept")).isEqualTo("bewaard");
        assertThat(single(s, "SELECT value FROM platform_setting WHERE key = 'secret'")).isEqualTo(secret);
        assertThat(single(s, "SHOW fsync")).isEqualTo("on");
      }
      System.out.printf(
          "PackagedJarIT: first start %d ms (new data dir), second start %d ms to listening (%d ms in-app)%n",
          first.wallMillis, second.wallMillis, second.appMillis);
    } finally {
      second.stop();
    }
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
      Path log = Files.createTempFile("wijkportaal-" + name, ".log");
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-jar");
      cmd.add(System.getProperty("wijkportaal.jar", "target/wijkportaal.jar"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("WIJKPORTAAL_DATA_DIR", data.toString());
      pb.environment().put("WIJKPORTAAL_DB_PORT", Integer.toString(dbPort));
      pb.environment().put("WIJKPORTAAL_HTTP_PORT", "0");
      pb.environment().put("WIJKPORTAAL_DEMO_SMTP_PORT", "0");
      long started = System.nanoTime();
      Process process = pb.start();
      long deadline = started + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) {
          return new Node(process, log, Integer.parseInt(m.group(1)), (System.nanoTime() - started) / 1_000_000, Long.parseLong(m.group(2)));
        }
        if (!process.isAlive()) {
          throw new AssertionError("the jar exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
        Thread.sleep(100);
      }
      process.destroyForcibly();
      throw new AssertionError("the jar did not start within 90 s:\n" + Files.readString(log));
    }

    void stop() throws Exception {
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops within a minute after SIGTERM").isTrue();
    }

    String log() throws IOException {
      return Files.readString(logFile);
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A process that is gone or only a zombie no longer runs (STACK.md: check /proc, not isAlive). */
  private static boolean alive(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return false;
    }
    return Files.readAllLines(status).stream().noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
