package nl.wijkportaal.inbox;

import static nl.wijkportaal.inbox.InboxRepository.all;
import static nl.wijkportaal.inbox.InboxRepository.first;
import static nl.wijkportaal.inbox.InboxRepository.instant;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads for the triage inbox, always through the viewer's visibility rule. */
final class TriageRepository {

  /** $1 the viewer's account, $2 their wijkteams, $3 whether they have role triage. */
  static final String VISIBLE =
      "(i.owner_account_id = $1 OR COALESCE(i.owner_wijkteam, i.wijk) = ANY($2::text[]) OR ($3 AND i.owner_account_id IS NULL))";

  private static final String OPEN_STATES =
      "('nieuw', 'in_behandeling', 'wacht_op_informatie', 'contact_gelegd', 'doorgezet', 'heropend')";

  private static final String ROW_COLUMNS =
      "i.id, i.referentie, i.kanaal, i.received_at, i.due_at, i.first_contact_at, i.state, i.urgentie, i.wijk, i.buiten_gemeente,"
          + " i.leefgebieden, i.owner_account_id, o.name AS owner_name, i.toestemming, i.veiligheidszorg,"
          + " EXISTS (SELECT 1 FROM inbox_match mm WHERE mm.item_id = i.id AND mm.status = 'open') AS possible_match";

  private static final String FILTER =
      " FROM inbox_item i LEFT JOIN account o ON o.id = i.owner_account_id LEFT JOIN inbox_item_person p ON p.item_id = i.id"
          + " WHERE "
          + VISIBLE
          + " AND (CASE WHEN $4::text IS NULL THEN i.state IN "
          + OPEN_STATES
          + " WHEN $4 = 'alle' THEN i.state <> 'samengevoegd' ELSE i.state = $4 END)"
          + " AND ($5::text IS NULL OR i.kanaal = $5)"
          + " AND ($6::text IS NULL OR ($6 = 'buiten_gemeente' AND i.buiten_gemeente) OR COALESCE(i.owner_wijkteam, i.wijk) = $6)"
          + " AND ($7::text IS NULL OR i.urgentie = $7)"
          + " AND ($8::text IS NULL OR $8 = ANY(i.leefgebieden))"
          + " AND ($9::text IS NULL OR ($9 = 'mij' AND i.owner_account_id = $1)"
          + "      OR ($9 = 'team' AND COALESCE(i.owner_wijkteam, i.wijk) = ANY($2::text[])) OR ($9 = 'vrij' AND i.owner_account_id IS NULL))"
          + " AND ($10::text IS NULL OR i.toestemming = $10)"
          + " AND ($11::timestamptz IS NULL OR (i.first_contact_at IS NULL AND i.due_at < $11))"
          + " AND ($12::boolean IS NULL OR EXISTS (SELECT 1 FROM inbox_match mm WHERE mm.item_id = i.id AND mm.status = 'open') = $12)"
          // A reference is found exactly; other words in what came in, through its trigram index.
          + " AND ($13::text IS NULL OR p.inhoud::text ILIKE $13)"
          + " AND ($14::text IS NULL OR i.referentie = $14)"
          + " AND ($15::timestamptz IS NULL OR i.received_at >= $15) AND ($16::timestamptz IS NULL OR i.received_at < $16)";

  private static final String LIST =
      "SELECT " + ROW_COLUMNS + FILTER + " ORDER BY i.due_at, i.id LIMIT $17 OFFSET $18";
  private static final String COUNT = "SELECT count(*)" + FILTER;

  private static final String DETAIL =
      "SELECT "
          + ROW_COLUMNS
          + ", i.version, p.inhoud, org.name AS organisation_name, COALESCE(sa.name, c.name) AS submitted_by_name,"
          + " i.vindplek, i.betrokkene_geinformeerd, i.voor_wie, i.gevonden_via, i.owner_wijkteam, i.support_started_at, i.closed_at,"
          + " i.route, i.route_offers, i.close_reason, i.doorgezet_organisatie, i.doorgezet_contact, i.follow_up_on,"
          + " i.info_requested_from, i.info_request, i.merged_into, m.referentie AS merged_referentie, m.state AS merged_state"
          + " FROM inbox_item i LEFT JOIN account o ON o.id = i.owner_account_id LEFT JOIN inbox_item_person p ON p.item_id = i.id"
          + " LEFT JOIN organisation org ON org.id = i.organisation_id LEFT JOIN account sa ON sa.id = i.submitted_by_account"
          + " LEFT JOIN api_client c ON c.client_id = i.submitted_by_client LEFT JOIN inbox_item m ON m.id = i.merged_into"
          + " WHERE "
          + VISIBLE
          + " AND i.id = $4";

