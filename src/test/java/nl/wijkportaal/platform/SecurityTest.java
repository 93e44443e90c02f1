package nl.wijkportaal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Headers on every response, and no state change from a browser without its CSRF token. */
class SecurityTest {

  @RegisterExtension static final TestServer server = TestServer.perClass();

  @Test
  void every_kind_of_response_carries_the_security_headers() {
    WebUser user = server.user();
    for (String path :
        new String[] {
          "/",
          "/contact",
          "/bestaat-niet",
          "/static/css/wijkportaal.css",
          "/api/v1/gemeente",
          "/api/v1/x",
          "/health/ready"
        }) {
      HttpResponse<String> response = user.get(path);
      String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp)
          .as(path)
          .contains("default-src 'self'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(response.headers().firstValue("X-Content-Type-Options"))
          .as(path)
          .hasValue("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
      assertThat(response.headers().firstValue("X-Request-Id")).as(path).isPresent();
    }
  }

  @Test
  void static_files_are_served_with_caching_headers() {
    HttpResponse<String> css = server.user().get("/static/css/wijkportaal.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("max-age=3600"));
    assertThat(css.headers().firstValue("ETag").or(() -> css.headers().firstValue("Last-Modified")))
        .isPresent();
  }

  @Test
  void a_form_post_without_the_csrf_token_is_refused_with_a_page_that_explains() {
    WebUser user = server.user();
    user.get("/");
    HttpResponse<String> response = user.postForm("/", Map.of("naam", "Jan"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("verlopen");
  }

  @Test
  void a_form_post_with_the_token_from_the_page_passes_the_csrf_check() {
    WebUser user = server.user();
    user.get("/");
    String token = user.cookie("XSRF-TOKEN");
    assertThat(token).isNotBlank();
    // "/" takes no POST: 405 proves the request got past the CSRF check.
    assertThat(user.postForm("/", Map.of("X-XSRF-TOKEN", token)).statusCode()).isEqualTo(405);
  }

  @Test
  void a_json_post_from_a_browser_needs_the_token_header() {
    WebUser user = server.user();
    // A browser with a session (the sign-in page starts one; a first visit to "/" has none).
    user.get("/login");
    assertThat(user.postJson("/api/v1/gemeente", "{}", Map.of()).statusCode()).isEqualTo(403);
    String token = user.cookie("XSRF-TOKEN");
    assertThat(user.postJson("/api/v1/gemeente", "{}", Map.of("X-XSRF-TOKEN", token)).statusCode())
        .isEqualTo(405);
  }

  @Test
  void a_token_from_another_visitors_session_is_refused() {
    // Two visitors with a session each (the sign-in page starts one), so each token is bound.
    WebUser alice = server.user();
    alice.get("/login");
    WebUser mallory = server.user();
    mallory.get("/login");
    mallory.cookie("XSRF-TOKEN", alice.cookie("XSRF-TOKEN"));
    assertThat(
            mallory.postForm("/", Map.of("X-XSRF-TOKEN", alice.cookie("XSRF-TOKEN"))).statusCode())
        .isEqualTo(403);
  }

  @Test
  void a_partner_system_with_an_authorization_header_is_not_asked_for_a_csrf_token() {
    HttpResponse<String> response =
        server.user().postJson("/api/v1/gemeente", "{}", Map.of("Authorization", "Bearer abc"));
    assertThat(response.statusCode()).isEqualTo(405);
  }
}
