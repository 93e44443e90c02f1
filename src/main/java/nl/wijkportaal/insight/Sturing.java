package nl.wijkportaal.insight;

import static nl.wijkportaal.insight.KpiTable.Cell.count;
import static nl.wijkportaal.insight.KpiTable.Cell.share;
import static nl.wijkportaal.insight.KpiTable.Cell.stat;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import nl.wijkportaal.catalogue.EditorService;
import nl.wijkportaal.catalogue.Offer;
import nl.wijkportaal.catalogue.SearchCount;
import nl.wijkportaal.chat.ChatFigures;
import nl.wijkportaal.insight.KpiTable.Cell;
import nl.wijkportaal.insight.KpiTable.Column;
import nl.wijkportaal.insight.KpiTable.Kind;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.db.Rows;
import nl.wijkportaal.triage.InboxFilter;
import nl.wijkportaal.triage.Triage;

/**
 * The steering figures (Vaste KPI's, DOMAIN.md) for a period and a scope: each KPI one table of
 * aggregates from SQL, with small numbers suppressed before anything leaves this class. The same
 * tables feed the page, its charts, the CSV exports and the JSON for the municipality's BI.
 */
public final class Sturing {

  /** The KPIs in the order the dashboard shows them. */
  public static final List<String> KPIS =
      List.of(
          "bereikbaarheid",
          "wachttijd-intake",
          "wachttijd-ondersteuning",
          "doorlooptijd",
          "instroom-week",
          "instroom-vindplek",
          "instroom-wijk",
          "instroom-leefgebied",
          "instroom-gevonden",
          "effectiviteit",
          "werkvoorraad-wijk",
          "werkvoorraad-medewerker",
          "ervaring-score",
          "ervaring-geholpen",
          "klachten",
          "sociale-basis",
          "zoeken-zonder-resultaat",
          "chat-dag",
          "chat-uur",
          "chat-score");

  /** The kanalen of help requests, in the dashboard's order (complaints are counted apart). */
  static final List<String> KANALEN =
      DeadlineRules.KANALEN.stream().filter(k -> !k.equals("klacht")).toList();

  /** One KPI: its key (title and description are texts under it) and its table. */
  public record Section(String key, KpiTable table) {}

  /** Everything for one period and scope, in {@link #KPIS} order. */
  public record Dashboard(Period period, Scope scope, Instant asOf, List<Section> sections) {
    public Section section(String key) {
      return sections.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }
  }

  private final Pool pool;
  private final Clock clock;
  private final List<Kpi<?>> kpis;

