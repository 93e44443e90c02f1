package nl.wijkportaal.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import nl.wijkportaal.support.TestKeys;
import nl.wijkportaal.support.TestServer;

/**
 * What the fault tests share: a node's settings, free ports, plain HTTP and waiting for a
 * condition.
 */
final class FaultNode {

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private FaultNode() {}

  /** The settings of a demo node on free ports, as TestServer uses, without a database chosen. */
  static Map<String, String> settings() {
    Map<String, String> env = new HashMap<>();
    env.put("WIJKPORTAAL_HTTP_PORT", "0");
    env.put("WIJKPORTAAL_DEMO", "true");
    env.put("WIJKPORTAAL_SECRET", TestServer.SECRET);
    env.put("WIJKPORTAAL_DB_POOL_SIZE", "4");
    env.put("WIJKPORTAAL_DEMO_SMTP_PORT", "0");
    env.put("WIJKPORTAAL_SUBMISSIONS_PER_ADDRESS", "1000");
    env.put("WIJKPORTAAL_SIGNALS_PER_CLIENT", "100000");
    env.put("WIJKPORTAAL_CONFIG", TestKeys.configFile().toString());
    return env;
  }

  /**
   * A process that is gone or only a zombie no longer runs (STACK.md: check /proc, not isAlive).
   */
  static boolean running(long pid) {
    try {
      return java.nio.file.Files.readAllLines(
              java.nio.file.Path.of("/proc", Long.toString(pid), "status"))
          .stream()
          .noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int status(String url) {
    try {
      return get(url).statusCode();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
