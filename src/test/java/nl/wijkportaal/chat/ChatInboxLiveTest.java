package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker who does both chat and triage sees the chat's new inbox items arrive live in the open
 * inbox, like any other item: the question a resident left with nobody online, and the chat they
 * turned into an aanmelding themself.
 */
class ChatInboxLiveTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("WIJKPORTAAL_CHAT_CAPACITY", "10"), CLOCK);
    // Tessa, the demo triage worker (every wijkteam), also takes chats.
    server
        .app()
        .pool()
        .preparedQuery(
            "INSERT INTO account_role (account_id, role) SELECT id, 'chat' FROM account WHERE email = $1")
        .execute(Tuple.of(Staff.email("triage")))
        .await();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Optional<JsonObject> nieuw(WebUser.EventStream stream, String referentie) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      var event = stream.next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
      if (event.isEmpty()) {
        return Optional.empty();
      }
      JsonObject data = new JsonObject(event.get().getValue());
      if ("nieuw".equals(event.get().getKey()) && referentie.equals(data.getString("referentie"))) {
        return Optional.of(data);
      }
    }
    return Optional.empty();
  }

  private static String referentieOf(String sql, Object... params) {
    return Chats.row(server, sql, params).getString("referentie");
  }

  @Test
  void a_left_question_and_a_converted_chat_appear_live_in_the_inbox_of_a_chat_and_triage_worker() {
    String question;
    String aanmelding;
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    try (WebUser.EventStream stream = tessa.stream("/inbox/live")) {
      assertThat(stream.statusCode()).isEqualTo(200);

      // Nobody is online: a resident leaves the question, which becomes an item of kanaal chat.
      WebUser lotte = server.user();
      assertThat(lotte.get("/chat").statusCode()).isEqualTo(200);
      HttpResponse<String> left =
          Staff.post(
              lotte,
              "/chat/vraag",
              Map.of(
                  "vraag",
                  "Mijn zoon spijbelt en ik weet niet wat ik moet doen.",
                  "leefgebied",
                  "opvoeden_opgroeien",
                  "naam",
                  "Lotte Aalders",
                  "telefoon",
                  "06 22233344"));
      assertThat(left.statusCode()).as(left.body()).isEqualTo(303);
      question =
          referentieOf(
              "SELECT i.referentie FROM inbox_item i JOIN inbox_item_person p ON p.item_id = i.id"
                  + " WHERE p.inhoud ->> 'vraag' = $1",
              "Mijn zoon spijbelt en ik weet niet wat ik moet doen.");
      JsonObject first =
          nieuw(stream, question)
              .orElseThrow(() -> new AssertionError("the left question did not arrive live"));
      assertThat(first.encode()).doesNotContain("Lotte").doesNotContain("spijbelt");

      // Tessa goes online, takes a chat and turns it into an aanmelding: it arrives in her inbox.
      Chats.online(tessa);
      WebUser max = server.user();
      String id = Chats.start(max, "Max", "Ik red het niet meer met de zorg voor mijn vrouw.");
      assertThat(Chats.accept(tessa, id).statusCode()).isEqualTo(303);
      HttpResponse<String> converted =
          Chats.postList(
              tessa,
              "/chat-console/gesprekken/" + id + "/aanmelding",
              List.of(
                  Map.entry("leefgebieden", "dagelijkse_redzaamheid"),
                  Map.entry("naam", "Max Bos"),
                  Map.entry("telefoon", "06 33344455"),
                  Map.entry("postcode", "8011 AB")));
      assertThat(converted.statusCode()).as(converted.body()).isEqualTo(303);
      aanmelding =
          referentieOf(
              "SELECT referentie FROM inbox_item"
                  + " WHERE id = (SELECT item_id FROM chat_conversation WHERE id = $1::uuid)",
              id);
      assertThat(nieuw(stream, aanmelding)).as("the converted chat arrives live").isPresent();
    }
    // And the inbox page lists both, filtered on kanaal chat.
    String inbox = tessa.get("/inbox?kanaal=chat").body();
    assertThat(inbox).contains(question).contains(aanmelding);
  }
}