  public Sturing(Pool pool, EditorService catalogue, ChatFigures chat, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    Source<List<Row>> instroom = sql(KpiQueries.INSTROOM, 25);
    Source<List<Offer>> stale = reading -> catalogue.stale();
    Source<List<SearchCount>> zeroResults = reading -> catalogue.zeroResultSearches();
    Source<List<ChatFigures.Waits>> chatPerDay =
        chat(
            17,
            reading ->
                chat.perDay(
                    reading.lane(), reading.start(), reading.end(), reading.wijken, reading.now));
    Source<List<ChatFigures.Waits>> chatPerHour =
        chat(
            17,
            reading ->
                chat.perHour(
                    reading.lane(), reading.start(), reading.end(), reading.wijken, reading.now));
    Source<List<ChatFigures.Scores>> chatScores =
        chat(
            2,
            reading ->
                chat.scores(
                    reading.lane(), reading.start(), reading.end(), reading.wijken, reading.now));
    this.kpis =
        List.of(
            new Kpi<>(
                "bereikbaarheid", sql(KpiQueries.BEREIKBAARHEID, 17), Sturing::bereikbaarheid),
            new Kpi<>(
                "wachttijd-intake", sql(KpiQueries.WACHTTIJD_INTAKE, 35), Sturing::wachttijdIntake),
            new Kpi<>(
                "wachttijd-ondersteuning",
                sql(KpiQueries.WACHTTIJD_ONDERSTEUNING, 25),
                (rows, period) -> wachttijdOndersteuning(rows)),
            new Kpi<>(
                "doorlooptijd",
                sql(KpiQueries.DOORLOOPTIJD, 15),
                (rows, period) -> doorlooptijd(rows)),
            // Four KPIs of the inflow from one pass over the items.
            new Kpi<>(
                "instroom-week",
                instroom,
                (rows, period) -> instroomWeek(grouped(rows, KpiQueries.PER_WEEK), period)),
            new Kpi<>(
                "instroom-vindplek",
                instroom,
                (rows, period) ->
                    countBy(
                        "instroom-vindplek",
                        "vindplek",
                        counts(grouped(rows, KpiQueries.PER_VINDPLEK), "vindplek"),
                        OptionalLong.empty(),
                        period)),
            new Kpi<>(
                "instroom-wijk",
                instroom,
                (rows, period) ->
                    countBy(
                        "instroom-wijk",
                        "wijk",
                        counts(grouped(rows, KpiQueries.PER_WIJK), "wijk"),
                        OptionalLong.of(
                            grouped(rows, KpiQueries.ALL).stream().mapToLong(r -> n(r, "n")).sum()),
                        period)),
            new Kpi<>(
                "instroom-leefgebied",
                sql(KpiQueries.INSTROOM_LEEFGEBIED, 23),
                (rows, period) ->
                    countBy("instroom-leefgebied", "leefgebied", rows, false, period)),
            new Kpi<>(
                "instroom-gevonden",
                instroom,
                (rows, period) ->
                    countBy(
                        "instroom-gevonden",
                        "gevonden",
                        counts(grouped(rows, KpiQueries.PER_GEVONDEN), "gevonden"),
                        OptionalLong.empty(),
                        period)),
            new Kpi<>("effectiviteit", sql(KpiQueries.EFFECTIVITEIT, 11), Sturing::effectiviteit),
            new Kpi<>(
                "werkvoorraad-wijk",
                now(KpiQueries.WERKVOORRAAD_WIJK, 12),
                (rows, period) -> werkvoorraadWijk(rows)),
            new Kpi<>(
                "werkvoorraad-medewerker",
                now(KpiQueries.WERKVOORRAAD_MEDEWERKER, 15),
                (rows, period) -> werkvoorraadMedewerker(rows)),
            new Kpi<>(
                "ervaring-score",
                sql(KpiQueries.ERVARING_SCORE, 1),
                (rows, period) -> ervaringScore(rows)),
            new Kpi<>(
                "ervaring-geholpen",
                sql(KpiQueries.ERVARING_GEHOLPEN, 1),
                (rows, period) -> countBy("ervaring-geholpen", "geholpen", rows, true, period)),
            new Kpi<>("klachten", sql(KpiQueries.KLACHTEN, 1), Sturing::klachten),
            new Kpi<>("sociale-basis", stale, (offers, period) -> socialeBasis(offers.size())),
            new Kpi<>(
                "zoeken-zonder-resultaat",
                zeroResults,
                (searches, period) -> zeroResults(searches)),
            new Kpi<>("chat-dag", chatPerDay, (rows, period) -> chat("chat-dag", "dag", rows)),
            new Kpi<>("chat-uur", chatPerHour, (rows, period) -> chat("chat-uur", "uur", rows)),
            new Kpi<>("chat-score", chatScores, (rows, period) -> chatScore(rows)));
    if (!kpis.stream().map(Kpi::key).toList().equals(KPIS)) {
      throw new IllegalStateException("The KPIs are not those of Sturing.KPIS, in that order");
    }
  }

  /** Every KPI of the period. */
  public Future<Dashboard> dashboard(Period period, Scope scope) {
    return compute(period, scope, kpis);
  }

  /** One KPI of the period (its CSV): only the queries it needs. */
  public Future<Section> section(String key, Period period, Scope scope) {
    return compute(period, scope, kpis.stream().filter(k -> k.key().equals(key)).toList())
        .map(d -> d.section(key));
  }

