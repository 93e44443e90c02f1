package nl.wijkportaal.support;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The one way a test waits for a future: its result, or an assertion error after a deadline. */
public final class Await {

  /** Long enough for a cold first query on a busy machine, short enough to fail a hung test. */
  public static final Duration DEADLINE = Duration.ofSeconds(30);

  private Await() {}

  /**
   * The future's result, waiting at most {@link #DEADLINE}; a failure becomes an AssertionError.
   */
  public static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * As {@link #await}, but a runtime exception the future failed with (a refusal the test expects)
   * is thrown as it is, for {@code assertThatThrownBy}.
   */
  public static <T> T awaitOrThrow(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Waits until {@code condition} holds (asked every 100 ms), for what another process or node
   * makes happen in its own time; an AssertionError naming {@code what} after {@code within}.
   */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(what, e);
      }
    }
  }
}
