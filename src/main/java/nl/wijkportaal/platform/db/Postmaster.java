package nl.wijkportaal.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nl.wijkportaal.platform.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's postmaster as a process: its id from {@code postmaster.pid}, whether it
 * still runs, and stopping it by signal (PostgreSQL's own shutdown modes: SIGINT fast, SIGQUIT
 * immediate). Linux only, as the embedded default is.
 */
final class Postmaster {

  private static final Logger LOG = LoggerFactory.getLogger(Postmaster.class);

  private Postmaster() {}

  /** The postmaster's process id, while {@code postmaster.pid} exists in {@code dir}. */
  static Optional<Long> pid(Path dir) {
    try {
      List<String> lines =
          Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Runs and is no zombie (a just-stopped postmaster can linger as one). */
  static boolean alive(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A PostgreSQL serving {@code dir}: a stale pid file (after a reboot, say) can name a process
   * that is now another server, which must never be signalled. A postmaster's working directory is
   * its data directory.
   */
  private static boolean isPostgresOf(long pid, Path dir) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      String cmdline =
          new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
      return cmdline.contains("postgres") && Files.isSameFile(proc.resolve("cwd"), dir);
    } catch (IOException e) {
      return false;
    }
  }

  static void signal(long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      kill.getInputStream().readAllBytes();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      LOG.warn("Could not send SIG{} to PostgreSQL {}: {}", signal, pid, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static boolean awaitExit(long pid, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (alive(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !alive(pid);
      }
    }
    return true;
  }

  /** Fast shutdown; immediate shutdown when that takes too long; a kill as the last resort. */
  static void stop(long pid, Duration within) {
    signal(pid, "INT");
    if (awaitExit(pid, within)) {
      return;
    }
    LOG.warn(
        "PostgreSQL {} did not finish a fast shutdown within {} s: immediate shutdown",
        pid,
        within.toSeconds());
    signal(pid, "QUIT");
    if (!awaitExit(pid, Duration.ofSeconds(3))) {
      signal(pid, "KILL");
      awaitExit(pid, Duration.ofSeconds(2));
    }
  }

  /**
   * A postmaster still running on {@code dir} while no node holds the directory was left by a node
   * that was killed (SIGKILL gives it no chance to stop its database): it is stopped before this
   * node starts its own.
   */
  static void stopLeftOver(Path dir, Duration within) {
    Optional<Long> pid = pid(dir);
    if (pid.isEmpty() || !alive(pid.get()) || !isPostgresOf(pid.get(), dir)) {
      return;
    }
    LOG.warn(
        "A PostgreSQL left running on {} by a node that did not stop (pid {}) is stopped first",
        dir,
        pid.get());
    stop(pid.get(), within);
    if (alive(pid.get())) {
      throw new ConfigException(
          "The PostgreSQL (pid "
              + pid.get()
              + ") left running on "
              + dir
              + " does not stop: stop it first.");
    }
  }
}
