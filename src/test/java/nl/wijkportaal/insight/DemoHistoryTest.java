package nl.wijkportaal.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.catalogue.Codes;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.triage.Triage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A demo installation starts with a year of believable history: every kanaal, vindplek, wijk,
 * urgentie, state and route, overdue items, questions waiting, possible matches, experience answers
 * and complaints; the same every time for the same clock; not again on a restart.
 */
class DemoHistoryTest {

  private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
  private static final TestClock clock = new TestClock(NOW);

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_DEMO_HISTORY_ITEMS", "2500"), clock);

  private static List<String> distinct(String column, String where) {
    List<String> values = new ArrayList<>();
    server
        .app()
        .pool()
        .query("SELECT DISTINCT " + column + " AS v FROM inbox_item " + where)
        .execute()
        .await()
        .forEach(r -> values.add(r.getString("v")));
    return values;
  }

  private static long count(String sql) {
    return server.app().pool().query(sql).execute().await().iterator().next().getLong(0);
  }

  @Test
  void aYearOfItemsAcrossEverythingTheDashboardShows() {
    assertThat(count("SELECT count(*) FROM inbox_item WHERE kanaal <> 'klacht'")).isEqualTo(2500);
    assertThat(distinct("kanaal", "")).containsExactlyInAnyOrderElementsOf(DeadlineRules.KANALEN);
    assertThat(distinct("vindplek", "WHERE vindplek IS NOT NULL"))
        .contains(
            "school",
            "huisarts",
            "woningcorporatie",
            "politie",
            "kinderopvang",
            "jeugdgezondheidszorg",
            "welzijn",
            "overig");
    assertThat(distinct("wijk", "WHERE wijk IS NOT NULL"))
        .containsExactlyInAnyOrder("midden", "noord", "oost", "zuid", "west");
    assertThat(count("SELECT count(*) FROM inbox_item WHERE buiten_gemeente")).isPositive();
    assertThat(distinct("urgentie", ""))
        .containsExactlyInAnyOrderElementsOf(DeadlineRules.URGENTIES);
    assertThat(distinct("state", ""))
        .containsExactlyInAnyOrder(
            "nieuw",
            "in_behandeling",
            "wacht_op_informatie",
            "contact_gelegd",
            "doorgezet",
            "afgesloten",
            "ingetrokken",
            "samengevoegd",
            "heropend");
    assertThat(distinct("route", "WHERE route IS NOT NULL"))
        .containsExactlyInAnyOrderElementsOf(Triage.ROUTES);
    assertThat(distinct("unnest(leefgebieden)", ""))
        .containsExactlyInAnyOrderElementsOf(Codes.LEEFGEBIEDEN);
    // Some overdue now, some with a possible match, experience answers, complaints (some extended).
    assertThat(
            count(
                "SELECT count(*) FROM inbox_item WHERE first_contact_at IS NULL AND due_at < '2026-11-02T10:00:00Z' AND state IN ('nieuw', 'in_behandeling')"))
        .isPositive();
    assertThat(count("SELECT count(*) FROM inbox_match WHERE status = 'open'")).isPositive();
    assertThat(count("SELECT count(*) FROM client_experience")).isGreaterThan(20);
    assertThat(count("SELECT count(*) FROM inbox_item WHERE kanaal = 'klacht'"))
        .isGreaterThanOrEqualTo(3);
    // Ended chats with their waits: answered ones, some after more than five minutes, some left
    // unanswered, some scored; all in the year before now.
    assertThat(count("SELECT count(*) FROM chat_conversation WHERE first_answer_at IS NOT NULL"))
        .isGreaterThan(100);
    assertThat(
            count(
                "SELECT count(*) FROM chat_conversation WHERE first_answer_at - started_at > interval '5 minutes'"))
        .isPositive();
    assertThat(count("SELECT count(*) FROM chat_conversation WHERE abandoned")).isPositive();
    assertThat(count("SELECT count(*) FROM chat_conversation WHERE score IS NOT NULL"))
        .isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM chat_conversation WHERE ended_at > '2026-11-02T10:00:00Z' OR first_name IS NOT NULL"))
        .isZero();
    // Every item was received in the year before now, and a first contact never precedes its
    // receipt.
    assertThat(
            count(
                "SELECT count(*) FROM inbox_item WHERE received_at > '2026-11-02T10:00:00Z' OR first_contact_at < received_at OR closed_at < received_at"))
        .isZero();
    // Invented names only.
    assertThat(
            count("SELECT count(*) FROM inbox_item_person WHERE NOT (inhoud ->> 'demo')::boolean"))
        .isZero();
  }

  @Test
  void theFactsAreWrittenCompactlyWithTheirFirstReactions() {
    // Every item that counts has its facts, with the first staff reaction of its history.
    assertThat(
            count(
                "SELECT count(*) FROM inbox_item WHERE kanaal <> 'klacht' AND state <> 'samengevoegd'"))
        .isEqualTo(count("SELECT count(*) FROM insight_item_fact"));
    assertThat(
            count(
                "SELECT count(*) FROM insight_item_fact f JOIN insight_first_reaction r ON r.item_id = f.item_id"
                    + " WHERE f.reacted_at IS DISTINCT FROM r.reacted_at"))
        .isZero();
    assertThat(count("SELECT count(*) FROM insight_item_fact WHERE reacted_at IS NOT NULL"))
        .isPositive();
    // No dead half left by those reactions' updates: about 300 bytes a fact (530 before).
    assertThat(
            count(
                "SELECT pg_relation_size('insight_item_fact') / (SELECT count(*) FROM insight_item_fact)"))
        .isLessThan(400);
  }

  @Test
  void theSameSeedAndClockGiveTheSameHistory() {
    DemoHistory generator =
        new DemoHistory(server.app().pool(), server.app().platform().deadlines(), clock);
    List<UUID> staff = List.of(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    List<String> first =
        generator.build(300, staff).items.stream()
            .map(i -> i.referentie + i.state + i.received)
            .toList();
    List<String> second =
        generator.build(300, staff).items.stream()
            .map(i -> i.referentie + i.state + i.received)
            .toList();
    assertThat(first).isEqualTo(second);
  }

  @Test
  void theDashboardAndTheInboxShowIt() {
    var leader = Staff.signIn(server, clock, "teamleider");
    var page = leader.get("/sturing");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Wachttijd intake").contains("Effectiviteit");
    assertThat(leader.get("/inbox?termijn=te_laat").statusCode()).isEqualTo(200);
  }

  @Test
  void aRestartAddsNothing() {
    long before = count("SELECT count(*) FROM inbox_item");
    DemoHistory generator =
        new DemoHistory(server.app().pool(), server.app().platform().deadlines(), clock);
    assertThat(generator.loadIfEmpty(server.app().vertx(), 100).await()).isZero();
    assertThat(count("SELECT count(*) FROM inbox_item")).isEqualTo(before);
  }
}
