package nl.wijkportaal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A beheerder invites people, changes their access and creates API clients; invitees take it from there. */
class AdministrationTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static final Pattern LINK = Pattern.compile("/account/activeren\\?token(?:=|&#x3D;)([A-Za-z0-9_-]+)");
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of(), CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String organisationId(String name) {
    return server.app().pool().preparedQuery("SELECT id FROM organisation WHERE name = $1")
        .execute(io.vertx.sqlclient.Tuple.of(name)).await().iterator().next().getUUID(0).toString();
  }

  private static String accountId(String email) {
    return server.app().pool().preparedQuery("SELECT id FROM account WHERE email = $1")
        .execute(io.vertx.sqlclient.Tuple.of(email)).await().iterator().next().getUUID(0).toString();
  }

  /** The newest invitation link in the demo mailbox for {@code email}, as the invitee would click it. */
  private static String invitationToken(WebUser beheerder, String email) throws InterruptedException {
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
  void an_invited_melder_sets_a_password_enrols_two_factor_and_later_signs_in_with_a_recovery_code() throws Exception {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String school = organisationId("OBS De Regenboog");
    bart.get("/beheer/organisaties/" + school);
    HttpResponse<String> invited = bart.postForm("/beheer/organisaties/" + school + "/accounts",
        form(bart, "name", "Mirjam Hoekstra", "email", "Mirjam.Hoekstra@regenboog.example", "roles", "melder"));
    assertThat(invited.statusCode()).as(invited.body()).isEqualTo(303);

    String token = invitationToken(bart, "mirjam.hoekstra@regenboog.example");
    WebUser mirjam = server.user();
    HttpResponse<String> page = mirjam.get("/account/activeren?token=" + token);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("mirjam.hoekstra@regenboog.example");

    HttpResponse<String> weak = mirjam.postForm("/account/activeren",
        form(mirjam, "token", token, "password", "wachtwoord123", "passwordRepeat", "wachtwoord123"));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.body()).contains("Dit wachtwoord wordt te vaak gebruikt");

    String password = "zeven groene kikkers springen";
    HttpResponse<String> set = mirjam.postForm("/account/activeren",
        form(mirjam, "token", token, "password", password, "passwordRepeat", password));
    assertThat(set.statusCode()).isEqualTo(303);
    assertThat(set.headers().firstValue("location")).hasValue("/login/2fa/instellen");

    HttpResponse<String> enrol = mirjam.get("/login/2fa/instellen");
    assertThat(enrol.body()).contains("src=\"data:image/png;base64,");
    Matcher secretMatch = Pattern.compile("<code>([A-Z2-7 ]{20,})</code>").matcher(enrol.body());
    assertThat(secretMatch.find()).isTrue();
    String secret = secretMatch.group(1).replace(" ", "");
    HttpResponse<String> codes = mirjam.postForm("/login/2fa/instellen", form(mirjam, "code", Staff.code(secret, CLOCK)));
    assertThat(codes.statusCode()).isEqualTo(200);
    Matcher recovery = Pattern.compile("<li><code>([a-z0-9-]{19})</code></li>").matcher(codes.body());
    List<String> recoveryCodes = new ArrayList<>();
    while (recovery.find()) {
      recoveryCodes.add(recovery.group(1));
    }
    assertThat(recoveryCodes).hasSize(10);
    assertThat(mirjam.get("/start").body()).contains("Welkom, Mirjam Hoekstra").contains("OBS De Regenboog");

    assertThat(mirjam.get("/account/activeren?token=" + token).statusCode()).as("the link works once").isEqualTo(404);

    // Phone lost: a recovery code signs her in, once.
    WebUser later = server.user();
    assertThat(Staff.submitPassword(later, "mirjam.hoekstra@regenboog.example", password).statusCode()).isEqualTo(303);
    assertThat(Staff.submitCode(later, recoveryCodes.get(0)).statusCode()).isEqualTo(303);
    WebUser again = server.user();
    Staff.submitPassword(again, "mirjam.hoekstra@regenboog.example", password);
    assertThat(Staff.submitCode(again, recoveryCodes.get(0)).statusCode()).as("a recovery code works once").isEqualTo(400);
  }

  @Test
  void a_new_wijkteam_becomes_a_choice_for_swt_staff() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    bart.get("/beheer");
    HttpResponse<String> bad = bart.postForm("/beheer/wijkteams", form(bart, "code", "Centrum Oost!", "wijkteamName", "Wijkteam Centrum"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("Vul een code in van kleine letters");
    assertThat(bart.postForm("/beheer/wijkteams", form(bart, "code", "centrum", "wijkteamName", "Wijkteam Centrum")).statusCode()).isEqualTo(303);
    String swt = organisationId("Sociaal Wijkteam Voorbeeldstad");
    assertThat(bart.get("/beheer/organisaties/" + swt).body()).contains("id=\"wijkteam-centrum\"").contains("Wijkteam Centrum");
  }

  @Test
  void partner_staff_can_only_be_melders_and_swt_staff_cannot_be() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String gp = organisationId("Huisartsenpraktijk Het Plein");
    bart.get("/beheer/organisaties/" + gp);
    HttpResponse<String> wrong = bart.postForm("/beheer/organisaties/" + gp + "/accounts",
        form(bart, "name", "Dokter Jansen", "email", "jansen@plein.example", "roles", "triage"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("kunnen alleen melder zijn").contains("value=\"Dokter Jansen\"");
  }

  @Test
  void a_stale_edit_of_roles_gets_a_conflict_not_a_silent_overwrite_and_the_change_is_audited() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String chat = accountId("chat@demo.wijkportaal.nl");
    String page = bart.get("/beheer/accounts/" + chat).body();
    Matcher version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
    assertThat(version.find()).isTrue();
    String v = version.group(1);

    HttpResponse<String> first = bart.postForm("/beheer/accounts/" + chat + "/toegang",
        form(bart, "version", v, "roles", "chat", "roles", "triage", "wijkteams", "noord"));
    assertThat(first.statusCode()).isEqualTo(303);
    bart.get("/beheer/accounts/" + chat);
    HttpResponse<String> stale = bart.postForm("/beheer/accounts/" + chat + "/toegang",
        form(bart, "version", v, "roles", "chat", "wijkteams", "zuid"));
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains("Iemand anders was je voor");

    String now = bart.get("/beheer/accounts/" + chat).body();
    assertThat(now).contains("id=\"role-triage\" name=\"roles\" value=\"triage\" checked").contains("id=\"wijkteam-noord\" name=\"wijkteams\" value=\"noord\" checked");
    assertThat(bart.get("/beheer/audit?actie=account.roles_changed").body()).contains("account.roles_changed").contains("Bart Smit");
  }

  @Test
  void a_deactivated_account_cannot_sign_in_and_a_reset_second_factor_must_be_enrolled_again() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String corporatie = accountId("corporatie@demo.wijkportaal.nl");
    WebUser peter = Staff.signIn(server, CLOCK, "corporatie");

    String page = bart.get("/beheer/accounts/" + corporatie).body();
    Matcher version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
    version.find();
    assertThat(bart.postForm("/beheer/accounts/" + corporatie + "/status", form(bart, "version", version.group(1), "status", "inactief")).statusCode()).isEqualTo(303);
    assertThat(peter.get("/start").statusCode()).as("his open session ends at once").isEqualTo(302);
    assertThat(Staff.submitPassword(server.user(), "corporatie@demo.wijkportaal.nl", Staff.PASSWORD).statusCode()).isEqualTo(400);

    page = bart.get("/beheer/accounts/" + corporatie).body();
    version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
    version.find();
    bart.postForm("/beheer/accounts/" + corporatie + "/status", form(bart, "version", version.group(1), "status", "actief"));
    bart.get("/beheer/accounts/" + corporatie);
    assertThat(bart.postForm("/beheer/accounts/" + corporatie + "/2fa-reset", form(bart)).statusCode()).isEqualTo(303);
    HttpResponse<String> password = Staff.submitPassword(server.user(), "corporatie@demo.wijkportaal.nl", Staff.PASSWORD);
    assertThat(password.headers().firstValue("location")).hasValue("/login/2fa/instellen");
  }

  @Test
  void a_new_api_client_shows_its_secret_once_and_that_secret_gets_a_token() {
    WebUser bart = Staff.signIn(server, CLOCK, "beheerder");
    String school = organisationId("OBS De Regenboog");
    bart.get("/beheer/organisaties/" + school);
    HttpResponse<String> created = bart.postForm("/beheer/organisaties/" + school + "/api-clients", form(bart, "clientName", "Leerlingvolgsysteem"));
    assertThat(created.statusCode()).isEqualTo(201);
    Matcher id = Pattern.compile("<dt>client_id</dt><dd><code>([^<]+)</code>").matcher(created.body());
    Matcher secret = Pattern.compile("<code class=\"secret\">([^<]+)</code>").matcher(created.body());
    assertThat(id.find()).isTrue();
    assertThat(secret.find()).isTrue();
    assertThat(bart.get("/beheer/organisaties/" + school).body()).contains(id.group(1)).doesNotContain(secret.group(1));

    HttpResponse<String> token = server.user().postForm("/api/v1/token",
        Map.of("grant_type", "client_credentials", "client_id", id.group(1), "client_secret", secret.group(1)));
    assertThat(token.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(token.body()).getString("access_token")).isNotBlank();
    assertThat(bart.get("/beheer/audit?actie=api_client.created").body()).contains("api_client.created");
  }

  @Test
  void a_new_real_installation_prints_a_one_time_setup_link_for_the_first_administrator() {
    Logger logger = (Logger) LoggerFactory.getLogger(ActivationService.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    TestClock clock = TestClock.startingNow();
    try (TestServer fresh = TestServer.on(TestDatabase.fresh(), Map.of("WIJKPORTAAL_DEMO", "false"), clock)) {
      String line = log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("/setup?token=")).findFirst().orElseThrow();
      String token = line.substring(line.indexOf("token=") + 6).trim();
      WebUser admin = fresh.user();
      assertThat(admin.get("/setup?token=" + token).statusCode()).isEqualTo(200);
      String password = "een lang en eigen wachtwoord";
      HttpResponse<String> created = admin.postForm("/setup", form(admin, "token", token, "organisation", "Sociaal Wijkteam Zwolle",
          "name", "Anna Beheer", "email", "anna@zwolle.example", "password", password, "passwordRepeat", password));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
      assertThat(created.headers().firstValue("location")).hasValue("/login/2fa/instellen");
      assertThat(fresh.user().get("/setup?token=" + token).statusCode()).as("the link works once").isEqualTo(404);
      long demoAccounts = fresh.app().pool().query("SELECT count(*) FROM account WHERE email LIKE '%@demo.wijkportaal.nl'")
          .execute().await().iterator().next().getLong(0);
      assertThat(demoAccounts).as("no demo accounts, no default password").isZero();
    } finally {
      logger.detachAppender(log);
    }
  }

}
