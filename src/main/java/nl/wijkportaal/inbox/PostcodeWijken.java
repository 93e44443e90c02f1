package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.identity.Staff;

/**
 * Which postcode lies in which wijk: four-digit areas, and full postcodes where a street lies in
 * another wijk than its area. A postcode with no entry is outside the municipality ({@code
 * buiten_gemeente}). The beheerder keeps the table.
 */
public final class PostcodeWijken {

  /** One entry: {@code 8011} or {@code 8011AB} → {@code midden}. */
  public record Entry(String postcode, String wijk) {}

  /** The demo municipality: 80x1-80x9 per wijk, as the locations in the configuration. */
  private static final Map<String, String> DEMO_AREAS =
      Map.of("801", "midden", "802", "noord", "803", "oost", "804", "zuid", "805", "west");

  private static final String ALL = "SELECT postcode, wijk FROM postcode_wijk ORDER BY postcode";
  private static final String PUT =
      "INSERT INTO postcode_wijk (postcode, wijk) VALUES ($1, $2) ON CONFLICT (postcode) DO UPDATE SET wijk = EXCLUDED.wijk";
  private static final String REMOVE = "DELETE FROM postcode_wijk WHERE postcode = $1";

  private final Pool pool;
  private final Staff staff;

  public PostcodeWijken(Pool pool, Staff staff) {
    this.pool = pool;
    this.staff = staff;
  }

  /** The wijkteams a postcode can belong to: code → name. */
  public Future<Map<String, String>> wijken() {
    return staff
        .wijkteams()
        .map(
            teams -> {
              Map<String, String> wijken = new LinkedHashMap<>();
              teams.forEach(w -> wijken.put(w.code(), w.name()));
              return wijken;
            });
  }

  public Future<List<Entry>> all() {
    return pool.preparedQuery(ALL)
        .execute()
        .map(
            rows -> {
              List<Entry> list = new ArrayList<>();
              for (Row r : rows) {
                list.add(new Entry(r.getString("postcode"), r.getString("wijk")));
              }
              return list;
            });
  }

  /**
   * Sets the wijk of a four-digit area or a full postcode (normalised: {@code 8011} or {@code
   * 8011AB}). Fails with the database's foreign-key error for an unknown wijk.
   */
  public Future<Void> put(String postcode, String wijk) {
    return pool.preparedQuery(PUT).execute(Tuple.of(postcode, wijk)).mapEmpty();
  }

  /** Removes an entry; true when there was one. */
  public Future<Boolean> remove(String postcode) {
    return pool.preparedQuery(REMOVE).execute(Tuple.of(postcode)).map(r -> r.rowCount() == 1);
  }

  /**
   * Fills the demo municipality's areas (after its wijkteams exist) into an empty table only: what
   * a beheerder changed or removed stays so after a restart.
   */
  public Future<Void> loadDemo() {
    return pool.query("SELECT EXISTS (SELECT 1 FROM postcode_wijk)")
        .execute()
        .compose(
            rows -> rows.iterator().next().getBoolean(0) ? Future.succeededFuture() : insertDemo());
  }

  private Future<Void> insertDemo() {
    List<Tuple> rows = new ArrayList<>();
    DEMO_AREAS.forEach(
        (prefix, wijk) -> {
          for (int i = 1; i <= 9; i++) {
            rows.add(Tuple.of(prefix + i, wijk));
          }
        });
    return pool.preparedQuery(
            "INSERT INTO postcode_wijk (postcode, wijk) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .executeBatch(rows)
        .mapEmpty();
  }
}