  private static final String ADDITIONS =
      "SELECT added_at, door, tekst FROM inbox_item_addition WHERE item_id = $1 ORDER BY added_at, id";
  private static final String NOTES =
      "SELECT n.created_at, a.name, n.tekst FROM inbox_note n JOIN account a ON a.id = n.account_id WHERE n.item_id = $1 ORDER BY n.created_at, n.id";
  private static final String HISTORY =
      "SELECT occurred_at, kind, from_state, to_state, actor_name FROM inbox_item_event WHERE item_id = $1 ORDER BY occurred_at, id";

  /**
   * Matches and links name only items the viewer may see as well ($1-$3 as in VISIBLE, $4 the
   * item).
   */
  private static final String MATCHES =
      "SELECT i.id, i.referentie, i.state, mm.reason, mm.status FROM inbox_match mm JOIN inbox_item i ON i.id = mm.other_item_id"
          + " WHERE mm.item_id = $4 AND "
          + VISIBLE
          + " ORDER BY mm.found_at";

  private static final String LINKS =
      "SELECT i.id, i.referentie, i.state FROM inbox_link l JOIN inbox_item i ON i.id = CASE WHEN l.item_a = $4 THEN l.item_b ELSE l.item_a END"
          + " WHERE (l.item_a = $4 OR l.item_b = $4) AND "
          + VISIBLE
          + " ORDER BY l.linked_at";

  /** The state, version and owner of an item the viewer may see: to explain a refused change. */
  private static final String CURRENT =
      "SELECT i.state, i.version, i.owner_account_id, o.name AS owner_name FROM inbox_item i LEFT JOIN account o ON o.id = i.owner_account_id"
          + " WHERE "
          + VISIBLE
          + " AND i.id = $4";

  private final Pool pool;

  TriageRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  static Tuple visibility(Viewer v) {
    return Tuple.tuple()
        .addUUID(v.accountId())
        .addArrayOfString(v.wijkteams().toArray(String[]::new))
        .addBoolean(v.triage());
  }

