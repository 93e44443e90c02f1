package nl.wijkportaal.insight;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The KPI aggregates as SQL over {@code inbox_item} (and its history for the first reaction): each
 * query returns one row per group, never items. Every query takes $1 the period's start, $2 its end
 * (exclusive), $3 the wijkteams counted (null: all), $4 now. A merged duplicate ({@code
 * samengevoegd}) is counted once, as the item it was merged into; complaints have their own
 * figures.
 */
final class KpiQueries {

  /** The items that count: not merged away, not complaints, within the wijkteams. */
  static final String SCOPE =
      " i.state <> 'samengevoegd' AND i.kanaal <> 'klacht' AND ($3::text[] IS NULL OR COALESCE(i.owner_wijkteam, i.wijk) = ANY($3::text[]))"
          // Every query binds the same four parameters; not every one needs now.
          + " AND $4::timestamptz IS NOT NULL";

  static final String RECEIVED = " i.received_at >= $1 AND i.received_at < $2 AND";

  static final String OPEN =
      " i.state IN ('nieuw', 'in_behandeling', 'wacht_op_informatie', 'contact_gelegd', 'doorgezet', 'heropend')";

  private static String percentile(double p, String interval, String unitSeconds, String filter) {
    return "percentile_cont("
        + p
        + ") WITHIN GROUP (ORDER BY date_part('epoch', "
        + interval
        + ") / "
        + unitSeconds
        + ")"
        + (filter == null ? "" : " FILTER (WHERE " + filter + ")");
  }

  /** Received → first contact, per kanaal and urgentie, and for all. */
  static final String WACHTTIJD_INTAKE =
      "SELECT i.kanaal, i.urgentie, GROUPING(i.kanaal) AS is_total, count(*) AS ontvangen,"
          + " count(i.first_contact_at) AS met_contact,"
          + " count(*) FILTER (WHERE i.first_contact_at IS NULL AND"
          + OPEN
          + ") AS wachtend,"
          + " count(*) FILTER (WHERE i.first_contact_at IS NULL AND NOT"
          + OPEN
          + ") AS zonder_contact,"
          + " "
          + percentile(0.5, "i.first_contact_at - i.received_at", "3600", null)
          + " AS mediaan,"
          + " "
          + percentile(0.9, "i.first_contact_at - i.received_at", "3600", null)
          + " AS p90,"
          + " count(*) FILTER (WHERE i.first_contact_at <= i.due_at) AS binnen_termijn"
          + " FROM inbox_item i WHERE"
          + RECEIVED
          + SCOPE
          + " GROUP BY GROUPING SETS ((i.kanaal, i.urgentie), ()) ORDER BY is_total, i.kanaal, i.urgentie";

  /**
   * First contact → support started (or the warm hand-over), for items with first contact in the
   * period.
   */
  static final String WACHTTIJD_ONDERSTEUNING =
      "SELECT i.kanaal, GROUPING(i.kanaal) AS is_total, count(*) AS met_contact, count(i.support_started_at) AS gestart,"
          + " count(*) FILTER (WHERE i.support_started_at IS NULL AND"
          + OPEN
          + ") AS wachtend,"
          + " count(*) FILTER (WHERE i.support_started_at IS NULL AND NOT"
          + OPEN
          + ") AS zonder,"
          + " "
          + percentile(0.5, "i.support_started_at - i.first_contact_at", "86400", null)
          + " AS mediaan,"
          + " "
          + percentile(0.9, "i.support_started_at - i.first_contact_at", "86400", null)
          + " AS p90"
          + " FROM inbox_item i WHERE i.first_contact_at >= $1 AND i.first_contact_at < $2 AND"
          + SCOPE
          + " GROUP BY GROUPING SETS ((i.kanaal), ()) ORDER BY is_total, i.kanaal";

  /** First contact → closed, for items closed in the period. */
  static final String DOORLOOPTIJD =
      "SELECT i.kanaal, GROUPING(i.kanaal) AS is_total, count(*) AS afgesloten, count(i.first_contact_at) AS met_contact,"
          + " count(*) - count(i.first_contact_at) AS zonder_contact,"
          + " "
          + percentile(0.5, "i.closed_at - i.first_contact_at", "86400", null)
          + " AS mediaan,"
          + " "
          + percentile(0.9, "i.closed_at - i.first_contact_at", "86400", null)
          + " AS p90"
          + " FROM inbox_item i WHERE i.state = 'afgesloten' AND i.closed_at >= $1 AND i.closed_at < $2 AND"
          + SCOPE
          + " GROUP BY GROUPING SETS ((i.kanaal), ()) ORDER BY is_total, i.kanaal";