  /**
   * The KPIs' sources read each once, spread over {@link #LANES} connections of the pool (pipelined
   * on each), so the independent queries run side by side but a dashboard never takes the whole
   * pool from the inbox.
   */
  private Future<Dashboard> compute(Period period, Scope scope, List<Kpi<?>> wanted) {
    Instant now = clock.instant();
    List<SqlConnection> lanes = new ArrayList<>();
    Future<Void> opened = Future.succeededFuture();
    for (int i = 0; i < LANES; i++) {
      opened = opened.compose(x -> pool.getConnection().compose(c -> open(c, lanes)));
    }
    return opened
        .compose(
            x ->
                lanes
                    .get(0)
                    .query(
                        "SELECT (SELECT last_value FROM insight_version), (SELECT last_value FROM insight_chat_version)")
                    .execute())
        .compose(
            version -> {
              Reading reading =
                  new Reading(
                      period,
                      scope.wijken(),
                      now,
                      lanes,
                      new long[] {
                        version.iterator().next().getLong(0), version.iterator().next().getLong(1)
                      },
                      kept);
              // The costliest queries first, each on the lane with the least work so far: the
              // lanes finish together instead of one waiting for the longest after the rest.
              wanted.stream()
                  .map(Kpi::source)
                  .distinct()
                  .sorted(Comparator.comparingInt((Source<?> s) -> s.cost()).reversed())
                  .forEach(reading::read);
              List<Future<KpiTable>> tables = wanted.stream().map(k -> k.table(reading)).toList();
              return Future.all(tables)
                  .map(
                      done -> {
                        List<Section> sections = new ArrayList<>();
                        for (int i = 0; i < wanted.size(); i++) {
                          sections.add(
                              new Section(wanted.get(i).key(), tables.get(i).result().suppress()));
                        }
                        return new Dashboard(period, scope, now, sections);
                      });
            })
        .andThen(done -> lanes.forEach(Sturing::release));
  }

  /**
   * A connection to read on, in a read-only transaction whose sorts stay in memory (a year's
   * medians sort up to 200,000 values per group, which the default work_mem writes to temporary
   * files) and whose statements are planned for their period: the pool keeps prepared statements,
   * and after five runs PostgreSQL would switch to a generic plan that expects few rows for any
   * period (measured: a year read through a bitmap heap scan, no parallel workers, no index-only
   * scan of V31). Random reads cost as little as the facts and their indexes are in memory: at the
   * default cost (4) PostgreSQL prefers hashing the year to reading the inflow's and
   * effectiviteit's indexes in order (V31), which takes half the time.
   */
  private static Future<Void> open(SqlConnection connection, List<SqlConnection> lanes) {
    lanes.add(connection);
    return connection
        .query(
            "BEGIN READ ONLY; SET LOCAL work_mem = '"
                + WORK_MEM
                + "'; SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL random_page_cost = 1.1")
        .execute()
        .mapEmpty();
  }

  /** Ends the read-only transaction and gives the connection back to the pool. */
  private static void release(SqlConnection connection) {
    connection.query("ROLLBACK").execute().onComplete(done -> connection.close());
  }

