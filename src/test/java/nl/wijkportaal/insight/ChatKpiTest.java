package nl.wijkportaal.insight;

import static nl.wijkportaal.insight.KpiData.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.catalogue.CatalogueRepository;
import nl.wijkportaal.catalogue.EditorService;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat's reachability and scores on the dashboard, from chats with known waits, answers and
 * scores written straight into the chat's table.
 */
class ChatKpiTest {

  private static final Locale NL = Locale.forLanguageTag("nl");
  private static TestClock clock;
  private static TestServer server;
  private static Sturing sturing;

  @BeforeAll
  static void start() {
    clock = new TestClock(Instant.parse("2026-06-01T10:00:00Z"));
    server = TestServer.start(Map.of(), clock);
    sturing =
        new Sturing(
            server.app().pool(),
            new EditorService(new CatalogueRepository(server.app().pool()), List.of(), clock),
            new nl.wijkportaal.chat.ChatFigures(),
            clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Sturing.Dashboard may() {
    return await(
        sturing.dashboard(
            new Period(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31)),
            new Scope(null, Optional.empty(), true)));
  }

  @Test
  void chatWaitsPerDayAndHourAbandonedChatsAndScores() {
    KpiData data = new KpiData(server.app().pool(), null);
    // Tuesday 12 May, 10:00 in Amsterdam: eight answered after 1, 1, 2, 2, 6, 7, 8 and 9 minutes,
    // two left after 10 minutes unanswered.
    Instant start = KpiData.at("2026-05-12T10:00");
    int[] minutes = {1, 1, 2, 2, 6, 7, 8, 9};
    for (int i = 0; i < minutes.length; i++) {
      data.sql(
          "INSERT INTO chat_conversation (id, started_at, wijk, first_answer_at, ended_at, score, state, last_activity_at)"
              + " VALUES ($1, $2, 'noord', $3, $4, $5, 'beeindigd', $4)",
          UUID.randomUUID(),
          start.atOffset(ZoneOffset.UTC),
          start.plusSeconds(60L * minutes[i]).atOffset(ZoneOffset.UTC),
          start.plusSeconds(1800).atOffset(ZoneOffset.UTC),
          (short) (i < 6 ? 5 : 4));
    }
    for (int i = 0; i < 2; i++) {
      data.sql(
          "INSERT INTO chat_conversation (id, started_at, wijk, ended_at, abandoned, state, last_activity_at) VALUES ($1, $2, 'noord', $3, true, 'beeindigd', $3)",
          UUID.randomUUID(),
          start.atOffset(ZoneOffset.UTC),
          start.plusSeconds(600).atOffset(ZoneOffset.UTC));
    }
    Sturing.Dashboard d = may();
    // 10 chats, 8 answered, 6 waited too long (4 answered after 5 minutes, 2 left), 2 left; median
    // 4 min, p90 8.3 min.
    assertThat(Sturing.shown(d.section("chat-dag").table(), NL).get("2026-05-12"))
        .containsExactly("10", "8", "6", "<5", "4", "8,3");
    assertThat(Sturing.shown(d.section("chat-uur").table(), NL).get("10"))
        .containsExactly("10", "8", "6", "<5", "4", "8,3");
    // Scores: six 5s and two 4s; with the total 8 shown, the 6 would give the 2 away.
    assertThat(Sturing.shown(d.section("chat-score").table(), NL).get("totaal"))
        .element(0)
        .isEqualTo("8");
    assertThat(Sturing.shown(d.section("chat-score").table(), NL).get("5"))
        .element(0)
        .isEqualTo("<5");
    assertThat(Sturing.shown(d.section("chat-score").table(), NL).get("4"))
        .element(0)
        .isEqualTo("<5");
    // Another wijkteam sees none of them.
    Sturing.Dashboard zuid =
        await(
            sturing.dashboard(
                new Period(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31)),
                new Scope(null, Optional.of("zuid"), true)));
    assertThat(Sturing.shown(zuid.section("chat-dag").table(), NL)).doesNotContainKey("2026-05-12");
  }
}
