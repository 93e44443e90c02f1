package nl.wijkportaal.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The footer on every resident page: opening hours per day, in each language. */
class FooterTest {

  @RegisterExtension static final TestServer server = TestServer.perClass();

  @Test
  void each_day_shows_its_hours_from_and_to_with_a_dash_between_or_that_it_is_closed() {
    for (Map.Entry<String, String> language : Map.of("nl", "gesloten", "en", "closed").entrySet()) {
      HttpResponse<String> home = server.user().get("/?taal=" + language.getKey());
      String hours =
          home.body()
              .substring(home.body().indexOf("<table class=\"opening-hours\">"))
              .replaceAll("(?s)</table>.*", "");
      assertThat(hours)
          .as(language.getKey())
          .containsPattern("<td>[0-2][0-9]:[0-5][0-9] &ndash; [0-2][0-9]:[0-5][0-9]</td>")
          .contains("<td>" + language.getValue() + "</td>")
          .doesNotContain("<td></td>");
    }
  }
}
