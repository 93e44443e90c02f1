package nl.wijkportaal.insight;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.web.Messages;

/**
 * A {@link Sturing.Dashboard} in words of one language: the page's model (chart and table per KPI),
 * the CSV of one table and the JSON for the BI. Only what the tables hold after suppression ever
 * reaches these.
 */
final class DashboardView {

  private final Messages messages;
  private final Locale locale;
  private final Map<String, String> wijkNames;

  DashboardView(Messages messages, Locale locale, Map<String, String> wijkNames) {
    this.messages = messages;
    this.locale = locale;
    this.wijkNames = wijkNames;
  }

  private String text(String key, Object... args) {
    return messages.get(locale, key, args);
  }

  private String known(String key, String fallback) {
    return messages.find(locale, key).orElse(fallback);
  }

  String title(String kpi) {
    return text("insight.kpi." + kpi + ".title");
  }

  String description(String kpi) {
    return text("insight.kpi." + kpi + ".desc");
  }

  String label(String dimension, String code) {
    return switch (dimension) {
      case "kanaal" -> known("triage.kanaal." + code, code);
      case "urgentie" -> known("triage.urgentie." + code, code);
      case "vindplek" -> known("triage.vindplek." + code, code);
      case "leefgebied" -> known("leefgebied." + code, code);
      case "gevonden" ->
          known("aanmelding.gevondenVia." + code, known("insight.label." + code, code));
      case "wijk" -> wijkNames.getOrDefault(code, known("insight.label." + code, code));
      case "week" -> {
        LocalDate d = LocalDate.parse(code);
        yield text(
            "insight.label.week",
            d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
            String.valueOf(d.get(IsoFields.WEEK_BASED_YEAR)));
      }
      case "maand" -> LocalDate.parse(code).format(DateTimeFormatter.ofPattern("MMM yyyy", locale));
      case "score" -> text("insight.label.score", code);
      case "dag" ->
          LocalDate.parse(code)
              .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
      case "uur" -> text("insight.label.uur", code);
      case "geholpen", "sociaal" -> known("insight.label." + code, code);
      case "totaal" -> text("insight.label.totaal");
      default -> code;
    };
  }

  String row(KpiTable.Row row) {
    return String.join(" · ", row.label().stream().map(p -> label(p[0], p[1])).toList());
  }

  String column(String key) {
    return known(
        "insight.col." + key, known("triage.kanaal." + key, known("triage.route." + key, key)));
  }

  private String kind(KpiTable.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The inbox address behind a row (and column), or null where there is none or the viewer may not
   * open it.
   */
  static String inbox(Scope scope, KpiTable.Row row, KpiTable.Column column) {
    if (!scope.inboxLinks() || row.inbox().isEmpty() || column.inbox() == null) {
      return null;
    }
    Map<String, String> filter = new LinkedHashMap<>(row.inbox());
    filter.putAll(column.inbox());
    filter.values().removeIf(String::isEmpty);
    scope.chosen().ifPresent(w -> filter.putIfAbsent("wijk", w));
    StringBuilder q = new StringBuilder("/inbox");
    filter.forEach(
        (k, v) ->
            q.append(q.indexOf("?") < 0 ? '?' : '&')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return q.toString();
  }

  /** The page's model of every KPI. */
  List<Map<String, Object>> sections(Sturing.Dashboard d, String query) {
    List<Map<String, Object>> out = new ArrayList<>();
    Charts.Words words =
        new Charts.Words() {
          @Override
          public String row(KpiTable.Row row) {
            return DashboardView.this.row(row);
          }

          @Override
          public String column(String key) {
            return DashboardView.this.column(key);
          }

          @Override
          public String link(String what, String value) {
            return text("insight.chart.link", what);
          }
        };
    for (Sturing.Section s : d.sections()) {
      KpiTable t = s.table();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.key());
      m.put("title", title(s.key()));
      m.put("description", description(s.key()));
      m.put(
          "svg",
          Charts.svg(
              "chart-" + s.key(),
              title(s.key()),
              description(s.key()),
              t,
              words,
              // A bar links to the items of its row (those of the row's first count).
              row -> inbox(d.scope(), row, t.columns().get(0)),
              locale));
      m.put("columns", t.columns().stream().map(c -> column(c.key())).toList());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (KpiTable.Row r : t.rows()) {
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
          KpiTable.Column c = t.columns().get(i);
          KpiTable.Cell cell = r.cells().get(i);
          Map<String, Object> cm = new LinkedHashMap<>();
          cm.put("text", cell.text(locale));
          cm.put("suppressed", cell.suppressed());
          if (c.kind() == KpiTable.Kind.COUNT) {
            String href = inbox(d.scope(), r, c);
            if (href != null) {
              cm.put("href", href);
            }
          }
          cells.add(cm);
        }
        rows.add(Map.of("label", row(r), "total", r.total(), "cells", cells));
      }
      m.put("rows", rows);
      m.put("empty", t.rows().isEmpty());
      m.put("csv", "/sturing/csv/" + s.key() + "?" + query);
      out.add(m);
    }
    return out;
  }

