package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The editors' synonym groups, held in memory: a search expands its words without asking the
 * database. An edit on this node empties the copy at once and tells the other nodes over the event
 * bus; as that message may be lost, every copy is also read again after {@link #MAX_AGE_NANOS} (a
 * minute), so a node is never more than that behind.
 */
public final class Synonyms {

  static final String CHANGED = "catalogue.synonyms.changed";
  static final long MAX_AGE_NANOS = 60_000_000_000L;

  private final CatalogueRepository repository;
  private final Vertx vertx;
  private volatile Snapshot current;

  private record Snapshot(List<List<String>> groups, long readAt) {}

  /**
   * {@code vertx} may be null (a service without the event bus, in a test): then only this node is
   * told.
   */
  public Synonyms(CatalogueRepository repository, Vertx vertx) {
    this.repository = repository;
    this.vertx = vertx;
    if (vertx != null) {
      vertx.eventBus().consumer(CHANGED, message -> current = null);
    }
  }

  /** Every synonym group (a few hundred words at most: editors keep them by hand). */
  Future<List<List<String>>> groups() {
    Snapshot s = current;
    if (s != null && System.nanoTime() - s.readAt() < MAX_AGE_NANOS) {
      return Future.succeededFuture(s.groups());
    }
    long started = System.nanoTime();
    return repository
        .synonyms()
        .map(
            rows -> {
              List<List<String>> groups = rows.stream().map(SynonymGroup::terms).toList();
              current = new Snapshot(groups, started);
              return groups;
            });
  }

  /**
   * After an edit: this node reads them again on the next search, the others when the message
   * arrives.
   */
  void changed() {
    current = null;
    if (vertx != null) {
      vertx.eventBus().publish(CHANGED, null);
    }
  }
}
