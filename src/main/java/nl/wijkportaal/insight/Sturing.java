package nl.wijkportaal.insight;

import static nl.wijkportaal.insight.KpiTable.Cell.count;
import static nl.wijkportaal.insight.KpiTable.Cell.share;
import static nl.wijkportaal.insight.KpiTable.Cell.stat;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.catalogue.EditorService;
import nl.wijkportaal.catalogue.SearchCount;
import nl.wijkportaal.insight.KpiTable.Cell;
import nl.wijkportaal.insight.KpiTable.Column;
import nl.wijkportaal.insight.KpiTable.Kind;
import nl.wijkportaal.platform.calendar.DeadlineRules;
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

  private final KpiQueries queries;
  private final EditorService catalogue;
  private final Clock clock;

  public Sturing(Pool pool, EditorService catalogue, Clock clock) {
    this.queries = new KpiQueries(pool);
    this.catalogue = catalogue;
    this.clock = clock;
  }

  /**
   * Every KPI of the period, its queries spread over two connections of the pool (pipelined on
   * each), so a dashboard never takes the whole pool from the inbox.
   */
  public Future<Dashboard> dashboard(Period period, Scope scope) {
    return queries
        .pool()
        .withConnection(
            a -> queries.pool().withConnection(b -> dashboard(period, scope, new Lanes(a, b))));
  }

  /** Two connections, used in turn. */
  private static final class Lanes {
    private final io.vertx.sqlclient.SqlClient[] lanes;
    private int next;

    Lanes(io.vertx.sqlclient.SqlClient a, io.vertx.sqlclient.SqlClient b) {
      this.lanes = new io.vertx.sqlclient.SqlClient[] {a, b};
    }

    io.vertx.sqlclient.SqlClient next() {
      return lanes[next++ % lanes.length];
    }
  }

  private Future<Dashboard> dashboard(Period period, Scope scope, Lanes lanes) {
    Instant now = clock.instant();
    String[] wijken = scope.wijken();
    Map<String, Future<KpiTable>> parts = new LinkedHashMap<>();
    parts.put(
        "bereikbaarheid",
        run(lanes, KpiQueries.BEREIKBAARHEID, period, wijken, now).map(Sturing::bereikbaarheid));
    parts.put(
        "wachttijd-intake",
        run(lanes, KpiQueries.WACHTTIJD_INTAKE, period, wijken, now).map(Sturing::wachttijdIntake));
    parts.put(
        "wachttijd-ondersteuning",
        run(lanes, KpiQueries.WACHTTIJD_ONDERSTEUNING, period, wijken, now)
            .map(Sturing::wachttijdOndersteuning));
    parts.put(
        "doorlooptijd",
        run(lanes, KpiQueries.DOORLOOPTIJD, period, wijken, now).map(Sturing::doorlooptijd));
    parts.put(
        "instroom-week",
        run(lanes, KpiQueries.INSTROOM_WEEK, period, wijken, now)
            .map(rows -> instroomWeek(rows, period)));
    parts.put(
        "instroom-vindplek",
        run(lanes, KpiQueries.INSTROOM_VINDPLEK, period, wijken, now)
            .map(rows -> countBy("instroom-vindplek", "vindplek", rows, true)));
    parts.put(
        "instroom-wijk",
        run(lanes, KpiQueries.INSTROOM_WIJK, period, wijken, now)
            .map(rows -> countBy("instroom-wijk", "wijk", rows, true)));
    parts.put(
        "instroom-leefgebied",
        run(lanes, KpiQueries.INSTROOM_LEEFGEBIED, period, wijken, now)
            .map(rows -> countBy("instroom-leefgebied", "leefgebied", rows, false)));
    parts.put(
        "instroom-gevonden",
        run(lanes, KpiQueries.INSTROOM_GEVONDEN, period, wijken, now)
            .map(rows -> countBy("instroom-gevonden", "gevonden", rows, true)));
    parts.put(
        "effectiviteit",
        run(lanes, KpiQueries.EFFECTIVITEIT, period, wijken, now)
            .map(rows -> effectiviteit(rows, period)));
    parts.put(
        "werkvoorraad-wijk",
        run(lanes, KpiQueries.WERKVOORRAAD_WIJK, period, wijken, now)
            .map(Sturing::werkvoorraadWijk));
    parts.put(
        "werkvoorraad-medewerker",
        run(lanes, KpiQueries.WERKVOORRAAD_MEDEWERKER, period, wijken, now)
            .map(Sturing::werkvoorraadMedewerker));
    parts.put(
        "ervaring-score",
        run(lanes, KpiQueries.ERVARING_SCORE, period, wijken, now).map(Sturing::ervaringScore));
    parts.put(
        "ervaring-geholpen",
        run(lanes, KpiQueries.ERVARING_GEHOLPEN, period, wijken, now)
            .map(rows -> countBy("ervaring-geholpen", "geholpen", rows, true)));
    parts.put(
        "klachten", run(lanes, KpiQueries.KLACHTEN, period, wijken, now).map(Sturing::klachten));
    parts.put("sociale-basis", catalogue.stale().map(stale -> socialeBasis(stale.size())));
    parts.put("zoeken-zonder-resultaat", catalogue.zeroResultSearches().map(Sturing::zeroResults));
    parts.put(
        "chat-dag",
        run(lanes, KpiQueries.CHAT_DAG, period, wijken, now)
            .map(rows -> chat("chat-dag", "dag", rows)));
    parts.put(
        "chat-uur",
        run(lanes, KpiQueries.CHAT_UUR, period, wijken, now)
            .map(rows -> chat("chat-uur", "uur", rows)));
    parts.put(
        "chat-score",
        run(lanes, KpiQueries.CHAT_SCORE, period, wijken, now)
            .map(
                rows -> {
                  KpiTable t = ervaringScore(rows);
                  return relabel("chat-score", t);
                }));
    List<Future<KpiTable>> all = new ArrayList<>(parts.values());
    return Future.all(all)
        .map(
            done -> {
              List<Section> sections = new ArrayList<>();
              List<String> keys = new ArrayList<>(parts.keySet());
              for (int i = 0; i < keys.size(); i++) {
                sections.add(new Section(keys.get(i), all.get(i).result().suppress()));
              }
              return new Dashboard(period, scope, now, sections);
            });
  }

  private Future<List<Row>> run(
      Lanes lanes, String sql, Period period, String[] wijken, Instant now) {
    return queries.run(lanes.next(), sql, period.start(), period.end(), wijken, now);
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
    Object v = r.getValue("is_total");
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

  static KpiTable bereikbaarheid(List<Row> rows) {
    KpiTable t =
        new KpiTable(
            "bereikbaarheid",
            List.of(
                Column.count("ontvangen"),
                Column.count("gereageerd"),
                Column.count("nietGereageerd"),
                Column.of("mediaanUren", Kind.HOURS),
                Column.of("p90Uren", Kind.HOURS)));
    for (Row r : rows) {
      List<Cell> cells =
          List.of(
              count(n(r, "ontvangen")),
              count(n(r, "gereageerd")),
              count(n(r, "niet_gereageerd")),
              stat(Kind.HOURS, r.getDouble("mediaan"), n(r, "gereageerd")),
              stat(Kind.HOURS, r.getDouble("p90"), n(r, "gereageerd")));
      if (total(r)) {
        t.total(cells);
      } else {
        t.row(
            label("kanaal", r.getString("kanaal")), inbox("kanaal", r.getString("kanaal")), cells);
      }
    }
    return t.rowSum(0, 1, 2).chart(false, 3, 4);
  }

  static KpiTable wachttijdIntake(List<Row> rows) {
    KpiTable t =
        new KpiTable(
            "wachttijd-intake",
            List.of(
                Column.count("ontvangen"),
                Column.count("metContact"),
                Column.count("wachtend", OVERDUE),
                Column.count("zonderContact"),
                Column.of("mediaanUren", Kind.HOURS),
                Column.of("p90Uren", Kind.HOURS),
                Column.of("binnenTermijn", Kind.PERCENT)));
    for (Row r : rows) {
      long contact = n(r, "met_contact");
      List<Cell> cells =
          List.of(
              count(n(r, "ontvangen")),
              count(contact),
              count(n(r, "wachtend")),
              count(n(r, "zonder_contact")),
              stat(Kind.HOURS, r.getDouble("mediaan"), contact),
              stat(Kind.HOURS, r.getDouble("p90"), contact),
              share(n(r, "binnen_termijn"), contact));
      if (total(r)) {
        t.total(cells);
      } else {
        String k = r.getString("kanaal");
        String u = r.getString("urgentie");
        t.row(label("kanaal", k, "urgentie", u), inbox("kanaal", k, "urgentie", u), cells);
      }
    }
    return t.rowSum(0, 1, 2, 3).chart(false, 4, 5);
  }

  static KpiTable wachttijdOndersteuning(List<Row> rows) {
    KpiTable t =
        new KpiTable(
            "wachttijd-ondersteuning",
            List.of(
                Column.count("metContact"),
                Column.count("gestart"),
                Column.count("wachtend"),
                Column.count("zonderOndersteuning"),
                Column.of("mediaanDagen", Kind.DAYS),
                Column.of("p90Dagen", Kind.DAYS)));
    for (Row r : rows) {
      long started = n(r, "gestart");
      List<Cell> cells =
          List.of(
              count(n(r, "met_contact")),
              count(started),
              count(n(r, "wachtend")),
              count(n(r, "zonder")),
              stat(Kind.DAYS, r.getDouble("mediaan"), started),
              stat(Kind.DAYS, r.getDouble("p90"), started));
      if (total(r)) {
        t.total(cells);
      } else {
        t.row(
            label("kanaal", r.getString("kanaal")), inbox("kanaal", r.getString("kanaal")), cells);
      }
    }
    return t.rowSum(0, 1, 2, 3).chart(false, 4, 5);
  }

  static KpiTable doorlooptijd(List<Row> rows) {
    KpiTable t =
        new KpiTable(
            "doorlooptijd",
            List.of(
                Column.count("afgesloten"),
                Column.count("metContact"),
                Column.count("zonderContact"),
                Column.of("mediaanDagen", Kind.DAYS),
                Column.of("p90Dagen", Kind.DAYS)));
    for (Row r : rows) {
      long contact = n(r, "met_contact");
      List<Cell> cells =
          List.of(
              count(n(r, "afgesloten")),
              count(contact),
              count(n(r, "zonder_contact")),
              stat(Kind.DAYS, r.getDouble("mediaan"), contact),
              stat(Kind.DAYS, r.getDouble("p90"), contact));
      if (total(r)) {
        t.total(cells);
      } else {
        t.row(
            label("kanaal", r.getString("kanaal")),
            inbox("status", "afgesloten", "kanaal", r.getString("kanaal")),
            cells);
      }
    }
    return t.rowSum(0, 1, 2).chart(false, 3, 4);
  }

  /** Weeks (Monday) × kanaal, every week of the period present, with a total column and row. */
  static KpiTable instroomWeek(List<Row> rows, Period period) {
    List<Column> columns = new ArrayList<>();
    KANALEN.forEach(k -> columns.add(Column.count(k)));
    columns.add(Column.count("totaal"));
    KpiTable t = new KpiTable("instroom-week", columns);
    Map<LocalDate, long[]> weeks = new LinkedHashMap<>();
    LocalDate first = period.van().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    for (LocalDate w = first; !w.isAfter(period.tot()); w = w.plusWeeks(1)) {
      weeks.put(w, new long[KANALEN.size()]);
    }
    for (Row r : rows) {
      long[] week = weeks.get(r.getLocalDate("week"));
      int k = KANALEN.indexOf(r.getString("kanaal"));
      if (week != null && k >= 0) {
        week[k] += n(r, "n");
      }
    }
    long[] totals = new long[KANALEN.size() + 1];
    weeks.forEach(
        (week, counts) -> {
          List<Cell> cells = new ArrayList<>();
          long sum = 0;
          for (int k = 0; k < counts.length; k++) {
            cells.add(count(counts[k]));
            sum += counts[k];
            totals[k] += counts[k];
          }
          totals[counts.length] += sum;
          cells.add(count(sum));
          t.row(label("week", week.toString()), Map.of(), cells);
        });
    List<Cell> totalCells = new ArrayList<>();
    for (long v : totals) {
      totalCells.add(count(v));
    }
    t.total(totalCells);
    int[] parts = new int[KANALEN.size()];
    for (int k = 0; k < parts.length; k++) {
      parts[k] = k;
    }
    return t.rowSum(KANALEN.size(), parts).chart(true, KANALEN.size());
  }

  /** One count per code; with a total row when every item counts once. */
  static KpiTable countBy(String id, String dimension, List<Row> rows, boolean withTotal) {
    KpiTable t = new KpiTable(id, List.of(Column.count("aantal")));
    for (Row r : rows) {
      boolean isTotal = withTotal && total(r);
      List<Cell> cells = List.of(count(n(r, "n")));
      if (isTotal) {
        t.total(cells);
      } else {
        String code = r.getString("code");
        t.row(label(dimension, code), link(dimension, code), cells);
      }
    }
    return t.chart(false, 0);
  }

  private static Map<String, String> link(String dimension, String code) {
    return switch (dimension) {
      case "wijk" -> "onbekend".equals(code) ? Map.of() : inbox("wijk", code);
      case "leefgebied" -> inbox("leefgebied", code);
      case "vindplek" -> inbox("kanaal", "signaal");
      case "gevonden" -> inbox("kanaal", "aanmelding");
      default -> Map.of();
    };
  }

  /** Months × route in stepped-care order (Triage.ROUTES), with a total column and row. */
  static KpiTable effectiviteit(List<Row> rows, Period period) {
    List<String> routes = Triage.ROUTES;
    List<Column> columns = new ArrayList<>();
    routes.forEach(r -> columns.add(Column.count(r)));
    columns.add(Column.count("totaal"));
    KpiTable t = new KpiTable("effectiviteit", columns);
    Map<LocalDate, long[]> months = new LinkedHashMap<>();
    for (LocalDate m = period.van().withDayOfMonth(1);
        !m.isAfter(period.tot());
        m = m.plusMonths(1)) {
      months.put(m, new long[routes.size()]);
    }
    for (Row r : rows) {
      long[] month = months.get(r.getLocalDate("maand"));
      int k = routes.indexOf(r.getString("route"));
      if (month != null && k >= 0) {
        month[k] += n(r, "n");
      }
    }
    long[] totals = new long[routes.size() + 1];
    months.forEach(
        (month, counts) -> {
          List<Cell> cells = new ArrayList<>();
          long sum = 0;
          for (int k = 0; k < counts.length; k++) {
            cells.add(count(counts[k]));
            sum += counts[k];
            totals[k] += counts[k];
          }
          totals[counts.length] += sum;
          cells.add(count(sum));
          t.row(label("maand", month.toString()), inbox("status", "afgesloten"), cells);
        });
    List<Cell> totalCells = new ArrayList<>();
    for (long v : totals) {
      totalCells.add(count(v));
    }
    t.total(totalCells);
    int[] parts = new int[routes.size()];
    Integer[] series = new Integer[routes.size()];
    for (int k = 0; k < parts.length; k++) {
      parts[k] = k;
      series[k] = k;
    }
    return t.rowSum(routes.size(), parts).chart(true, series);
  }

  static KpiTable werkvoorraadWijk(List<Row> rows) {
    KpiTable t =
        new KpiTable(
            "werkvoorraad-wijk",
            List.of(
                Column.count("open"),
                Column.count("teLaat", OVERDUE),
                Column.count("bijna"),
                Column.count("zonderEigenaar", Map.of("eigenaar", "vrij")),
                Column.count("wachtOpInformatie", Map.of("status", "wacht_op_informatie"))));
    for (Row r : rows) {
      List<Cell> cells =
          List.of(
              count(n(r, "open")),
              count(n(r, "te_laat")),
              count(n(r, "bijna")),
              count(n(r, "vrij")),
              count(n(r, "wacht")));
      if (total(r)) {
        t.total(cells);
      } else {
        String code = r.getString("code");
        t.row(label("wijk", code), code.equals("triage") ? Map.of() : inbox("wijk", code), cells);
      }
    }
    return t.chart(false, 0, 1);
  }

  static KpiTable werkvoorraadMedewerker(List<Row> rows) {
    KpiTable t =
        new KpiTable(
            "werkvoorraad-medewerker",
            List.of(
                Column.count("open"),
                Column.count("teLaat"),
                Column.count("bijna"),
                Column.count("wachtOpInformatie")));
    for (Row r : rows) {
      List<Cell> cells =
          List.of(
              count(n(r, "open")),
              count(n(r, "te_laat")),
              count(n(r, "bijna")),
              count(n(r, "wacht")));
      if (total(r)) {
        t.total(cells);
      } else {
        t.row(label("naam", r.getString("name")), Map.of(), cells);
      }
    }
    return t.chart(false, 0, 1);
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

  static KpiTable chat(String id, String dimension, List<Row> rows) {
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
    for (Row r : rows) {
      long answered = n(r, "beantwoord");
      List<Cell> cells =
          List.of(
              count(n(r, "gesprekken")),
              count(answered),
              count(n(r, "te_lang")),
              count(n(r, "verlaten")),
              stat(Kind.MINUTES, r.getDouble("mediaan"), answered),
              stat(Kind.MINUTES, r.getDouble("p90"), answered));
      if (total(r)) {
        t.total(cells);
      } else {
        t.row(label(dimension, r.getString("code")), Map.of(), cells);
      }
    }
    return t.chart(dimension.equals("dag"), 4);
  }

  private static KpiTable relabel(String id, KpiTable from) {
    KpiTable t = new KpiTable(id, from.columns());
    for (KpiTable.Row r : from.rows()) {
      if (r.total()) {
        t.total(r.cells());
      } else {
        t.row(r.label(), r.inbox(), r.cells());
      }
    }
    return t.chart(false, 0);
  }

  static KpiTable klachten(List<Row> rows) {
    KpiTable t =
        new KpiTable(
            "klachten",
            List.of(
                Column.count("ontvangen"),
                Column.count("ontvankelijk"),
                Column.count("nietOntvankelijk"),
                Column.count("onbeoordeeld"),
                Column.count("opgelost"),
                Column.count("verlengd"),
                Column.count("open"),
                Column.count("teLaat", OVERDUE)));
    for (Row r : rows) {
      t.row(
          label("jaar", String.valueOf(r.getInteger("jaar"))),
          inbox("kanaal", "klacht"),
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
