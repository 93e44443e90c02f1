package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chat's limits as a resident meets them (messages per minute, chats started per address per
 * hour), and what residents type shown as text, never as HTML.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatLimitsTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of(
                "WIJKPORTAAL_CHAT_MESSAGES_PER_MINUTE", "3",
                "WIJKPORTAAL_CHAT_STARTS_PER_HOUR", "2"),
            CLOCK);
    WebUser chris = Staff.signIn(server, CLOCK, "chat");
    Chats.online(chris);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @Order(1)
  void
      a_fourth_message_in_a_minute_is_refused_in_words_and_html_from_a_resident_is_shown_as_text() {
    WebUser nina = server.user();
    String id = Chats.start(nina, "<b>Nina</b>", "Mag ik <script>alert(1)</script> vragen?");
    for (int i = 1; i <= 3; i++) {
      HttpResponse<String> sent = Chats.say(nina, id, "nina-" + i, "Bericht " + i);
      assertThat(sent.headers().firstValue("location").orElseThrow()).contains("verstuurd");
    }
    HttpResponse<String> fourth = Chats.say(nina, id, "nina-4", "Bericht 4");
    assertThat(fourth.headers().firstValue("location").orElseThrow()).contains("fout=te_snel");
    String page = nina.get(fourth.headers().firstValue("location").orElseThrow()).body();
    assertThat(page).contains("Wacht even en probeer het opnieuw");
    assertThat(Chats.after(nina, id, 0).getJsonArray("berichten")).hasSize(4);

    assertThat(page)
        .doesNotContain("<script>alert(1)</script>")
        .contains("&lt;script&gt;")
        .doesNotContain("<b>Nina</b>");
  }

  @Test
  @Order(2)
  void a_third_chat_started_from_one_address_within_the_hour_is_refused_with_a_retry_after() {
    // Nina's chat (the test before) and Otto's: two from this address, the limit per hour.
    Chats.start(server.user(), "Otto", "Eerste vraag van dit adres.");
    WebUser third = server.user();
    assertThat(third.get("/chat").statusCode()).isEqualTo(200);
    HttpResponse<String> refused =
        Staff.post(third, "/chat", Map.of("voornaam", "Piet", "vraag", "Nog een vraag."));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }
}
