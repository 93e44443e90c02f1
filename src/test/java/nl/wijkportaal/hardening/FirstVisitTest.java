package nl.wijkportaal.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.ext.web.sstore.LocalSessionStore;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.RawHttp;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A visitor who has started nothing has no session on the server: first visits to the home page,
 * the search, an offer and an aanmelding step set no session cookie and leave nothing in the store,
 * and their CSRF token lives in its signed cookie alone. A form post still needs that token: a
 * missing, forged or other visitor's token gets the same 403 page as before; the visitor's own
 * passes, and from the session it starts on only that session's token does.
 */
class FirstVisitTest {

  @RegisterExtension static final TestServer server = TestServer.perClass();
  private static final String FORBIDDEN = "Dat mag helaas niet";
  private static RawHttp http;
  private static String offer;

  @BeforeAll
  static void start() {
    http = new RawHttp(server.port());
    Matcher link = Pattern.compile("href=\"(/aanbod/[a-z0-9-]+)\"").matcher(get("/aanbod").body());
    assertThat(link.find()).isTrue();
    offer = link.group(1);
  }

  private static RawHttp.Response get(String path) {
    RawHttp.Response response = http.get(path, Map.of());
    assertThat(response.status()).as(path).isEqualTo(200);
    return response;
  }

  private static int sessionsStored() {
    return server
        .app()
        .vertx()
        .sharedData()
        .getLocalMap(LocalSessionStore.DEFAULT_SESSION_MAP_NAME)
        .size();
  }

  private static List<String> sessionCookies(RawHttp.Response response) {
    return response.setCookies().stream()
        .filter(c -> c.startsWith("wijkportaal_sessie=") && !c.startsWith("wijkportaal_sessie=;"))
        .toList();
  }

  @Test
  void first_visits_to_the_resident_pages_leave_no_session() {
    int before = sessionsStored();
    for (String path : List.of("/", "/aanbod", offer, "/aanmelden", "/aanmelden/voor-wie")) {
      for (int visit = 0; visit < 5; visit++) {
        RawHttp.Response page = get(path);
        assertThat(sessionCookies(page)).as(path).isEmpty();
        assertThat(page.setCookies()).as(path).anyMatch(c -> c.startsWith("XSRF-TOKEN="));
      }
    }
    // A session cookie the server does not know (expired, or made up) starts none either.
    RawHttp.Response madeUp =
        http.get("/", Map.of("Cookie", "wijkportaal_sessie=" + "a".repeat(43)));
    assertThat(madeUp.status()).isEqualTo(200);
    assertThat(sessionCookies(madeUp)).isEmpty();
    assertThat(sessionsStored()).isEqualTo(before);
  }

  @Test
  void a_post_without_the_visitors_own_token_is_refused_and_its_own_starts_a_session() {
    WebUser anna = server.user();
    anna.get("/aanmelden/voor-wie");
    String annasToken = anna.cookie("XSRF-TOKEN");
    WebUser bert = server.user();
    bert.get("/aanmelden/voor-wie");
    String bertsToken = bert.cookie("XSRF-TOKEN");
    assertThat(annasToken).isNotNull().isNotEqualTo(bertsToken);
    assertThat(anna.cookie("wijkportaal_sessie")).isNull();

    HttpResponse<String> missing = anna.postForm("/aanmelden/voor-wie", Map.of("voorWie", "zelf"));
    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(missing.body()).contains(FORBIDDEN);

    HttpResponse<String> others =
        anna.postForm("/aanmelden/voor-wie", Map.of("voorWie", "zelf", "X-XSRF-TOKEN", bertsToken));
    assertThat(others.statusCode()).isEqualTo(403);
    assertThat(others.body()).contains(FORBIDDEN);

    // Cookie and field agree, but the signature is not the server's.
    String forged = annasToken.substring(0, annasToken.length() - 2) + "xy";
    anna.cookie("XSRF-TOKEN", forged);
    HttpResponse<String> unsigned =
        anna.postForm("/aanmelden/voor-wie", Map.of("voorWie", "zelf", "X-XSRF-TOKEN", forged));
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.body()).contains(FORBIDDEN);
    assertThat(anna.cookie("wijkportaal_sessie")).isNull();

    anna.cookie("XSRF-TOKEN", annasToken);
    HttpResponse<String> own =
        anna.postForm("/aanmelden/voor-wie", Map.of("voorWie", "zelf", "X-XSRF-TOKEN", annasToken));
    assertThat(own.statusCode()).isEqualTo(303);
    assertThat(anna.cookie("wijkportaal_sessie")).isNotNull();
    String next = own.headers().firstValue("location").orElseThrow();
    assertThat(anna.get(next).statusCode()).isEqualTo(200);

    // With a session, even a pair that agrees and is signed is refused unless it is the session's.
    String annasSessionToken = anna.cookie("XSRF-TOKEN");
    anna.cookie("XSRF-TOKEN", bertsToken);
    HttpResponse<String> notBound =
        anna.postForm(
            "/aanmelden/voor-wie", Map.of("voorWie", "ander", "X-XSRF-TOKEN", bertsToken));
    assertThat(notBound.statusCode()).isEqualTo(403);
    assertThat(notBound.body()).contains(FORBIDDEN);
    anna.cookie("XSRF-TOKEN", annasSessionToken);
    assertThat(anna.get("/aanmelden/voor-wie").body()).contains("checked");
  }

  @Test
  void pages_opened_between_showing_a_form_and_posting_it_leave_its_token_valid() {
    WebUser dana = server.user();
    HttpResponse<String> form = dana.get("/aanmelden/voor-wie");
    String token = dana.cookie("XSRF-TOKEN");
    assertThat(form.body()).contains(token);
    dana.get("/favicon.ico");
    dana.get("/");
    assertThat(dana.cookie("XSRF-TOKEN")).isEqualTo(token);
    HttpResponse<String> posted =
        dana.postForm("/aanmelden/voor-wie", Map.of("voorWie", "zelf", "X-XSRF-TOKEN", token));
    assertThat(posted.statusCode()).isEqualTo(303);
  }
}
