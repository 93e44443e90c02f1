package nl.wijkportaal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.Await;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A beheerder invites people, changes their access and creates API clients; invitees take it from
 * there.
 */
class AdministrationTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static final Pattern LINK =
      Pattern.compile("/account/activeren\\?token(?:=|&#x3D;)([A-Za-z0-9_-]+)");
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  private static String organisationId(String name) {
    return server
        .app()
        .pool()
        .preparedQuery("SELECT id FROM organisation WHERE name = $1")
        .execute(Tuple.of(name))
        .await()
        .iterator()
        .next()
        .getUUID(0)
        .toString();
  }

  private static String accountId(String email) {
    return server
        .app()
        .pool()
        .preparedQuery("SELECT id FROM account WHERE email = $1")
        .execute(Tuple.of(email))
        .await()
        .iterator()
        .next()
        .getUUID(0)
        .toString();
  }

  /**
   * The newest invitation link in the demo mailbox for {@code email}, as the invitee would click
   * it.
   */
  private static String invitationToken(WebUser beheerder, String email)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String mailbox = beheerder.get("/beheer/demo-mailbox").body();
      int at = mailbox.indexOf(email);
      if (at >= 0) {
        Matcher m = LINK.matcher(mailbox.substring(at));
        if (m.find()) {
          return m.group(1);
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no invitation for " + email + " arrived in the demo mailbox");
  }

  private static List<Map.Entry<String, String>> form(WebUser user, String... pairs) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.add(Map.entry(pairs[i], pairs[i + 1]));
    }
    fields.add(Map.entry("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN")));
    return fields;
  }

  @Test
  void an_invited_melder_sets_a_password_enrols_two_factor_and_later_signs_in_with_a_recovery_code()
      throws Exception {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String school = organisationId("OBS De Regenboog");
    bart.get("/beheer/organisaties/" + school);
    HttpResponse<String> invited =
        bart.postForm(
            "/beheer/organisaties/" + school + "/accounts",
            form(
                bart,
                "name",
                "Mirjam Hoekstra",
                "email",
                "Mirjam.Hoekstra@regenboog.example",
                "roles",
                "melder"));
    assertThat(invited.statusCode()).as(invited.body()).isEqualTo(303);

    String token = invitationToken(bart, "mirjam.hoekstra@regenboog.example");
    assertThat(bart.get("/beheer/demo-mailbox").body())
        .contains("Je account voor het wijkportaal / Your wijkportaal account")
        .contains("Beste Mirjam Hoekstra")
        .contains("Dear Mirjam Hoekstra")
        .contains("72 uur geldig");
    WebUser mirjam = server.user();
    HttpResponse<String> page = mirjam.get("/account/activeren?token=" + token);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("mirjam.hoekstra@regenboog.example");

    HttpResponse<String> weak =
        mirjam.postForm(
            "/account/activeren",
            form(
                mirjam,
                "token",
                token,
                "password",
                "wachtwoord123",
                "passwordRepeat",
                "wachtwoord123"));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.body()).contains("Dit wachtwoord wordt te vaak gebruikt");

    String password = "zeven groene kikkers springen";
    HttpResponse<String> set =
        mirjam.postForm(
            "/account/activeren",
            form(mirjam, "token", token, "password", password, "passwordRepeat", password));
    assertThat(set.statusCode()).isEqualTo(303);
    assertThat(set.headers().firstValue("location")).hasValue("/login/2fa/instellen");

    HttpResponse<String> enrol = mirjam.get("/login/2fa/instellen");
    assertThat(enrol.body()).contains("src=\"data:image/png;base64,");
    Matcher secretMatch = Pattern.compile("<code>([A-Z2-7 ]{20,})</code>").matcher(enrol.body());
    assertThat(secretMatch.find()).isTrue();
    String secret = secretMatch.group(1).replace(" ", "");
    HttpResponse<String> empty = mirjam.postForm("/login/2fa/instellen", form(mirjam, "code", ""));
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("Vul de code in").doesNotContain("Deze code klopt niet");
    HttpResponse<String> enrolled =
        mirjam.postForm("/login/2fa/instellen", form(mirjam, "code", Staff.code(secret, CLOCK)));
    assertThat(enrolled.statusCode()).isEqualTo(303);
    assertThat(enrolled.headers().firstValue("location")).hasValue("/login/2fa/herstelcodes");

    // Finishing enrolment is a sign-in like any other.
    String mirjamId = accountId("mirjam.hoekstra@regenboog.example");
    assertThat(
            server
                .app()
                .pool()
                .preparedQuery("SELECT last_login_at FROM account WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(mirjamId)))
                .await()
                .iterator()
                .next()
                .getValue(0))
        .isNotNull();
    assertThat(
            server
                .app()
                .pool()
                .preparedQuery(
                    "SELECT count(*) FROM audit_log WHERE action = 'login.success' AND object_id = $1")
                .execute(Tuple.of(mirjamId))
                .await()
                .iterator()
                .next()
                .getLong(0))
        .isEqualTo(1);
    assertThat(mirjam.get("/start").body())
        .contains("Welkom, Mirjam Hoekstra")
        .contains("OBS De Regenboog");

    // The codes are shown once, on a page of their own (post/redirect/get)...
    HttpResponse<String> codes = mirjam.get("/login/2fa/herstelcodes");
    assertThat(codes.statusCode()).isEqualTo(200);
    Matcher recovery =
        Pattern.compile("<li><code>([a-z0-9-]{19})</code></li>").matcher(codes.body());
    List<String> recoveryCodes = new ArrayList<>();
    while (recovery.find()) {
      recoveryCodes.add(recovery.group(1));
    }
    assertThat(recoveryCodes).hasSize(10);
    HttpResponse<String> twice = mirjam.get("/login/2fa/herstelcodes");
    assertThat(twice.statusCode()).as("shown once").isEqualTo(303);
    assertThat(twice.headers().firstValue("location")).hasValue("/start");

    assertThat(mirjam.get("/account/activeren?token=" + token).statusCode())
        .as("the link works once")
        .isEqualTo(404);

    // ...so the sign-out form on that page carries a CSRF token of the new session and works.
    Matcher csrf =
        Pattern.compile("name=\"X-XSRF-TOKEN\" value=\"([^\"]+)\"").matcher(codes.body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> out =
        mirjam.postForm("/logout", List.of(Map.entry("X-XSRF-TOKEN", unescape(csrf.group(1)))));
    assertThat(out.statusCode()).as(out.body()).isEqualTo(303);
    assertThat(mirjam.get("/start").statusCode()).isEqualTo(302);

    // Phone lost: a recovery code signs her in, once, and the start page says how many are left.
    WebUser later = server.user();
    assertThat(
            Staff.submitPassword(later, "mirjam.hoekstra@regenboog.example", password).statusCode())
        .isEqualTo(303);
    HttpResponse<String> withRecovery = Staff.submitCode(later, recoveryCodes.get(0));
    assertThat(withRecovery.statusCode()).isEqualTo(303);
    assertThat(withRecovery.headers().firstValue("location")).hasValue("/start");
    assertThat(later.get("/start").body()).contains("Je hebt nog 9 herstelcodes over");
    assertThat(later.get("/start").body()).as("said once").doesNotContain("herstelcodes over");
    WebUser again = server.user();
    Staff.submitPassword(again, "mirjam.hoekstra@regenboog.example", password);
    assertThat(Staff.submitCode(again, recoveryCodes.get(0)).statusCode())
        .as("a recovery code works once")
        .isEqualTo(400);

    // With the last code gone she is told to ask the beheerder for a new second factor.
    server
        .app()
        .pool()
        .preparedQuery(
            "UPDATE recovery_code SET used_at = now() WHERE account_id = $1 AND used_at IS NULL AND code_hash <> $2")
        .execute(
            Tuple.of(
                UUID.fromString(mirjamId),
                Secrets.sha256(TwoFactor.normaliseRecoveryCode(recoveryCodes.get(1)))))
        .await();
    WebUser last = server.user();
    assertThat(
            Staff.submitPassword(last, "mirjam.hoekstra@regenboog.example", password).statusCode())
        .isEqualTo(303);
    assertThat(Staff.submitCode(last, recoveryCodes.get(1)).statusCode()).isEqualTo(303);
    assertThat(last.get("/start").body())
        .contains("geen herstelcodes meer")
        .contains("Vraag de beheerder");
  }

  private static String unescape(String html) {
    return html.replace("&#x3D;", "=")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
  }

  private static String version(WebUser user, String accountId) {
    Matcher version =
        Pattern.compile("name=\"version\" value=\"(\\d+)\"")
            .matcher(user.get("/beheer/accounts/" + accountId).body());
    assertThat(version.find()).isTrue();
    return version.group(1);
  }

  @Test
  void a_signed_in_melder_whose_two_factor_is_reset_is_signed_out_at_once() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    WebUser samira = Staff.signIn(server, CLOCK, "huisarts");
    assertThat(samira.get("/start").statusCode()).isEqualTo(200);
    String huisarts = accountId("huisarts@demo.wijkportaal.nl");
    bart.get("/beheer/accounts/" + huisarts);
    HttpResponse<String> reset =
        bart.postForm("/beheer/accounts/" + huisarts + "/2fa-reset", form(bart));
    assertThat(reset.statusCode()).isEqualTo(303);
    assertThat(bart.get(reset.headers().firstValue("location").orElseThrow()).body())
        .contains("De tweestapsverificatie is uitgezet")
        .doesNotContain("Opgeslagen.");
    HttpResponse<String> start = samira.get("/start");
    assertThat(start.statusCode()).as("her open session ends at once").isEqualTo(302);
    assertThat(start.headers().firstValue("location").orElse("")).startsWith("/login");
    assertThat(bart.get("/start").statusCode())
        .as("the beheerder's own session goes on")
        .isEqualTo(200);
  }

  @Test
  void
      unknown_or_repeated_wijkteams_are_a_form_error_or_counted_once_and_a_refused_form_keeps_what_was_ticked() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String swt = organisationId("Sociaal Wijkteam Voorbeeldstad");
    bart.get("/beheer/organisaties/" + swt);

    HttpResponse<String> noRole =
        bart.postForm(
            "/beheer/organisaties/" + swt + "/accounts",
            form(bart, "name", "Wim Wijk", "email", "wim@swt.example", "wijkteams", "noord"));
    assertThat(noRole.statusCode()).isEqualTo(400);
    assertThat(noRole.body())
        .contains("Kies minstens één rol")
        .contains("id=\"roles\" aria-describedby=\"roles-error\"")
        .contains("id=\"roles-error\"");

    HttpResponse<String> unknown =
        bart.postForm(
            "/beheer/organisaties/" + swt + "/accounts",
            form(
                bart,
                "name",
                "Wim Wijk",
                "email",
                "wim@swt.example",
                "roles",
                "triage",
                "roles",
                "chat",
                "wijkteams",
                "noord",
                "wijkteams",
                "nergens"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body())
        .contains("Kies alleen wijkteams uit de lijst")
        .contains("href=\"#wijkteams\"")
        .contains("id=\"wijkteams\" aria-describedby=\"wijkteams-error\"")
        .contains("id=\"wijkteams-error\"")
        .contains("value=\"Wim Wijk\"")
        .contains("id=\"role-triage\" name=\"roles\" value=\"triage\" checked")
        .contains("id=\"role-chat\" name=\"roles\" value=\"chat\" checked")
        .contains("id=\"wijkteam-noord\" name=\"wijkteams\" value=\"noord\" checked")
        .doesNotContain("value=\"teamleider\" checked");

    HttpResponse<String> repeated =
        bart.postForm(
            "/beheer/organisaties/" + swt + "/accounts",
            form(
                bart,
                "name",
                "Wim Wijk",
                "email",
                "wim@swt.example",
                "roles",
                "triage",
                "roles",
                "triage",
                "wijkteams",
                "noord",
                "wijkteams",
                "noord"));
    assertThat(repeated.statusCode()).as(repeated.body()).isEqualTo(303);
    assertThat(bart.get(repeated.headers().firstValue("location").orElseThrow()).body())
        .contains("De uitnodiging is verstuurd naar wim@swt.example");

    String wim = accountId("wim@swt.example");
    String v = version(bart, wim);
    HttpResponse<String> refused =
        bart.postForm(
            "/beheer/accounts/" + wim + "/toegang",
            form(
                bart,
                "version",
                v,
                "roles",
                "teamleider",
                "wijkteams",
                "zuid",
                "wijkteams",
                "atlantis"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("Kies alleen wijkteams uit de lijst")
        .contains("value=\"teamleider\" checked")
        .contains("value=\"zuid\" checked")
        .doesNotContain("value=\"triage\" checked")
        .doesNotContain("value=\"noord\" checked");

    HttpResponse<String> changed =
        bart.postForm(
            "/beheer/accounts/" + wim + "/toegang",
            form(
                bart,
                "version",
                v,
                "roles",
                "teamleider",
                "wijkteams",
                "zuid",
                "wijkteams",
                "zuid"));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
    assertThat(bart.get(changed.headers().firstValue("location").orElseThrow()).body())
        .contains("De rollen en wijkteams van Wim Wijk zijn opgeslagen")
        .contains("value=\"zuid\" checked");

    // A beheerder who changes their own roles stays signed in.
    String me = accountId("beheerder@demo.wijkportaal.nl");
    HttpResponse<String> own =
        bart.postForm(
            "/beheer/accounts/" + me + "/toegang",
            form(bart, "version", version(bart, me), "roles", "beheerder", "roles", "redacteur"));
    assertThat(own.statusCode()).isEqualTo(303);
    assertThat(bart.get("/start").statusCode()).isEqualTo(200);
    assertThat(
            bart.postForm(
                    "/beheer/accounts/" + me + "/toegang",
                    form(bart, "version", version(bart, me), "roles", "beheerder"))
                .statusCode())
        .isEqualTo(303);
  }

  @Test
  void odd_input_gets_a_form_error_or_is_ignored_never_a_server_error() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    bart.get("/beheer");
    HttpResponse<String> nul =
        bart.postForm(
            "/beheer/organisaties", form(bart, "name", "Zorg\u0000groep", "kind", "welzijn"));
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(nul.body())
        .contains("Hier staat een teken dat niet kan")
        .contains("<option value=\"welzijn\" selected>");
    HttpResponse<String> noName =
        bart.postForm("/beheer/organisaties", form(bart, "name", "", "kind", "school"));
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.body())
        .contains("Vul een naam in")
        .contains("<option value=\"school\" selected>");
    assertThat(
            bart.postForm(
                    "/beheer/wijkteams", form(bart, "code", "oost\u0000", "wijkteamName", "Oost"))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            bart.postForm(
                    "/beheer/api-clients/demo%00school/status", form(bart, "status", "actief"))
                .statusCode())
        .isEqualTo(404);

    HttpResponse<String> saved =
        bart.postForm(
            "/beheer/wijkteams", form(bart, "code", "west", "wijkteamName", "Wijkteam West"));
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(bart.get(saved.headers().firstValue("location").orElseThrow()).body())
        .contains("Het wijkteam is opgeslagen.");

    // Deactivating yourself: the error summary links to the button that did it.
    String me = accountId("beheerder@demo.wijkportaal.nl");
    HttpResponse<String> own =
        bart.postForm(
            "/beheer/accounts/" + me + "/status",
            form(bart, "version", version(bart, me), "status", "inactief"));
    assertThat(own.statusCode()).isEqualTo(400);
    assertThat(own.body())
        .contains("Je kunt je eigen account niet deactiveren")
        .contains("href=\"#active\"")
        .contains("id=\"active\"");

    for (String page : List.of("42949674", "99999999999999999999999", "-5", "twee")) {
      assertThat(bart.get("/beheer/audit?pagina=" + page).statusCode())
          .as("pagina=" + page)
          .isEqualTo(200);
    }
    assertThat(bart.get("/beheer/audit?actie=%00").statusCode()).isEqualTo(200);
    String second = unescape(bart.get("/beheer/audit?actie=a%26b%3Dc&pagina=2").body());
    assertThat(second).contains("href=\"/beheer/audit?actie=a%26b%3Dc&pagina=1\"");
  }

  @Test
  void a_new_wijkteam_becomes_a_choice_for_swt_staff() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    bart.get("/beheer");
    HttpResponse<String> bad =
        bart.postForm(
            "/beheer/wijkteams",
            form(bart, "code", "Centrum Oost!", "wijkteamName", "Wijkteam Centrum"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("Vul een code in van kleine letters");
    assertThat(
            bart.postForm(
                    "/beheer/wijkteams",
                    form(bart, "code", "centrum", "wijkteamName", "Wijkteam Centrum"))
                .statusCode())
        .isEqualTo(303);
    String swt = organisationId("Sociaal Wijkteam Voorbeeldstad");
    assertThat(bart.get("/beheer/organisaties/" + swt).body())
        .contains("id=\"wijkteam-centrum\"")
        .contains("Wijkteam Centrum");
  }

  @Test
  void partner_staff_can_only_be_melders_and_swt_staff_cannot_be() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String gp = organisationId("Huisartsenpraktijk Het Plein");
    bart.get("/beheer/organisaties/" + gp);
    HttpResponse<String> wrong =
        bart.postForm(
            "/beheer/organisaties/" + gp + "/accounts",
            form(
                bart, "name", "Dokter Jansen", "email", "jansen@plein.example", "roles", "triage"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body())
        .contains("kunnen alleen melder zijn")
        .contains("value=\"Dokter Jansen\"");
  }

  @Test
  void a_stale_edit_of_roles_gets_a_conflict_not_a_silent_overwrite_and_the_change_is_audited() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String chat = accountId("chat@demo.wijkportaal.nl");
    String page = bart.get("/beheer/accounts/" + chat).body();
    Matcher version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
    assertThat(version.find()).isTrue();
    String v = version.group(1);

    HttpResponse<String> first =
        bart.postForm(
            "/beheer/accounts/" + chat + "/toegang",
            form(bart, "version", v, "roles", "chat", "roles", "triage", "wijkteams", "noord"));
    assertThat(first.statusCode()).isEqualTo(303);
    bart.get("/beheer/accounts/" + chat);
    HttpResponse<String> stale =
        bart.postForm(
            "/beheer/accounts/" + chat + "/toegang",
            form(bart, "version", v, "roles", "chat", "wijkteams", "zuid"));
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains("Iemand anders was je voor");

    String now = bart.get("/beheer/accounts/" + chat).body();
    assertThat(now)
        .contains("id=\"role-triage\" name=\"roles\" value=\"triage\" checked")
        .contains("id=\"wijkteam-noord\" name=\"wijkteams\" value=\"noord\" checked");
    assertThat(bart.get("/beheer/audit?actie=account.roles_changed").body())
        .contains("account.roles_changed")
        .contains("Bart Smit");
  }

  @Test
  void a_deactivated_account_cannot_sign_in_and_a_reset_second_factor_must_be_enrolled_again() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String corporatie = accountId("corporatie@demo.wijkportaal.nl");
    WebUser peter = Staff.signIn(server, CLOCK, "corporatie");

    String page = bart.get("/beheer/accounts/" + corporatie).body();
    Matcher version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
    version.find();
    HttpResponse<String> deactivated =
        bart.postForm(
            "/beheer/accounts/" + corporatie + "/status",
            form(bart, "version", version.group(1), "status", "inactief"));
    assertThat(deactivated.statusCode()).isEqualTo(303);
    assertThat(bart.get(deactivated.headers().firstValue("location").orElseThrow()).body())
        .contains(
            "Het account is gedeactiveerd. Peter de Vries (huismeester) kan niet meer inloggen.");
    assertThat(peter.get("/start").statusCode()).as("his open session ends at once").isEqualTo(302);
    assertThat(
            Staff.submitPassword(server.user(), "corporatie@demo.wijkportaal.nl", Staff.PASSWORD)
                .statusCode())
        .isEqualTo(400);

    page = bart.get("/beheer/accounts/" + corporatie).body();
    version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
    version.find();
    bart.postForm(
        "/beheer/accounts/" + corporatie + "/status",
        form(bart, "version", version.group(1), "status", "actief"));
    bart.get("/beheer/accounts/" + corporatie);
    assertThat(
            bart.postForm("/beheer/accounts/" + corporatie + "/2fa-reset", form(bart)).statusCode())
        .isEqualTo(303);
    HttpResponse<String> password =
        Staff.submitPassword(server.user(), "corporatie@demo.wijkportaal.nl", Staff.PASSWORD);
    assertThat(password.headers().firstValue("location")).hasValue("/login/2fa/instellen");
  }

  @Test
  void a_change_made_outside_this_node_ends_an_open_session_or_takes_a_role_away_too() {
    // Another node, a job or a statement by hand: the change reaches this node only as
    // PostgreSQL's notice, and the account this node keeps for the open session must go.
    WebUser peter = Staff.signIn(server, CLOCK, "corporatie");
    assertThat(peter.get("/start").statusCode()).isEqualTo(200);
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    assertThat(tessa.get("/inbox").statusCode()).isEqualTo(200);
    try {
      sql("UPDATE account SET active = false WHERE email = $1", "corporatie@demo.wijkportaal.nl");
      Await.until(
          "the deactivated account's session ends",
          Await.DEADLINE,
          () -> peter.get("/start").statusCode() == 302);
      sql(
          "DELETE FROM account_role WHERE role = 'triage' AND account_id = (SELECT id FROM account WHERE email = $1)",
          Staff.email("triage"));
      Await.until(
          "the inbox is closed to her",
          Await.DEADLINE,
          () -> tessa.get("/inbox").statusCode() == 403);
    } finally {
      sql("UPDATE account SET active = true WHERE email = $1", "corporatie@demo.wijkportaal.nl");
      sql(
          "INSERT INTO account_role (account_id, role) SELECT id, 'triage' FROM account WHERE email = $1",
          Staff.email("triage"));
    }
  }

  private static void sql(String statement, String parameter) {
    Await.await(server.app().pool().preparedQuery(statement).execute(Tuple.of(parameter)));
  }

  @Test
  void a_new_api_client_shows_its_secret_once_and_that_secret_gets_a_token() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String school = organisationId("OBS De Regenboog");
    bart.get("/beheer/organisaties/" + school);
    HttpResponse<String> created =
        bart.postForm(
            "/beheer/organisaties/" + school + "/api-clients",
            form(bart, "clientName", "Leerlingvolgsysteem"));
    assertThat(created.statusCode()).isEqualTo(201);
    Matcher id =
        Pattern.compile("<dt>client_id</dt><dd><code>([^<]+)</code>").matcher(created.body());
    Matcher secret =
        Pattern.compile("<code class=\"secret\">([^<]+)</code>").matcher(created.body());
    assertThat(id.find()).isTrue();
    assertThat(secret.find()).isTrue();
    assertThat(bart.get("/beheer/organisaties/" + school).body())
        .contains(id.group(1))
        .doesNotContain(secret.group(1));

    HttpResponse<String> token =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    id.group(1),
                    "client_secret",
                    secret.group(1)));
    assertThat(token.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(token.body()).getString("access_token")).isNotBlank();
    assertThat(bart.get("/beheer/audit?actie=api_client.created").body())
        .contains("api_client.created");
  }

  @Test
  void a_new_real_installation_prints_a_one_time_setup_link_for_the_first_administrator() {
    Logger logger = (Logger) LoggerFactory.getLogger(ActivationService.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    TestClock clock = TestClock.startingNow();
    try (TestServer fresh =
        TestServer.on(TestDatabase.fresh(), Map.of("WIJKPORTAAL_DEMO", "false"), clock)) {
      String line =
          log.list.stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.contains("/setup?token="))
              .findFirst()
              .orElseThrow();
      String token = line.substring(line.indexOf("token=") + 6).trim();
      WebUser admin = fresh.user();
      assertThat(admin.get("/setup?token=" + token).statusCode()).isEqualTo(200);
      String password = "een lang en eigen wachtwoord";
      HttpResponse<String> created =
          admin.postForm(
              "/setup",
              form(
                  admin,
                  "token",
                  token,
                  "organisation",
                  "Sociaal Wijkteam Zwolle",
                  "name",
                  "Anna Beheer",
                  "email",
                  "anna@zwolle.example",
                  "password",
                  password,
                  "passwordRepeat",
                  password));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
      assertThat(created.headers().firstValue("location")).hasValue("/login/2fa/instellen");
      assertThat(fresh.user().get("/setup?token=" + token).statusCode())
          .as("the link works once")
          .isEqualTo(404);
      long demoAccounts =
          fresh
              .app()
              .pool()
              .query("SELECT count(*) FROM account WHERE email LIKE '%@demo.wijkportaal.nl'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertThat(demoAccounts).as("no demo accounts, no default password").isZero();
    } finally {
      logger.detachAppender(log);
    }
  }
}
