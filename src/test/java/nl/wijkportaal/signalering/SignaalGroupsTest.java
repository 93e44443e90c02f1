package nl.wijkportaal.signalering;

import static nl.wijkportaal.signalering.Signalen.body;
import static nl.wijkportaal.signalering.Signalen.count;
import static nl.wijkportaal.signalering.Signalen.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signals that arrive together are stored together (one transaction per group, inbox.IntakeGroups)
 * and still each get their own item, reference, audit entry and answer, each only once it is
 * committed; one the database refuses fails alone.
 */
class SignaalGroupsTest {

  private static final TestClock CLOCK = TestClock.startingNow();

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String school;

  @BeforeAll
  static void start() {
    school = Signalen.token(server, "demo-school");
  }

  /** All at once, so that they wait for each other's group. */
  private static List<HttpResponse<String>> submitTogether(List<JsonObject> bodies) {
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (JsonObject b : bodies) {
      sent.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create(server.url("/api/v1/signalen")))
                  .header("Authorization", "Bearer " + school)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(b.encode()))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    return sent.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void signals_sent_at_once_each_get_their_own_stored_item_and_receipt() {
    List<JsonObject> bodies = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      bodies.add(body("Groep Kind " + i, "2013-05-" + (10 + i % 18)));
    }
    List<HttpResponse<String>> answers = submitTogether(bodies);
    Set<String> referenties = new HashSet<>();
    for (HttpResponse<String> a : answers) {
      assertThat(a.statusCode()).as(a.body()).isEqualTo(201);
      JsonObject receipt = new JsonObject(a.body());
      referenties.add(receipt.getString("referentie"));
      String id = receipt.getString("id");
      assertThat(
              count(
                  server,
                  "SELECT count(*) FROM inbox_item WHERE id = $1::uuid AND referentie = $2",
                  id,
                  receipt.getString("referentie")))
          .isEqualTo(1);
      assertThat(
              count(
                  server,
                  "SELECT count(*) FROM audit_log WHERE action = 'item.created' AND object_id = $1",
                  id))
          .isEqualTo(1);
    }
    assertThat(referenties).hasSize(24);
    // Each item carries its own person: the n-th answer is the n-th child.
    for (int i = 0; i < answers.size(); i++) {
      String id = new JsonObject(answers.get(i).body()).getString("id");
      assertThat(
              count(
                  server,
                  "SELECT count(*) FROM inbox_item_person WHERE item_id = $1::uuid"
                      + " AND inhoud -> 'betrokkene' ->> 'naam' = $2",
                  id,
                  "Groep Kind " + i))
          .isEqualTo(1);
    }
  }

  @Test
  void a_signal_the_database_refuses_fails_alone_and_the_others_are_stored() {
    // A trigger of this test refuses one description, as a broken row would be refused.
    execute(
        server,
        "CREATE FUNCTION test_refuse_signal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.inhoud ->> 'omschrijving' = 'Deze weigert de database.' THEN"
            + " RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$");
    execute(
        server,
        "CREATE TRIGGER test_refuse_signal BEFORE INSERT ON inbox_item_person FOR EACH ROW"
            + " EXECUTE FUNCTION test_refuse_signal()");
    try {
      long before = count(server, "SELECT count(*) FROM inbox_item WHERE kanaal = 'signaal'");
      List<JsonObject> bodies = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        JsonObject b = body("Weiger Kind " + i, "2012-04-" + (10 + i));
        if (i == 5) {
          b.put("omschrijving", "Deze weigert de database.");
        }
        bodies.add(b);
      }
      List<HttpResponse<String>> answers = submitTogether(bodies);
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).statusCode())
            .as(answers.get(i).body())
            .isEqualTo(i == 5 ? 500 : 201);
      }
      assertThat(count(server, "SELECT count(*) FROM inbox_item WHERE kanaal = 'signaal'"))
          .isEqualTo(before + 11);
      assertThat(
              count(
                  server,
                  "SELECT count(*) FROM inbox_item_person"
                      + " WHERE inhoud ->> 'omschrijving' = 'Deze weigert de database.'"))
          .isZero();
    } finally {
      execute(server, "DROP TRIGGER test_refuse_signal ON inbox_item_person");
      execute(server, "DROP FUNCTION test_refuse_signal()");
    }
  }
}
