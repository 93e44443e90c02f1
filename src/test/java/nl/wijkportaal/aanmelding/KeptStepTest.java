package nl.wijkportaal.aanmelding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A returning resident's page of choices is kept by its model ({@code Pages.renderByModel}): the
 * same bytes for the same answers, but each resident's own answer checked and each request's own
 * CSRF token in the form, which posts.
 */
class KeptStepTest {

  @RegisterExtension static final TestServer server = TestServer.perClass();

  private static final Pattern TOKEN = Pattern.compile("name=\"X-XSRF-TOKEN\" value=\"([^\"]+)\"");

  private static WebUser resident(String voorWie) {
    WebUser resident = WebUser.at("http://127.0.0.1:" + server.port());
    resident.get("/aanmelden/voor-wie");
    assertThat(resident.postWithToken("/aanmelden/voor-wie", "voorWie", voorWie).statusCode())
        .isEqualTo(303);
    return resident;
  }

  private static String token(String page) {
    Matcher m = TOKEN.matcher(page);
    assertThat(m.find()).as("a CSRF field").isTrue();
    return m.group(1);
  }

  @Test
  void each_resident_gets_their_own_answer_and_token_on_a_kept_page() {
    WebUser one = resident("zelf");
    WebUser two = resident("zelf");
    WebUser other = resident("ander");
    String first = one.get("/aanmelden/voor-wie").body();
    String again = one.get("/aanmelden/voor-wie").body();
    String second = two.get("/aanmelden/voor-wie").body();
    String third = other.get("/aanmelden/voor-wie").body();

    assertThat(first).contains("value=\"zelf\" checked").doesNotContain("value=\"ander\" checked");
    assertThat(third).contains("value=\"ander\" checked").doesNotContain("value=\"zelf\" checked");
    assertThat(token(first)).isEqualTo(token(again)).isNotEqualTo(token(second));
    assertThat(token(third)).isNotEqualTo(token(first)).isNotEqualTo(token(second));
    assertThat(first.replace(token(first), "")).isEqualTo(second.replace(token(second), ""));

    // The kept page's form posts with the resident's own token.
    HttpResponse<String> posted = two.postWithToken("/aanmelden/voor-wie", "voorWie", "ander");
    assertThat(posted.statusCode()).isEqualTo(303);
    assertThat(two.get("/aanmelden/voor-wie").body()).contains("value=\"ander\" checked");
  }

  @Test
  void a_later_page_of_choices_follows_from_the_answers_that_make_it() {
    WebUser self = resident("zelf");
    WebUser another = resident("ander");
    assertThat(
            another
                .postWithToken("/aanmelden/ander", "relatie", "buur", "geinformeerd", "ja")
                .statusCode())
        .isEqualTo(303);
    for (WebUser resident : java.util.List.of(self, another)) {
      assertThat(
              resident
                  .postWithToken("/aanmelden/onderwerp", "leefgebieden", "financien")
                  .statusCode())
          .isEqualTo(303);
    }
    String mine = self.get("/aanmelden/onderwerp").body();
    String theirs = another.get("/aanmelden/onderwerp").body();

    // The same answer on this page, but another way here: their own steps and way back.
    assertThat(mine)
        .contains("value=\"financien\" checked")
        .contains("href=\"/aanmelden/voor-wie\"");
    assertThat(theirs)
        .contains("value=\"financien\" checked")
        .contains("href=\"/aanmelden/ander\"");
    assertThat(mine.replace(token(mine), "")).isNotEqualTo(theirs.replace(token(theirs), ""));
    assertThat(self.get("/aanmelden/onderwerp").body()).isEqualTo(mine);

    // A changed answer shows at once.
    self.postWithToken("/aanmelden/onderwerp", "leefgebieden", "wonen");
    assertThat(self.get("/aanmelden/onderwerp").body())
        .contains("value=\"wonen\" checked")
        .doesNotContain("value=\"financien\" checked");
  }
}
