package nl.wijkportaal.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's facts (V28) follow the items in the same transaction: written on insert, kept on
 * every update, gone when an item is merged away or deleted, and the first reaction from the
 * history; complaints have none.
 */
class ItemFactTest {

  private static Connection db;

  @BeforeAll
  static void connect() throws SQLException {
    DatabaseUrl url = TestDatabase.fresh();
    db = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  private static void sql(String sql, Object... args) throws SQLException {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.execute();
    }
  }

  /** The item's facts as text, or none. */
  private static List<String> fact(UUID id) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT kanaal, urgentie, wijk, vindplek, state, reacted_at::text, first_contact_at::text,"
                + " closed_at::text, route FROM insight_item_fact WHERE item_id = ?")) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        List<String> row = new ArrayList<>();
        if (r.next()) {
          for (int i = 1; i <= 9; i++) {
            row.add(r.getString(i));
          }
        }
        return row;
      }
    }
  }

  private static UUID item(String kanaal) throws SQLException {
    UUID id = UUID.randomUUID();
    sql(
        "INSERT INTO inbox_item (id, referentie, kanaal, received_at, buiten_gemeente, leefgebieden, urgentie, due_at, updated_at)"
            + " VALUES (?, ?, ?, '2026-04-01 09:00+00', true, CASE WHEN ? = 'klacht' THEN '{}'::text[] ELSE '{wonen}' END,"
            + " 'regulier', '2026-04-08 09:00+00', now())",
        id,
        "F-" + id.toString().substring(0, 8),
        kanaal,
        kanaal);
    return id;
  }

  @Test
  void factsFollowTheItemThroughItsLife() throws SQLException {
    UUID id = item("signaal");
    assertThat(fact(id))
        .containsExactly(
            "signaal", "regulier", "buiten_gemeente", "overig", "nieuw", null, null, null, null);

    sql(
        "INSERT INTO inbox_item_event (item_id, occurred_at, kind, actor_type) VALUES (?, '2026-04-02 10:00+00', 'contact_gelegd', 'account')",
        id);
    sql(
        "UPDATE inbox_item SET state = 'contact_gelegd', first_contact_at = '2026-04-02 10:00+00' WHERE id = ?",
        id);
    assertThat(fact(id))
        .containsExactly(
            "signaal",
            "regulier",
            "buiten_gemeente",
            "overig",
            "contact_gelegd",
            "2026-04-02 10:00:00+00",
            "2026-04-02 10:00:00+00",
            null,
            null);

    sql(
        "UPDATE inbox_item SET state = 'afgesloten', closed_at = '2026-04-09 10:00+00', route = 'sociale_basis' WHERE id = ?",
        id);
    assertThat(fact(id)).element(4).isEqualTo("afgesloten");
    assertThat(fact(id)).element(8).isEqualTo("sociale_basis");

    // Merged into another: no longer counted.
    UUID other = item("aanmelding");
    sql("UPDATE inbox_item SET state = 'samengevoegd', merged_into = ? WHERE id = ?", other, id);
    assertThat(fact(id)).isEmpty();
    assertThat(fact(other)).element(3).isNull();

    // A complaint has its own figures; a deleted item has none.
    assertThat(fact(item("klacht"))).isEmpty();
    UUID gone = item("telefoon");
    assertThat(fact(gone)).isNotEmpty();
    sql("DELETE FROM inbox_item WHERE id = ?", gone);
    assertThat(fact(gone)).isEmpty();
  }
}