  /**
   * The item and chat figures computed lately, per query, period, wijkteams, minute and version of
   * the figures (V28: one moves with every change to an item or an experience answer, the other
   * with every change to a chat): a dashboard opened again, or its CSV, reuses them until something
   * changes, and for the minute at most (the workload counts against now). A change whose
   * transaction commits while a dashboard reads may stay unseen until that minute ends. The
   * catalogue's figures are read every time.
   */
  private final Map<Kept, Future<?>> kept =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Kept, Future<?>> eldest) {
              return size() > KEPT;
            }
          });

  /** How many query results are kept: the item queries of a dozen dashboards. */
  private static final int KEPT = 12 * 12;

  /** A source's figures: {@code period} null for those of now, whatever the period. */
  private record Kept(
      Source<?> source, Period period, List<String> wijken, Instant minute, long version) {}

  /** The connections one dashboard reads on at once. */
  private static final int LANES = 3;

  /** The sort memory of one dashboard connection. */
  private static final String WORK_MEM = "32MB";

  /** Where a KPI's rows come from; read once per dashboard however many KPIs use it. */
  @FunctionalInterface
  private interface Source<T> {
    Future<T> read(Reading reading);

    /**
     * Whether what it read may be kept until the figures' version moves: {@link #ITEMS} (the items
     * and experience answers), {@link #CHATS}, or not ({@link #NEVER}).
     */
    default int keptBy() {
      return NEVER;
    }

    /**
     * What it costs the database, relative to the others (backend CPU time on a generated year with
     * V31, about 3 ms a unit; BENCHMARKS.md, session 7): the lanes are given work by it.
     */
    default int cost() {
      return 1;
    }

    /** Whether its figures depend on the period (the workload does not: it counts now). */
    default boolean perPeriod() {
      return true;
    }
  }

  private static final int NEVER = -1;
  private static final int ITEMS = 0;
  private static final int CHATS = 1;

  /** A source of the chat's figures, kept until a chat changes. */
  private static <T> Source<T> chat(int cost, Source<T> read) {
    return new Source<>() {
      @Override
      public Future<T> read(Reading reading) {
        return read.read(reading);
      }

      @Override
      public int keptBy() {
        return CHATS;
      }

      @Override
      public int cost() {
        return cost;
      }
    };
  }

  /** The rows of one KPI query ({@link KpiQueries}) over the items or experience answers. */
  private record Sql(String query, int cost, boolean perPeriod) implements Source<List<Row>> {
    @Override
    public Future<List<Row>> read(Reading reading) {
      return Rows.all(
          reading.lane(),
          query,
          Tuple.tuple()
              .addOffsetDateTime(Rows.time(reading.start()))
              .addOffsetDateTime(Rows.time(reading.end()))
              .addArrayOfString(reading.wijken)
              .addOffsetDateTime(Rows.time(reading.now)),
          row -> row);
    }

    @Override
    public int keptBy() {
      return ITEMS;
    }
  }

  private static Source<List<Row>> sql(String query, int cost) {
    return new Sql(query, cost, true);
  }

  /** A query of figures now, the same for every period (kept across periods). */
  private static Source<List<Row>> now(String query, int cost) {
    return new Sql(query, cost, false);
  }

  /** One KPI: its key (title and description are texts under it), its source and its table. */
  private record Kpi<T>(String key, Source<T> source, BiFunction<T, Period, KpiTable> table) {
    Future<KpiTable> table(Reading reading) {
      return reading.read(source).map(rows -> table.apply(rows, reading.period));
    }
  }

  /** One computation of KPIs: what it counts, its connections in turn, its sources read. */
  private static final class Reading {
    private final Period period;
    private final String[] wijken;
    private final Instant now;
    private final List<SqlConnection> lanes;
    private final long[] versions;
    private final Map<Kept, Future<?>> kept;
    private final Map<Source<?>, Future<?>> read = new HashMap<>();

    /** The cost given to each lane so far, and that of the source being read now. */
    private final int[] work;

    private int reading;

    Reading(
        Period period,
        String[] wijken,
        Instant now,
        List<SqlConnection> lanes,
        long[] versions,
        Map<Kept, Future<?>> kept) {
      this.period = period;
      this.wijken = wijken;
      this.now = now;
      this.lanes = lanes;
      this.work = new int[lanes.size()];
      this.versions = versions;
      this.kept = kept;
    }

    Instant start() {
      return period.start();
    }

    Instant end() {
      return period.end();
    }

    /** The lane with the least work so far, given the cost of the source being read. */
    SqlClient lane() {
      int least = 0;
      for (int i = 1; i < work.length; i++) {
        if (work[i] < work[least]) {
          least = i;
        }
      }
      work[least] += reading;
      return lanes.get(least);
    }

    @SuppressWarnings("unchecked")
    <T> Future<T> read(Source<T> source) {
      return (Future<T>) read.computeIfAbsent(source, this::readOrKept);
    }

    private Future<?> readOrKept(Source<?> source) {
      if (source.keptBy() == NEVER) {
        reading = source.cost();
        return source.read(this);
      }
      Kept key =
          new Kept(
              source,
              source.perPeriod() ? period : null,
              wijken == null ? null : List.of(wijken),
              now.truncatedTo(ChronoUnit.MINUTES),
              versions[source.keptBy()]);
      Future<?> known = kept.get(key);
      if (known != null && !known.failed()) {
        return known;
      }
      reading = source.cost();
      Future<?> fresh = source.read(this);
      kept.put(key, fresh);
      return fresh.onFailure(e -> kept.remove(key, fresh));
    }
  }

  // ---- From aggregate rows to tables ----

  private static List<String[]> label(String... pairs) {
    List<String[]> label = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      label.add(new String[] {pairs[i], pairs[i + 1]});
    }
    return label;
  }

  private static long n(Row r, String column) {
    Long v = r.getLong(column);
    return v == null ? 0 : v;
  }

  private static boolean total(Row r) {
    return flag(r, "is_total");
  }

  private static boolean flag(Row r, String column) {
    Object v = r.getValue(column);
    return v instanceof Number n && n.intValue() != 0;
  }

  private static Map<String, String> inbox(String... pairs) {
    Map<String, String> filter = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        filter.put(pairs[i], pairs[i + 1]);
      }
    }
    return filter;
  }

  private static final Map<String, String> OVERDUE = Map.of("termijn", "te_laat");

  /**
   * The inbox filters of the items received in the period (every state but merged), and the given
   * filters: what a count over received items links to.
   */
  static Map<String, String> received(Period period, String... pairs) {
    Map<String, String> filter = inbox(pairs);
    filter.put("status", InboxFilter.ALLE);
    filter.put("ontvangenVan", period.van().toString());
    filter.put("ontvangenTot", period.tot().toString());
    return filter;
  }

  static KpiTable bereikbaarheid(List<Row> rows, Period period) {
    return perGroup(
            "bereikbaarheid",
            List.of(
                Column.count("ontvangen"),
                Column.unlinked("gereageerd"),
                Column.unlinked("nietGereageerd"),
                Column.of("mediaanUren", Kind.HOURS),
                Column.of("p90Uren", Kind.HOURS)),
            rows,
            r ->
                List.of(
                    count(n(r, "ontvangen")),
                    count(n(r, "gereageerd")),
                    count(n(r, "niet_gereageerd")),
                    stat(Kind.HOURS, r.getDouble("mediaan"), n(r, "gereageerd")),
                    stat(Kind.HOURS, r.getDouble("p90"), n(r, "gereageerd"))),
            r -> label("kanaal", r.getString("kanaal")),
            r -> received(period, "kanaal", r.getString("kanaal")))
        .rowSum(0, 1, 2)
        .chart(false, 3, 4);
  }

  static KpiTable wachttijdIntake(List<Row> rows, Period period) {
    return perGroup(
            "wachttijd-intake",
            List.of(
                Column.count("ontvangen"),
                Column.unlinked("metContact"),
                Column.unlinked("wachtend"),
                Column.unlinked("zonderContact"),
                Column.of("mediaanUren", Kind.HOURS),
                Column.of("p90Uren", Kind.HOURS),
                Column.of("binnenTermijn", Kind.PERCENT)),
            rows,
            r -> {
              long contact = n(r, "met_contact");
              return List.of(
                  count(n(r, "ontvangen")),
                  count(contact),
                  count(n(r, "wachtend")),
                  count(n(r, "zonder_contact")),
                  stat(Kind.HOURS, r.getDouble("mediaan"), contact),
                  stat(Kind.HOURS, r.getDouble("p90"), contact),
                  share(n(r, "binnen_termijn"), contact));
            },
            r -> label("kanaal", r.getString("kanaal"), "urgentie", r.getString("urgentie")),
            r ->
                received(
                    period, "kanaal", r.getString("kanaal"), "urgentie", r.getString("urgentie")))
        .rowSum(0, 1, 2, 3)
        .chart(false, 4, 5);
  }

  static KpiTable wachttijdOndersteuning(List<Row> rows) {
    return perGroup(
            "wachttijd-ondersteuning",
            List.of(
                Column.count("metContact"),
                Column.count("gestart"),
                Column.count("wachtend"),
                Column.count("zonderOndersteuning"),
                Column.of("mediaanDagen", Kind.DAYS),
                Column.of("p90Dagen", Kind.DAYS)),
            rows,
            r -> {
              long started = n(r, "gestart");
              return List.of(
                  count(n(r, "met_contact")),
                  count(started),
                  count(n(r, "wachtend")),
                  count(n(r, "zonder")),
                  stat(Kind.DAYS, r.getDouble("mediaan"), started),
                  stat(Kind.DAYS, r.getDouble("p90"), started));
            },
            r -> label("kanaal", r.getString("kanaal")),
            // Counted by first contact in the period, which the inbox cannot filter on: no link.
            r -> Map.of())
        .rowSum(0, 1, 2, 3)
        .chart(false, 4, 5);
  }

  static KpiTable doorlooptijd(List<Row> rows) {
    return perGroup(
            "doorlooptijd",
            List.of(
                Column.count("afgesloten"),
                Column.count("metContact"),
                Column.count("zonderContact"),
                Column.of("mediaanDagen", Kind.DAYS),
                Column.of("p90Dagen", Kind.DAYS)),
            rows,
            r -> {
              long contact = n(r, "met_contact");
              return List.of(
                  count(n(r, "afgesloten")),
                  count(contact),
                  count(n(r, "zonder_contact")),
                  stat(Kind.DAYS, r.getDouble("mediaan"), contact),
                  stat(Kind.DAYS, r.getDouble("p90"), contact));
            },
            r -> label("kanaal", r.getString("kanaal")),
            // Counted by closing in the period, which the inbox cannot filter on: no link.
            r -> Map.of())
        .rowSum(0, 1, 2)
        .chart(false, 3, 4);
  }

  /** Weeks (Monday) × kanaal, every week of the period present, with a total column and row. */
  static KpiTable instroomWeek(List<Row> rows, Period period) {
    List<LocalDate> weeks = new ArrayList<>();
    LocalDate first = period.van().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    for (LocalDate w = first; !w.isAfter(period.tot()); w = w.plusWeeks(1)) {
      weeks.add(w);
    }
    return overTime("instroom-week", "week", weeks, "kanaal", KANALEN, rows)
        .chart(true, KANALEN.size());
  }

  /**
   * The table of a query per group and for all ({@code is_total}): each row's cells, and for a
   * group its label and inbox link; the total row has neither.
   */
  private static KpiTable perGroup(
      String id,
      List<Column> columns,
      List<Row> rows,
      Function<Row, List<Cell>> cells,
      Function<Row, List<String[]>> label,
      Function<Row, Map<String, String>> link) {
    KpiTable t = new KpiTable(id, columns);
    for (Row r : rows) {
      if (total(r)) {
        t.total(cells.apply(r));
      } else {
        t.row(label.apply(r), link.apply(r), cells.apply(r));
      }
    }
    return t;
  }

  /** The rows of one grouping of a GROUPING SETS query. */
  private static List<Row> grouped(List<Row> rows, int grouping) {
    return rows.stream().filter(r -> r.getInteger("grouping") == grouping).toList();
  }

  /** A count per code. */
  record Count(String code, long n) {}

  /** The counts per code of one grouping (a null code: items outside this KPI). */
  private static List<Count> counts(List<Row> rows, String column) {
    return rows.stream()
        .filter(r -> r.getString(column) != null)
        .map(r -> new Count(r.getString(column), n(r, "n")))
        .toList();
  }

  /**
   * One count per code, most first; with a total row, the sum of the codes unless given (every item
   * counts once in both).
   */
  static KpiTable countBy(
      String id, String dimension, List<Count> counts, OptionalLong total, Period period) {
    KpiTable t = new KpiTable(id, List.of(Column.count("aantal")));
    counts.stream()
        .sorted(Comparator.comparingLong(Count::n).reversed().thenComparing(Count::code))
        .forEach(
            c ->
                t.row(
                    label(dimension, c.code()),
                    link(dimension, c.code(), period),
                    List.of(count(c.n()))));
    t.total(List.of(count(total.orElse(counts.stream().mapToLong(Count::n).sum()))));
    return t.chart(false, 0);
  }

  /** One count per code; with a total row when every item counts once. */
  static KpiTable countBy(
      String id, String dimension, List<Row> rows, boolean withTotal, Period period) {
    KpiTable t = new KpiTable(id, List.of(Column.count("aantal")));
    for (Row r : rows) {
      boolean isTotal = withTotal && total(r);
      List<Cell> cells = List.of(count(n(r, "n")));
      if (isTotal) {
        t.total(cells);
      } else {
        String code = r.getString("code");
        t.row(label(dimension, code), link(dimension, code, period), cells);
      }
    }
    return t.chart(false, 0);
  }

  /**
   * The inbox filters of a count of received items per code, where the inbox can list exactly those
   * (it has no vindplek or gevonden-via filter; its {@code buiten_gemeente} also lists such items
   * that a wijkteam took on).
   */
  private static Map<String, String> link(String dimension, String code, Period period) {
    return switch (dimension) {
      case "wijk" ->
          "onbekend".equals(code) || "buiten_gemeente".equals(code)
              ? Map.of()
              : received(period, "wijk", code);
      case "leefgebied" -> received(period, "leefgebied", code);
      default -> Map.of();
    };
  }

  /** Months × route in stepped-care order (Triage.ROUTES), with a total column and row. */
  static KpiTable effectiviteit(List<Row> rows, Period period) {
    List<LocalDate> months = new ArrayList<>();
    for (LocalDate m = period.van().withDayOfMonth(1);
        !m.isAfter(period.tot());
        m = m.plusMonths(1)) {
      months.add(m);
    }
    Integer[] series = new Integer[Triage.ROUTES.size()];
    for (int k = 0; k < series.length; k++) {
      series[k] = k;
    }
    // Counted by month of closing, which the inbox cannot filter on: no link.
    return overTime("effectiviteit", "maand", months, "route", Triage.ROUTES, rows)
        .chart(true, series);
  }

  /**
   * Counts per moment ({@code slot}: a week or a month, every one present) × code, from rows of
   * {@code slot}, {@code dimension} and {@code n}, with a total column and row. No links: the inbox
   * lists no such slot.
   */
  private static KpiTable overTime(
      String id,
      String slot,
      List<LocalDate> slots,
      String dimension,
      List<String> codes,
      List<Row> rows) {
    List<Column> columns = new ArrayList<>();
    codes.forEach(c -> columns.add(Column.count(c)));
    columns.add(Column.count("totaal"));
    KpiTable t = new KpiTable(id, columns);
    Map<LocalDate, long[]> counts = new LinkedHashMap<>();
    slots.forEach(at -> counts.put(at, new long[codes.size()]));
    for (Row r : rows) {
      long[] at = counts.get(r.getLocalDate(slot));
      int k = codes.indexOf(r.getString(dimension));
      if (at != null && k >= 0) {
        at[k] += n(r, "n");
      }
    }
    long[] totals = new long[codes.size() + 1];
    counts.forEach(
        (at, perCode) -> {
          List<Cell> cells = new ArrayList<>();
          long sum = 0;
          for (int k = 0; k < perCode.length; k++) {
            cells.add(count(perCode[k]));
            sum += perCode[k];
            totals[k] += perCode[k];
          }
          totals[perCode.length] += sum;
          cells.add(count(sum));
          t.row(label(slot, at.toString()), Map.of(), cells);
        });
    List<Cell> totalCells = new ArrayList<>();
    for (long v : totals) {
      totalCells.add(count(v));
    }
    t.total(totalCells);
    int[] parts = new int[codes.size()];
    for (int k = 0; k < parts.length; k++) {
      parts[k] = k;
    }
    return t.rowSum(codes.size(), parts);
  }

  static KpiTable werkvoorraadWijk(List<Row> rows) {
    return perGroup(
            "werkvoorraad-wijk",
            List.of(
                Column.count("open"),
                Column.count("teLaat", OVERDUE),
                Column.unlinked("bijna"),
                Column.count("zonderEigenaar", Map.of("eigenaar", "vrij")),
                Column.count("wachtOpInformatie", Map.of("status", "wacht_op_informatie"))),
            rows,
            r ->
                List.of(
                    count(n(r, "open")),
                    count(n(r, "te_laat")),
                    count(n(r, "bijna")),
                    count(n(r, "vrij")),
                    count(n(r, "wacht"))),
            r -> label("wijk", r.getString("code")),
            r ->
                r.getString("code").equals("triage")
                    ? Map.of()
                    : inbox("wijk", r.getString("code")))
        .chart(false, 0, 1);
  }

  static KpiTable werkvoorraadMedewerker(List<Row> rows) {
    return perGroup(
            "werkvoorraad-medewerker",
            List.of(
                Column.count("open"),
                Column.count("teLaat"),
                Column.count("bijna"),
                Column.count("wachtOpInformatie")),
            rows,
            r ->
                List.of(
                    count(n(r, "open")),
                    count(n(r, "te_laat")),
                    count(n(r, "bijna")),
                    count(n(r, "wacht"))),
            r -> label("naam", r.getString("name")),
            r -> Map.of())
        .chart(false, 0, 1);
  }

  static KpiTable ervaringScore(List<Row> rows) {
    KpiTable t =
        new KpiTable(
            "ervaring-score", List.of(Column.count("aantal"), Column.of("gemiddeld", Kind.SCORE)));
    for (Row r : rows) {
      long n = n(r, "n");
      Object avg = r.getValue("gemiddeld");
      Double mean = avg instanceof Number num ? num.doubleValue() : null;
      if (total(r)) {
        t.total(List.of(count(n), stat(Kind.SCORE, mean, n)));
      } else {
        t.row(
            label("score", r.getString("code")),
            Map.of(),
            List.of(count(n), stat(Kind.SCORE, null, n)));
      }
    }
    return t.chart(false, 0);
  }

  static KpiTable chat(String id, String dimension, List<ChatFigures.Waits> rows) {
    KpiTable t =
        new KpiTable(
            id,
            List.of(
                Column.count("gesprekken"),
                Column.count("beantwoord"),
                Column.count("teLang"),
                Column.count("verlaten"),
                Column.of("mediaanMinuten", Kind.MINUTES),
                Column.of("p90Minuten", Kind.MINUTES)));
    for (ChatFigures.Waits r : rows) {
      long answered = r.answered();
      List<Cell> cells =
          List.of(
              count(r.conversations()),
              count(answered),
              count(r.tooLong()),
              count(r.abandoned()),
              stat(Kind.MINUTES, r.medianMinutes(), answered),
              stat(Kind.MINUTES, r.p90Minutes(), answered));
      if (r.total()) {
        t.total(cells);
      } else {
        t.row(label(dimension, r.code()), Map.of(), cells);
      }
    }
    return t.chart(dimension.equals("dag"), 4);
  }

  /** The residents' chat scores, as the experience scores are shown. */
  static KpiTable chatScore(List<ChatFigures.Scores> rows) {
    KpiTable t =
        new KpiTable(
            "chat-score", List.of(Column.count("aantal"), Column.of("gemiddeld", Kind.SCORE)));
    for (ChatFigures.Scores r : rows) {
      if (r.total()) {
        t.total(List.of(count(r.count()), stat(Kind.SCORE, r.mean(), r.count())));
      } else {
        t.row(
            label("score", r.code()),
            Map.of(),
            List.of(count(r.count()), stat(Kind.SCORE, null, r.count())));
      }
    }
    return t.chart(false, 0);
  }

  static KpiTable klachten(List<Row> rows, Period period) {
    KpiTable t =
        new KpiTable(
            "klachten",
            List.of(
                Column.count("ontvangen"),
                Column.unlinked("ontvankelijk"),
                Column.unlinked("nietOntvankelijk"),
                Column.unlinked("onbeoordeeld"),
                Column.unlinked("opgelost"),
                Column.unlinked("verlengd"),
                // Open now: the inbox's default (open) states.
                Column.count("open", Map.of("status", "")),
                Column.unlinked("teLaat")));
    for (Row r : rows) {
      int year = r.getInteger("jaar");
      LocalDate from = LocalDate.of(year, 1, 1);
      LocalDate until = LocalDate.of(year, 12, 31);
      t.row(
          label("jaar", String.valueOf(year)),
          received(
              new Period(from, until.isAfter(period.tot()) ? period.tot() : until),
              "kanaal",
              "klacht"),
          List.of(
              count(n(r, "ontvangen")),
              count(n(r, "ontvankelijk")),
              count(n(r, "niet_ontvankelijk")),
              count(n(r, "onbeoordeeld")),
              count(n(r, "opgelost")),
              count(n(r, "verlengd")),
              count(n(r, "open")),
              count(n(r, "te_laat"))));
    }
    return t.rowSum(0, 1, 2, 3).chart(false, 0, 1, 4);
  }

  static KpiTable socialeBasis(long stale) {
    return new KpiTable("sociale-basis", List.of(Column.count("aantal")))
        .row(label("sociaal", "nietGecontroleerd"), Map.of(), List.of(count(stale)))
        .chart(false, 0);
  }

  static KpiTable zeroResults(List<SearchCount> searches) {
    KpiTable t = new KpiTable("zoeken-zonder-resultaat", List.of(Column.count("aantal")));
    for (SearchCount s : searches) {
      t.row(label("zoekvraag", s.query()), Map.of(), List.of(count(s.count())));
    }
    return t.chart(false, 0);
  }

  /** For tests and the API: the table's cells by row label code, as shown. */
  static Map<String, List<String>> shown(KpiTable table, java.util.Locale locale) {
    Map<String, List<String>> out = new HashMap<>();
    for (KpiTable.Row r : table.rows()) {
      out.put(
          String.join("|", r.label().stream().map(p -> p[1]).toList()),
          r.cells().stream().map(c -> c.text(locale)).toList());
    }
    return out;
  }
}