  /**
   * Received → the first staff reaction that is not the automatic receipt, for aanmelding and
   * signaal ({@code insight_first_reaction}, kept by a trigger on the history: V21).
   */
  static final String BEREIKBAARHEID =
      "SELECT i.kanaal, GROUPING(i.kanaal) AS is_total, count(*) AS ontvangen, count(r.reacted_at) AS gereageerd,"
          + " count(*) - count(r.reacted_at) AS niet_gereageerd,"
          + " "
          + percentile(0.5, "r.reacted_at - i.received_at", "3600", null)
          + " AS mediaan,"
          + " "
          + percentile(0.9, "r.reacted_at - i.received_at", "3600", null)
          + " AS p90"
          + " FROM inbox_item i LEFT JOIN insight_first_reaction r ON r.item_id = i.id"
          + " WHERE"
          + RECEIVED
          + SCOPE
          + " AND i.kanaal IN ('aanmelding', 'signaal')"
          + " GROUP BY GROUPING SETS ((i.kanaal), ()) ORDER BY is_total, i.kanaal";

  /**
   * The inflow in one pass over the items received in the period, one hash table per grouping: per
   * week (Monday, Amsterdam time) and kanaal ({@code grouping} {@link #PER_WEEK}), per vindplek of
   * the signals ({@link #PER_VINDPLEK}), per wijk (wijkteam, else the item's wijk; {@link
   * #PER_WIJK}), per way an aanmelding found us ({@link #PER_GEVONDEN}), and all ({@link #ALL}). A
   * vindplek or gevonden-via row with a null code holds the items of other kanalen.
   */
  static final String INSTROOM =
      "SELECT week, kanaal, vindplek, wijk, gevonden, GROUPING(week, kanaal, vindplek, wijk, gevonden) AS grouping, count(*) AS n"
          + " FROM (SELECT date_trunc('week', i.received_at AT TIME ZONE 'Europe/Amsterdam')::date AS week, i.kanaal,"
          + " CASE WHEN i.kanaal = 'signaal' THEN COALESCE(i.vindplek, 'overig') END AS vindplek,"
          + " COALESCE(i.owner_wijkteam, i.wijk, CASE WHEN i.buiten_gemeente THEN 'buiten_gemeente' ELSE 'onbekend' END) AS wijk,"
          + " CASE WHEN i.kanaal = 'aanmelding' THEN COALESCE(i.gevonden_via, 'onbekend') END AS gevonden"
          + " FROM inbox_item i WHERE"
          + RECEIVED
          + SCOPE
          + ") i GROUP BY GROUPING SETS ((week, kanaal), (vindplek), (wijk), (gevonden), ())";

  static final int PER_WEEK = 0b00111;
  static final int PER_VINDPLEK = 0b11011;
  static final int PER_WIJK = 0b11101;
  static final int PER_GEVONDEN = 0b11110;
  static final int ALL = 0b11111;

  /** Per leefgebied: an item about two leefgebieden counts in both, so there is no total. */
  static final String INSTROOM_LEEFGEBIED =
      "SELECT l.code, count(*) AS n FROM inbox_item i CROSS JOIN LATERAL unnest(i.leefgebieden) AS l(code)"
          + " WHERE"
          + RECEIVED
          + SCOPE
          + " GROUP BY l.code ORDER BY n DESC, l.code";

  /** The route decided at closing, per month of closing. */
  static final String EFFECTIVITEIT =
      "SELECT date_trunc('month', i.closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS maand, i.route, count(*) AS n"
          + " FROM inbox_item i WHERE i.state = 'afgesloten' AND i.route IS NOT NULL AND i.closed_at >= $1 AND i.closed_at < $2 AND"
          + SCOPE
          + " GROUP BY 1, 2";

  private static final String TEAM = "COALESCE(i.owner_wijkteam, i.wijk, 'triage')";

  /** Open items now per wijkteam (unassigned items outside a wijkteam: the triage team). */
  static final String WERKVOORRAAD_WIJK =
      "SELECT "
          + TEAM
          + " AS code, GROUPING("
          + TEAM
          + ") AS is_total,"
          + " count(*) AS open, count(*) FILTER (WHERE i.first_contact_at IS NULL AND i.due_at < $4) AS te_laat,"
          + " count(*) FILTER (WHERE i.first_contact_at IS NULL AND i.due_at >= $4 AND i.due_at < $4 + interval '2 days') AS bijna,"
          + " count(*) FILTER (WHERE i.owner_account_id IS NULL) AS vrij,"
          + " count(*) FILTER (WHERE i.state = 'wacht_op_informatie') AS wacht"
          + " FROM inbox_item i WHERE"
          + OPEN
          + " AND"
          + SCOPE
          + " AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL"
          + " GROUP BY GROUPING SETS (("
          + TEAM
          + "), ()) ORDER BY is_total, code";

