package nl.wijkportaal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.util.Map;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The beheerder keeps which postcode lies in which wijk; every change is in the audit log. */
class PostcodeAdministrationTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  private static String wijkOf(String postcode) {
    var rows =
        server
            .app()
            .pool()
            .preparedQuery("SELECT wijk FROM postcode_wijk WHERE postcode = $1")
            .execute(Tuple.of(postcode))
            .await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  @Test
  void the_demo_municipality_has_its_areas_and_the_beheerder_adds_changes_and_removes_a_postcode() {
    WebUser beheerder = Staff.signIn(server, CLOCK, "beheerder");
    String page = beheerder.get("/beheer/postcodes").body();
    assertThat(page).contains("Postcodes en wijken").contains("8011").contains("Wijkteam Midden");
    assertThat(beheerder.get("/beheer").body()).contains("href=\"/beheer/postcodes\"");

    HttpResponse<String> saved =
        Staff.post(beheerder, "/beheer/postcodes", Map.of("postcode", "8011 zz", "wijk", "west"));
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(wijkOf("8011ZZ")).isEqualTo("west");
    assertThat(beheerder.get("/beheer/postcodes?klaar=opgeslagen").body())
        .contains("De postcode is opgeslagen.")
        .contains("8011 ZZ");

    Staff.post(beheerder, "/beheer/postcodes", Map.of("postcode", "8011ZZ", "wijk", "oost"));
    assertThat(wijkOf("8011ZZ")).as("saving again changes the wijk").isEqualTo("oost");
    beheerder.get("/beheer/postcodes");

    assertThat(Staff.post(beheerder, "/beheer/postcodes/8011ZZ/verwijderen", Map.of()).statusCode())
        .isEqualTo(303);
    assertThat(wijkOf("8011ZZ")).isNull();
    beheerder.get("/beheer/postcodes");
    assertThat(Staff.post(beheerder, "/beheer/postcodes/8011ZZ/verwijderen", Map.of()).statusCode())
        .as("already gone")
        .isEqualTo(404);

    long audited =
        server
            .app()
            .pool()
            .preparedQuery(
                "SELECT count(*) FROM audit_log WHERE object_type = 'postcode' AND object_id = '8011ZZ'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertThat(audited).isEqualTo(3);
  }

  @Test
  void a_wrong_postcode_or_wijk_is_explained_beside_the_field_and_keeps_what_was_typed() {
    WebUser beheerder = Staff.signIn(server, CLOCK, "beheerder");
    beheerder.get("/beheer/postcodes?taal=en");
    HttpResponse<String> refused =
        Staff.post(
            beheerder, "/beheer/postcodes", Map.of("postcode", "0123 AB", "wijk", "atlantis"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("Enter four digits (such as 8011) or a full postcode (such as 8011 AB).")
        .contains("Choose the wijk.")
        .contains("value=\"0123 AB\"")
        .contains("href=\"#postcode\"");
    assertThat(wijkOf("0123AB")).isNull();
  }

  @Test
  void a_postcode_the_beheerder_removed_stays_removed_after_a_restart() {
    DatabaseUrl db = TestDatabase.fresh();
    try (TestServer first = TestServer.on(db, Map.of(), CLOCK)) {
      first
          .app()
          .pool()
          .query("DELETE FROM postcode_wijk WHERE postcode = '8019'")
          .execute()
          .await();
    }
    try (TestServer again = TestServer.on(db, Map.of(), CLOCK)) {
      long left =
          again
              .app()
              .pool()
              .query("SELECT count(*) FROM postcode_wijk WHERE postcode = '8019'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertThat(left).isZero();
      long others =
          again
              .app()
              .pool()
              .query("SELECT count(*) FROM postcode_wijk")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertThat(others).isEqualTo(44);
    }
  }
}
