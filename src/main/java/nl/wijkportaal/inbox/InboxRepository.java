package nl.wijkportaal.inbox;

import static nl.wijkportaal.platform.db.Rows.all;
import static nl.wijkportaal.platform.db.Rows.first;
import static nl.wijkportaal.platform.db.Rows.instant;
import static nl.wijkportaal.platform.db.Rows.time;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;

/** The inbox tables: items, their personal data, history, additions, matches, idempotency. */
public final class InboxRepository {

  private static final String INSERT_ITEM =
      "INSERT INTO inbox_item (id, referentie, kanaal, vindplek, organisation_id, submitted_by_account, submitted_by_client,"
          + " received_at, wijk, buiten_gemeente, leefgebieden, urgentie, toestemming, betrokkene_geinformeerd, veiligheidszorg,"
          + " voor_wie, gevonden_via, toestemming_tekst_versie, toestemming_gegeven_at, taal, due_at, status_token_hash, updated_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $8)";

  private static final String INSERT_PERSON =
      "INSERT INTO inbox_item_person (item_id, inhoud, naam_sleutel, geboortedatum, adres_sleutel, bewoner_email, melder_email)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7)";

  private static final String INSERT_EVENT =
      "INSERT INTO inbox_item_event (item_id, occurred_at, kind, from_state, to_state, actor_type, actor_id, actor_name)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  /** Open items about the same person: same address and birth date, or same name and birth date. */
  private static final String RECORD_MATCHES =
      "INSERT INTO inbox_match (item_id, other_item_id, reason, found_at)"
          + " SELECT $1, p.item_id,"
          + "   CASE WHEN p.adres_sleutel = $3 THEN 'adres_geboortedatum' ELSE 'naam_geboortedatum' END, $5"
          + " FROM inbox_item_person p JOIN inbox_item i ON i.id = p.item_id"
          + " WHERE p.geboortedatum = $2 AND (p.adres_sleutel = $3 OR p.naam_sleutel = $4) AND p.item_id <> $1"
          + "   AND i.state NOT IN ('afgesloten', 'ingetrokken', 'samengevoegd')"
          + " ON CONFLICT DO NOTHING";

  private static final String WIJK_FOR_POSTCODE =
      "SELECT wijk FROM postcode_wijk WHERE postcode = $1 OR postcode = left($1, 4) ORDER BY length(postcode) DESC LIMIT 1";

  private static final String CLAIM_IDEMPOTENCY_KEY =
      "INSERT INTO idempotency_record (client_id, idem_key, request_hash, item_id, response, created_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6)"
          + " ON CONFLICT (client_id, idem_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, item_id = EXCLUDED.item_id,"
          + "   response = EXCLUDED.response, created_at = EXCLUDED.created_at"
          + " WHERE idempotency_record.created_at < $7"
          + " RETURNING client_id";

  private static final String FIND_IDEMPOTENCY_KEY =
      "SELECT request_hash, response FROM idempotency_record WHERE client_id = $1 AND idem_key = $2 AND created_at >= $3";

  /** The state a resident or melder sees: that of the item it was merged into, if merged. */
  private static final String VIEW_COLUMNS =
      "i.id, i.referentie, i.kanaal, i.received_at, i.urgentie, i.veiligheidszorg,"
          + " COALESCE(m.state, i.state) AS view_state, COALESCE(m.due_at, i.due_at) AS view_due_at,"
          + " COALESCE(m.first_contact_at, i.first_contact_at) AS view_first_contact_at,"
          + " COALESCE(m.closed_at, i.closed_at) AS view_closed_at, i.version";

  /**
   * The resident's view of their aanmelding with its additions (a JSON array), in one statement. $1
   * the status link token's hash.
   */
  private static final String RESIDENT_STATUS =
      "SELECT "
          + VIEW_COLUMNS
          + ", CASE WHEN i.merged_into IS NULL AND i.info_requested_from = 'bewoner' THEN i.info_request END AS vraag,"
          + " (SELECT json_agg(json_build_array(a.added_at, a.door, a.tekst) ORDER BY a.added_at, a.id)"
          + "   FROM inbox_item_addition a WHERE a.item_id = i.id) AS additions"
          + " FROM inbox_item i LEFT JOIN inbox_item m ON m.id = i.merged_into"
          + " WHERE i.status_token_hash = $1 AND i.kanaal = 'aanmelding'";

