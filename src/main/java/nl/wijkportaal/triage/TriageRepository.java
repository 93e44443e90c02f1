package nl.wijkportaal.triage;

import static nl.wijkportaal.platform.db.Rows.all;
import static nl.wijkportaal.platform.db.Rows.first;
import static nl.wijkportaal.platform.db.Rows.instant;
import static nl.wijkportaal.platform.db.Rows.time;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.wijkportaal.inbox.Addition;
import nl.wijkportaal.inbox.ItemState;
import nl.wijkportaal.inbox.Referentie;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.db.Rows;

/** Reads for the triage inbox, always through the viewer's visibility rule. */
final class TriageRepository {

  /** $1 the viewer's account, $2 their wijkteams, $3 whether they have role triage. */
  static final String VISIBLE =
      "(i.owner_account_id = $1 OR COALESCE(i.owner_wijkteam, i.wijk) = ANY($2::text[]) OR ($3 AND i.owner_account_id IS NULL))";

  /** The open states ({@link ItemState#open()}) as a SQL list: what the inbox shows by default. */
  private static final String OPEN_STATES =
      ItemState.openStates().stream()
          .map(s -> "'" + s.code() + "'")
          .collect(Collectors.joining(", ", "(", ")"));

  private static final String ROW_COLUMNS =
      "i.id, i.referentie, i.kanaal, i.received_at, i.due_at, i.first_contact_at, i.state, i.urgentie, i.wijk, i.buiten_gemeente,"
          + " i.leefgebieden, i.owner_account_id, o.name AS owner_name, i.toestemming, i.veiligheidszorg,"
          // A scalar subquery (not EXISTS), so PostgreSQL looks up each shown row's matches by
          // index instead of hashing every open match of the database for 25 rows.
          + " COALESCE((SELECT true FROM inbox_match mm WHERE mm.item_id = i.id AND mm.status = 'open' LIMIT 1), false) AS possible_match";

  /** The filter's conditions on {@code inbox_item i}, $1-$16 ({@link #filter}). */
  private static final String WHERE =
      " WHERE "
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
          // A reference is found exactly; other words in what came in, through its trigram index
          // (a subquery asked only for a text search: a page without one joins no personal data).
          + " AND ($13::text IS NULL OR i.id IN (SELECT p.item_id FROM inbox_item_person p WHERE p.inhoud::text ILIKE $13))"
          + " AND ($14::text IS NULL OR i.referentie = $14)"
          + " AND ($15::timestamptz IS NULL OR i.received_at >= $15) AND ($16::timestamptz IS NULL OR i.received_at < $16)";

  private static final String FILTER = " FROM inbox_item i" + WHERE;

  /**
   * One page of the list and the filter's total in one statement: the filter, the total (a window
   * count) and the order over the items' ids and due dates only, then the shown rows' columns
   * joined for the page's 25 ids. $17 the page size, $18 the offset. A page past the end has no row
   * to carry the total ({@link #COUNT} then).
   */
  private static final String PAGE =
      "SELECT "
          + ROW_COLUMNS
          + ", s.total FROM (SELECT i.id, i.due_at, count(*) OVER () AS total"
          + FILTER
          + " ORDER BY i.due_at, i.id LIMIT $17 OFFSET $18) s"
          + " JOIN inbox_item i ON i.id = s.id LEFT JOIN account o ON o.id = i.owner_account_id"
          + " ORDER BY s.due_at, s.id";

  private static final String COUNT = "SELECT count(*)" + FILTER;

  /** {@link #VISIBLE} for another alias than {@code i}. */
  private static String visible(String alias) {
    return VISIBLE.replace("i.", alias + ".");
  }

