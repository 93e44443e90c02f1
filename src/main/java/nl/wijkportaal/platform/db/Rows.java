package nl.wijkportaal.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way repositories map rows and times: a {@code timestamptz} parameter from an {@link
 * Instant} ({@link #time}), an {@link Instant} from a column ({@link #instant}), the first row of a
 * result ({@link #first}), every row mapped ({@link #all}).
 */
public final class Rows {

  private Rows() {}

  /** An instant as a {@code timestamptz} parameter, in UTC; {@code null} stays {@code null}. */
  public static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** The column as an instant; {@code null} when the column is null. */
  public static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  /** The first row, if any. */
  public static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  /** Every row, mapped. */
  public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(mapper.apply(row)));
    return list;
  }

  /** Runs the statement and maps every row. */
  public static <T> Future<List<T>> all(
      SqlClient client, String sql, Tuple args, Function<Row, T> mapper) {
    return client.preparedQuery(sql).execute(args).map(rows -> all(rows, mapper));
  }
}
