package nl.wijkportaal.triage;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A list the pages offer to choose from (the wijkteams, the colleagues an item can be assigned to),
 * read from the database at most once per {@code kept} per node and shared by every request in
 * between. A change anywhere in the cluster (another node, the admin pages, a migration) shows on
 * this node's pages within that bound; what a worker then submits is checked against the database
 * as before, so a list at most that old offers a choice at worst (refused with its reason), never
 * lets one through. A read that fails is not kept.
 */
final class KeptList<T> {

  private final Supplier<Future<List<T>>> read;
  private final long keptNanos;

  /** The last list read and when its read began; replaced whole, read without a lock. */
  private record Read<T>(Future<List<T>> list, long at) {}

  private volatile Read<T> last;

  KeptList(Duration kept, Supplier<Future<List<T>>> read) {
    this.read = read;
    this.keptNanos = kept.toNanos();
  }

  /**
   * The kept list while it is young enough, else a new read (shared by those who ask meanwhile).
   */
  Future<List<T>> get() {
    long now = System.nanoTime();
    Read<T> known = last;
    if (known != null
        && now - known.at() < keptNanos
        && !(known.list().isComplete() && known.list().failed())) {
      return known.list();
    }
    Future<List<T>> list = read.get().map(List::copyOf);
    last = new Read<>(list, now);
    return list;
  }
}