  /**
   * The item with everything its page shows, in one statement: its row, and as JSON arrays its
   * additions, notes, history, possible matches and links (matches and links name only items the
   * viewer may see as well). $1-$3 as in {@link #VISIBLE}, $4 the item. A read only: {@link
   * #DETAIL_AUDITED} writes the read's audit entry in the same statement.
   */
  private static final String DETAIL =
      "SELECT "
          + ROW_COLUMNS
          + ", i.version, p.inhoud, org.name AS organisation_name, COALESCE(sa.name, c.name) AS submitted_by_name,"
          + " i.vindplek, i.betrokkene_geinformeerd, i.voor_wie, i.gevonden_via, i.owner_wijkteam, i.support_started_at, i.closed_at,"
          + " i.route, i.route_offers, i.close_reason, i.doorgezet_organisatie, i.doorgezet_contact, i.follow_up_on,"
          + " i.info_requested_from, i.info_request, i.merged_into, m.referentie AS merged_referentie, m.state AS merged_state,"
          + " (SELECT json_agg(json_build_array(a.added_at, a.door, a.tekst) ORDER BY a.added_at, a.id)"
          + "   FROM inbox_item_addition a WHERE a.item_id = i.id) AS additions,"
          + " (SELECT json_agg(json_build_array(n.created_at, na.name, n.tekst) ORDER BY n.created_at, n.id)"
          + "   FROM inbox_note n JOIN account na ON na.id = n.account_id WHERE n.item_id = i.id) AS notes,"
          + " (SELECT json_agg(json_build_array(e.occurred_at, e.kind, e.from_state, e.to_state, e.actor_name) ORDER BY e.occurred_at, e.id)"
          + "   FROM inbox_item_event e WHERE e.item_id = i.id) AS history,"
          + " (SELECT json_agg(json_build_array(x.id, x.referentie, x.state, mm.reason, mm.status) ORDER BY mm.found_at)"
          + "   FROM inbox_match mm JOIN inbox_item x ON x.id = mm.other_item_id WHERE mm.item_id = i.id AND "
          + visible("x")
          + ") AS matches,"
          + " (SELECT json_agg(json_build_array(x.id, x.referentie, x.state) ORDER BY l.linked_at)"
          + "   FROM inbox_link l JOIN inbox_item x ON x.id = CASE WHEN l.item_a = i.id THEN l.item_b ELSE l.item_a END"
          + "   WHERE (l.item_a = i.id OR l.item_b = i.id) AND "
          + visible("x")
          + ") AS links"
          + " FROM inbox_item i LEFT JOIN account o ON o.id = i.owner_account_id LEFT JOIN inbox_item_person p ON p.item_id = i.id"
          + " LEFT JOIN organisation org ON org.id = i.organisation_id LEFT JOIN account sa ON sa.id = i.submitted_by_account"
          + " LEFT JOIN api_client c ON c.client_id = i.submitted_by_client LEFT JOIN inbox_item m ON m.id = i.merged_into"
          + " WHERE "
          + VISIBLE
          + " AND i.id = $4";

  /**
   * {@link #DETAIL} and the audit entry of the read, from $5 ({@link AuditLog#insertFrom}), in one
   * statement: written only when the item was found, and committed before the page can be shown.
   */
  private static final String DETAIL_AUDITED =
      "WITH d AS ("
          + DETAIL
          + "), audited AS ("
          + AuditLog.insertFrom("d", 5)
          + ") SELECT * FROM d";

  /** The state, version and owner of an item the viewer may see: to explain a refused change. */
  private static final String CURRENT =
      "SELECT i.state, i.version, i.owner_account_id, o.name AS owner_name FROM inbox_item i LEFT JOIN account o ON o.id = i.owner_account_id"
          + " WHERE "
          + VISIBLE
          + " AND i.id = $4";

