package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import nl.wijkportaal.platform.db.QueueFull;

/**
 * Group commit for new items: an item submitted while {@code inFlight} groups are being written
 * waits, and goes with every item that came in meanwhile in ONE transaction ({@link
 * Intake#together}): one commit and one fsync for all of them, their statements sent at once. Each
 * submitter hears only when its own group is committed (its receipt). When a group fails as a
 * whole, each of its items is written again alone ({@link Intake#again}), so a bad item, a clash of
 * references or a taken Idempotency-Key fails only its own request. At most {@code capacity} items
 * wait; more are refused at once with {@link QueueFull} (503 and Retry-After).
 */
final class IntakeGroups {

  private record Waiting(Intake.Pending pending, Promise<Receipt> stored) {}

  private final Intake intake;
  private final int capacity;
  private final int largestGroup;
  private final int inFlight;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(); // guarded by this
  private int writing; // guarded by this

  IntakeGroups(Intake intake, int capacity, int largestGroup, int inFlight) {
    this.intake = intake;
    this.capacity = capacity;
    this.largestGroup = largestGroup;
    this.inFlight = inFlight;
  }

  /** Completes with the item's receipt once its group is committed, on the caller's context. */
  Future<Receipt> submit(Intake.Pending pending) {
    ContextInternal context = ContextInternal.current();
    Promise<Receipt> stored = context == null ? Promise.promise() : context.promise();
    synchronized (this) {
      if (waiting.size() >= capacity) {
        return Future.failedFuture(new QueueFull("The intake's write queue"));
      }
      waiting.add(new Waiting(pending, stored));
    }
    next();
    return stored.future();
  }

  private void next() {
    List<Waiting> group;
    synchronized (this) {
      if (waiting.isEmpty() || writing >= inFlight) {
        return;
      }
      writing++;
      group = new ArrayList<>(Math.min(waiting.size(), largestGroup));
      while (!waiting.isEmpty() && group.size() < largestGroup) {
        group.add(waiting.poll());
      }
    }
    List<Intake.Pending> items = new ArrayList<>(group.size());
    for (Waiting w : group) {
      items.add(w.pending());
    }
    Future<List<Receipt>> written;
    try {
      written = intake.together(items);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(
        (receipts, failure) -> {
          synchronized (this) {
            writing--;
          }
          if (failure == null) {
            for (int i = 0; i < group.size(); i++) {
              group.get(i).stored().complete(receipts.get(i));
            }
          } else if (group.size() == 1 && !Intake.isReferenceClash(failure)) {
            // Alone already: the failure is its own (an outage is not waited for twice).
            group.get(0).stored().fail(failure);
          } else {
            for (Waiting w : group) {
              intake
                  .again(w.pending())
                  .onComplete(
                      (receipt, own) -> {
                        if (own == null) {
                          w.stored().complete(receipt);
                        } else {
                          w.stored().fail(own);
                        }
                      });
            }
          }
          next();
        });
  }
}