  /**
   * {@link #RESIDENT_STATUS} and the audit entry of the read in one statement: the entry is written
   * only when the token found an aanmelding, and committed before the page can be shown. The
   * entry's values from $2.
   */
  private static final String RESIDENT_STATUS_AUDITED =
      "WITH s AS ("
          + RESIDENT_STATUS
          + "), audited AS ("
          + AuditLog.insertFrom("s", 2, "id")
          + ") SELECT * FROM s";

  private static final String ADDITIONS =
      "SELECT added_at, door, tekst FROM inbox_item_addition WHERE item_id = $1 ORDER BY added_at, id";

  private static final String INSERT_ADDITION =
      "INSERT INTO inbox_item_addition (item_id, added_at, door, account_id, client_id, tekst) VALUES ($1, $2, $3, $4, $5, $6)";

  private static final String SIGNAL_COLUMNS =
      VIEW_COLUMNS
          + ", i.submitted_by_account, i.submitted_by_client, sa.name AS submitted_by_name, c.name AS client_name,"
          + " p.inhoud -> 'melder' ->> 'naam' AS melder_naam,"
          + " CASE WHEN COALESCE(m.state, i.state) <> 'nieuw' THEN o.name END AS swt_contact";

  private static final String SIGNAL_FROM =
      " FROM inbox_item i LEFT JOIN inbox_item m ON m.id = i.merged_into"
          + " LEFT JOIN inbox_item_person p ON p.item_id = i.id"
          + " LEFT JOIN account sa ON sa.id = i.submitted_by_account"
          + " LEFT JOIN api_client c ON c.client_id = i.submitted_by_client"
          + " LEFT JOIN account o ON o.id = COALESCE(m.owner_account_id, i.owner_account_id)"
          + " WHERE i.kanaal = 'signaal' AND i.organisation_id = $1";

  private static final String ORGANISATION_SIGNALS =
      "SELECT "
          + SIGNAL_COLUMNS
          + SIGNAL_FROM
          + " ORDER BY i.received_at DESC, i.id LIMIT $2 OFFSET $3";

  private static final String ORGANISATION_SIGNAL_COUNT =
      "SELECT count(*) AS total FROM inbox_item i WHERE i.kanaal = 'signaal' AND i.organisation_id = $1";

  private static final String ORGANISATION_SIGNAL =
      "SELECT "
          + SIGNAL_COLUMNS
          + ", p.inhoud, CASE WHEN i.merged_into IS NULL AND i.info_requested_from = 'melder' THEN i.info_request END AS vraag"
          + SIGNAL_FROM
          + " AND i.id = $2";

  private static final String MAIL_TARGETS =
      "SELECT i.referentie, i.kanaal, i.taal, i.info_requested_from, p.bewoner_email, p.melder_email FROM inbox_item i"
          + " LEFT JOIN inbox_item_person p ON p.item_id = i.id WHERE i.id = $1";

  private final Pool pool;

