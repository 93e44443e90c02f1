package nl.wijkportaal.chat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The frames a test's bridge client has heard (over WebSocket or SockJS's HTTP transports), in
 * their order: asked for one by one, the others kept for a later question.
 */
final class Frames {

  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  void add(JsonObject frame) {
    frames.add(frame);
  }

  /** The next frame that matches, skipping others (kept aside); empty after {@code timeout}. */
  Optional<JsonObject> next(Predicate<JsonObject> wanted, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    List<JsonObject> skipped = new ArrayList<>();
    try {
      while (true) {
        long left = end - System.nanoTime();
        // With no time left, what has arrived already still counts.
        JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : frames.poll();
        if (frame == null) {
          return Optional.empty();
        }
        if (wanted.test(frame)) {
          return Optional.of(frame);
        }
        skipped.add(frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      // Frames not asked for now stay for a later question, in their order.
      List<JsonObject> rest = new ArrayList<>(skipped);
      frames.drainTo(rest);
      frames.addAll(rest);
    }
  }

  /**
   * Waits until a probe published on {@code address} on the {@code server} arrives: the
   * registration holds. Publishes again every {@code each}, for ten seconds at most.
   */
  void awaitRegistered(Vertx server, String address, Duration each) {
    String probe = UUID.randomUUID().toString();
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      server.eventBus().publish(address, new JsonObject().put("type", "probe").put("probe", probe));
      if (next(
              f ->
                  f.getValue("body") instanceof JsonObject body
                      && probe.equals(body.getString("probe")),
              each)
          .isPresent()) {
        return;
      }
    }
    throw new AssertionError("the registration for " + address + " never took effect");
  }
}
