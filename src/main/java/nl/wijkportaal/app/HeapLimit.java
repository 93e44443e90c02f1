package nl.wijkportaal.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the node's memory for {@code java -jar wijkportaal.jar} without the user adding a flag:
 * when the JVM was started without a heap limit, {@link #runBounded} starts the same command again
 * in a child JVM with {@code -Xmx} ({@code WIJKPORTAAL_HEAP}, default 384m) and a bound on direct
 * memory, passes its console through, stops it with SIGTERM when this process is asked to stop, and
 * ends with its exit code. A limit given by the user ({@code -Xmx}, {@code -XX:MaxHeapSize}, {@code
 * -XX:MaxRAMPercentage}, {@code -XX:MaxRAM}) is respected and nothing is started again; so is
 * {@code WIJKPORTAAL_HEAP=unbounded}.
 */
final class HeapLimit {

  private static final Logger LOG = LoggerFactory.getLogger(HeapLimit.class);
  static final String DEFAULT_HEAP = "384m";
  static final String DIRECT_MEMORY = "128m";

  /** Set on the child, so it never starts another. */
  static final String CHILD_PROPERTY = "wijkportaal.heapLimited";

  /** As long as the node itself may take to stop (requests in flight, then the database). */
  private static final long STOP_WAIT_SECONDS = 90;

  private HeapLimit() {}

  /**
   * Runs the node in a child JVM with a bounded heap and returns its exit code, or empty when this
   * JVM should run the node itself (a limit is set, or this is the child).
   */
  static Optional<Integer> runBounded(String[] args, Map<String, String> env) {
    String heap = env.getOrDefault("WIJKPORTAAL_HEAP", DEFAULT_HEAP).trim();
    List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (System.getProperty(CHILD_PROPERTY) != null) {
      followParent();
      return Optional.empty();
    }
    if (heap.equals("unbounded") || limited(jvmArgs)) {
      return Optional.empty();
    }
    if (!heap.matches("\\d{2,6}[mMgG]")) {
      LOG.warn(
          "WIJKPORTAAL_HEAP={} is not a size such as 384m or 1g; using {}", heap, DEFAULT_HEAP);
      heap = DEFAULT_HEAP;
    }
    Optional<String> self = ProcessHandle.current().info().command();
    if (self.isEmpty()) {
      LOG.warn(
          "No heap limit was given and this JVM cannot start itself again: the heap is not bounded (start with -Xmx{})",
          heap);
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(self.get());
    command.addAll(jvmArgs);
    command.add("-Xmx" + heap);
    command.add("-XX:MaxDirectMemorySize=" + DIRECT_MEMORY);
    command.add("-D" + CHILD_PROPERTY + "=true");
    String launched = System.getProperty("sun.java.command", "");
    String classPath = System.getProperty("java.class.path");
    if (!classPath.contains(java.io.File.pathSeparator)
        && classPath.endsWith(".jar")
        && launched.startsWith(classPath)) {
      command.add("-jar"); // as started: the jar's manifest also opens the modules Hazelcast needs
      command.add(classPath);
    } else {
      command.add("-cp");
      command.add(classPath);
      command.add(Main.class.getName());
    }
    command.addAll(List.of(args));
    try {
      Process child = new ProcessBuilder(command).inheritIO().start();
      // SIGTERM or Ctrl-C here: the child gets SIGTERM and stops gracefully; this JVM waits for it.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    child.destroy();
                    try {
                      if (!child.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "wijkportaal-heap-limit"));
      return Optional.of(child.waitFor());
    } catch (Exception e) {
      LOG.warn(
          "Could not start the node with a bounded heap ({}); running it here without one",
          e.toString());
      return Optional.empty();
    }
  }

  /**
   * The node in the child stops (gracefully, its database included) when the process that started
   * it is gone, also after a SIGKILL that gave the parent no chance to pass on a stop: a node never
   * outlives the process an operator or a service manager watches.
   */
  private static void followParent() {
    ProcessHandle.current().parent().ifPresent(HeapLimit::stopWhenGone);
  }

  private static void stopWhenGone(ProcessHandle parent) {
    var unused =
        parent
            .onExit()
            .whenComplete(
                (gone, failure) -> {
                  LOG.warn(
                      "The process that started this node ({}) is gone: stopping", parent.pid());
                  System.exit(143);
                });
  }

  static boolean limited(List<String> jvmArgs) {
    return jvmArgs.stream()
        .anyMatch(
            a ->
                a.startsWith("-Xmx")
                    || a.startsWith("-XX:MaxHeapSize")
                    || a.startsWith("-XX:MaxRAMPercentage")
                    || a.startsWith("-XX:MaxRAM=")
                    || a.startsWith("-XX:MaxRAMFraction"));
  }
}
