package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.db.Rows;

/**
 * Removes the personal data of items, for retention and for a resident's request to be forgotten:
 * the submission, the keys that found matches, the addresses mails go to, what residents and
 * melders added, staff notes, questions, the hand-over contact, the status link and idempotency
 * records. What the KPIs count (kanaal, wijk, dates, route, ...) stays, and so do the item and its
 * history: nothing that others point to disappears.
 */
public final class Anonymiser {

  private static final List<String> STATEMENTS =
      List.of(
          "UPDATE inbox_item_person SET inhoud = '{}'::jsonb, naam_sleutel = NULL, geboortedatum = NULL, adres_sleutel = NULL,"
              + " bewoner_email = NULL, melder_email = NULL, anonymised_at = $2 WHERE item_id = ANY($1)",
          "DELETE FROM inbox_item_addition WHERE item_id = ANY($1)",
          "DELETE FROM inbox_note WHERE item_id = ANY($1)",
          "DELETE FROM idempotency_record WHERE item_id = ANY($1)",
          "UPDATE inbox_item SET status_token_hash = NULL, close_reason = NULL, info_request = NULL, doorgezet_contact = NULL,"
              + " anonymised_at = $2 WHERE id = ANY($1)");

  private final Pool pool;
  private final AuditLog audit;
  private final Clock clock;

  public Anonymiser(Pool pool, AuditLog audit, Clock clock) {
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Anonymises the items in one transaction, one audit entry each (from {@code base}); answers how
   * many.
   */
  public Future<Integer> anonymise(List<UUID> items, AuditEntry base) {
    if (items.isEmpty()) {
      return Future.succeededFuture(0);
    }
    UUID[] ids = items.toArray(UUID[]::new);
    Tuple withTime = Tuple.of(ids, Rows.time(clock.instant()));
    Tuple idsOnly = Tuple.of(ids);
    return pool.withTransaction(
        tx -> {
          Future<Void> chain = Future.succeededFuture();
          for (String sql : STATEMENTS) {
            chain =
                chain.compose(
                    v ->
                        tx.preparedQuery(sql)
                            .execute(sql.contains("$2") ? withTime : idsOnly)
                            .mapEmpty());
          }
          for (UUID id : items) {
            chain = chain.compose(v -> audit.record(tx, base.object("inbox_item", id.toString())));
          }
          return chain.map(items.size());
        });
  }
}
