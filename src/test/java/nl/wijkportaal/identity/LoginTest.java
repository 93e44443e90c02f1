package nl.wijkportaal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing in as the demo staff: password, second factor, lockout, sessions, logout. */
class LoginTest {

  private static final TestClock CLOCK = TestClock.startingNow();

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          Map.of(
              "WIJKPORTAAL_LOGIN_MAX_ATTEMPTS",
              "3",
              "WIJKPORTAAL_LOGIN_MAX_ATTEMPTS_PER_ADDRESS",
              "1000"),
          CLOCK);

  @Test
  void a_triage_worker_signs_in_with_password_and_code_and_lands_on_their_start_page() {
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    HttpResponse<String> start = tessa.get("/start");
    assertThat(start.statusCode()).isEqualTo(200);
    assertThat(start.body())
        .contains("Welkom, Tessa Jansen")
        .contains("Sociaal Wijkteam Voorbeeldstad")
        .contains("Triage")
        .contains("midden")
        .contains("Ingelogd als Tessa Jansen");
  }

  @Test
  void a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    HttpResponse<String> wrong =
        Staff.submitPassword(server.user(), Staff.email("chat"), "niet-het-goede-wachtwoord");
    HttpResponse<String> unknown =
        Staff.submitPassword(
            server.user(), "niemand@demo.wijkportaal.nl", "niet-het-goede-wachtwoord");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(wrong.body())
        .contains("Het e-mailadres of het wachtwoord klopt niet")
        .contains("href=\"#username\"");
    assertThat(unknown.body()).contains("Het e-mailadres of het wachtwoord klopt niet");
    assertThat(wrong.body()).doesNotContain("niet-het-goede-wachtwoord");
  }

  @Test
  void
      after_three_failures_the_account_is_locked_for_fifteen_minutes_and_an_unknown_name_locks_alike() {
    for (int i = 0; i < 3; i++) {
      Staff.submitPassword(server.user(), Staff.email("redacteur"), "fout-wachtwoord-" + i);
      Staff.submitPassword(server.user(), "onbekend@demo.wijkportaal.nl", "fout-wachtwoord-" + i);
    }
    HttpResponse<String> locked =
        Staff.submitPassword(server.user(), Staff.email("redacteur"), Staff.PASSWORD);
    assertThat(locked.statusCode())
        .as("even the right password is refused while locked")
        .isEqualTo(400);
    assertThat(locked.body()).contains("Te veel mislukte pogingen");
    HttpResponse<String> unknown =
        Staff.submitPassword(server.user(), "onbekend@demo.wijkportaal.nl", Staff.PASSWORD);
    assertThat(unknown.body()).contains("Te veel mislukte pogingen");

    CLOCK.advance(Duration.ofMinutes(16));
    assertThat(Staff.signIn(server, CLOCK, "redacteur").get("/start").body())
        .contains("Rosa Visser");
  }

  @Test
  void a_wrong_code_is_refused_and_a_used_code_cannot_be_replayed() {
    CLOCK.advance(Duration.ofSeconds(31));
    WebUser first = server.user();
    assertThat(Staff.submitPassword(first, Staff.email("teamleider"), Staff.PASSWORD).statusCode())
        .isEqualTo(303);
    HttpResponse<String> wrong =
        Staff.submitCode(
            first, "000000".equals(Staff.code(Staff.TOTP_SECRET, CLOCK)) ? "111111" : "000000");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("Deze code klopt niet");

    String code = Staff.code(Staff.TOTP_SECRET, CLOCK);
    assertThat(Staff.submitCode(first, code).statusCode()).isEqualTo(303);

    WebUser attacker = server.user();
    assertThat(
            Staff.submitPassword(attacker, Staff.email("teamleider"), Staff.PASSWORD).statusCode())
        .isEqualTo(303);
    HttpResponse<String> replay = Staff.submitCode(attacker, code);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("Deze code klopt niet");
  }

  @Test
  void the_code_page_is_not_reachable_without_the_password_step() {
    WebUser stranger = server.user();
    HttpResponse<String> page = stranger.get("/login/2fa");
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("location")).hasValue("/login");
  }

  @Test
  void the_session_id_changes_at_each_step_so_a_planted_session_is_worthless() {
    CLOCK.advance(Duration.ofSeconds(31));
    WebUser user = server.user();
    user.get("/login");
    String planted = user.cookie("wijkportaal_sessie");
    assertThat(planted).isNotBlank();
    Staff.submitPassword(user, Staff.email("chat"), Staff.PASSWORD);
    String afterPassword = user.cookie("wijkportaal_sessie");
    Staff.submitCode(user, Staff.code(Staff.TOTP_SECRET, CLOCK));
    String afterCode = user.cookie("wijkportaal_sessie");
    assertThat(afterPassword).isNotEqualTo(planted);
    assertThat(afterCode).isNotEqualTo(afterPassword).isNotEqualTo(planted);

    WebUser victimsPlantedSession = server.user();
    victimsPlantedSession.cookie("wijkportaal_sessie", planted);
    assertThat(victimsPlantedSession.get("/start").statusCode())
        .as("the old id is not signed in")
        .isEqualTo(302);
  }

  @Test
  void logging_out_ends_the_session() {
    WebUser chris = Staff.signIn(server, CLOCK, "chat");
    String session = chris.cookie("wijkportaal_sessie");
    HttpResponse<String> out = Staff.post(chris, "/logout", Map.of());
    assertThat(out.statusCode()).isEqualTo(303);
    WebUser reuse = server.user();
    reuse.cookie("wijkportaal_sessie", session);
    HttpResponse<String> start = reuse.get("/start");
    assertThat(start.statusCode()).isEqualTo(302);
    assertThat(start.headers().firstValue("location").orElse("")).startsWith("/login");
  }

  @Test
  void a_session_older_than_the_absolute_limit_ends_whatever_its_activity() {
    WebUser tom = Staff.signIn(server, CLOCK, "teamleider");
    assertThat(tom.get("/start").statusCode()).isEqualTo(200);
    CLOCK.advance(Duration.ofHours(10).plusMinutes(1));
    HttpResponse<String> later = tom.get("/start");
    assertThat(later.statusCode()).isEqualTo(302);
    assertThat(later.headers().firstValue("location").orElse("")).startsWith("/login");
  }

  @Test
  void an_anonymous_visitor_is_sent_to_login_and_a_melder_may_not_open_beheer() {
    HttpResponse<String> anonymous = server.user().get("/beheer");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("location")).hasValue("/login?terug=%2Fbeheer");

    WebUser inge = Staff.signIn(server, CLOCK, "school");
    HttpResponse<String> forbidden = inge.get("/beheer");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).contains("Dat mag helaas niet");
  }

  /**
   * Visits {@code loginPath} first, then signs in {@code login}; answers the code step's response.
   */
  private static HttpResponse<String> signInAfterVisiting(String loginPath, String login) {
    CLOCK.advance(Duration.ofSeconds(31));
    WebUser user = server.user();
    assertThat(user.get(loginPath).statusCode()).as(loginPath).isEqualTo(200);
    assertThat(Staff.submitPassword(user, Staff.email(login), Staff.PASSWORD).statusCode())
        .isEqualTo(303);
    return Staff.submitCode(user, Staff.code(Staff.TOTP_SECRET, CLOCK));
  }

  @Test
  void a_return_address_off_this_site_is_ignored_and_sign_in_lands_where_the_role_starts() {
    for (String terug :
        List.of(
            "/%5Cevil.example",
            "/%09/evil.example",
            "/%0D%0ASet-Cookie:%20x=1",
            "//evil.example",
            "https://evil.example",
            "/%20evil")) {
      HttpResponse<String> signedIn = signInAfterVisiting("/login?terug=" + terug, "triage");
      assertThat(signedIn.statusCode()).as(terug).isEqualTo(303);
      assertThat(signedIn.headers().firstValue("location"))
          .as(terug + ": triage starts in the inbox")
          .hasValue("/inbox");
    }
    HttpResponse<String> local =
        signInAfterVisiting("/login?terug=%2Fbeheer%2Faudit%3Factie%3Dlogin.", "beheerder");
    assertThat(local.headers().firstValue("location"))
        .as("a path on this site is kept")
        .hasValue("/beheer/audit?actie=login.");
  }

  @Test
  void control_characters_in_the_sign_in_form_get_the_ordinary_answer_not_a_server_error() {
    HttpResponse<String> name =
        Staff.submitPassword(
            server.user(), "a\u0000b@demo.wijkportaal.nl", "niet-het-goede-wachtwoord");
    assertThat(name.statusCode()).isEqualTo(400);
    assertThat(name.body()).contains("Het e-mailadres of het wachtwoord klopt niet");
    HttpResponse<String> password =
        Staff.submitPassword(server.user(), Staff.email("chat"), "wacht\u0000woord");
    assertThat(password.statusCode()).isEqualTo(400);
    assertThat(password.body())
        .contains("Het e-mailadres of het wachtwoord klopt niet")
        .doesNotContain("Vul je wachtwoord in");
    HttpResponse<String> tab =
        Staff.submitPassword(server.user(), "chat\t@demo.wijkportaal.nl", Staff.PASSWORD);
    assertThat(tab.statusCode()).isEqualTo(400);
  }

  @Test
  void too_many_attempts_from_one_address_get_429_with_a_retry_after_header() {
    try (TestServer strict =
        TestServer.start(Map.of("WIJKPORTAAL_LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "2"), CLOCK)) {
      HttpResponse<String> last = null;
      for (int i = 0; i < 3; i++) {
        last =
            Staff.submitPassword(
                strict.user(), "niemand@demo.wijkportaal.nl", "fout-wachtwoord-" + i);
      }
      assertThat(last.statusCode()).isEqualTo(429);
      assertThat(last.headers().firstValue("Retry-After")).isPresent();
      assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()))
          .isPositive();
    }
  }

  @Test
  void sign_ins_and_failures_are_in_the_audit_log_for_the_beheerder() {
    Staff.submitPassword(server.user(), Staff.email("chat"), "fout-voor-de-audit");
    Staff.signIn(server, CLOCK, "triage");
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    HttpResponse<String> log = bart.get("/beheer/audit?actie=login.");
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.body())
        .contains("login.success")
        .contains("Tessa Jansen")
        .contains("login.failure")
        .contains("127.0.0.1");
  }
}
