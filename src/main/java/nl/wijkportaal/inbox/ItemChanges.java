package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;

/**
 * The one door every state change goes through, whoever makes it (triage staff, the resident
 * through their status link, an answered question): the guarded update of {@link ItemChange}, then
 * in the same transaction its history row, its audit entry, the mails a new state causes and what
 * the change writes besides; after the commit it is announced on the event bus.
 */
public final class ItemChanges {

  /** A change that was made: the state it came from and went to, and the item's owner. */
  public record Changed(
      UUID id, Action action, ItemState from, ItemState to, Optional<UUID> owner) {
    /** Whether the state changed (not so for an action that keeps it). */
    public boolean moved() {
      return from != to;
    }
  }

  private final InboxRepository repository;
  private final AuditLog audit;
  private final ItemFeedback feedback;
  private final InboxEvents events;

  public ItemChanges(Pool pool, AuditLog audit, ItemFeedback feedback, InboxEvents events) {
    this(new InboxRepository(pool), audit, feedback, events);
  }

  ItemChanges(
      InboxRepository repository, AuditLog audit, ItemFeedback feedback, InboxEvents events) {
    this.repository = repository;
    this.audit = audit;
    this.feedback = feedback;
    this.events = events;
  }

  /**
   * What reopening clears, by staff or by the resident: the closing, its route and offers; the
   * history and the owner stay.
   */
  public static ItemChange reopening(ItemChange change) {
    return change
        .set("reopened_at = " + change.now())
        .set("closed_at = NULL")
        .set("route = NULL")
        .set("route_offers = '{}'")
        .set("close_reason = NULL");
  }

  /** Makes the change in its own transaction and announces it; empty when nothing matched. */
  public Future<Optional<Changed>> change(ItemChange change) {
    return repository
        .pool()
        .withTransaction(tx -> change(tx, change))
        .onSuccess(changed -> changed.ifPresent(this::announce));
  }

  /**
   * Makes the change in the caller's transaction, without announcing it (the caller does, after its
   * commit, with {@link #announce}); empty when nothing matched: not there, not visible, stale or
   * not allowed from its state.
   */
  public Future<Optional<Changed>> change(SqlClient tx, ItemChange change) {
    Action action = change.action();
    return repository
        .change(tx, change)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<Changed>empty());
              }
              ItemState from = found.get().from();
              ItemState to = action.to().orElse(from);
              Changed changed = new Changed(change.id(), action, from, to, found.get().owner());
              return repository
                  .insertEvent(
                      tx,
                      change.id(),
                      change.at(),
                      action.historyKind(),
                      from,
                      action.to().orElse(null),
                      change.actor())
                  .compose(x -> audit(tx, change, changed))
                  .compose(
                      x ->
                          changed.moved()
                              ? feedback.changed(tx, change.id(), from, to)
                              : Future.succeededFuture())
                  .compose(
                      x ->
                          change.alsoWrites() == null
                              ? Future.succeededFuture()
                              : change.alsoWrites().apply(tx))
                  .map(Optional.of(changed));
            });
  }

  private Future<Void> audit(SqlClient tx, ItemChange change, Changed changed) {
    if (change.action().auditAction().isEmpty()) {
      return Future.succeededFuture();
    }
    AuditEntry entry =
        change
            .actor()
            .audit(change.action().auditAction().get(), change.id())
            .detail("van", changed.from().code())
            .detail("naar", changed.to().code());
    return audit.record(
        tx,
        change.detailKey() == null
            ? entry
            : entry.detail(change.detailKey(), change.detailValue()));
  }

  /**
   * Writes a history row of something done to an item that does not change its state (a note, a
   * link), in the caller's transaction.
   */
  public Future<Void> record(SqlClient tx, UUID id, Instant at, String kind, Actor actor) {
    return repository.insertEvent(tx, id, at, kind, null, null, actor);
  }

  /** Tells every node's inbox screens that an item changed without a new state. */
  public void announce(UUID id, String kind) {
    events.changed(id, null, kind);
  }

  /** Tells every node's inbox screens about a committed change. */
  public void announce(Changed changed) {
    events.changed(
        changed.id(), changed.action().to().orElse(null), changed.action().historyKind());
  }
}
