package nl.wijkportaal.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * Started as the README says, without any JVM flag, the node's heap is bounded all the same (a
 * child JVM with {@code -Xmx}); SIGTERM still stops it gracefully, the database last.
 */
class HeapLimitTest {

  private static final Pattern LISTENING =
      Pattern.compile("wijkportaal listening on http://127\\.0\\.0\\.1:(\\d+)");

  @Test
  void a_node_started_without_a_heap_flag_runs_with_a_bounded_heap_and_stops_on_sigterm()
      throws Exception {
    Path data = Files.createTempDirectory("wijkportaal-heap");
    Path log = Files.createTempFile("wijkportaal-heap", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ChildJvm.QUICK_COMPILER,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("WIJKPORTAAL_DATA_DIR", data.toString());
    pb.environment().put("WIJKPORTAAL_DB_PORT", Integer.toString(freePort()));
    pb.environment().put("WIJKPORTAAL_HTTP_PORT", "0");
    pb.environment().put("WIJKPORTAAL_DEMO_SMTP_PORT", "0");
    // The heap bound and the stop are the subject, not the demo's year of generated history.
    pb.environment().put("WIJKPORTAAL_DEMO_HISTORY_ITEMS", "0");
    pb.environment().remove("WIJKPORTAAL_HEAP");
    Process node = pb.start();
    try {
      int port = listening(node, log);
      HttpResponse<String> live =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);

      List<ProcessHandle> bounded =
          node.toHandle()
              .children()
              .filter(c -> cmdline(c).contains("-Xmx" + HeapLimit.DEFAULT_HEAP))
              .toList();
      assertThat(bounded)
          .as("the node runs in a child JVM with -Xmx%s", HeapLimit.DEFAULT_HEAP)
          .hasSize(1);
      assertThat(cmdline(node.toHandle())).doesNotContain("-Xmx");

      node.destroy(); // SIGTERM to the process the user started
      assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("stops after SIGTERM").isTrue();
      assertThat(bounded.get(0).isAlive()).as("the child JVM stopped too").isFalse();
      assertThat(Files.readString(log))
          .contains("wijkportaal stopping", "Embedded PostgreSQL stopped", "wijkportaal stopped");
      assertThat(data.resolve("postgres/postmaster.pid")).as("no stale lock file").doesNotExist();
    } finally {
      node.descendants().forEach(ProcessHandle::destroyForcibly);
      node.destroyForcibly();
      node.waitFor(30, TimeUnit.SECONDS);
      try (java.util.stream.Stream<Path> files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
      Files.deleteIfExists(log);
    }
  }

  @Test
  void a_heap_limit_given_by_the_user_is_kept() {
    assertThat(HeapLimit.limited(List.of("-Xmx2g"))).isTrue();
    assertThat(HeapLimit.limited(List.of("-XX:MaxRAMPercentage=50"))).isTrue();
    assertThat(
            HeapLimit.limited(List.of("-Dfoo=bar", "--add-opens=java.base/java.lang=ALL-UNNAMED")))
        .isFalse();
  }

  private static int listening(Process node, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!node.isAlive()) {
        throw new AssertionError(
            "the node exited with " + node.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the node did not start within 120 s:\n" + Files.readString(log));
  }

  private static String cmdline(ProcessHandle p) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return p.info().commandLine().orElse("");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
