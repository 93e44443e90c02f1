package nl.wijkportaal.app;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one wijkportaal node: {@code java -jar wijkportaal.jar [--cluster]}. Settings come from
 * {@code config/application.json} and {@code WIJKPORTAAL_*} environment variables.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    // Without a heap limit the node runs in a child JVM that has one (see HeapLimit).
    java.util.Optional<Integer> bounded = HeapLimit.runBounded(args, System.getenv());
    if (bounded.isPresent()) {
      System.exit(bounded.get());
      return;
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    if (List.of(args).contains("--cluster")) {
      env.put("WIJKPORTAAL_CLUSTER", "true");
    }
    Application app;
    try {
      AppConfig config = ConfigLoader.load(env);
      app = Application.start(config, Clock.systemUTC());
    } catch (ConfigException e) {
      LOG.error("wijkportaal cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      LOG.error("wijkportaal cannot start", e);
      System.exit(1);
      return;
    }
    // SIGTERM and Ctrl-C: stop accepting, finish in-flight requests, close the pool,
    // leave the cluster, stop the embedded database last.
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "wijkportaal-shutdown"));
  }
}
