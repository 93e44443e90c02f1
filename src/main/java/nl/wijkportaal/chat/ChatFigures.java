package nl.wijkportaal.chat;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import nl.wijkportaal.platform.db.Rows;

/**
 * The chat's figures for the steering dashboard (bereikbaarheid and the residents' chat scores):
 * aggregates over the conversations' KPI columns, one row per group and a total, never a
 * conversation. The chat owns its table; the insight feature reads the chat only through here.
 */
public final class ChatFigures {

  /**
   * A chat waited too long when its first answer came later than this, or it was left unanswered
   * after this long.
   */
  static final String TOO_LONG = "interval '5 minutes'";

  /** Waits of the chats of one group (a day, an hour of the day) or of all ({@code total}). */
  public record Waits(
      String code,
      boolean total,
      long conversations,
      long answered,
      long tooLong,
      long abandoned,
      Double medianMinutes,
      Double p90Minutes) {}

  /** How many chats got a score, per score or for all ({@code total}, with the mean). */
  public record Scores(String code, boolean total, long count, Double mean) {}

  private static String percentile(double p) {
    return "percentile_cont("
        + p
        + ") WITHIN GROUP (ORDER BY extract(epoch FROM c.first_answer_at - c.started_at) / 60)";
  }

  /** $1 the period's start, $2 its end (exclusive), $3 the wijken (null: all), $4 now. */
  private static String waitsBy(String group) {
    return "SELECT "
        + group
        + " AS code, GROUPING("
        + group
        + ") AS is_total, count(*) AS gesprekken, count(c.first_answer_at) AS beantwoord,"
        + " count(*) FILTER (WHERE c.abandoned) AS verlaten,"
        + " count(*) FILTER (WHERE c.first_answer_at - c.started_at > "
        + TOO_LONG
        + "   OR (c.first_answer_at IS NULL AND COALESCE(c.ended_at, $4) - c.started_at > "
        + TOO_LONG
        + ")) AS te_lang, "
        + percentile(0.5)
        + " AS mediaan, "
        + percentile(0.9)
        + " AS p90"
        + " FROM chat_conversation c WHERE c.started_at >= $1 AND c.started_at < $2"
        + " AND ($3::text[] IS NULL OR c.wijk = ANY($3::text[]))"
        + " GROUP BY GROUPING SETS (("
        + group
        + "), ()) ORDER BY is_total, code";
  }

  static final String PER_DAY =
      waitsBy("((c.started_at AT TIME ZONE 'Europe/Amsterdam')::date)::text");

  static final String PER_HOUR =
      waitsBy(
          "lpad(extract(hour FROM c.started_at AT TIME ZONE 'Europe/Amsterdam')::int::text, 2, '0')");

  static final String SCORES =
      "SELECT c.score::text AS code, GROUPING(c.score) AS is_total, count(*) AS n, avg(c.score)::float8 AS gemiddeld"
          + " FROM chat_conversation c WHERE c.score IS NOT NULL AND c.started_at >= $1 AND c.started_at < $2"
          + " AND ($3::text[] IS NULL OR c.wijk = ANY($3::text[])) AND $4::timestamptz IS NOT NULL"
          + " GROUP BY GROUPING SETS ((c.score), ()) ORDER BY is_total, c.score";

  /** The waits per day (Amsterdam time) of chats started in [start, end) in these wijken. */
  public Future<List<Waits>> perDay(
      SqlClient client, Instant start, Instant end, String[] wijken, Instant now) {
    return Rows.all(client, PER_DAY, params(start, end, wijken, now), ChatFigures::waits);
  }

  /** The same per hour of the day ("00" to "23"), over the whole period. */
  public Future<List<Waits>> perHour(
      SqlClient client, Instant start, Instant end, String[] wijken, Instant now) {
    return Rows.all(client, PER_HOUR, params(start, end, wijken, now), ChatFigures::waits);
  }

  /** The residents' scores of chats started in the period. */
  public Future<List<Scores>> scores(
      SqlClient client, Instant start, Instant end, String[] wijken, Instant now) {
    return Rows.all(
        client,
        SCORES,
        params(start, end, wijken, now),
        r -> new Scores(r.getString("code"), total(r), count(r, "n"), r.getDouble("gemiddeld")));
  }

  private static Waits waits(Row r) {
    return new Waits(
        r.getString("code"),
        total(r),
        count(r, "gesprekken"),
        count(r, "beantwoord"),
        count(r, "te_lang"),
        count(r, "verlaten"),
        r.getDouble("mediaan"),
        r.getDouble("p90"));
  }

  private static Tuple params(Instant start, Instant end, String[] wijken, Instant now) {
    return Tuple.tuple()
        .addOffsetDateTime(Rows.time(start))
        .addOffsetDateTime(Rows.time(end))
        .addArrayOfString(wijken)
        .addOffsetDateTime(Rows.time(now));
  }

  private static boolean total(Row r) {
    Object v = r.getValue("is_total");
    return v instanceof Number n && n.intValue() != 0;
  }

  private static long count(Row r, String column) {
    Long v = r.getLong(column);
    return v == null ? 0 : v;
  }
}
