package nl.wijkportaal.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A teamleider follows every linked figure of the dashboard to the inbox and finds exactly the
 * items it counts: a small inbox with items before, in and after the period, closed, reopened and
 * merged ones, in two wijkteams and several kanalen.
 */
class SturingInboxLinkTest {

  private static final String PERIOD = "?van=2026-04-01&tot=2026-05-31";
  private static final Pattern CELL_LINK =
      Pattern.compile("<td><a href=\"([^\"]+)\">([^<]+)</a></td>");
  private static final Pattern CHART_LINK = Pattern.compile("<a href=\"(/inbox[^\"]*)\"");
  private static final Pattern TOTAL =
      Pattern.compile("id=\"inbox-total\">(Geen items|1 item|([0-9.]+) items) bij dit filter");

  private static TestClock clock;
  private static TestServer server;

  @BeforeAll
  static void start() {
    clock = new TestClock(Instant.parse("2026-06-01T10:00:00Z"));
    server = TestServer.start(Map.of(), clock);
    KpiData data =
        new KpiData(
            server.app().pool(),
            new DeadlineRules(new WorkingDayCalendar(server.app().config().municipality(), clock)));
    // Before and after the period: never in a link of April–May.
    for (int i = 0; i < 3; i++) {
      data.item().received("2026-03-31T23:30").contact("2026-04-01T10:00").store();
      data.item().received("2026-06-01T00:30").store();
    }
    // Signals in noord: answered, waiting, overdue now, one closed, one reopened, one merged.
    java.util.UUID first = null;
    for (int i = 0; i < 6; i++) {
      java.util.UUID id =
          data.item().received("2026-04-01T00:10").contact("2026-04-03T10:00").store();
      first = first == null ? id : first;
    }
    for (int i = 0; i < 5; i++) {
      data.item().received("2026-05-31T23:50").store();
    }
    for (int i = 0; i < 5; i++) {
      KpiData.Item late = data.item().received("2026-05-04T09:00");
      late.urgentie = "spoed";
      late.store();
    }
    KpiData.Item closed = data.item().received("2026-04-20T09:00").contact("2026-04-21T09:00");
    closed.state = "afgesloten";
    closed.closed = KpiData.at("2026-04-30T09:00");
    closed.route = "sociale_basis";
    closed.store();
    KpiData.Item reopened = data.item().received("2026-04-20T09:00").contact("2026-04-21T09:00");
    reopened.state = "heropend";
    reopened.store();
    KpiData.Item merged = data.item().received("2026-04-10T09:00");
    merged.state = "samengevoegd";
    merged.mergedInto = first;
    merged.store();
    // Aanmeldingen in zuid, about two leefgebieden, five of them closed.
    for (int i = 0; i < 7; i++) {
      KpiData.Item a = data.item().received("2026-04-14T09:00").contact("2026-04-15T09:00");
      a.kanaal = "aanmelding";
      a.vindplek = null;
      a.wijk = "zuid";
      a.leefgebieden = List.of("financien", "wonen");
      if (i < 5) {
        a.state = "afgesloten";
        a.closed = KpiData.at("2026-04-25T09:00");
        a.route = "sociale_basis";
      }
      a.store();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyLinkedFigureOpensTheInboxWithExactlyTheItemsItCounts() {
    WebUser leader = Staff.signIn(server, clock, "teamleider");
    for (String scope : List.of("", "&wijk=noord")) {
      String page = leader.get("/sturing" + PERIOD + scope).body();
      Map<String, String> cells = new LinkedHashMap<>();
      Matcher m = CELL_LINK.matcher(page);
      while (m.find()) {
        cells.put(unescape(m.group(1)), m.group(2));
      }
      // The received counts per kanaal and urgentie, per wijk and leefgebied, and the workload.
      assertThat(cells.keySet())
          .contains(
              "/inbox?kanaal=signaal&urgentie=regulier&status=alle&ontvangenVan=2026-04-01&ontvangenTot=2026-05-31"
                  + (scope.isEmpty() ? "" : "&wijk=noord"),
              "/inbox?wijk=noord");
      List<String> checked = new ArrayList<>();
      cells.forEach(
          (href, shown) -> {
            if (shown.startsWith("&lt;")) {
              return;
            }
            assertThat(inboxTotal(leader, href))
                .as(href)
                .isEqualTo(Long.parseLong(shown.replace(".", "")));
            checked.add(href);
          });
      assertThat(checked).as("links followed" + scope).hasSizeGreaterThan(5);
      // A chart's bar opens the items of its row's first count: one of the table's links.
      Matcher bars = CHART_LINK.matcher(page.substring(page.indexOf("<svg")));
      while (bars.find()) {
        assertThat(cells).containsKey(unescape(bars.group(1)));
      }
    }
  }

  private static String unescape(String html) {
    return html.replace("&#x3D;", "=").replace("&amp;", "&");
  }

  private static long inboxTotal(WebUser user, String href) {
    String body = user.get(href).body();
    Matcher m = TOTAL.matcher(body);
    assertThat(m.find()).as(href + " shows its total").isTrue();
    return m.group(2) != null
        ? Long.parseLong(m.group(2).replace(".", ""))
        : m.group(1).startsWith("Geen") ? 0 : 1;
  }
}
