package nl.wijkportaal.signalering;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;

/**
 * What the signal tests share: a signal body, tokens, the database as triage would change it, the
 * demo mailbox.
 */
final class Signalen {

  private Signalen() {}

  /** A complete, acceptable signal about {@code naam}; tests change what they need. */
  static JsonObject body(String naam, String geboortedatum) {
    return new JsonObject()
        .put(
            "betrokkene",
            new JsonObject()
                .put("naam", naam)
                .put("geboortedatum", geboortedatum)
                .put("postcode", "8011 AB")
                .put("huisnummer", "12A"))
        .put("leefgebieden", new JsonArray().add("school_verzuim").add("opvoeden_opgroeien"))
        .put("urgentie", "regulier")
        .put("omschrijving", "Is sinds de herfstvakantie vaak afwezig en lijkt moe.")
        .put("betrokkeneGeinformeerd", true)
        .put("toestemming", "ja")
        .put("veiligheidszorg", false);
  }

  static String token(TestServer server, String clientId) {
    HttpResponse<String> response =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    clientId,
                    "client_secret",
                    Staff.PASSWORD));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  static Row row(TestServer server, String sql, Object... params) {
    var rows = server.app().pool().preparedQuery(sql).execute(Tuple.from(params)).await();
    assertThat(rows.size()).as(sql).isEqualTo(1);
    return rows.iterator().next();
  }

  static long count(TestServer server, String sql, Object... params) {
    return row(server, sql, params).getLong(0);
  }

  static void execute(TestServer server, String sql, Object... params) {
    server.app().pool().preparedQuery(sql).execute(Tuple.from(params)).await();
  }

  /**
   * What triage does to an item (Inbox issue), straight in the database: claim it, route it, give
   * it a team.
   */
  static void pickedUp(TestServer server, String itemId) {
    execute(
        server,
        "UPDATE inbox_item SET state = 'in_behandeling', owner_account_id = (SELECT id FROM account WHERE email = 'triage@demo.wijkportaal.nl'),"
            + " owner_wijkteam = 'noord', route = 'swt_ondersteuning', due_at = '2031-07-04T10:00:00Z' WHERE id = $1::uuid",
        itemId);
  }

  /**
   * A second melder at the school, to sign in as a colleague (same password and second factor as
   * the demo accounts).
   */
  static void colleagueAtSchool(TestServer server, String login, String name) {
    execute(
        server,
        "INSERT INTO account (id, organisation_id, email, name, password_hash, totp_secret, created_at)"
            + " SELECT gen_random_uuid(), organisation_id, $1, $2, password_hash, totp_secret, now() FROM account WHERE email = 'school@demo.wijkportaal.nl'",
        Staff.email(login),
        name);
    execute(
        server,
        "INSERT INTO account_role (account_id, role) SELECT id, 'melder' FROM account WHERE email = $1",
        Staff.email(login));
  }

  /** A second system of the school, with the demo secret. */
  static void colleagueSystemAtSchool(TestServer server, String clientId) {
    execute(
        server,
        "INSERT INTO api_client (id, client_id, organisation_id, name, secret_hash, scopes, created_at)"
            + " SELECT gen_random_uuid(), $1, organisation_id, 'Leerlingvolgsysteem', secret_hash, scopes, now() FROM api_client WHERE client_id = 'demo-school'",
        clientId);
  }

  /** The demo mailbox as the beheerder sees it, once a mail with {@code text} in it arrived. */
  static String mailboxWith(WebUser beheerder, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String page = beheerder.get("/beheer/demo-mailbox").body();
      if (page.contains(text)) {
        return page;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no mail with " + text + " arrived in the demo mailbox");
  }
}
