package nl.wijkportaal.aanmelding;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resident asks the wijkteam for help without an account, and follows the request by its private
 * link.
 */
class AanmeldingTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static final Pattern REFERENCE =
      Pattern.compile("A-[346789ABCDEFGHJKMNPQRTUVWXY]{4}-[346789ABCDEFGHJKMNPQRTUVWXY]{2}");
  private static final Pattern STATUS_LINK =
      Pattern.compile("href=\"(/aanmelden/status/[A-Za-z0-9_-]+)\"");
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  // ---- a resident's way through the pages

  /**
   * Posts a form with the visitor's current CSRF token; the pairs may repeat a name (checkboxes).
   */
  private static HttpResponse<String> post(WebUser user, String path, String... pairs) {
    if (user.cookie("XSRF-TOKEN") == null) {
      user.get("/aanmelden");
    }
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.add(Map.entry(pairs[i], pairs[i + 1]));
    }
    fields.add(Map.entry("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN")));
    return user.postForm(path, fields);
  }

  /** Opens a page of questions, answers it and returns where it leads. */
  private static String answer(WebUser user, String step, String... pairs) {
    HttpResponse<String> page = user.get("/aanmelden/" + step);
    assertThat(page.statusCode()).as("GET " + step).isEqualTo(200);
    assertThat(page.body()).doesNotContain("??");
    HttpResponse<String> answered = post(user, "/aanmelden/" + step, pairs);
    assertThat(answered.statusCode()).as(step + ": " + answered.body()).isEqualTo(303);
    return answered.headers().firstValue("location").orElseThrow();
  }

  /** A resident's answers; each test changes what it is about. */
  private static final class Answers {
    final Map<String, String[]> byStep = new LinkedHashMap<>();

    Answers(String naam, String postcode) {
      byStep.put("voor-wie", new String[] {"voorWie", "zelf"});
      byStep.put(
          "onderwerp",
          new String[] {"leefgebieden", "financien", "leefgebieden", "sociaal_netwerk"});
      byStep.put(
          "vraag",
          new String[] {
            "vraag",
            "Ik heb schulden en durf de post niet meer open te maken.",
            "wens",
            "Overzicht krijgen",
            "hulp",
            "",
            "urgentie",
            "regulier"
          });
      byStep.put(
          "over-wie",
          new String[] {
            "naam", naam, "geboortedatum", "15-3-1980", "postcode", postcode, "huisnummer", "12a"
          });
      byStep.put(
          "contact",
          new String[] {"telefoon", "06 12345678", "email", mailOf(naam), "voorkeur", "telefoon"});
      byStep.put("gevonden", new String[] {"gevondenVia", "huisarts"});
      byStep.put("privacy", new String[] {"toestemming", "ja"});
    }

    Answers set(String step, String... pairs) {
      byStep.put(step, pairs);
      return this;
    }

    static String mailOf(String naam) {
      return naam.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", ".") + "@bewoner.example";
    }
  }

  /** Answers every page in order, as the redirects lead, up to the check page. */
  private static void fillIn(WebUser user, Answers answers) {
    String at = answer(user, "voor-wie", answers.byStep.get("voor-wie"));
    while (!at.equals("/aanmelden/controleren")) {
      String step = at.substring("/aanmelden/".length());
      assertThat(answers.byStep).as("answers for " + step).containsKey(step);
      at = answer(user, step, answers.byStep.get(step));
    }
  }

  /** Sends the aanmelding from the check page; the answer to the POST. */
  private static HttpResponse<String> send(WebUser user) {
    HttpResponse<String> check = user.get("/aanmelden/controleren");
    assertThat(check.statusCode()).isEqualTo(200);
    return post(user, "/aanmelden", "website", "");
  }

  /** Fills in, sends and returns the receipt page. */
  private static HttpResponse<String> submit(WebUser user, Answers answers) {
    fillIn(user, answers);
    return receive(user);
  }

  /** Sends what is filled in and opens the receipt it leads to. */
  private static HttpResponse<String> receive(WebUser user) {
    HttpResponse<String> sent = send(user);
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
    assertThat(sent.headers().firstValue("location")).hasValue("/aanmelden/ontvangen");
    HttpResponse<String> receipt = user.get("/aanmelden/ontvangen");
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(receipt.body()).doesNotContain("??");
    return receipt;
  }

  private static String reference(HttpResponse<String> receipt) {
    Matcher m = REFERENCE.matcher(receipt.body());
    assertThat(m.find()).as("a reference on the receipt").isTrue();
    return m.group();
  }

  private static String statusLink(HttpResponse<String> receipt) {
    Matcher m = STATUS_LINK.matcher(receipt.body());
    assertThat(m.find()).as("a status link on the receipt").isTrue();
    return m.group(1);
  }

  private static Row item(String referentie) {
    return server
        .app()
        .pool()
        .preparedQuery(
            "SELECT i.*, p.inhoud, p.bewoner_email, p.geboortedatum AS p_geboortedatum, p.adres_sleutel"
                + " FROM inbox_item i JOIN inbox_item_person p ON p.item_id = i.id WHERE i.referentie = $1")
        .execute(Tuple.of(referentie))
        .await()
        .iterator()
        .next();
  }

  private static long itemsNamed(TestServer on, String naam) {
    return on.app()
        .pool()
        .preparedQuery(
            "SELECT count(*) FROM inbox_item_person WHERE inhoud -> 'betrokkene' ->> 'naam' = $1")
        .execute(Tuple.of(naam))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  // ---- scenarios

  @Test
  void a_resident_asks_help_for_themself_and_gets_a_reference_a_due_date_and_a_status_link() {
    WebUser resident = server.user();
    HttpResponse<String> start = resident.get("/aanmelden");
    assertThat(start.statusCode()).isEqualTo(200);
    assertThat(start.body())
        .contains("Hulp vragen aan het wijkteam")
        .contains("href=\"tel:112\"")
        .contains("href=\"/aanmelden/voor-wie\"");

    fillIn(resident, new Answers("Sanne de Vries", "8011 ab"));
    HttpResponse<String> check = resident.get("/aanmelden/controleren");
    assertThat(check.body())
        .contains("Controleer je aanmelding")
        .contains("Sanne de Vries")
        .contains("8011 AB")
        .contains("15-3-1980")
        .contains("12A")
        .contains("Geld en schulden, Contact met anderen, eenzaamheid")
        .contains("Via de huisarts")
        .contains("href=\"/aanmelden/over-wie?terug&#x3D;controleren#postcode\"")
        .contains("name=\"website\"");

    HttpResponse<String> receipt = receive(resident);
    String referentie = reference(receipt);
    Row row = item(referentie);
    String due =
        new ItemDates(new Messages())
            .dateTime(row.getOffsetDateTime("due_at").toInstant(), Locale.forLanguageTag("nl"));
    assertThat(receipt.body())
        .contains("We hebben je aanmelding ontvangen")
        .contains("<p class=\"reference\" id=\"referentie\">" + referentie + "</p>")
        .contains("uiterlijk " + due)
        .contains("sanne.de.vries@bewoner.example")
        .containsPattern(STATUS_LINK.pattern());

    assertThat(row.getString("kanaal")).isEqualTo("aanmelding");
    assertThat(row.getString("voor_wie")).isEqualTo("zelf");
    assertThat(row.getString("wijk")).isEqualTo("midden");
    assertThat(row.getBoolean("buiten_gemeente")).isFalse();
    assertThat(row.getString("urgentie")).isEqualTo("regulier");
    assertThat(row.getString("toestemming")).isEqualTo("ja");
    assertThat(row.getBoolean("betrokkene_geinformeerd")).isTrue();
    assertThat(row.getString("toestemming_tekst_versie")).isEqualTo(Aanmelding.PRIVACY_VERSION);
    assertThat(row.getOffsetDateTime("toestemming_gegeven_at")).isNotNull();
    assertThat(row.getString("gevonden_via")).isEqualTo("huisarts");
    assertThat(row.getString("taal")).isEqualTo("nl");
    assertThat(row.getArrayOfStrings("leefgebieden"))
        .containsExactly("financien", "sociaal_netwerk");
    assertThat(row.getString("bewoner_email")).isEqualTo("sanne.de.vries@bewoner.example");
    assertThat(row.getString("adres_sleutel")).isEqualTo("8011AB|12A");
    assertThat(row.getLocalDate("p_geboortedatum")).hasToString("1980-03-15");
    JsonObject inhoud = (JsonObject) row.getValue("inhoud");
    assertThat(inhoud.getString("vraag"))
        .isEqualTo("Ik heb schulden en durf de post niet meer open te maken.");
    assertThat(inhoud.getString("wens")).isEqualTo("Overzicht krijgen");
    assertThat(inhoud.getJsonObject("contact").getString("voorkeur")).isEqualTo("telefoon");
    assertThat(inhoud.getJsonObject("contact").getString("telefoon")).isEqualTo("06 12345678");

    // The receipt is for one page; the answers are gone from the session.
    assertThat(resident.get("/aanmelden/ontvangen").headers().firstValue("location"))
        .hasValue("/aanmelden");
    assertThat(resident.get("/aanmelden/voor-wie").body()).doesNotContain("checked");
  }

  @Test
  void a_neighbour_asks_help_for_someone_else_and_says_whether_they_know() {
    WebUser neighbour = server.user();
    assertThat(answer(neighbour, "voor-wie", "voorWie", "ander")).isEqualTo("/aanmelden/ander");
    HttpResponse<String> about = neighbour.get("/aanmelden/ander");
    assertThat(about.body())
        .contains("Wie is deze persoon voor jou?")
        .contains("Weet deze persoon dat je ons schrijft?");
    assertThat(answer(neighbour, "ander", "relatie", "buur", "geinformeerd", "nee"))
        .isEqualTo("/aanmelden/onderwerp");
    answer(neighbour, "onderwerp", "leefgebieden", "sociaal_netwerk");
    answer(
        neighbour,
        "vraag",
        "vraag",
        "Mijn buurman komt zijn huis niet meer uit.",
        "urgentie",
        "spoed");
    HttpResponse<String> overWie = neighbour.get("/aanmelden/over-wie");
    assertThat(overWie.body())
        .contains("Over de persoon voor wie je hulp vraagt")
        .contains("Naam van de persoon")
        .contains("autocomplete=\"off\"")
        .doesNotContain("autocomplete=\"name\"");
    answer(
        neighbour,
        "over-wie",
        "naam",
        "Henk Jansen",
        "geboortedatum",
        "",
        "postcode",
        "8021 BC",
        "huisnummer",
        "");
    // Writing for another person: your own name too, and we contact you.
    HttpResponse<String> withoutName =
        post(
            neighbour,
            "/aanmelden/contact",
            "telefoon",
            "038 123 4567",
            "email",
            "",
            "voorkeur",
            "telefoon");
    assertThat(withoutName.statusCode()).isEqualTo(400);
    assertThat(withoutName.body())
        .contains("Vul je eigen naam in")
        .contains("href=\"#eigenNaam\"")
        .contains("value=\"038 123 4567\"");
    answer(
        neighbour,
        "contact",
        "eigenNaam",
        "Fatima El Amrani",
        "telefoon",
        "038 123 4567",
        "email",
        "",
        "voorkeur",
        "telefoon");
    answer(neighbour, "gevonden", "gevondenVia", "familie_vrienden");
    answer(neighbour, "privacy", "toestemming", "ja");
    assertThat(neighbour.get("/aanmelden/controleren").body())
        .contains("Een buur")
        .contains("Fatima El Amrani")
        .contains("Henk Jansen");
    HttpResponse<String> receipt = receive(neighbour);
    assertThat(receipt.body()).contains("Je gaf geen e-mailadres");

    Row row = item(reference(receipt));
    assertThat(row.getString("voor_wie")).isEqualTo("ander");
    assertThat(row.getBoolean("betrokkene_geinformeerd")).isFalse();
    assertThat(row.getString("toestemming")).isEqualTo("niet_gevraagd");
    assertThat(row.getString("wijk")).isEqualTo("noord");
    assertThat(row.getString("bewoner_email")).isNull();
    JsonObject inhoud = (JsonObject) row.getValue("inhoud");
    assertThat(inhoud.getString("relatie")).isEqualTo("buur");
    assertThat(inhoud.getBoolean("betrokkeneGeinformeerd")).isFalse();
    assertThat(inhoud.getJsonObject("betrokkene").getString("naam")).isEqualTo("Henk Jansen");
    assertThat(inhoud.getJsonObject("contact").getString("naam")).isEqualTo("Fatima El Amrani");
  }

  @Test
  void the_receipt_mail_holds_the_reference_and_the_status_link() throws InterruptedException {
    WebUser resident = server.user();
    HttpResponse<String> receipt = submit(resident, new Answers("Mila Bakker", "8031 CD"));
    String referentie = reference(receipt);
    String link = statusLink(receipt);

    WebUser beheerder = Staff.signIn(server, CLOCK, "beheerder");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String mailbox = "";
    while (System.nanoTime() < deadline && !mailbox.contains(referentie)) {
      Thread.sleep(250);
      mailbox = beheerder.get("/beheer/demo-mailbox").body();
    }
    assertThat(mailbox).as("the receipt mail in the demo mailbox").contains(referentie);
    String mail =
        mailbox.substring(
            mailbox.indexOf("We hebben je aanmelding ontvangen (" + referentie + ")"));
    assertThat(mail).contains("mila.bakker@bewoner.example").contains(link);
  }

  @Test
  void the_status_link_shows_the_state_and_sends_no_cache_and_no_referrer() {
    WebUser resident = server.user();
    String link = statusLink(submit(resident, new Answers("Joost Mulder", "8041 DE")));
    HttpResponse<String> status = server.user().get(link);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body())
        .contains("<dd id=\"status\">Ontvangen</dd>")
        .contains("We nemen contact op vóór")
        .contains("Aanmelding intrekken")
        .doesNotContain("??")
        .doesNotContain("Joost Mulder"); // the link shows the state, not the personal data
    assertThat(status.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(status.headers().firstValue("referrer-policy")).hasValue("no-referrer");
  }

  @Test
  void
      the_wijkteams_question_shows_on_the_status_page_and_after_closing_the_resident_can_come_back() {
    WebUser resident = server.user();
    HttpResponse<String> receipt = submit(resident, new Answers("Rik Vos", "8031 CD"));
    String referentie = reference(receipt);
    String link = statusLink(receipt);
    server
        .app()
        .pool()
        .preparedQuery(
            "UPDATE inbox_item SET state = 'wacht_op_informatie', info_requested_from = 'bewoner',"
                + " info_request = 'Op welke dag ben je thuis?' WHERE referentie = $1")
        .execute(Tuple.of(referentie))
        .await();
    assertThat(resident.get(link).body())
        .contains("We hebben een vraag voor je")
        .contains("Op welke dag ben je thuis?");

    assertThat(post(resident, link + "/aanvullen", "aanvulling", "Dinsdag").statusCode())
        .isEqualTo(303);
    assertThat(item(referentie).getString("state"))
        .as("the answer returns the item to its owner")
        .isEqualTo("in_behandeling");
    assertThat(resident.get(link).body()).doesNotContain("Op welke dag ben je thuis?");

    server
        .app()
        .pool()
        .preparedQuery(
            "UPDATE inbox_item SET state = 'afgesloten', closed_at = $2, route = 'informatie_advies' WHERE referentie = $1")
        .execute(Tuple.of(referentie, CLOCK.instant().atOffset(ZoneOffset.UTC)))
        .await();
    assertThat(resident.get(link).body()).contains("Afgerond").contains("Ik heb weer hulp nodig");
    HttpResponse<String> back = post(resident, link + "/heropenen");
    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(resident.get(back.headers().firstValue("location").orElseThrow()).body())
        .contains("Je aanmelding is weer geopend.");
    assertThat(item(referentie).getString("state")).isEqualTo("heropend");
    assertThat(post(resident, link + "/heropenen").statusCode())
        .as("an open request cannot be reopened")
        .isEqualTo(303);
    assertThat(item(referentie).getString("state")).isEqualTo("heropend");
  }

  @Test
  void every_opening_of_the_status_link_is_audited_with_its_item_and_a_wrong_token_with_nothing() {
    HttpResponse<String> receipt = submit(server.user(), new Answers("Sam Veen", "8041 DE"));
    String id = item(reference(receipt)).getUUID("id").toString();
    String link = statusLink(receipt);
    String reads =
        "SELECT count(*) FROM audit_log WHERE action = 'item.status_read'"
            + " AND object_type = 'inbox_item' AND object_id = $1 AND actor_type = 'resident'";
    String all = "SELECT count(*) FROM audit_log WHERE action = 'item.status_read'";
    long before = count(all, Tuple.tuple());
    for (int i = 1; i <= 2; i++) {
      assertThat(server.user().get(link).statusCode()).isEqualTo(200);
      assertThat(count(reads, Tuple.of(id))).isEqualTo(i);
    }
    assertThat(server.user().get(link.substring(0, link.length() - 2) + "xx").statusCode())
        .isEqualTo(404);
    assertThat(count(all, Tuple.tuple())).isEqualTo(before + 2);
  }

  private static long count(String sql, Tuple args) {
    return server
        .app()
        .pool()
        .preparedQuery(sql)
        .execute(args)
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void a_wrong_token_shows_nothing_about_any_item() {
    submit(server.user(), new Answers("Eva Smit", "8051 EF"));
    WebUser stranger = server.user();
    for (String token :
        List.of("x", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "a%20b", "a".repeat(500))) {
      HttpResponse<String> page = stranger.get("/aanmelden/status/" + token);
      assertThat(page.statusCode()).as(token).isEqualTo(404);
      assertThat(page.body())
          .doesNotContainPattern(REFERENCE.pattern())
          .doesNotContain("Ontvangen op");
    }
    assertThat(
            post(
                    stranger,
                    "/aanmelden/status/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/aanvullen",
                    "aanvulling",
                    "hallo")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            post(
                    stranger,
                    "/aanmelden/status/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/intrekken",
                    "bevestig",
                    "ja")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void a_resident_withdraws_and_a_second_withdrawal_is_refused_with_a_message() {
    WebUser resident = server.user();
    HttpResponse<String> receipt = submit(resident, new Answers("Bram Visser", "8012 CD"));
    String link = statusLink(receipt);
    resident.get(link);

    HttpResponse<String> unconfirmed = post(resident, link + "/intrekken");
    assertThat(unconfirmed.statusCode()).isEqualTo(400);
    assertThat(unconfirmed.body())
        .contains("Zet een vinkje als je je aanmelding echt wilt intrekken")
        .contains("href=\"#bevestig\"");

    HttpResponse<String> withdrawn = post(resident, link + "/intrekken", "bevestig", "ja");
    assertThat(withdrawn.statusCode()).isEqualTo(303);
    assertThat(withdrawn.headers().firstValue("location")).hasValue(link + "?klaar=ingetrokken");
    HttpResponse<String> after = resident.get(link + "?klaar=ingetrokken");
    assertThat(after.body())
        .contains("<dd id=\"status\">Ingetrokken</dd>")
        .contains("Je aanmelding is ingetrokken")
        .contains("Afgerond op")
        .doesNotContain("name=\"bevestig\"");
    assertThat(item(reference(receipt)).getString("state")).isEqualTo("ingetrokken");

    HttpResponse<String> again = post(resident, link + "/intrekken", "bevestig", "ja");
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("location")).hasValue(link + "?klaar=gesloten");
    assertThat(resident.get(link + "?klaar=gesloten").body())
        .contains("Je aanmelding is al afgerond of ingetrokken");
    assertThat(
            post(resident, link + "/aanvullen", "aanvulling", "Toch nog iets")
                .headers()
                .firstValue("location"))
        .hasValue(link + "?klaar=gesloten");
  }

  @Test
  void information_a_resident_adds_appears_on_the_status_page() {
    WebUser resident = server.user();
    String link = statusLink(submit(resident, new Answers("Noor Hendriks", "8013 EF")));
    resident.get(link);

    HttpResponse<String> empty = post(resident, link + "/aanvullen", "aanvulling", "  ");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body())
        .contains("Schrijf wat je wilt aanvullen")
        .contains("href=\"#aanvulling\"");
    String tooLong = "x".repeat(StatusPages.ADDITION_LENGTH + 1);
    HttpResponse<String> overlong = post(resident, link + "/aanvullen", "aanvulling", tooLong);
    assertThat(overlong.statusCode()).isEqualTo(400);
    assertThat(overlong.body())
        .contains("gebruik niet meer dan 4.000 tekens. Nu zijn het er 4.001")
        .contains(tooLong);

    HttpResponse<String> added =
        post(
            resident,
            link + "/aanvullen",
            "aanvulling",
            "Ik ben ook mijn baan kwijt.\nBel me liever na 15:00.");
    assertThat(added.statusCode()).isEqualTo(303);
    assertThat(added.headers().firstValue("location")).hasValue(link + "?klaar=aangevuld");
    assertThat(resident.get(link + "?klaar=aangevuld").body())
        .contains("We hebben je aanvulling ontvangen")
        .contains("Wat je hebt aangevuld")
        .contains("Ik ben ook mijn baan kwijt.\nBel me liever na 15:00.");
  }

  @Test
  void a_page_with_mistakes_comes_back_with_every_typed_value_and_says_how_to_fix_them() {
    WebUser resident = server.user();
    answer(resident, "voor-wie", "voorWie", "zelf");
    answer(resident, "onderwerp", "leefgebieden", "wonen");
    answer(resident, "vraag", "vraag", "Mijn huis is te klein.", "urgentie", "regulier");
    resident.get("/aanmelden/over-wie");
    HttpResponse<String> wrong =
        post(
            resident,
            "/aanmelden/over-wie",
            "naam",
            "Jan <b>de Boer</b>",
            "geboortedatum",
            "31-2-1980",
            "postcode",
            "80",
            "huisnummer",
            "12");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body())
        .contains("<title>Fout: Over jou")
        .contains("Er is een probleem")
        .contains(
            "<a href=\"#geboortedatum\">Vul een geboortedatum in zoals 15-3-1980, of laat het veld leeg</a>")
        .contains(
            "<a href=\"#postcode\">Vul een postcode in zoals 8011 AB: vier cijfers en twee letters</a>")
        .contains("id=\"postcode-error\"")
        .contains("aria-describedby=\"postcode-hint postcode-why postcode-error\"")
        .contains("aria-invalid=\"true\"")
        .contains("value=\"Jan &lt;b&gt;de Boer&lt;/b&gt;\"")
        .contains("value=\"31-2-1980\"")
        .contains("value=\"80\"")
        .contains("value=\"12\"")
        .doesNotContain("??");

    // Choices are kept too, and a page in English says the same in English.
    resident.get("/aanmelden/contact?taal=en");
    HttpResponse<String> english =
        post(
            resident,
            "/aanmelden/contact",
            "telefoon",
            "",
            "email",
            "not-an-address",
            "voorkeur",
            "email");
    assertThat(english.statusCode()).isEqualTo(400);
    assertThat(english.body())
        .contains("There is a problem")
        .contains("Fill in an e-mail address like name@example.nl")
        .contains("value=\"not-an-address\"")
        .containsPattern("id=\"voorkeur-email\" name=\"voorkeur\" value=\"email\" checked")
        .doesNotContain("??");
    HttpResponse<String> nothing = post(resident, "/aanmelden/contact", "voorkeur", "telefoon");
    assertThat(nothing.body())
        .contains("Fill in a phone number or an e-mail address, so we can reach you")
        .contains("href=\"#telefoon\"");
    resident.get("/?taal=nl");
  }

  @Test
  void bad_input_gets_a_clear_answer_and_never_an_error_page() {
    WebUser resident = server.user();
    assertThat(resident.get("/aanmelden/bestaat-niet").statusCode()).isEqualTo(404);
    assertThat(post(resident, "/aanmelden/bestaat-niet", "x", "y").statusCode()).isEqualTo(404);
    assertThat(post(resident, "/aanmelden/controleren").statusCode()).isEqualTo(404);
    // Without answers: back to the first question, whatever was asked for.
    assertThat(resident.get("/aanmelden/controleren").headers().firstValue("location"))
        .hasValue("/aanmelden/voor-wie?verlopen=1");
    assertThat(resident.get("/aanmelden/voor-wie?verlopen=1").body())
        .contains("We hebben je antwoorden niet meer");
    HttpResponse<String> early = post(resident, "/aanmelden", "website", "");
    assertThat(early.statusCode()).isEqualTo(303);
    assertThat(early.headers().firstValue("location")).hasValue("/aanmelden/voor-wie?verlopen=1");
    assertThat(resident.get("/aanmelden/ontvangen").headers().firstValue("location"))
        .hasValue("/aanmelden");

    resident.get("/aanmelden/voor-wie");
    HttpResponse<String> none = post(resident, "/aanmelden/voor-wie");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body())
        .contains("href=\"#voorWie-zelf\"")
        .contains("Kies of je hulp vraagt voor jezelf of voor iemand anders");
    assertThat(post(resident, "/aanmelden/voor-wie", "voorWie", "iedereen").statusCode())
        .isEqualTo(400);
    assertThat(
            post(resident, "/aanmelden/voor-wie", "voorWie", "zelf", "voorWie", "ander")
                .statusCode())
        .isEqualTo(400);
    answer(resident, "voor-wie", "voorWie", "zelf");
    assertThat(
            post(resident, "/aanmelden/onderwerp", "leefgebieden", "financien\u0000").statusCode())
        .isEqualTo(400);
    answer(resident, "onderwerp", "leefgebieden", "financien");

    HttpResponse<String> nul =
        post(resident, "/aanmelden/vraag", "vraag", "Hulp\u0000 bij geld", "urgentie", "regulier");
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(nul.body())
        .contains("Er stond een teken in dat we niet kunnen lezen")
        .contains(">Hulp bij geld</textarea>");
    String essay = "woord ".repeat(1000);
    HttpResponse<String> overlong =
        post(resident, "/aanmelden/vraag", "vraag", essay, "urgentie", "regulier");
    assertThat(overlong.statusCode()).isEqualTo(400);
    assertThat(overlong.body())
        .contains("gebruik niet meer dan 4.000 tekens")
        .contains(essay.strip() + "</textarea>");
    assertThat(post(resident, "/aanmelden/vraag", "urgentie", "regulier").body())
        .contains("Schrijf in je eigen woorden waar je hulp bij wilt");
    answer(resident, "vraag", "vraag", "Hulp bij geld", "urgentie", "regulier");
    HttpResponse<String> future =
        post(
            resident,
            "/aanmelden/over-wie",
            "naam",
            "Kim",
            "geboortedatum",
            "1-1-2999",
            "postcode",
            "8011AB");
    assertThat(future.body()).contains("Vul een geboortedatum in die al geweest is");
    HttpResponse<String> house =
        post(
            resident,
            "/aanmelden/over-wie",
            "naam",
            "Kim",
            "postcode",
            "8011AB",
            "huisnummer",
            "twaalf");
    assertThat(house.body()).contains("Vul een huisnummer in zoals 12 of 12A");
    // A page not yet reached sends you to the first page still to answer.
    assertThat(resident.get("/aanmelden/privacy").headers().firstValue("location"))
        .hasValue("/aanmelden/over-wie");
    // "ander" is only for someone else.
    assertThat(resident.get("/aanmelden/ander").statusCode()).isEqualTo(303);
  }

  @Test
  void an_answer_changed_from_the_check_page_leads_back_there_through_what_it_opens() {
    WebUser resident = server.user();
    fillIn(resident, new Answers("Lotte Vos", "8014 GH"));
    HttpResponse<String> page = resident.get("/aanmelden/voor-wie?terug=controleren");
    assertThat(page.body())
        .contains("name=\"terug\" value=\"controleren\"")
        .contains("Opslaan en terug naar het overzicht");
    HttpResponse<String> changed =
        post(resident, "/aanmelden/voor-wie", "voorWie", "ander", "terug", "controleren");
    assertThat(changed.headers().firstValue("location"))
        .hasValue("/aanmelden/ander?terug=controleren");
    resident.get("/aanmelden/ander?terug=controleren");
    HttpResponse<String> about =
        post(
            resident,
            "/aanmelden/ander",
            "relatie",
            "familie",
            "geinformeerd",
            "ja",
            "terug",
            "controleren");
    assertThat(about.headers().firstValue("location"))
        .hasValue("/aanmelden/contact?terug=controleren");
    resident.get("/aanmelden/contact?terug=controleren");
    HttpResponse<String> contact =
        post(
            resident,
            "/aanmelden/contact",
            "eigenNaam",
            "Pieter Vos",
            "telefoon",
            "06 87654321",
            "email",
            "",
            "voorkeur",
            "telefoon",
            "terug",
            "controleren");
    assertThat(contact.headers().firstValue("location")).hasValue("/aanmelden/controleren");
    assertThat(resident.get("/aanmelden/controleren").body())
        .contains("Familie")
        .contains("Pieter Vos");

    // Back to "for myself": what was said about another person goes.
    resident.get("/aanmelden/voor-wie?terug=controleren");
    post(resident, "/aanmelden/voor-wie", "voorWie", "zelf", "terug", "controleren");
    assertThat(resident.get("/aanmelden/controleren").body())
        .doesNotContain("Pieter Vos")
        .doesNotContain("Familie");
  }

  @Test
  void a_crisis_shows_the_crisis_numbers_on_the_way_and_on_the_receipt() {
    WebUser resident = server.user();
    assertThat(resident.get("/aanmelden/vraag").headers().firstValue("location"))
        .hasValue("/aanmelden/voor-wie?verlopen=1");
    Answers answers =
        new Answers("Tom Peters", "8015 JK")
            .set(
                "vraag",
                "vraag",
                "Mijn vader is erg in de war en alleen thuis.",
                "urgentie",
                "crisis");
    fillIn(resident, answers);
    assertThat(resident.get("/aanmelden/vraag").body())
        .contains("Is er direct gevaar? Bel meteen")
        .contains("href=\"tel:08000113\"");
    assertThat(resident.get("/aanmelden/controleren").body())
        .contains("Is er direct gevaar? Bel meteen");
    HttpResponse<String> receipt = receive(resident);
    assertThat(receipt.body())
        .contains("Is er direct gevaar? Bel meteen")
        .contains("href=\"tel:112\"");
    assertThat(item(reference(receipt)).getString("urgentie")).isEqualTo("crisis");
  }

  @Test
  void the_question_page_suggests_offers_for_the_chosen_topics_without_blocking() {
    WebUser resident = server.user();
    answer(resident, "voor-wie", "voorWie", "zelf");
    answer(resident, "onderwerp", "leefgebieden", "financien");
    HttpResponse<String> page = resident.get("/aanmelden/vraag");
    assertThat(page.body())
        .contains("Dit kun je misschien ook zelf regelen")
        .containsPattern("href=\"/aanbod/[a-z0-9-]+\"")
        .contains("href=\"/aanbod?leefgebied&#x3D;financien\"")
        .contains("<form method=\"post\" action=\"/aanmelden/vraag\"");
  }

  @Test
  void a_postcode_outside_the_municipality_is_accepted_and_marked_buiten_gemeente() {
    HttpResponse<String> receipt = submit(server.user(), new Answers("Anna Kok", "1012 AB"));
    Row row = item(reference(receipt));
    assertThat(row.getBoolean("buiten_gemeente")).isTrue();
    assertThat(row.getString("wijk")).isNull();
  }

  @Test
  void a_form_filled_in_by_a_robot_gets_a_thank_you_and_nothing_is_stored() {
    WebUser robot = server.user();
    fillIn(robot, new Answers("Spam Bot", "8011 AB"));
    robot.get("/aanmelden/controleren");
    HttpResponse<String> sent = post(robot, "/aanmelden", "website", "http://spam.example");
    assertThat(sent.statusCode()).isEqualTo(303);
    assertThat(sent.headers().firstValue("location")).hasValue("/aanmelden/ontvangen");
    HttpResponse<String> thanks = robot.get("/aanmelden/ontvangen");
    assertThat(thanks.statusCode()).isEqualTo(200);
    assertThat(thanks.body())
        .contains("Bedankt voor je bericht")
        .doesNotContainPattern(REFERENCE.pattern())
        .doesNotContain("/aanmelden/status/");
    assertThat(itemsNamed(server, "Spam Bot")).isZero();
  }

  @Test
  void an_aanmelding_in_english_gets_an_english_receipt() {
    WebUser resident = server.user();
    assertThat(resident.get("/aanmelden?taal=en").body())
        .contains("Ask the neighbourhood team for help");
    HttpResponse<String> receipt = submit(resident, new Answers("Olivia Brown", "8011 AB"));
    Row row = item(reference(receipt));
    String due =
        new ItemDates(new Messages())
            .dateTime(row.getOffsetDateTime("due_at").toInstant(), Locale.ENGLISH);
    assertThat(receipt.body())
        .contains("<html lang=\"en\">")
        .contains("We have received your request")
        .contains("Your number is")
        .contains("by " + due + " at the latest")
        .contains("We have also sent an e-mail to olivia.brown@bewoner.example");
    assertThat(row.getString("taal")).isEqualTo("en");
  }

  @Test
  void
      when_the_database_drops_out_while_sending_nothing_is_stored_the_answers_stay_and_sending_again_works() {
    execute(
        "CREATE FUNCTION test_aanmelding_lost() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.naam_sleutel = 'half verstuurd' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$");
    execute(
        "CREATE TRIGGER test_aanmelding_lost BEFORE INSERT ON inbox_item_person FOR EACH ROW EXECUTE FUNCTION test_aanmelding_lost()");
    WebUser resident = server.user();
    try {
      fillIn(resident, new Answers("Half Verstuurd", "8011 AB"));
      HttpResponse<String> lost = send(resident);
      assertThat(lost.statusCode()).as(lost.body()).isEqualTo(503);
      assertThat(lost.headers().firstValue("retry-after")).isPresent();
      assertThat(lost.body())
          .contains("Versturen lukt nu even niet")
          .contains("Er is niets verloren: je antwoorden zijn bewaard")
          .contains("href=\"/aanmelden/controleren\"");
      assertThat(itemsNamed(server, "Half Verstuurd")).isZero();
    } finally {
      execute("DROP TRIGGER test_aanmelding_lost ON inbox_item_person");
      execute("DROP FUNCTION test_aanmelding_lost()");
    }
    assertThat(resident.get("/aanmelden/controleren").body()).contains("Half Verstuurd");
    reference(receive(resident));
    assertThat(itemsNamed(server, "Half Verstuurd")).isOne();
  }

  private static void execute(String sql) {
    server.app().pool().query(sql).execute().await();
  }

  @Test
  void the_home_page_links_to_asking_for_help() {
    assertThat(server.user().get("/").body()).contains("<a href=\"/aanmelden\">Hulp vragen</a>");
  }

  @Test
  void
      a_third_aanmelding_from_one_address_gets_a_friendly_page_with_the_phone_number_and_nothing_stored() {
    try (TestServer limited =
        TestServer.start(Map.of("WIJKPORTAAL_SUBMISSIONS_PER_ADDRESS", "2"), CLOCK)) {
      for (int i = 1; i <= 2; i++) {
        WebUser resident = limited.user();
        fillIn(resident, new Answers("Buur Nummer" + (char) ('A' + i), "8011 AB"));
        assertThat(send(resident).statusCode()).isEqualTo(303);
      }
      WebUser third = limited.user();
      fillIn(third, new Answers("Buur Nummer Drie", "8011 AB"));
      HttpResponse<String> refused = send(third);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("retry-after")).isPresent();
      assertThat(refused.body())
          .contains("Je kunt nu even geen aanmelding versturen")
          .contains("href=\"tel:08001234567\"")
          .contains("Je antwoorden zijn bewaard")
          .doesNotContain("??");
      assertThat(itemsNamed(limited, "Buur Nummer Drie")).isZero();
      // The answers are still there, ready to send later or read out on the phone.
      assertThat(third.get("/aanmelden/controleren").body()).contains("Buur Nummer Drie");
    }
  }
}
