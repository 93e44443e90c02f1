package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outside opening hours, or with nobody online, the chat says so and takes the question as an inbox
 * item.
 */
class ChatClosedTest {

  /** Sunday 6 December 2026, 12:00 in Amsterdam: the team is closed. */
  private static final Instant SUNDAY_NOON = Instant.parse("2026-12-06T11:00:00Z");

  /** Monday 7 December 2026, 10:00 in Amsterdam: open. */
  private static final Instant MONDAY_MORNING = Instant.parse("2026-12-07T09:00:00Z");

  private static final TestClock CLOCK = new TestClock(SUNDAY_NOON);

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_CHAT_ALWAYS_OPEN", "false"), CLOCK);

  @Test
  void
      on_sunday_the_chat_is_closed_names_the_next_opening_and_the_question_left_becomes_an_inbox_item_with_kanaal_chat() {
    CLOCK.set(SUNDAY_NOON);
    WebUser ilse = server.user();
    String page = ilse.get("/chat").body();
    assertThat(page)
        .contains("De chat is nu gesloten.")
        .contains("morgen open vanaf 09:00")
        .contains("Laat je vraag achter");
    assertThat(page).contains("De chat is niet voor noodgevallen").contains("112");
    assertThat(page).doesNotContain("action=\"/chat\" ");

    // Starting a chat anyway is not possible.
    assertThat(Staff.post(ilse, "/chat", Map.of("vraag", "Hallo")).headers().firstValue("location"))
        .hasValue("/chat");

    // Without a way to be reached, the form says how to fix it.
    HttpResponse<String> incomplete =
        Staff.post(
            ilse,
            "/chat/vraag",
            Map.of("vraag", "Mijn buurman vereenzaamt.", "leefgebied", "sociaal_netwerk"));
    assertThat(incomplete.statusCode()).isEqualTo(400);
    assertThat(incomplete.body()).contains("Geef een telefoonnummer of een e-mailadres");

    HttpResponse<String> left =
        Staff.post(
            ilse,
            "/chat/vraag",
            Map.of(
                "vraag",
                "Mijn buurman vereenzaamt.",
                "leefgebied",
                "sociaal_netwerk",
                "naam",
                "Ilse Vos",
                "telefoon",
                "06 11122233"));
    assertThat(left.statusCode()).isEqualTo(303);
    assertThat(left.headers().firstValue("location")).hasValue("/chat/vraag/ontvangen");
    String receipt = ilse.get("/chat/vraag/ontvangen").body();
    assertThat(receipt).contains("We hebben je vraag ontvangen").contains("neemt uiterlijk");

    Row item =
        Chats.row(
            server,
            "SELECT i.kanaal, i.referentie, i.leefgebieden, p.inhoud FROM inbox_item i JOIN inbox_item_person p ON p.item_id = i.id"
                + " WHERE p.inhoud ->> 'vraag' = 'Mijn buurman vereenzaamt.'");
    assertThat(item.getString("kanaal")).isEqualTo("chat");
    assertThat(receipt).contains(item.getString("referentie"));
    assertThat(
            ((JsonObject) item.getValue("inhoud")).getJsonObject("contact").getString("telefoon"))
        .isEqualTo("06 11122233");
  }

  @Test
  void within_opening_hours_with_nobody_online_the_chat_says_so_and_offers_to_leave_the_question() {
    CLOCK.set(MONDAY_MORNING);
    String page = server.user().get("/chat").body();
    assertThat(page)
        .contains("Er is nu niemand online voor de chat.")
        .contains("Laat je vraag achter");
    CLOCK.set(SUNDAY_NOON);
  }
}
