package nl.wijkportaal.insight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One KPI as a table of aggregates: rows (a kanaal, a week, a wijkteam…), columns (counts and
 * statistics), and what the cells add up to, so that small numbers can be suppressed also where
 * they could be worked out from a total and the other cells ({@link #suppress}). Built once from
 * the aggregate rows of one SQL query; never from items.
 */
public final class KpiTable {

  /** Counts under this are shown as "&lt;5"; statistics over fewer items are not shown. */
  public static final int MINIMUM = 5;

  /** What a column holds. */
  public enum Kind {
    COUNT,
    HOURS,
    DAYS,
    MINUTES,
    PERCENT,
    SCORE
  }

  /**
   * A column; {@code inbox} adds filters to the row's inbox link for its cells (the overdue column
   * adds {@code termijn=te_laat}; an empty value drops the row's filter of that key), or is null
   * where the inbox cannot show exactly the items the cell counts (then the cell has no link).
   */
  public record Column(String key, Kind kind, Map<String, String> inbox) {
    public static Column count(String key) {
      return new Column(key, Kind.COUNT, Map.of());
    }

    /** A count the inbox cannot list exactly: no link. */
    public static Column unlinked(String key) {
      return new Column(key, Kind.COUNT, null);
    }

    public static Column count(String key, Map<String, String> inbox) {
      return new Column(key, Kind.COUNT, inbox);
    }

    public static Column of(String key, Kind kind) {
      return new Column(key, kind, Map.of());
    }
  }

  /**
   * A cell: a count, or a statistic over {@code basis} items (for a share: {@code part} of {@code
   * basis}). {@code value} is null when there is nothing to show (no items).
   */
  public static final class Cell {
    final Kind kind;
    final Double value;
    final long basis;
    final long part;
    boolean suppressed;

    private Cell(Kind kind, Double value, long basis, long part) {
      this.kind = kind;
      this.value = value;
      this.basis = basis;
      this.part = part;
    }

    public static Cell count(long n) {
      return new Cell(Kind.COUNT, (double) n, n, n);
    }

    public static Cell stat(Kind kind, Double value, long basis) {
      return new Cell(kind, value, basis, 0);
    }

    public static Cell share(long part, long basis) {
      return new Cell(Kind.PERCENT, basis == 0 ? null : 100.0 * part / basis, basis, part);
    }

    public Kind kind() {
      return kind;
    }

    /** The value to publish, or null when suppressed or empty. */
    public Double value() {
      return suppressed ? null : value;
    }

    public boolean suppressed() {
      return suppressed;
    }

    /** A count's number, for the suppression rules (0 for anything else). */
    long n() {
      return kind == Kind.COUNT && value != null ? value.longValue() : 0;
    }

    /** What the table shows: "&lt;5", a number, or "–" for nothing. */
    public String text(java.util.Locale locale) {
      if (suppressed) {
        return "<" + MINIMUM;
      }
      if (value == null) {
        return "–";
      }
      java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(locale);
      f.setMaximumFractionDigits(kind == Kind.COUNT || kind == Kind.PERCENT ? 0 : 1);
      f.setGroupingUsed(kind == Kind.COUNT);
      return f.format(value) + (kind == Kind.PERCENT ? "%" : "");
    }
  }

  /**
   * A row: its label as (dimension, code) pairs (kanaal signaal · urgentie spoed), the inbox
   * filters of the items behind it (empty: no link), its cells, and whether it is the total of the
   * other rows.
   */
  public record Row(
      List<String[]> label, Map<String, String> inbox, List<Cell> cells, boolean total) {}

  private final String id;
  private final List<Column> columns;
  private final List<Row> rows = new ArrayList<>();
  private final List<int[]> rowSums = new ArrayList<>();
  private int chartColumn = 0;
  private boolean timeSeries;
  private List<Integer> series = List.of();

  public KpiTable(String id, List<Column> columns) {
    this.id = id;
    this.columns = List.copyOf(columns);
  }

  /** Adds a row; cells in column order. */
  public KpiTable row(List<String[]> label, Map<String, String> inbox, List<Cell> cells) {
    return add(label, inbox, cells, false);
  }

  /** Adds the total row (the sum of the other rows' counts, computed in SQL). */
  public KpiTable total(List<Cell> cells) {
    return add(List.<String[]>of(new String[] {"totaal", "totaal"}), Map.of(), cells, true);
  }

  private KpiTable add(
      List<String[]> label, Map<String, String> inbox, List<Cell> cells, boolean total) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException(
          id + ": " + cells.size() + " cells for " + columns.size() + " columns");
    }
    rows.add(
        new Row(
            List.copyOf(label),
            java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inbox)),
            List.copyOf(cells),
            total));
    return this;
  }

  /** In every row, column {@code total} is the sum of {@code parts}. */
  public KpiTable rowSum(int total, int... parts) {
    int[] all = new int[parts.length + 1];
    all[0] = total;
    System.arraycopy(parts, 0, all, 1, parts.length);
    rowSums.add(all);
    return this;
  }

  /** The chart shows these columns (the first by default); a time series as columns over time. */
  public KpiTable chart(boolean timeSeries, Integer... columns) {
    this.timeSeries = timeSeries;
    this.series = List.of(columns);
    this.chartColumn = columns.length == 0 ? 0 : columns[0];
    return this;
  }

  public String id() {
    return id;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<Row> rows() {
    return rows;
  }

  public boolean timeSeries() {
    return timeSeries;
  }

  public List<Integer> series() {
    return series.isEmpty() ? List.of(chartColumn) : series;
  }

  /**
   * Small-number suppression: every count from 1 to 4 becomes "&lt;5"; a statistic over fewer than
   * 5 items is not shown, nor a share whose part or rest is from 1 to 4 (it would give the count
   * away). Then, wherever exactly one cell of a sum (a row's parts and total, or a column's rows
   * and its total row) is suppressed, the smallest other cell of that sum is suppressed too (zeros
   * included), until no sum gives a suppressed cell away.
   */
  public KpiTable suppress() {
    for (Row row : rows) {
      for (Cell c : row.cells()) {
        switch (c.kind) {
          case COUNT -> c.suppressed = c.value != null && c.n() > 0 && c.n() < MINIMUM;
          case PERCENT ->
              c.suppressed =
                  c.basis > 0 && (c.basis < MINIMUM || small(c.part) || small(c.basis - c.part));
          default -> c.suppressed = c.value != null && c.basis < MINIMUM;
        }
      }
    }
    boolean hasTotal = rows.stream().anyMatch(Row::total);
    for (int round = 0; round < 1000; round++) {
      boolean changed = false;
      for (Row row : rows) {
        for (int[] sum : rowSums) {
          List<Cell> cells = new ArrayList<>();
          for (int i : sum) {
            cells.add(row.cells().get(i));
          }
          changed |= protect(cells);
        }
      }
      if (hasTotal) {
        for (int col = 0; col < columns.size(); col++) {
          if (columns.get(col).kind() != Kind.COUNT) {
            continue;
          }
          List<Cell> cells = new ArrayList<>();
          for (Row row : rows) {
            // The total row last: the smallest ordinary row is suppressed before the total.
            if (!row.total()) {
              cells.add(row.cells().get(col));
            }
          }
          for (Row row : rows) {
            if (row.total()) {
              cells.add(row.cells().get(col));
            }
          }
          changed |= protect(cells);
        }
      }
      if (!changed) {
        return this;
      }
    }
    throw new IllegalStateException(id + ": suppression did not settle");
  }

  private static boolean small(long n) {
    return n > 0 && n < MINIMUM;
  }

  /** One suppressed cell in a sum is given away by the others: suppress the smallest other one. */
  private static boolean protect(List<Cell> sum) {
    long hidden = sum.stream().filter(c -> c.suppressed).count();
    if (hidden != 1) {
      return false;
    }
    Cell smallest = null;
    for (Cell c : sum) {
      if (!c.suppressed && c.value != null && (smallest == null || c.n() < smallest.n())) {
        smallest = c;
      }
    }
    if (smallest == null) {
      return false;
    }
    smallest.suppressed = true;
    return true;
  }
}
