package nl.wijkportaal.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.inbox.Anonymiser;
import nl.wijkportaal.inbox.ItemState;
import nl.wijkportaal.inbox.Referentie;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;

/**
 * A resident's rights under the AVG, exercised by the beheerder: find every item held about a
 * person, export all of it (inzage, art. 15), or anonymise it (art. 17). Each step audited.
 */
public final class PersonRequests {

  /** An item found for a person: enough for the beheerder to recognise it, no content. */
  public record Found(
      UUID id,
      String referentie,
      String kanaal,
      Instant receivedAt,
      ItemState state,
      boolean anonymised) {}

  private static final String FIND =
      "SELECT i.id, i.referentie, i.kanaal, i.received_at, i.state, i.anonymised_at IS NOT NULL AS anonymised"
          + " FROM inbox_item i JOIN inbox_item_person p ON p.item_id = i.id"
          + " WHERE (p.geboortedatum = $1 AND (p.naam_sleutel = $2 OR p.adres_sleutel = $3)) OR i.referentie = $4"
          + " ORDER BY i.received_at";

  private static final String ITEM =
      "SELECT row_to_json(i)::jsonb - 'status_token_hash' AS item, p.inhoud FROM inbox_item i LEFT JOIN inbox_item_person p ON p.item_id = i.id WHERE i.id = $1";
  private static final String ADDITIONS =
      "SELECT added_at, door, tekst FROM inbox_item_addition WHERE item_id = $1 ORDER BY added_at, id";
  private static final String NOTES =
      "SELECT created_at, tekst FROM inbox_note WHERE item_id = $1 ORDER BY created_at, id";
  private static final String HISTORY =
      "SELECT occurred_at, kind, from_state, to_state FROM inbox_item_event WHERE item_id = $1 ORDER BY occurred_at, id";

  private final Pool pool;
  private final Anonymiser anonymiser;
  private final AuditLog audit;

  public PersonRequests(Pool pool, Anonymiser anonymiser, AuditLog audit) {
    this.pool = pool;
    this.anonymiser = anonymiser;
    this.audit = audit;
  }

  /** Items about the person: by name or address with date of birth, or by a reference. */
  public Future<List<Found>> find(Subject subject, Optional<String> referentie, AuditEntry who) {
    Tuple params =
        Tuple.tuple()
            .addLocalDate(subject.geboortedatum())
            .addString(subject.naamSleutel().orElse(null))
            .addString(subject.adresSleutel().orElse(null))
            .addString(referentie.map(Referentie::normalise).orElse(null));
    return pool.preparedQuery(FIND)
        .execute(params)
        .compose(
            rows -> {
              List<Found> found = new ArrayList<>();
              for (Row r : rows) {
                found.add(
                    new Found(
                        r.getUUID("id"),
                        r.getString("referentie"),
                        r.getString("kanaal"),
                        r.getOffsetDateTime("received_at").toInstant(),
                        ItemState.of(r.getString("state")),
                        r.getBoolean("anonymised")));
              }
              return audit.record(who.detail("gevonden", found.size())).map(found);
            });
  }

  private static final String DESCRIBE =
      "SELECT i.id, i.referentie, i.kanaal, i.received_at, i.state, i.anonymised_at IS NOT NULL AS anonymised"
          + " FROM inbox_item i WHERE i.id = ANY($1) ORDER BY i.received_at";

  /** The items of a request again, by id (reference, kanaal, date, state: no content). */
  public Future<List<Found>> describe(List<UUID> items) {
    return pool.preparedQuery(DESCRIBE)
        .execute(Tuple.of(items.toArray(UUID[]::new)))
        .map(
            rows -> {
              List<Found> found = new ArrayList<>();
              for (Row r : rows) {
                found.add(
                    new Found(
                        r.getUUID("id"),
                        r.getString("referentie"),
                        r.getString("kanaal"),
                        r.getOffsetDateTime("received_at").toInstant(),
                        ItemState.of(r.getString("state")),
                        r.getBoolean("anonymised")));
              }
              return found;
            });
  }

  /** Everything held about these items, as one JSON document; each export is audited per item. */
  public Future<JsonObject> export(List<UUID> items, AuditEntry who) {
    JsonArray out = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (UUID id : items) {
      chain =
          chain
              .compose(v -> exportOne(id))
              .compose(
                  json -> {
                    json.ifPresent(out::add);
                    return json.isPresent()
                        ? audit.record(who.object("inbox_item", id.toString()))
                        : Future.succeededFuture();
                  });
    }
    return chain.map(v -> new JsonObject().put("items", out));
  }

  private Future<Optional<JsonObject>> exportOne(UUID id) {
    Tuple byId = Tuple.of(id);
    return pool.preparedQuery(ITEM)
        .execute(byId)
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(Optional.empty());
              }
              Row r = rows.iterator().next();
              JsonObject item =
                  new JsonObject()
                      .put("gegevens", r.getJsonObject("item"))
                      .put("inhoud", withoutOthers(r.getJsonObject("inhoud")));
              var additions = pool.preparedQuery(ADDITIONS).execute(byId);
              var notes = pool.preparedQuery(NOTES).execute(byId);
              var history = pool.preparedQuery(HISTORY).execute(byId);
              return Future.all(additions, notes, history)
                  .map(
                      all -> {
                        item.put("aanvullingen", rows(additions.result()));
                        item.put("notities", rows(notes.result()));
                        item.put("geschiedenis", rows(history.result()));
                        return Optional.of(item);
                      });
            });
  }

  /**
   * The submission without other people's details (AVG art. 15(4)): never the melder who signalled
   * (a safety signal's melder may be at risk), nor the contact details of whoever asked for help on
   * the person's behalf. What was said about the person stays.
   */
  static JsonObject withoutOthers(JsonObject inhoud) {
    if (inhoud == null) {
      return new JsonObject();
    }
    JsonObject copy = inhoud.copy();
    JsonArray left = new JsonArray();
    if (copy.remove("melder") != null) {
      left.add("melder");
    }
    if ("ander".equals(copy.getString("voorWie")) && copy.remove("contact") != null) {
      left.add("contact");
    }
    if (!left.isEmpty()) {
      copy.put("weggelatenGegevensVanAnderen", left);
    }
    return copy;
  }

  private static JsonArray rows(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(r.toJson()));
    return out;
  }

  /** Anonymises these items now, on the person's request; answers how many. */
  public Future<Integer> erase(List<UUID> items, AuditEntry who) {
    return anonymiser.anonymise(items, who);
  }
}