  /**
   * One table as CSV (RFC 4180, comma-separated); a cell that a spreadsheet would read as a formula
   * is quoted with a leading apostrophe.
   */
  String csv(Sturing.Section s) {
    KpiTable t = s.table();
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add(text("insight.csv.row"));
    t.columns().forEach(c -> header.add(column(c.key())));
    line(out, header);
    for (KpiTable.Row r : t.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(row(r));
      for (KpiTable.Cell c : r.cells()) {
        cells.add(c.suppressed() ? "<" + KpiTable.MINIMUM : c.value() == null ? "" : plain(c));
      }
      line(out, cells);
    }
    return out.toString();
  }

  private static String plain(KpiTable.Cell c) {
    double v = c.value();
    return c.kind() == KpiTable.Kind.COUNT
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(csvCell(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String csvCell(String value) {
    String v = value;
    if (!v.isEmpty()
        && "=+-@\t\r".indexOf(v.charAt(0)) >= 0
        && !v.matches("-?[0-9]+(\\.[0-9]+)?")) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      v = '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  /**
   * The whole dashboard as JSON for the BI: every table with codes, labels and (suppressed) cells.
   */
  JsonObject json(Sturing.Dashboard d) {
    JsonArray kpis = new JsonArray();
    for (Sturing.Section s : d.sections()) {
      KpiTable t = s.table();
      JsonArray columns = new JsonArray();
      t.columns()
          .forEach(
              c ->
                  columns.add(
                      new JsonObject()
                          .put("code", c.key())
                          .put("naam", column(c.key()))
                          .put("soort", kind(c.kind()))));
      JsonArray rows = new JsonArray();
      for (KpiTable.Row r : t.rows()) {
        JsonObject codes = new JsonObject();
        r.label().forEach(p -> codes.put(p[0], p[1]));
        JsonArray cells = new JsonArray();
        for (KpiTable.Cell c : r.cells()) {
          Object value =
              c.value() == null
                  ? null
                  : c.kind() == KpiTable.Kind.COUNT
                      ? (Object) c.value().longValue()
                      : (Object) (Math.round(c.value() * 10) / 10.0);
          cells.add(
              new JsonObject()
                  .put("waarde", value)
                  .put("weergave", c.text(locale))
                  .put("onderdrukt", c.suppressed()));
        }
        rows.add(
            new JsonObject()
                .put("label", row(r))
                .put("codes", codes)
                .put("totaal", r.total())
                .put("cellen", cells));
      }
      kpis.add(
          new JsonObject()
              .put("kpi", s.key())
              .put("titel", title(s.key()))
              .put("omschrijving", description(s.key()))
              .put("kolommen", columns)
              .put("rijen", rows));
    }
    return new JsonObject()
        .put("van", d.period().van().toString())
        .put("tot", d.period().tot().toString())
        .put("wijk", d.scope().chosen().orElse(null))
        .put("peilmoment", d.asOf().toString())
        .put("minimumAantal", KpiTable.MINIMUM)
        .put("kpis", kpis);
  }

  String date(LocalDate d) {
    return d.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
  }
}