  public InboxRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** The stored columns of a new item, in {@link #INSERT_ITEM}'s order. */
  record ItemRow(
      UUID id,
      String referentie,
      NewItem item,
      String urgentie,
      Instant receivedAt,
      Optional<String> wijk,
      boolean buitenGemeente,
      Instant dueAt,
      Optional<String> statusTokenHash) {}

  Future<Void> insertItem(SqlClient tx, ItemRow row) {
    NewItem n = row.item();
    Tuple t =
        Tuple.tuple()
            .addUUID(row.id())
            .addString(row.referentie())
            .addString(n.kanaal())
            .addString(n.vindplek())
            .addUUID(n.organisationId())
            .addUUID(n.submittedByAccount())
            .addString(n.submittedByClient())
            .addOffsetDateTime(time(row.receivedAt()))
            .addString(row.wijk().orElse(null))
            .addBoolean(row.buitenGemeente())
            .addArrayOfString(n.leefgebieden().toArray(String[]::new))
            .addString(row.urgentie())
            .addString(n.toestemming())
            .addBoolean(n.betrokkeneGeinformeerd())
            .addBoolean(n.veiligheidszorg())
            .addString(n.voorWie())
            .addString(n.gevondenVia())
            .addString(n.toestemmingTekstVersie())
            .addOffsetDateTime(n.toestemmingTekstVersie() == null ? null : time(row.receivedAt()))
            .addString(n.taal().getLanguage())
            .addOffsetDateTime(time(row.dueAt()))
            .addString(row.statusTokenHash().orElse(null));
    return tx.preparedQuery(INSERT_ITEM).execute(t).mapEmpty();
  }

  Future<Void> insertPerson(SqlClient tx, UUID itemId, NewItem n) {
    Subject s = n.subject();
    Tuple t =
        Tuple.tuple()
            .addUUID(itemId)
            .addValue(n.inhoud())
            .addString(s.naamSleutel().orElse(null))
            .addLocalDate(s.geboortedatum())
            .addString(s.adresSleutel().orElse(null))
            .addString(n.bewonerEmail())
            .addString(n.melderEmail());
    return tx.preparedQuery(INSERT_PERSON).execute(t).mapEmpty();
  }

  Future<Void> insertEvent(
      SqlClient tx,
      UUID itemId,
      Instant at,
      String kind,
      ItemState from,
      ItemState to,
      Actor actor) {
    Tuple t =
        Tuple.tuple()
            .addUUID(itemId)
            .addOffsetDateTime(time(at))
            .addString(kind)
            .addString(from == null ? null : from.code())
            .addString(to == null ? null : to.code())
            .addString(actor.type().code())
            .addString(actor.id())
            .addString(actor.name());
    return tx.preparedQuery(INSERT_EVENT).execute(t).mapEmpty();
  }

  /** Flags open items about the same person; returns how many were found. */
  Future<Integer> recordMatches(SqlClient tx, UUID itemId, Subject subject, Instant at) {
    if (subject.geboortedatum() == null
        || (subject.adresSleutel().isEmpty() && subject.naamSleutel().isEmpty())) {
      return Future.succeededFuture(0);
    }
    Tuple t =
        Tuple.tuple()
            .addUUID(itemId)
            .addLocalDate(subject.geboortedatum())
            .addString(subject.adresSleutel().orElse(null))
            .addString(subject.naamSleutel().orElse(null))
            .addOffsetDateTime(time(at));
    return tx.preparedQuery(RECORD_MATCHES).execute(t).map(RowSet::rowCount);
  }

  /** The wijk of a normalised postcode, empty when the postcode is not the municipality's. */
  Future<Optional<String>> wijkFor(SqlClient client, String postcode) {
    return client
        .preparedQuery(WIJK_FOR_POSTCODE)
        .execute(Tuple.of(postcode))
        .map(rows -> first(rows).map(r -> r.getString("wijk")));
  }

  /**
   * Takes the key for this request; false when another request (younger than {@code expired}) holds
   * it.
   */
  Future<Boolean> claimIdempotencyKey(
      SqlClient tx,
      String clientId,
      String key,
      String requestHash,
      UUID itemId,
      JsonObject response,
      Instant now,
      Instant expired) {
    Tuple t =
        Tuple.tuple()
            .addString(clientId)
            .addString(key)
            .addString(requestHash)
            .addUUID(itemId)
            .addValue(response)
            .addOffsetDateTime(time(now))
            .addOffsetDateTime(time(expired));
    return tx.preparedQuery(CLAIM_IDEMPOTENCY_KEY).execute(t).map(rows -> rows.rowCount() == 1);
  }

  /** The first answer to a key still kept: its request hash and response. */
  Future<Optional<JsonObject>> findIdempotencyKey(String clientId, String key, Instant notBefore) {
    return pool.preparedQuery(FIND_IDEMPOTENCY_KEY)
        .execute(Tuple.of(clientId, key, time(notBefore)))
        .map(
            rows ->
                first(rows)
                    .map(
                        r ->
                            new JsonObject()
                                .put("requestHash", r.getString("request_hash"))
                                .put("response", r.getJsonObject("response"))));
  }

  public Future<Integer> deleteIdempotencyKeysBefore(Instant cutoff) {
    return pool.preparedQuery("DELETE FROM idempotency_record WHERE created_at < $1")
        .execute(Tuple.of(time(cutoff)))
        .map(RowSet::rowCount);
  }

  /** The resident's view of their aanmelding, by the SHA-256 of the status link's token. */
  public Future<Optional<ResidentStatus>> residentStatus(String tokenHash) {
    return pool.preparedQuery(RESIDENT_STATUS)
        .execute(Tuple.of(tokenHash))
        .map(rows -> first(rows).map(InboxRepository::residentStatusWithAdditions));
  }

  /**
   * The resident's view of their aanmelding, by the SHA-256 of the status link's token, with the
   * audit entry {@code read} of it (its object id is the item found) written in the same statement.
   */
  public Future<Optional<ResidentStatus>> residentStatus(
      String tokenHash, AuditLog audit, AuditEntry read) {
    return pool.preparedQuery(RESIDENT_STATUS_AUDITED)
        .execute(audit.parametersFoundBy(Tuple.of(tokenHash), read))
        .map(rows -> first(rows).map(InboxRepository::residentStatusWithAdditions));
  }

  /** A row of {@link #RESIDENT_STATUS}: the view and its additions, read from their JSON array. */
  private static ResidentStatus residentStatusWithAdditions(Row r) {
    List<Addition> additions = new ArrayList<>();
    if (r.getValue("additions") instanceof JsonArray array) {
      for (int n = 0; n < array.size(); n++) {
        JsonArray a = array.getJsonArray(n);
        additions.add(
            new Addition(
                OffsetDateTime.parse(a.getString(0)).toInstant(), a.getString(1), a.getString(2)));
      }
    }
    return residentStatus(r, additions);
  }

  Future<Void> insertAddition(
      SqlClient tx,
      UUID itemId,
      Instant at,
      String door,
      UUID accountId,
      String clientId,
      String tekst) {
    return tx.preparedQuery(INSERT_ADDITION)
        .execute(Tuple.of(itemId, time(at), door, accountId, clientId, tekst))
        .mapEmpty();
  }

  /** Withdraws an open item; the state it had, or empty when it was already closed. */
  /**
   * Where an addition belongs: the item itself, or the item it was merged into. That row is locked
   * (also when the addition came through a merged duplicate) so that two additions at once count
   * each other.
   */
  private static final String WORK_ITEM =
      "SELECT id AS work_id FROM inbox_item WHERE id = (SELECT COALESCE(merged_into, id) FROM inbox_item WHERE id = $1) FOR UPDATE";

  private static final String ADDITIONS_BY =
      "SELECT count(*) AS n FROM inbox_item_addition WHERE item_id = $1 AND door = $2";

  /** The item an addition to {@code submitted} lands on, locked. */
  Future<UUID> lockWorkItem(SqlClient tx, UUID submitted) {
    return tx.preparedQuery(WORK_ITEM)
        .execute(Tuple.of(submitted))
        .map(rows -> rows.iterator().next().getUUID("work_id"));
  }

  /** How many additions one party made to an item. */
  Future<Long> additionsBy(SqlClient tx, UUID itemId, String door) {
    return tx.preparedQuery(ADDITIONS_BY)
        .execute(Tuple.of(itemId, door))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static final String REMIND_OWNER =
      "INSERT INTO inbox_reminder (item_id, account_id, kind, created_at) VALUES ($1, $2, 'informatie_ontvangen', $3) ON CONFLICT DO NOTHING";

  /** Reminds the owner that the information they asked for came in. */
  Future<Void> remindOwner(SqlClient tx, UUID itemId, UUID owner, Instant at) {
    return tx.preparedQuery(REMIND_OWNER).execute(Tuple.of(itemId, owner, time(at))).mapEmpty();
  }

  /** The organisation's signals, newest first, without content. */
  public Future<List<SignaalSummary>> organisationSignalen(
      UUID organisationId, int limit, int offset) {
    return pool.preparedQuery(ORGANISATION_SIGNALS)
        .execute(Tuple.of(organisationId, limit, offset))
        .map(rows -> all(rows, InboxRepository::signaalSummary));
  }

  public Future<Long> organisationSignaalCount(UUID organisationId) {
    return pool.preparedQuery(ORGANISATION_SIGNAL_COUNT)
        .execute(Tuple.of(organisationId))
        .map(rows -> rows.iterator().next().getLong("total"));
  }

  /** One signal of the organisation with its content (the caller decides whether to show it). */
  public Future<Optional<SignaalDetail>> organisationSignaal(UUID organisationId, UUID itemId) {
    return pool.preparedQuery(ORGANISATION_SIGNAL)
        .execute(Tuple.of(organisationId, itemId))
        .compose(
            rows -> {
              Optional<Row> row = first(rows);
              if (row.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              return pool.preparedQuery(ADDITIONS)
                  .execute(Tuple.of(itemId))
                  .map(
                      adds ->
                          Optional.of(
                              new SignaalDetail(
                                  signaalSummary(row.get()),
                                  row.get().getJsonObject("inhoud"),
                                  additions(adds),
                                  Optional.ofNullable(row.get().getString("vraag")))));
            });
  }

  /** Where the mails about an item go, and in which language. */
  Future<Optional<MailTargets>> mailTargets(SqlClient client, UUID itemId) {
    return client
        .preparedQuery(MAIL_TARGETS)
        .execute(Tuple.of(itemId))
        .map(
            rows ->
                first(rows)
                    .map(
                        r ->
                            new MailTargets(
                                r.getString("referentie"),
                                r.getString("kanaal"),
                                Locale.forLanguageTag(r.getString("taal")),
                                Optional.ofNullable(r.getString("bewoner_email")),
                                Optional.ofNullable(r.getString("melder_email")),
                                Optional.ofNullable(r.getString("info_requested_from")))));
  }

  record MailTargets(
      String referentie,
      String kanaal,
      Locale taal,
      Optional<String> bewonerEmail,
      Optional<String> melderEmail,
      Optional<String> infoRequestedFrom) {}

  private static ResidentStatus residentStatus(Row r, List<Addition> additions) {
    ItemState state = ItemState.of(r.getString("view_state"));
    return new ResidentStatus(
        r.getUUID("id"),
        r.getString("referentie"),
        state,
        r.getString("urgentie"),
        instant(r, "received_at"),
        instant(r, "view_due_at"),
        Optional.ofNullable(instant(r, "view_first_contact_at")),
        Optional.ofNullable(instant(r, "view_closed_at")),
        Optional.ofNullable(r.getString("vraag")),
        additions);
  }

  private static SignaalSummary signaalSummary(Row r) {
    String by = r.getString("submitted_by_name");
    if (by == null) {
      String client = r.getString("client_name");
      String melder = r.getString("melder_naam");
      by = melder == null ? client : melder + " (" + client + ")";
    }
    return new SignaalSummary(
        r.getUUID("id"),
        r.getString("referentie"),
        instant(r, "received_at"),
        ItemState.of(r.getString("view_state")),
        Optional.ofNullable(r.getUUID("submitted_by_account")),
        Optional.ofNullable(r.getString("submitted_by_client")),
        by,
        Optional.ofNullable(r.getString("swt_contact")));
  }

  private static List<Addition> additions(RowSet<Row> rows) {
    return all(
        rows, a -> new Addition(instant(a, "added_at"), a.getString("door"), a.getString("tekst")));
  }

  /** What the guarded update found: the state the item came from and its owner. */
  record ChangedRow(ItemState from, Optional<UUID> owner) {}

  /** Runs one guarded state change ({@link ItemChange#sql}); empty when nothing matched. */
  Future<Optional<ChangedRow>> change(SqlClient tx, ItemChange change) {
    String sql = change.sql();
    return tx.preparedQuery(sql)
        .execute(change.params())
        .map(
            rows ->
                first(rows)
                    .map(
                        r ->
                            new ChangedRow(
                                ItemState.of(r.getString("from_state")),
                                Optional.ofNullable(r.getUUID("owner_account_id")))));
  }
}
