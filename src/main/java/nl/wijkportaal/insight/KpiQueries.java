package nl.wijkportaal.insight;

/**
 * The KPI aggregates as SQL over {@code insight_item_fact} (V28: one narrow row per item that
 * counts, kept by triggers on {@code inbox_item}): each query returns one row per group, never
 * items. Every query takes $1 the period's start, $2 its end (exclusive), $3 the wijkteams counted
 * (null: all), $4 now. A merged duplicate ({@code samengevoegd}) is counted once, as the item it
 * was merged into, and complaints have their own figures: neither has facts.
 */
final class KpiQueries {

  private KpiQueries() {}

  /** The items of the wijkteams counted. */
  private static final String SCOPE =
      " ($3::text[] IS NULL OR i.team = ANY($3::text[]))"
          // Every query binds the same four parameters; not every one needs them all.
          + " AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND $4::timestamptz IS NOT NULL";

  private static final String OPEN =
      " i.state IN ('nieuw', 'in_behandeling', 'wacht_op_informatie', 'contact_gelegd', 'doorgezet', 'heropend')";

  /** Items whose {@code moment} falls in the period. */
  private static String in(String moment) {
    return " " + moment + " >= $1 AND " + moment + " < $2 AND";
  }

  /**
   * The exact median and p90 of a duration the facts store (V30), as {@code mediaan} and {@code
   * p90}; one sort serves both.
   */
  private static String spread(String duration) {
    String ordered = " WITHIN GROUP (ORDER BY " + duration + ")";
    return " percentile_cont(0.5)"
        + ordered
        + " AS mediaan, percentile_cont(0.9)"
        + ordered
        + " AS p90";
  }

  /** Per {@code groups} and for all ({@code is_total} 1), in that order. */
  private static String perAndTotal(String groups) {
    return perAndTotal(groups, groups);
  }

