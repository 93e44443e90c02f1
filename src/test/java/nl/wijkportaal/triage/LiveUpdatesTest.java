package nl.wijkportaal.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An open inbox hears of new and changed items at once, and only of the items its viewer may see.
 */
class LiveUpdatesTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);
  private static Intake intake;

  @BeforeAll
  static void start() {
    intake = server.app().feature(InboxFeature.class).intake();
  }

  private static Receipt signal(String postcode) {
    NewItem item =
        new NewItem(
            "signaal",
            "school",
            null,
            null,
            "demo-school",
            List.of("school_verzuim"),
            "spoed",
            "ja",
            true,
            false,
            null,
            null,
            null,
            Locale.forLanguageTag("nl"),
            new Subject("Lotte Geheim", LocalDate.of(2015, 1, 1), postcode, "1"),
            new JsonObject().put("omschrijving", "Veel verzuim"),
            null,
            null);
    return intake.submit(item, Actor.system("test")).await();
  }

  @Test
  void
      a_new_signal_arrives_in_the_open_inbox_without_personal_data_and_a_claimed_one_leaves_other_wijken_out() {
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    try (WebUser.EventStream stream = tessa.stream("/inbox/live")) {
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("content-type"))
          .get()
          .asString()
          .startsWith("text/event-stream");
      Receipt receipt = signal("8041 DE");
      var event =
          stream
              .next(Duration.ofSeconds(10))
              .orElseThrow(() -> new AssertionError("no event arrived"));
      assertThat(event.getKey()).isEqualTo("nieuw");
      JsonObject data = new JsonObject(event.getValue());
      assertThat(data.getString("referentie")).isEqualTo(receipt.referentie());
      assertThat(data.getString("state")).isEqualTo("nieuw");
      assertThat(event.getValue())
          .doesNotContain("Lotte")
          .doesNotContain("2015")
          .doesNotContain("verzuim");
    }

    // The teamleider of noord only hears of items of noord (and unclaimed ones only if they do
    // triage).
    Pool pool = server.app().pool();
    UUID leader =
        pool.query("SELECT id FROM account WHERE email = 'teamleider@demo.wijkportaal.nl'")
            .execute()
            .await()
            .iterator()
            .next()
            .getUUID(0);
    pool.preparedQuery("DELETE FROM account_wijkteam WHERE account_id = $1 AND wijkteam <> 'noord'")
        .execute(Tuple.of(leader))
        .await();
    WebUser tom = Staff.signIn(server, CLOCK, "teamleider");
    try (WebUser.EventStream stream = tom.stream("/inbox/live")) {
      signal("8041 DE"); // zuid
      Receipt noord = signal("8021 BC");
      var event =
          stream
              .next(Duration.ofSeconds(10))
              .orElseThrow(() -> new AssertionError("no event arrived"));
      assertThat(new JsonObject(event.getValue()).getString("referentie"))
          .as("the zuid item is not told")
          .isEqualTo(noord.referentie());
    }
  }

  @Test
  void nobody_outside_the_swt_inbox_roles_may_listen() {
    WebUser melder = Staff.signIn(server, CLOCK, "school");
    try (WebUser.EventStream stream = melder.stream("/inbox/live")) {
      assertThat(stream.statusCode()).isEqualTo(403);
    }
    try (WebUser.EventStream stream = server.user().stream("/inbox/live")) {
      assertThat(stream.statusCode()).isIn(302, 401);
    }
  }
}
