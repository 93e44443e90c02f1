package nl.wijkportaal.catalogue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * The catalogue's version for the searches of one moment: searches that arrive on an event loop
 * while its read is on its way share the next read, so under a crowd each event loop has at most
 * one read on its way and one waiting, instead of one per search. A search never gets a version
 * read before it arrived: a change made before a search is always seen by it.
 */
final class CatalogueVersion {

  private static final String KEY = CatalogueVersion.class.getName();

  private final Supplier<Future<Long>> read;

  CatalogueVersion(Supplier<Future<Long>> read) {
    this.read = read;
  }

  /** The version read after this call. */
  Future<Long> read() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return read.get();
    }
    Reads reads = context.get(KEY);
    if (reads == null) {
      reads = new Reads();
      context.put(KEY, reads);
    }
    return reads.next();
  }

  /** One event loop's reads: used on its thread only. */
  private final class Reads {
    private Promise<Long> waiting;
    private boolean reading;

    Future<Long> next() {
      if (waiting == null) {
        waiting = Promise.promise();
      }
      Future<Long> future = waiting.future();
      if (!reading) {
        start();
      }
      return future;
    }

    private void start() {
      Promise<Long> promise = waiting;
      waiting = null;
      reading = true;
      read.get()
          .onComplete(
              done -> {
                reading = false;
                if (waiting != null) {
                  start();
                }
                promise.handle(done);
              });
    }
  }
}
