package nl.wijkportaal.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx running the shipped production example ({@code config/nginx-example.conf}), turned
 * into a test copy: listening on 127.0.0.1 and a free port without TLS, its upstreams the test's
 * nodes, its files in a temporary directory. Never any other address.
 */
final class LocalNginx implements AutoCloseable {

  private final Process process;
  private final Path dir;

  private LocalNginx(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  static LocalNginx start(Path example, int port, List<Integer> nodePorts) throws Exception {
    String conf = testCopy(Files.readString(example), port, nodePorts);
    Path dir = Files.createTempDirectory("wijkportaal-nginx");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    String main =
        "daemon off;\nworker_processes 1;\npid "
            + dir.resolve("nginx.pid")
            + ";\nerror_log "
            + dir.resolve("error.log")
            + " warn;\n"
            + "events { worker_connections 256; }\n"
            + "http {\n  access_log off;\n"
            + "  client_body_temp_path "
            + dir.resolve("body")
            + ";\n  proxy_temp_path "
            + dir.resolve("proxy")
            + ";\n"
            + "  fastcgi_temp_path "
            + dir.resolve("fastcgi")
            + ";\n  uwsgi_temp_path "
            + dir.resolve("uwsgi")
            + ";\n"
            + "  scgi_temp_path "
            + dir.resolve("scgi")
            + ";\n"
            + conf
            + "\n}\n";
    Files.writeString(dir.resolve("nginx.conf"), main);
    String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    Process process =
        new ProcessBuilder(
                binary,
                "-p",
                dir.toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-c",
                dir.resolve("nginx.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    LocalNginx nginx = new LocalNginx(process, dir);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!accepts(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        nginx.close();
        throw new AssertionError("nginx did not start:\n" + nginx.errors() + "\n" + main);
      }
      Thread.sleep(50);
    }
    return nginx;
  }

  /**
   * The production example with TLS, IPv6 and the port-80 redirect left out, on 127.0.0.1 and the
   * test's nodes.
   */
  static String testCopy(String example, int port, List<Integer> nodePorts) {
    String conf = example;
    for (String node : List.of("10.0.0.11:8080", "10.0.0.12:8080")) {
      if (!conf.contains("server " + node)) {
        throw new AssertionError("the example no longer names node " + node);
      }
    }
    conf = conf.replace("server 10.0.0.11:8080", "server 127.0.0.1:" + nodePorts.get(0));
    conf = conf.replace("server 10.0.0.12:8080", "server 127.0.0.1:" + nodePorts.get(1));
    conf =
        Pattern.compile("server \\{\\s*listen 80;.*?\\n\\}\\n", Pattern.DOTALL)
            .matcher(conf)
            .replaceFirst("");
    conf = conf.replace("listen 443 ssl http2;", "listen 127.0.0.1:" + port + ";");
    conf = conf.replaceAll("(?m)^\\s*(listen \\[::\\]|ssl_).*\\n", "");
    Matcher listen = Pattern.compile("(?m)^\\s*listen\\s+(\\S+);").matcher(conf);
    int listens = 0;
    while (listen.find()) {
      listens++;
      if (!listen.group(1).equals("127.0.0.1:" + port)) {
        throw new AssertionError("the test copy would listen on " + listen.group(1));
      }
    }
    if (listens != 1) {
      throw new AssertionError("the test copy has " + listens + " listen lines");
    }
    return conf;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String errors() {
    try {
      return Files.exists(dir.resolve("error.log"))
          ? Files.readString(dir.resolve("error.log"))
          : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: nginx's fast shutdown
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