  private static String perAndTotal(String groups, String order) {
    return " GROUP BY GROUPING SETS ((" + groups + "), ()) ORDER BY is_total, " + order;
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
          + spread("i.intake_uren")
          + ", count(*) FILTER (WHERE i.first_contact_at <= i.due_at) AS binnen_termijn"
          + " FROM insight_item_fact i WHERE"
          + in("i.received_at")
          + SCOPE
          + perAndTotal("i.kanaal, i.urgentie");

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
          + spread("i.ondersteuning_dagen")
          + " FROM insight_item_fact i WHERE"
          + in("i.first_contact_at")
          + SCOPE
          + perAndTotal("i.kanaal");

  /** First contact → closed, for items closed in the period. */
  static final String DOORLOOPTIJD =
      "SELECT i.kanaal, GROUPING(i.kanaal) AS is_total, count(*) AS afgesloten, count(i.first_contact_at) AS met_contact,"
          + " count(*) - count(i.first_contact_at) AS zonder_contact,"
          + spread("i.doorloop_dagen")
          + " FROM insight_item_fact i WHERE i.state = 'afgesloten' AND"
          + in("i.closed_at")
          + SCOPE
          + perAndTotal("i.kanaal");

  /**
   * Received → the first staff reaction that is not the automatic receipt, for aanmelding and
   * signaal (kept from the history by the trigger of V21).
   */
  static final String BEREIKBAARHEID =
      "SELECT i.kanaal, GROUPING(i.kanaal) AS is_total, count(*) AS ontvangen, count(i.reacted_at) AS gereageerd,"
          + " count(*) - count(i.reacted_at) AS niet_gereageerd,"
          + spread("i.reactie_uren")
          + " FROM insight_item_fact i WHERE i.kanaal IN ('aanmelding', 'signaal') AND"
          + in("i.received_at")
          + SCOPE
          + perAndTotal("i.kanaal");

  /**
   * The inflow in one pass over the items received in the period, counted first per week, kanaal,
   * vindplek, wijk and gevonden via in the order of their index (V31), then summed per grouping:
   * per week (Monday, Amsterdam time) and kanaal ({@code grouping} {@link #PER_WEEK}), per vindplek
   * of the signals ({@link #PER_VINDPLEK}), per wijk (wijkteam, else the item's wijk; {@link
   * #PER_WIJK}), per way an aanmelding found us ({@link #PER_GEVONDEN}), and all ({@link #ALL}). A
   * vindplek or gevonden-via row with a null code holds the items of other kanalen.
   */
  static final String INSTROOM =
      "SELECT week, kanaal, vindplek, wijk, gevonden, GROUPING(week, kanaal, vindplek, wijk, gevonden) AS grouping, sum(n)::bigint AS n"
          + " FROM (SELECT i.ontvangen_week AS week, i.kanaal, i.vindplek,"
          + " i.wijk, i.gevonden, count(*) AS n FROM insight_item_fact i WHERE"
          + in("i.received_at")
          + SCOPE
          + " GROUP BY 1, 2, 3, 4, 5) i GROUP BY GROUPING SETS ((week, kanaal), (vindplek), (wijk), (gevonden), ())";

  static final int PER_WEEK = 0b00111;
  static final int PER_VINDPLEK = 0b11011;
  static final int PER_WIJK = 0b11101;
  static final int PER_GEVONDEN = 0b11110;
  static final int ALL = 0b11111;

  /**
   * Per leefgebied: an item about two leefgebieden counts in both, so there is no total. Counted
   * per set of leefgebieden first (in the order of their index, V31), then per leefgebied of each
   * set.
   */
  static final String INSTROOM_LEEFGEBIED =
      "SELECT l.code, sum(g.n)::bigint AS n FROM (SELECT i.leefgebieden, count(*) AS n FROM insight_item_fact i"
          + " WHERE"
          + in("i.received_at")
          + SCOPE
          + " GROUP BY i.leefgebieden) g CROSS JOIN LATERAL unnest(g.leefgebieden) AS l(code)"
          + " GROUP BY l.code ORDER BY n DESC, l.code";

  /** The route decided at closing, per month of closing. */
  static final String EFFECTIVITEIT =
      "SELECT i.gesloten_maand AS maand, i.route, count(*) AS n"
          + " FROM insight_item_fact i WHERE i.state = 'afgesloten' AND i.route IS NOT NULL AND"
          + in("i.closed_at")
          + SCOPE
          + " GROUP BY 1, 2";

  /** The counts of open items against their deadlines (now: $4). */
  private static final String WORKLOAD =
      " count(*) AS open, count(*) FILTER (WHERE i.first_contact_at IS NULL AND i.due_at < $4) AS te_laat,"
          + " count(*) FILTER (WHERE i.first_contact_at IS NULL AND i.due_at >= $4 AND i.due_at < $4 + interval '2 days') AS bijna,"
          + " count(*) FILTER (WHERE i.state = 'wacht_op_informatie') AS wacht";

  /** Open items now per wijkteam (unassigned items outside a wijkteam: the triage team). */
  static final String WERKVOORRAAD_WIJK =
      "SELECT COALESCE(i.team, 'triage') AS code, GROUPING(COALESCE(i.team, 'triage')) AS is_total,"
          + WORKLOAD
          + ", count(*) FILTER (WHERE i.owner_account_id IS NULL) AS vrij"
          + " FROM insight_item_fact i WHERE"
          + OPEN
          + " AND"
          + SCOPE
          + perAndTotal("COALESCE(i.team, 'triage')", "code");

  /** Open items now per worker who holds them. */
  static final String WERKVOORRAAD_MEDEWERKER =
      "SELECT a.id::text AS code, a.name, GROUPING(a.id, a.name) AS is_total,"
          + WORKLOAD
          + " FROM insight_item_fact i JOIN account a ON a.id = i.owner_account_id"
          + " WHERE"
          + OPEN
          + " AND"
          + SCOPE
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

  /** The experience answers of months in the period (anonymous: no worker, no item). */
  private static String experience(String group, String code, String measures) {
    return "SELECT "
        + code
        + " AS code, GROUPING("
        + group
        + ") AS is_total,"
        + measures
        + " FROM client_experience e"
        + " WHERE e.answered_in >= date_trunc('month', $1::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date"
        + " AND e.answered_in < ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date"
        + " AND ($3::text[] IS NULL OR e.wijk = ANY($3::text[])) AND $4::timestamptz IS NOT NULL"
        + perAndTotal(group);
  }

  static final String ERVARING_SCORE =
      experience("e.score", "e.score::text", " count(*) AS n, avg(e.score) AS gemiddeld");

  static final String ERVARING_GEHOLPEN = experience("e.geholpen", "e.geholpen", " count(*) AS n");
}
