package nl.wijkportaal.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.ChildJvm;

/**
 * A node started from the packaged jar in a JVM of its own, as an operator starts it (failsafe
 * ITs).
 */
final class JarNode implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("wijkportaal listening on http://127\\.0\\.0\\.1:(\\d+) ");

  final String name;
  final Process process;
  final Path log;
  final int port;

  private JarNode(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static JarNode start(String name, Map<String, String> env) throws Exception {
    Path log = Files.createTempFile("wijkportaal-" + name, ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add(ChildJvm.QUICK_COMPILER);
    cmd.add("-jar");
    cmd.add(System.getProperty("wijkportaal.jar", "target/wijkportaal.jar"));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process process = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return new JarNode(name, process, log, Integer.parseInt(m.group(1)));
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "node " + name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new AssertionError(
        "node " + name + " did not start within 90 s:\n" + Files.readString(log));
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  String url(String path) {
    return base() + path;
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long count(String text) {
    return log().lines().filter(l -> l.contains(text)).count();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