  private static final String BY_REFERENCE =
      "SELECT i.id FROM inbox_item i WHERE " + VISIBLE + " AND i.referentie = $4";

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
        .addOffsetDateTime(time(dueBefore))
        .addBoolean(f.match().orElse(null))
        .addString(
            f.tekst()
                .filter(t -> !Referentie.looksValid(t))
                .map(
                    t ->
                        "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .orElse(null))
        .addString(f.tekst().filter(Referentie::looksValid).map(Referentie::normalise).orElse(null))
        .addOffsetDateTime(time(f.receivedFrom().orElse(null)))
        .addOffsetDateTime(time(f.receivedUntil().orElse(null)));
  }

  /** A page of rows and the filter's total. */
  record Listed(List<InboxRow> rows, long total) {}

  /**
   * One page of the list and the filter's total, in one statement (and a count of its own only for
   * a page past the end).
   */
  Future<Listed> page(Viewer v, InboxFilter f, Instant dueBefore, int limit, int offset) {
    return pool.preparedQuery(PAGE)
        .execute(filter(v, f, dueBefore).addInteger(limit).addInteger(offset))
        .compose(
            rows -> {
              List<InboxRow> list = all(rows, TriageRepository::row);
              return rows.size() > 0
                  ? Future.succeededFuture(
                      new Listed(list, rows.iterator().next().getLong("total")))
                  : offset == 0
                      ? Future.succeededFuture(new Listed(list, 0))
                      : count(v, f, dueBefore).map(total -> new Listed(list, total));
            });
  }

  Future<Long> count(Viewer v, InboxFilter f, Instant dueBefore) {
    return pool.preparedQuery(COUNT)
        .execute(filter(v, f, dueBefore))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Counts for several filters in one statement: one count per filter, joined by UNION ALL, each
   * with its own parameters (the filter's placeholders moved past the ones before it).
   */
  Future<List<Long>> counts(Viewer v, List<InboxFilter> filters, List<Instant> dueBefore) {
    if (filters.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    StringBuilder sql = new StringBuilder();
    Tuple params = Tuple.tuple();
    for (int n = 0; n < filters.size(); n++) {
      Tuple own = filter(v, filters.get(n), dueBefore.get(n));
      int offset = params.size();
      Matcher placeholder = PLACEHOLDER.matcher(FILTER);
      String moved = placeholder.replaceAll(m -> "\\$" + (Integer.parseInt(m.group(1)) + offset));
      sql.append(n == 0 ? "" : " UNION ALL ")
          .append("SELECT ")
          .append(n)
          .append(" AS n, count(*) AS total")
          .append(moved);
      for (int i = 0; i < own.size(); i++) {
        params.addValue(own.getValue(i));
      }
    }
    return pool.preparedQuery(sql.append(" ORDER BY n").toString())
        .execute(params)
        .map(rows -> all(rows, r -> r.getLong("total")));
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

  record Current(ItemState state, int version, Optional<UUID> owner, Optional<String> ownerName) {}

  Future<Optional<Current>> current(SqlClient client, Viewer v, UUID id) {
    return client
        .preparedQuery(CURRENT)
        .execute(visibility(v).addUUID(id))
        .map(
            rows ->
                first(rows)
                    .map(
                        r ->
                            new Current(
                                ItemState.of(r.getString("state")),
                                r.getInteger("version"),
                                Optional.ofNullable(r.getUUID("owner_account_id")),
                                Optional.ofNullable(r.getString("owner_name")))));
  }

  /**
   * The item as its page shows it, if the viewer may see it, and the read's audit entry {@code
   * read} in the same statement (written only when found).
   */
  Future<Optional<ItemDetail>> detail(Viewer v, UUID id) {
    return pool.preparedQuery(DETAIL)
        .execute(visibility(v).addUUID(id))
        .map(rows -> first(rows).map(TriageRepository::detail));
  }

  /**
   * As {@link #detail(Viewer, UUID)}, with the read's audit entry {@code read} written in the same
   * statement (only when found).
   */
  Future<Optional<ItemDetail>> detail(Viewer v, UUID id, AuditLog audit, AuditEntry read) {
    return pool.preparedQuery(DETAIL_AUDITED)
        .execute(audit.parameters(visibility(v).addUUID(id), read))
        .map(rows -> first(rows).map(TriageRepository::detail));
  }

  /** The rows of a JSON array of arrays made by {@code json_agg} (null when there were none). */
  private static <T> List<T> rows(Row r, String column, Function<JsonArray, T> mapper) {
    Object value = r.getValue(column);
    if (!(value instanceof JsonArray array)) {
      return List.of();
    }
    List<T> list = new ArrayList<>(array.size());
    for (int n = 0; n < array.size(); n++) {
      list.add(mapper.apply(array.getJsonArray(n)));
    }
    return list;
  }

  /** A timestamptz as {@code to_json} writes it (ISO 8601 with its offset). */
  private static Instant at(JsonArray a, int n) {
    return OffsetDateTime.parse(a.getString(n)).toInstant();
  }

  private static ItemDetail.Reference reference(JsonArray a) {
    return new ItemDetail.Reference(
        UUID.fromString(a.getString(0)), a.getString(1), ItemState.of(a.getString(2)));
  }

  Future<Optional<UUID>> findByReference(Viewer v, String referentie) {
    return pool.preparedQuery(BY_REFERENCE)
        .execute(visibility(v).addString(referentie))
        .map(rows -> first(rows).map(r -> r.getUUID("id")));
  }

  // ---- Reminders and saved views, each the worker's own ----

  private static final String REMINDERS =
      "SELECT r.id, r.item_id, i.referentie, r.kind, r.created_at FROM inbox_reminder r JOIN inbox_item i ON i.id = r.item_id"
          + " WHERE r.account_id = $1 AND r.done_at IS NULL ORDER BY r.created_at";
  private static final String REMINDER_DONE =
      "UPDATE inbox_reminder SET done_at = $3 WHERE id = $1 AND account_id = $2 AND done_at IS NULL";
  private static final String SAVED_VIEWS =
      "SELECT id, name, query FROM inbox_saved_view WHERE account_id = $1 ORDER BY name";
  private static final String SAVE_VIEW =
      "INSERT INTO inbox_saved_view (id, account_id, name, query, created_at) VALUES ($1, $2, $3, $4, $5)"
          + " ON CONFLICT (account_id, name) DO UPDATE SET query = EXCLUDED.query";
  private static final String DELETE_VIEW =
      "DELETE FROM inbox_saved_view WHERE id = $1 AND account_id = $2";

  Future<List<Triage.Reminder>> reminders(UUID accountId) {
    return Rows.all(
        pool,
        REMINDERS,
        Tuple.of(accountId),
        r ->
            new Triage.Reminder(
                r.getLong("id"),
                r.getUUID("item_id"),
                r.getString("referentie"),
                r.getString("kind"),
                instant(r, "created_at")));
  }

  Future<Boolean> reminderDone(UUID accountId, long id, Instant at) {
    return pool.preparedQuery(REMINDER_DONE)
        .execute(Tuple.of(id, accountId, time(at)))
        .map(r -> r.rowCount() == 1);
  }

  Future<List<Triage.SavedView>> savedViews(UUID accountId) {
    return Rows.all(
        pool,
        SAVED_VIEWS,
        Tuple.of(accountId),
        r -> new Triage.SavedView(r.getUUID("id"), r.getString("name"), r.getString("query")));
  }

  Future<Void> saveView(UUID accountId, String name, String query, Instant at) {
    return pool.preparedQuery(SAVE_VIEW)
        .execute(Tuple.of(UUID.randomUUID(), accountId, name, query, time(at)))
        .mapEmpty();
  }

  Future<Boolean> deleteView(UUID accountId, UUID id) {
    return pool.preparedQuery(DELETE_VIEW)
        .execute(Tuple.of(id, accountId))
        .map(r -> r.rowCount() == 1);
  }

  // ---- Notes, links and matches, in the caller's transaction ----

  private static final String INSERT_NOTE =
      "INSERT INTO inbox_note (item_id, account_id, created_at, tekst)"
          + " SELECT $1, $2, $3, $4 FROM inbox_item WHERE id = $1 AND anonymised_at IS NULL";
  private static final String INSERT_LINK =
      "INSERT INTO inbox_link (item_a, item_b, linked_at, linked_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
  private static final String DECIDE_MATCH =
      "UPDATE inbox_match SET status = $3, decided_at = $4, decided_by = $5 WHERE item_id = $1 AND other_item_id = $2 AND status = 'open'";

  /** Adds a staff note; false when the item was anonymised. */
  Future<Boolean> insertNote(SqlClient tx, UUID itemId, UUID accountId, Instant at, String tekst) {
    return tx.preparedQuery(INSERT_NOTE)
        .execute(Tuple.of(itemId, accountId, time(at), tekst))
        .map(r -> r.rowCount() == 1);
  }

  /** Links two items ({@code low} sorts before {@code high}, as the table requires). */
  Future<Void> link(SqlClient tx, UUID low, UUID high, Instant at, UUID accountId) {
    return tx.preparedQuery(INSERT_LINK)
        .execute(Tuple.of(low, high, time(at), accountId))
        .mapEmpty();
  }

  /** Decides an open possible match; false when there was none open. */
  Future<Boolean> decideMatch(
      SqlClient tx, UUID itemId, UUID other, boolean accept, Instant at, UUID accountId) {
    return tx.preparedQuery(DECIDE_MATCH)
        .execute(Tuple.of(itemId, other, accept ? "gekoppeld" : "afgewezen", time(at), accountId))
        .map(r -> r.rowCount() == 1);
  }

  private static ItemDetail detail(Row r) {
    UUID merged = r.getUUID("merged_into");
    UUID[] offers = r.getArrayOfUUIDs("route_offers");
    return new ItemDetail(
        row(r),
        r.getInteger("version"),
        r.getJsonObject("inhoud") == null ? new JsonObject() : r.getJsonObject("inhoud"),
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
        rows(r, "additions", a -> new Addition(at(a, 0), a.getString(1), a.getString(2))),
        rows(r, "notes", n -> new ItemDetail.Note(at(n, 0), n.getString(1), n.getString(2))),
        rows(
            r,
            "history",
            e ->
                new ItemDetail.Event(
                    at(e, 0),
                    e.getString(1),
                    Optional.ofNullable(e.getString(2)),
                    Optional.ofNullable(e.getString(3)),
                    Optional.ofNullable(e.getString(4)))),
        rows(r, "matches", m -> new ItemDetail.Match(reference(m), m.getString(3), m.getString(4))),
        rows(r, "links", TriageRepository::reference));
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