  private static Tuple filter(Viewer v, InboxFilter f, Instant dueBefore) {
    return visibility(v)
        .addString(f.state().orElse(null))
        .addString(f.kanaal().orElse(null))
        .addString(f.wijk().orElse(null))
        .addString(f.urgentie().orElse(null))
        .addString(f.leefgebied().orElse(null))
        .addString(f.eigenaar().orElse(null))
        .addString(f.toestemming().orElse(null))
        .addOffsetDateTime(InboxRepository.time(dueBefore))
        .addBoolean(f.match().orElse(null))
        .addString(
            f.tekst()
                .filter(t -> !Referentie.looksValid(t))
                .map(
                    t ->
                        "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .orElse(null))
        .addString(f.tekst().filter(Referentie::looksValid).map(Referentie::normalise).orElse(null))
        .addOffsetDateTime(InboxRepository.time(f.receivedFrom().orElse(null)))
        .addOffsetDateTime(InboxRepository.time(f.receivedUntil().orElse(null)));
  }

  Future<List<InboxRow>> list(Viewer v, InboxFilter f, Instant dueBefore, int limit, int offset) {
    return pool.preparedQuery(LIST)
        .execute(filter(v, f, dueBefore).addInteger(limit).addInteger(offset))
        .map(rows -> all(rows, TriageRepository::row));
  }

  Future<Long> count(Viewer v, InboxFilter f, Instant dueBefore) {
    return pool.preparedQuery(COUNT)
        .execute(filter(v, f, dueBefore))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  record Current(ItemState state, int version, Optional<UUID> owner, Optional<String> ownerName) {}

  Future<Optional<Current>> current(SqlClient client, Viewer v, UUID id) {
    return client
        .preparedQuery(CURRENT)
        .execute(visibility(v).addUUID(id))
        .map(
            rows ->
                first(
                    rows,
                    r ->
                        new Current(
                            ItemState.of(r.getString("state")),
                            r.getInteger("version"),
                            Optional.ofNullable(r.getUUID("owner_account_id")),
                            Optional.ofNullable(r.getString("owner_name")))));
  }

  Future<Optional<ItemDetail>> detail(Viewer v, UUID id) {
    return pool.preparedQuery(DETAIL)
        .execute(visibility(v).addUUID(id))
        .compose(
            rows -> {
              Optional<Row> found = first(rows, r -> r);
              if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              Row r = found.get();
              Tuple byId = Tuple.of(id);
              Future<RowSet<Row>> additions = pool.preparedQuery(ADDITIONS).execute(byId);
              Future<RowSet<Row>> notes = pool.preparedQuery(NOTES).execute(byId);
              Future<RowSet<Row>> history = pool.preparedQuery(HISTORY).execute(byId);
              Future<RowSet<Row>> matches =
                  pool.preparedQuery(MATCHES).execute(visibility(v).addUUID(id));
              Future<RowSet<Row>> links =
                  pool.preparedQuery(LINKS).execute(visibility(v).addUUID(id));
              return Future.all(additions, notes, history, matches, links)
                  .map(
                      all ->
                          Optional.of(
                              detail(
                                  r,
                                  all(
                                      additions.result(),
                                      a ->
                                          new Addition(
                                              instant(a, "added_at"),
                                              a.getString("door"),
                                              a.getString("tekst"))),
                                  all(
                                      notes.result(),
                                      n ->
                                          new ItemDetail.Note(
                                              instant(n, "created_at"),
                                              n.getString("name"),
                                              n.getString("tekst"))),
                                  all(
                                      history.result(),
                                      e ->
                                          new ItemDetail.Event(
                                              instant(e, "occurred_at"),
                                              e.getString("kind"),
                                              Optional.ofNullable(e.getString("from_state")),
                                              Optional.ofNullable(e.getString("to_state")),
                                              Optional.ofNullable(e.getString("actor_name")))),
                                  all(
                                      matches.result(),
                                      m ->
                                          new ItemDetail.Match(
                                              reference(m),
                                              m.getString("reason"),
                                              m.getString("status"))),
                                  all(links.result(), TriageRepository::reference))));
            });
  }

  private static ItemDetail.Reference reference(Row r) {
    return new ItemDetail.Reference(
        r.getUUID("id"), r.getString("referentie"), ItemState.of(r.getString("state")));
  }

  private static ItemDetail detail(
      Row r,
      List<Addition> additions,
      List<ItemDetail.Note> notes,
      List<ItemDetail.Event> history,
      List<ItemDetail.Match> matches,
      List<ItemDetail.Reference> links) {
    UUID merged = r.getUUID("merged_into");
    UUID[] offers = r.getArrayOfUUIDs("route_offers");
    return new ItemDetail(
        row(r),
        r.getInteger("version"),
        r.getJsonObject("inhoud") == null
            ? new io.vertx.core.json.JsonObject()
            : r.getJsonObject("inhoud"),
        Optional.ofNullable(r.getString("organisation_name")),
        Optional.ofNullable(r.getString("submitted_by_name")),
        Optional.ofNullable(r.getString("vindplek")),
        Optional.ofNullable(r.getBoolean("betrokkene_geinformeerd")),
        Optional.ofNullable(r.getString("voor_wie")),
        Optional.ofNullable(r.getString("gevonden_via")),
        Optional.ofNullable(r.getString("owner_wijkteam")),
        Optional.ofNullable(instant(r, "support_started_at")),
        Optional.ofNullable(instant(r, "closed_at")),
        Optional.ofNullable(r.getString("route")),
        offers == null ? List.of() : Arrays.asList(offers),
        Optional.ofNullable(r.getString("close_reason")),
        Optional.ofNullable(r.getString("doorgezet_organisatie")),
        Optional.ofNullable(r.getString("doorgezet_contact")),
        Optional.ofNullable(r.getLocalDate("follow_up_on")),
        Optional.ofNullable(r.getString("info_requested_from")),
        Optional.ofNullable(r.getString("info_request")),
        merged == null
            ? Optional.empty()
            : Optional.of(
                new ItemDetail.Reference(
                    merged,
                    r.getString("merged_referentie"),
                    ItemState.of(r.getString("merged_state")))),
        additions,
        notes,
        history,
        matches,
        links);
  }

  static InboxRow row(Row r) {
    String[] leefgebieden = r.getArrayOfStrings("leefgebieden");
    return new InboxRow(
        r.getUUID("id"),
        r.getString("referentie"),
        r.getString("kanaal"),
        instant(r, "received_at"),
        instant(r, "due_at"),
        Optional.ofNullable(instant(r, "first_contact_at")),
        ItemState.of(r.getString("state")),
        r.getString("urgentie"),
        Optional.ofNullable(r.getString("wijk")),
        r.getBoolean("buiten_gemeente"),
        leefgebieden == null ? List.of() : List.of(leefgebieden),
        Optional.ofNullable(r.getUUID("owner_account_id")),
        Optional.ofNullable(r.getString("owner_name")),
        Optional.ofNullable(r.getString("toestemming")),
        r.getBoolean("veiligheidszorg"),
        r.getBoolean("possible_match"));
  }
}
