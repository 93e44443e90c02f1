package nl.wijkportaal.insight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Draws a KPI table as SVG on the server, without a chart library: horizontal bars per row (grouped
 * when the chart shows more than one column), or columns over time (stacked when more than one).
 * Accessible: a title and a description, every bar's value written beside it or in its label,
 * colours from the Okabe-Ito palette (safe for colour-blind readers) with a dark outline (print,
 * high contrast), and a suppressed value drawn as no bar with "&lt;5". Bars link to the inbox when
 * the viewer may open it. All text is escaped here.
 */
final class Charts {

  static final List<String> PALETTE =
      List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000");

  private static final int WIDTH = 720;
  private static final int LABEL = 210;
  private static final int VALUE = 60;
  private static final int BAR = 16;

  /** Texts the chart needs: row labels, column labels, the link's words. */
  interface Words {
    String row(KpiTable.Row row);

    String column(String key);

    String link(String what, String value);
  }

  private Charts() {}

  static String svg(
      String id,
      String title,
      String description,
      KpiTable table,
      Words words,
      Function<KpiTable.Row, String> href,
      Locale locale) {
    List<KpiTable.Row> rows = table.rows().stream().filter(r -> !r.total()).toList();
    return table.timeSeries()
        ? columns(id, title, description, table, rows, words, href, locale)
        : bars(id, title, description, table, rows, words, href, locale);
  }

  private static String bars(
      String id,
      String title,
      String description,
      KpiTable table,
      List<KpiTable.Row> rows,
      Words words,
      Function<KpiTable.Row, String> href,
      Locale locale) {
    List<Integer> series = table.series();
    double max = max(rows, series, false);
    int group = series.size() * (BAR + 2) + 10;
    int legend = series.size() > 1 ? 26 : 0;
    int height = Math.max(1, rows.size()) * group + legend + 10;
    StringBuilder svg =
        open(
            id,
            title,
            description,
            height,
            href != null && rows.stream().anyMatch(r -> href.apply(r) != null));
    legend(svg, table, series, words);
    int plot = WIDTH - LABEL - VALUE;
    int y = legend + 6;
    if (rows.isEmpty()) {
      svg.append("<text x=\"0\" y=\"")
          .append(y + 12)
          .append("\" class=\"chart-label\">")
          .append(esc(words.column("leeg")))
          .append("</text>");
    }
    for (KpiTable.Row row : rows) {
      String label = words.row(row);
      svg.append("<text x=\"")
          .append(LABEL - 8)
          .append("\" y=\"")
          .append(y + group / 2)
          .append("\" text-anchor=\"end\" class=\"chart-label\">")
          .append(esc(clip(label)))
          .append("</text>");
      for (int s = 0; s < series.size(); s++) {
        KpiTable.Cell cell = row.cells().get(series.get(s));
        String text = cell.text(locale);
        double v = cell.value() == null ? 0 : cell.value();
        int w = max <= 0 ? 0 : (int) Math.round(v / max * plot);
        int by = y + s * (BAR + 2);
        String name =
            label
                + (series.size() > 1
                    ? ", " + words.column(table.columns().get(series.get(s)).key())
                    : "")
                + ": "
                + text;
        String link = href == null ? null : href.apply(row);
        if (link != null) {
          svg.append("<a href=\"")
              .append(esc(link))
              .append("\" aria-label=\"")
              .append(esc(words.link(name, text)))
              .append("\">");
        }
        svg.append("<rect class=\"bar\" x=\"")
            .append(LABEL)
            .append("\" y=\"")
            .append(by)
            .append("\" width=\"")
            .append(Math.max(w, link != null ? 2 : 0))
            .append("\" height=\"")
            .append(BAR)
            .append("\" fill=\"")
            .append(PALETTE.get(s % PALETTE.size()))
            .append("\" stroke=\"currentColor\" stroke-width=\"1\"><title>")
            .append(esc(name))
            .append("</title></rect>");
        svg.append("<text x=\"")
            .append(LABEL + w + 6)
            .append("\" y=\"")
            .append(by + BAR - 4)
            .append("\" class=\"chart-value\">")
            .append(esc(text))
            .append("</text>");
        if (link != null) {
          svg.append("</a>");
        }
      }
      y += group;
    }
    return svg.append("</svg>").toString();
  }

