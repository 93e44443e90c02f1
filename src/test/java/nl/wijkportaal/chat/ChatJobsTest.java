package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.Map;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat's scheduled work: a quiet chat is warned, then closed; an old chat loses its personal
 * data.
 */
class ChatJobsTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);
  private static ChatService chat;
  private static WebUser chris;

  @BeforeAll
  static void start() {
    chat = server.app().feature(ChatFeature.class).chat();
    chris = Staff.signIn(server, CLOCK, "chat");
    Chats.online(chris);
  }

  @Test
  void
      a_quiet_chat_is_warned_after_ten_minutes_and_closed_after_fifteen_and_its_personal_data_goes_after_28_days() {
    WebUser mila = server.user();
    String id = Chats.start(mila, "Mila", "Hoe werkt de voedselbank?");
    Chats.accept(chris, id);
    Chats.answer(chris, id, "c-1", "Daar help ik je mee.");

    CLOCK.advance(Duration.ofMinutes(11));
    chat.closeQuiet().await();
    assertThat(mila.get("/chat/gesprek/" + id).body())
        .contains("Het is een tijdje stil")
        .contains("over 5 minuten");

    CLOCK.advance(Duration.ofMinutes(5));
    chat.closeQuiet().await();
    Row ended =
        Chats.row(
            server,
            "SELECT state, ended_by, abandoned FROM chat_conversation WHERE id = $1::uuid",
            id);
    assertThat(ended.getString("state")).isEqualTo("beeindigd");
    assertThat(ended.getString("ended_by")).isEqualTo("stilte");
    assertThat(ended.getBoolean("abandoned")).isFalse();
    assertThat(mila.get("/chat/gesprek/" + id).body())
        .contains("gesloten omdat het een tijd stil was");

    chat.enforceRetention().await();
    assertThat(
            Chats.row(
                    server,
                    "SELECT count(*) AS n FROM chat_message WHERE conversation_id = $1::uuid",
                    id)
                .getLong("n"))
        .isGreaterThan(0);

    CLOCK.advance(Duration.ofDays(29));
    chat.enforceRetention().await();
    Row gone =
        Chats.row(
            server,
            "SELECT first_name, resident_token_hash, anonymised_at, started_at, first_answer_at, ended_at"
                + " FROM chat_conversation WHERE id = $1::uuid",
            id);
    assertThat(gone.getString("first_name")).isNull();
    assertThat(gone.getString("resident_token_hash")).isNull();
    assertThat(gone.getValue("anonymised_at")).isNotNull();
    assertThat(gone.getValue("first_answer_at")).as("the KPI fields stay").isNotNull();
    assertThat(
            Chats.row(
                    server,
                    "SELECT count(*) AS n FROM chat_message WHERE conversation_id = $1::uuid",
                    id)
                .getLong("n"))
        .isZero();
    assertThat(mila.get("/chat/gesprek/" + id).statusCode()).isEqualTo(404);
  }
}