  /** Open items now per worker who holds them. */
  static final String WERKVOORRAAD_MEDEWERKER =
      "SELECT a.id::text AS code, a.name, GROUPING(a.id, a.name) AS is_total, count(*) AS open,"
          + " count(*) FILTER (WHERE i.first_contact_at IS NULL AND i.due_at < $4) AS te_laat,"
          + " count(*) FILTER (WHERE i.first_contact_at IS NULL AND i.due_at >= $4 AND i.due_at < $4 + interval '2 days') AS bijna,"
          + " count(*) FILTER (WHERE i.state = 'wacht_op_informatie') AS wacht"
          + " FROM inbox_item i JOIN account a ON a.id = i.owner_account_id"
          + " WHERE"
          + OPEN
          + " AND"
          + SCOPE
          + " AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL"
          + " GROUP BY GROUPING SETS ((a.id, a.name), ()) ORDER BY is_total, a.name, code";

  /**
   * Complaints per year of receipt (all wijkteams: a complaint is about the SWT as a whole):
   * received, admissible, not admissible, not yet judged, resolved, extended, still open. $1/$2 the
   * years of the period.
   */
  static final String KLACHTEN =
      "SELECT extract(year FROM i.received_at AT TIME ZONE 'Europe/Amsterdam')::int AS jaar, count(*) AS ontvangen,"
          + " count(*) FILTER (WHERE i.klacht_ontvankelijk) AS ontvankelijk,"
          + " count(*) FILTER (WHERE NOT i.klacht_ontvankelijk) AS niet_ontvankelijk,"
          + " count(*) FILTER (WHERE i.klacht_ontvankelijk IS NULL) AS onbeoordeeld,"
          + " count(*) FILTER (WHERE i.klacht_opgelost) AS opgelost,"
          + " count(i.klacht_verlengd_at) AS verlengd,"
          + " count(*) FILTER (WHERE"
          + OPEN
          + ") AS open,"
          + " count(*) FILTER (WHERE"
          + OPEN
          + " AND i.due_at < $4) AS te_laat"
          + " FROM inbox_item i WHERE i.kanaal = 'klacht' AND i.state <> 'samengevoegd'"
          + " AND i.received_at >= date_trunc('year', $1::timestamptz AT TIME ZONE 'Europe/Amsterdam') AT TIME ZONE 'Europe/Amsterdam'"
          + " AND i.received_at < $2 AND ($3::text[] IS NULL OR true)"
          + " GROUP BY 1 ORDER BY 1";

  /** The experience answers per score, of months in the period (anonymous: no worker, no item). */
  static final String ERVARING_SCORE =
      "SELECT e.score::text AS code, GROUPING(e.score) AS is_total, count(*) AS n, avg(e.score) AS gemiddeld FROM client_experience e"
          + " WHERE e.answered_in >= date_trunc('month', $1::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date"
          + " AND e.answered_in < ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date"
          + " AND ($3::text[] IS NULL OR e.wijk = ANY($3::text[])) AND $4::timestamptz IS NOT NULL"
          + " GROUP BY GROUPING SETS ((e.score), ()) ORDER BY is_total, e.score";

  static final String ERVARING_GEHOLPEN =
      "SELECT e.geholpen AS code, GROUPING(e.geholpen) AS is_total, count(*) AS n FROM client_experience e"
          + " WHERE e.answered_in >= date_trunc('month', $1::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date"
          + " AND e.answered_in < ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date"
          + " AND ($3::text[] IS NULL OR e.wijk = ANY($3::text[])) AND $4::timestamptz IS NOT NULL"
          + " GROUP BY GROUPING SETS ((e.geholpen), ()) ORDER BY is_total, e.geholpen";

  private final Pool pool;

  KpiQueries(Pool pool) {
    this.pool = pool;
  }

  Future<List<Row>> run(
      io.vertx.sqlclient.SqlClient client,
      String sql,
      Instant start,
      Instant end,
      String[] wijken,
      Instant now) {
    Tuple params =
        Tuple.tuple()
            .addOffsetDateTime(time(start))
            .addOffsetDateTime(time(end))
            .addArrayOfString(wijken)
            .addOffsetDateTime(time(now));
    return client.preparedQuery(sql).execute(params).map(KpiQueries::list);
  }

  Pool pool() {
    return pool;
  }

  private static List<Row> list(RowSet<Row> rows) {
    List<Row> all = new ArrayList<>(rows.size());
    rows.forEach(all::add);
    return all;
  }

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