  private static String columns(
      String id,
      String title,
      String description,
      KpiTable table,
      List<KpiTable.Row> rows,
      Words words,
      Function<KpiTable.Row, String> href,
      Locale locale) {
    List<Integer> series = table.series();
    double max = max(rows, series, true);
    int legend = series.size() > 1 ? 26 + 20 * ((series.size() - 1) / 3) : 0;
    int plotTop = legend + 20;
    int plotHeight = 200;
    int height = plotTop + plotHeight + 40;
    int left = 50;
    int plot = WIDTH - left - 10;
    double step = rows.isEmpty() ? plot : (double) plot / rows.size();
    int colWidth = (int) Math.max(2, Math.min(40, step - 2));
    StringBuilder svg =
        open(
            id,
            title,
            description,
            height,
            href != null && rows.stream().anyMatch(r -> href.apply(r) != null));
    legend(svg, table, series, words);
    // The axis: zero and the highest value, so the bars' heights can be read.
    svg.append("<line x1=\"")
        .append(left)
        .append("\" x2=\"")
        .append(WIDTH - 10)
        .append("\" y1=\"")
        .append(plotTop + plotHeight)
        .append("\" y2=\"")
        .append(plotTop + plotHeight)
        .append("\" stroke=\"currentColor\"/>");
    svg.append("<text x=\"")
        .append(left - 6)
        .append("\" y=\"")
        .append(plotTop + plotHeight)
        .append("\" text-anchor=\"end\" class=\"chart-value\">0</text>");
    svg.append("<text x=\"")
        .append(left - 6)
        .append("\" y=\"")
        .append(plotTop + 10)
        .append("\" text-anchor=\"end\" class=\"chart-value\">")
        .append(esc(KpiTable.Cell.count((long) max).text(locale)))
        .append("</text>");
    int every = Math.max(1, (int) Math.ceil(rows.size() / 12.0));
    for (int i = 0; i < rows.size(); i++) {
      KpiTable.Row row = rows.get(i);
      String label = words.row(row);
      int x = (int) Math.round(left + i * step + (step - colWidth) / 2);
      String link = href == null ? null : href.apply(row);
      if (link != null) {
        svg.append("<a href=\"")
            .append(esc(link))
            .append("\" aria-label=\"")
            .append(esc(words.link(label + ": " + summary(table, row, series, words, locale), "")))
            .append("\">");
      }
      double base = 0;
      for (int s = 0; s < series.size(); s++) {
        KpiTable.Cell cell = row.cells().get(series.get(s));
        double v = cell.value() == null ? 0 : cell.value();
        int h = max <= 0 ? 0 : (int) Math.round(v / max * plotHeight);
        int top = (int) Math.round(plotTop + plotHeight - base - h);
        String name =
            label
                + (series.size() > 1
                    ? ", " + words.column(table.columns().get(series.get(s)).key())
                    : "")
                + ": "
                + cell.text(locale);
        svg.append("<rect class=\"bar\" x=\"")
            .append(x)
            .append("\" y=\"")
            .append(top)
            .append("\" width=\"")
            .append(colWidth)
            .append("\" height=\"")
            .append(Math.max(h, link != null && s == 0 ? 1 : 0))
            .append("\" fill=\"")
            .append(PALETTE.get(s % PALETTE.size()))
            .append("\" stroke=\"currentColor\" stroke-width=\"0.5\"><title>")
            .append(esc(name))
            .append("</title></rect>");
        base += h;
      }
      if (link != null) {
        svg.append("</a>");
      }
      if (i % every == 0) {
        svg.append("<text x=\"")
            .append(x + colWidth / 2)
            .append("\" y=\"")
            .append(plotTop + plotHeight + 16)
            .append("\" text-anchor=\"middle\" class=\"chart-axis\">")
            .append(esc(clip(label)))
            .append("</text>");
      }
    }
    return svg.append("</svg>").toString();
  }

  private static String summary(
      KpiTable table, KpiTable.Row row, List<Integer> series, Words words, Locale locale) {
    List<String> parts = new ArrayList<>();
    for (int s : series) {
      parts.add(
          (series.size() > 1 ? words.column(table.columns().get(s).key()) + " " : "")
              + row.cells().get(s).text(locale));
    }
    return String.join(", ", parts);
  }

  private static StringBuilder open(
      String id, String title, String description, int height, boolean links) {
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"100%\" role=\"")
        .append(links ? "group" : "img")
        .append("\" aria-labelledby=\"")
        .append(id)
        .append("-title\" aria-describedby=\"")
        .append(id)
        .append("-desc\"><title id=\"")
        .append(id)
        .append("-title\">")
        .append(esc(title))
        .append("</title><desc id=\"")
        .append(id)
        .append("-desc\">")
        .append(esc(description))
        .append("</desc>");
    return svg;
  }

  private static void legend(StringBuilder svg, KpiTable table, List<Integer> series, Words words) {
    if (series.size() < 2) {
      return;
    }
    for (int s = 0; s < series.size(); s++) {
      int x = (s % 3) * 230;
      int y = 4 + (s / 3) * 20;
      svg.append("<rect x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"14\" height=\"14\" fill=\"")
          .append(PALETTE.get(s % PALETTE.size()))
          .append("\" stroke=\"currentColor\"/><text x=\"")
          .append(x + 20)
          .append("\" y=\"")
          .append(y + 12)
          .append("\" class=\"chart-label\">")
          .append(esc(words.column(table.columns().get(series.get(s)).key())))
          .append("</text>");
    }
  }

  private static double max(List<KpiTable.Row> rows, List<Integer> series, boolean stacked) {
    double max = 0;
    for (KpiTable.Row row : rows) {
      double sum = 0;
      for (int s : series) {
        Double v = row.cells().get(s).value();
        double value = v == null ? 0 : v;
        sum = stacked ? sum + value : Math.max(sum, value);
      }
      max = Math.max(max, sum);
    }
    return max;
  }

  private static String clip(String text) {
    return text.length() > 32 ? text.substring(0, 31) + "…" : text;
  }

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
