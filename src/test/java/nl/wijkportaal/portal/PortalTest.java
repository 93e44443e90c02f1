package nl.wijkportaal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;

/** A resident on the home and contact pages, at moments the opening hours matter. */
class PortalTest {

  private static Clock at(String amsterdamTime) {
    return Clock.fixed(
        ZonedDateTime.of(LocalDateTime.parse(amsterdamTime), OpeningHours.ZONE).toInstant(),
        OpeningHours.ZONE);
  }

  @Test
  void on_a_monday_morning_the_home_page_says_open_until_five_and_offers_the_phone_number() {
    try (TestServer server = TestServer.start(Map.of(), at("2026-11-23T10:15"))) {
      HttpResponse<String> home = server.user().get("/");
      assertThat(home.statusCode()).isEqualTo(200);
      assertThat(home.body())
          .contains("<html lang=\"nl\">")
          .contains("Hulp in je wijk")
          .contains("Nu open tot 17:00")
          .contains("href=\"tel:08001234567\"")
          .contains("href=\"#main\"")
          .contains("href=\"/?taal&#x3D;en\"") // Handlebars writes = as &#x3D;
          .contains("href=\"/contact\"");
    }
  }

  @Test
  void the_home_page_every_visitor_gets_says_closed_from_five_on() {
    TestClock clock =
        new TestClock(
            ZonedDateTime.of(LocalDateTime.parse("2026-11-23T16:59"), OpeningHours.ZONE)
                .toInstant());
    try (TestServer server = TestServer.start(Map.of(), clock)) {
      assertThat(server.user().get("/").body()).contains("Nu open tot 17:00");
      assertThat(server.user().get("/").body()).contains("Nu open tot 17:00");
      clock.advance(Duration.ofMinutes(2));
      assertThat(server.user().get("/").body())
          .contains("Nu gesloten, morgen open vanaf 09:00")
          .doesNotContain("Nu open tot 17:00");
      assertThat(server.user().get("/?taal=en").body()).contains("Closed now");
    }
  }

  @Test
  void on_christmas_eve_afternoon_the_pages_say_closed_and_when_the_team_is_back() {
    try (TestServer server = TestServer.start(Map.of(), at("2026-12-24T14:00"))) {
      WebUser resident = server.user();
      assertThat(resident.get("/").body()).contains("Nu gesloten, maandag open vanaf 09:00");
      HttpResponse<String> contact = resident.get("/contact?taal=en");
      assertThat(contact.body())
          .contains("Closed now, open Monday from 09:00")
          .contains("Christmas Day")
          .contains("Wijkteam Oost")
          .contains("Tuesday 19:00 – 21:00");
    }
  }

  @Test
  void on_koningsdag_the_team_is_closed_although_it_is_a_tuesday() {
    try (TestServer server = TestServer.start(Map.of(), at("2027-04-27T10:00"))) {
      WebUser resident = server.user();
      assertThat(resident.get("/").body()).contains("Nu gesloten, morgen open vanaf 09:00");
      assertThat(resident.get("/contact").body()).contains("gesloten (Koningsdag)");
      assertThat(resident.get("/contact?taal=en").body())
          .contains("closed (Kings&#x27; Birthday)"); // the apostrophe HTML-escaped
    }
  }

  @Test
  void the_language_choice_sticks_across_pages_and_beats_the_browser_language() {
    try (TestServer server = TestServer.start()) {
      WebUser resident = server.user().header("Accept-Language", "en-US,en;q=0.9");
      assertThat(resident.get("/").body())
          .contains("<html lang=\"en\">")
          .contains("Help in your neighbourhood");
      assertThat(resident.get("/?taal=nl").body()).contains("<html lang=\"nl\">");
      assertThat(resident.get("/contact").body())
          .contains("<html lang=\"nl\">")
          .contains("Contact en openingstijden");
    }
  }

  @Test
  void the_language_link_keeps_the_rest_of_the_address() {
    try (TestServer server = TestServer.start()) {
      assertThat(server.user().get("/contact?x=1").body())
          .contains("href=\"/contact?x&#x3D;1&amp;taal&#x3D;en\"");
    }
  }
}
