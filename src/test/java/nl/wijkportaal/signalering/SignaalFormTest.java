package nl.wijkportaal.signalering;

import static nl.wijkportaal.signalering.Signalen.count;
import static nl.wijkportaal.signalering.Signalen.execute;
import static nl.wijkportaal.signalering.Signalen.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A melder at a school signals by the HTML form, follows the organisation's signals and adds to
 * their own.
 */
class SignaalFormTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static final Pattern REFERENCE =
      Pattern.compile("S-[346789ABCDEFGHJKMNPQRTUVWXY]{4}-[346789ABCDEFGHJKMNPQRTUVWXY]{2}");
  private static final Pattern SIGNAL_PAGE =
      Pattern.compile("/signaleren/meldingen/([0-9a-f-]{36})");

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "1000"), CLOCK);

  private static WebUser inge;

  @BeforeAll
  static void start() {
    inge = Staff.signIn(server, CLOCK, "school");
  }

  /**
   * Every field of the form filled in acceptably; a test overrides what it needs ("" leaves a field
   * out).
   */
  private static Map<String, String> complete(String naam) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("melderTelefoon", "038 123 45 67");
    fields.put("naam", naam);
    fields.put("geboortedatum", "14-3-2012");
    fields.put("postcode", "8011ab");
    fields.put("huisnummer", "12A");
    fields.put("telefoon", "");
    fields.put("leefgebieden", "school_verzuim");
    fields.put(
        "omschrijving", "Komt vaak te laat en zonder ontbijt.\nMoeder is moeilijk bereikbaar.");
    fields.put("urgentie", "regulier");
    fields.put("hulpBetrokken", "");
    fields.put("veiligheidszorg", "nee");
    fields.put("betrokkeneGeinformeerd", "ja");
    fields.put("toestemming", "ja");
    return fields;
  }

  private static HttpResponse<String> post(
      WebUser user, String path, Map<String, String> fields, String... extra) {
    if (user.cookie("XSRF-TOKEN") == null) {
      user.get("/signaleren");
    }
    List<Map.Entry<String, String>> all = new ArrayList<>();
    fields.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            all.add(Map.entry(k, v));
          }
        });
    for (int i = 0; i + 1 < extra.length; i += 2) {
      all.add(Map.entry(extra[i], extra[i + 1]));
    }
    all.add(Map.entry("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN")));
    return user.postForm(path, all);
  }

  /** Submits and follows the redirect to the signal's page; returns its id. */
  private static String submitted(WebUser user, Map<String, String> fields) {
    HttpResponse<String> response = post(user, "/signaleren", fields);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    Matcher m = SIGNAL_PAGE.matcher(response.headers().firstValue("location").orElseThrow());
    assertThat(m.matches()).isTrue();
    return m.group(1);
  }

  private static String page(WebUser user, String id) {
    HttpResponse<String> response = user.get("/signaleren/meldingen/" + id);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void a_school_melder_signals_by_form_and_the_receipt_gives_the_reference() throws Exception {
    String start = inge.get("/start").body();
    assertThat(start).contains("href=\"/signaleren\"").contains("href=\"/signaleren/meldingen\"");
    String form = inge.get("/signaleren").body();
    assertThat(form).contains("Inge Bakker").contains("OBS De Regenboog").doesNotContain("??");

    String id = submitted(inge, complete("Noor Formulier"));
    String receipt = page(inge, id);
    assertThat(receipt)
        .contains("Signaal ontvangen")
        .contains("Noor Formulier")
        .contains("Moeder is moeilijk bereikbaar.")
        .doesNotContain("??");
    Matcher reference = REFERENCE.matcher(receipt);
    assertThat(reference.find()).isTrue();
    assertThat(receipt)
        .doesNotContain("Zorgen over veiligheid")
        .doesNotContain("Zonder toestemming");
    assertThat(page(inge, id))
        .as("the receipt is shown once")
        .doesNotContain("Signaal ontvangen")
        .contains(reference.group());

    Row item =
        row(
            server,
            "SELECT i.*, a.email AS by_email FROM inbox_item i JOIN account a ON a.id = i.submitted_by_account WHERE i.id = $1::uuid",
            id);
    assertThat(item.getString("by_email")).isEqualTo("school@demo.wijkportaal.nl");
    assertThat(item.getString("kanaal")).isEqualTo("signaal");
    assertThat(item.getString("vindplek")).isEqualTo("school");
    assertThat(item.getString("referentie")).isEqualTo(reference.group());
    assertThat(item.getString("wijk")).isEqualTo("midden");
    Row person = row(server, "SELECT * FROM inbox_item_person WHERE item_id = $1::uuid", id);
    JsonObject inhoud = person.getJsonObject("inhoud");
    assertThat(inhoud.getJsonObject("betrokkene").getString("geboortedatum"))
        .isEqualTo("2012-03-14");
    assertThat(inhoud.getJsonObject("melder").getString("naam")).startsWith("Inge Bakker");
    assertThat(inhoud.getJsonObject("melder").getString("telefoon")).isEqualTo("038 123 45 67");
    assertThat(person.getString("melder_email")).isEqualTo("school@demo.wijkportaal.nl");
    assertThat(person.getLocalDate("geboortedatum")).isEqualTo(LocalDate.of(2012, 3, 14));

    WebUser beheerder = Staff.signIn(server, CLOCK, "beheerder");
    String mailbox = Signalen.mailboxWith(beheerder, reference.group());
    assertThat(mailbox).contains("school@demo.wijkportaal.nl");
    assertThat(mailbox)
        .doesNotContain("Noor")
        .doesNotContain("Formulier")
        .doesNotContain("2012")
        .doesNotContain("ontbijt");
  }

  @Test
  void a_form_with_mistakes_comes_back_with_everything_typed_and_says_how_to_fix_each_field() {
    Map<String, String> fields = complete("Ruben Fout");
    fields.put("geboortedatum", "31-2-2012");
    fields.put("postcode", "80 AB");
    fields.put("huisnummer", "");
    fields.put("leefgebieden", "wonen");
    fields.put("omschrijving", "Veel lawaai\nen ruzie <b>'s nachts</b>");
    fields.put("urgentie", "spoed");
    fields.put("veiligheidszorg", "");
    fields.put("toestemming", "niet_gevraagd");
    fields.put("hulpBetrokken", "Wijkagent");
    HttpResponse<String> refused = post(inge, "/signaleren", fields, "leefgebieden", "financien");
    assertThat(refused.statusCode()).isEqualTo(400);
    String html = refused.body();
    assertThat(html)
        .contains("class=\"error-summary\"")
        .contains("Vul een geboortedatum in die bestaat")
        .contains("Vul een postcode in zoals 8011 AB")
        .contains("Vul het huisnummer in.")
        .contains("Kies of je je zorgen maakt over de veiligheid van iemand.")
        .contains("href=\"#veiligheidszorg-ja\"")
        .contains("value=\"Ruben Fout\"")
        .contains("value=\"31-2-2012\"")
        .contains("value=\"80 AB\"")
        .contains("Veel lawaai\nen ruzie &lt;b&gt;")
        .contains(">Wijkagent</textarea>")
        .contains("value=\"wonen\" checked")
        .contains("value=\"financien\" checked")
        .contains("id=\"urgentie-spoed\" name=\"urgentie\" value=\"spoed\" checked")
        .contains("value=\"niet_gevraagd\" checked")
        .doesNotContain("<b>")
        .doesNotContain("??");
    assertThat(
            count(
                server, "SELECT count(*) FROM inbox_item_person WHERE naam_sleutel = 'ruben fout'"))
        .isZero();

    Map<String, String> future = complete("Ruben Fout");
    future.put("geboortedatum", LocalDate.now(OpeningHours.ZONE).plusDays(3).toString());
    assertThat(post(inge, "/signaleren", future).body())
        .contains("Vul een geboortedatum in die niet in de toekomst ligt.");

    HttpResponse<String> empty = post(inge, "/signaleren", Map.of());
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body())
        .contains("Vul de naam in van de persoon om wie het gaat.")
        .contains("Kies minstens één onderwerp")
        .contains("Beschrijf je zorg.")
        .contains("Kies of de betrokkene toestemming heeft gegeven.");

    Map<String, String> nul = complete("Nul\u0000Byte");
    nul.put("omschrijving", "voor\u0000na");
    HttpResponse<String> control = post(inge, "/signaleren", nul);
    assertThat(control.statusCode()).isEqualTo(400);
    assertThat(control.body()).contains("Hier staat een teken dat niet kan");
    Map<String, String> long_ = complete("Te Lang");
    long_.put("omschrijving", "x".repeat(4001));
    assertThat(post(inge, "/signaleren", long_).body()).contains("hoogstens 4000 tekens");
    assertThat(
            count(
                server,
                "SELECT count(*) FROM inbox_item_person WHERE naam_sleutel IN ('ruben fout', 'te lang')"))
        .isZero();
  }

  @Test
  void a_signal_without_consent_is_accepted_marked_and_explained() {
    Map<String, String> fields = complete("Zonder Toestemming");
    fields.put("toestemming", "nee");
    fields.put("betrokkeneGeinformeerd", "nee");
    String id = submitted(inge, fields);
    assertThat(page(inge, id))
        .contains("Signaal ontvangen")
        .contains("Zonder toestemming")
        .contains("extra zorgvuldig");
    Row item =
        row(
            server,
            "SELECT toestemming, betrokkene_geinformeerd FROM inbox_item WHERE id = $1::uuid",
            id);
    assertThat(item.getString("toestemming")).isEqualTo("nee");
    assertThat(item.getBoolean("betrokkene_geinformeerd")).isFalse();
  }

  @Test
  void a_safety_concern_shows_the_veilig_thuis_advice_and_makes_the_signal_urgent() {
    Map<String, String> fields = complete("Veilig Thuis Nodig");
    fields.put("veiligheidszorg", "ja");
    String id = submitted(inge, fields);
    assertThat(page(inge, id))
        .contains("Zorgen over veiligheid")
        .contains(
            "Bij acute onveiligheid: bel 112. Bij zorgen over huiselijk geweld of kindermishandeling: Veilig Thuis 0800-2000 (advies en melding).");
    Row item =
        row(server, "SELECT urgentie, veiligheidszorg FROM inbox_item WHERE id = $1::uuid", id);
    assertThat(item.getString("urgentie")).isEqualTo("spoed");
    assertThat(item.getBoolean("veiligheidszorg")).isTrue();
  }

  @Test
  void a_colleague_sees_the_state_but_not_the_content_and_another_organisation_sees_nothing() {
    String id = submitted(inge, complete("Geheime Inhoud"));
    String referentie =
        row(server, "SELECT referentie FROM inbox_item WHERE id = $1::uuid", id).getString(0);
    Signalen.colleagueAtSchool(server, "school-collega", "Jan Collega");
    WebUser jan = Staff.signIn(server, CLOCK, "school-collega");

    String list = jan.get("/signaleren/meldingen").body();
    assertThat(list).contains(referentie).contains("Inge Bakker").doesNotContain("Geheime");
    String summary = page(jan, id);
    assertThat(summary)
        .contains(referentie)
        .contains("Ontvangen")
        .contains("ziet alleen wie het doorgaf");
    assertThat(summary)
        .doesNotContain("Geheime")
        .doesNotContain("ontbijt")
        .doesNotContain("14 maart 2012")
        .doesNotContain("aanvullen\"");
    assertThat(
            post(
                    jan,
                    "/signaleren/meldingen/" + id + "/aanvullen",
                    Map.of("tekst", "Ik weet ook iets"))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            post(jan, "/signaleren/meldingen/" + id + "/aanvullen", Map.of("tekst", ""))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            count(
                server,
                "SELECT count(*) FROM audit_log WHERE action = 'item.read' AND object_id = $1 AND actor_name = 'Jan Collega'",
                id))
        .isZero();

    WebUser samira = Staff.signIn(server, CLOCK, "huisarts");
    assertThat(samira.get("/signaleren/meldingen").body()).doesNotContain(referentie);
    HttpResponse<String> other = samira.get("/signaleren/meldingen/" + id);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).doesNotContain(referentie).doesNotContain("Geheime");
  }

  @Test
  void the_list_names_the_swt_contact_once_picked_up_and_shows_nothing_triage_added() {
    String id = submitted(inge, complete("Lijst Controle"));
    assertThat(inge.get("/signaleren/meldingen").body()).contains("Nog niet bekend");
    Signalen.pickedUp(server, id);
    String list = inge.get("/signaleren/meldingen").body();
    String one = page(inge, id);
    for (String html : List.of(list, one)) {
      assertThat(html)
          .contains("Tessa Jansen")
          .contains("Opgepakt")
          .doesNotContain("swt_ondersteuning")
          .doesNotContain("in_behandeling")
          .doesNotContain("In behandeling")
          .doesNotContain("2031")
          .doesNotContain("triage@demo");
    }
    assertThat(one).contains("Lijst Controle");
  }

  @Test
  void the_submitter_adds_information_until_the_signal_is_closed() {
    String id = submitted(inge, complete("Aanvul Formulier"));
    page(inge, id);
    HttpResponse<String> added =
        post(
            inge,
            "/signaleren/meldingen/" + id + "/aanvullen",
            Map.of("tekst", "Moeder belde vandaag.\nHet gaat iets beter."));
    assertThat(added.statusCode()).isEqualTo(303);
    String html = page(inge, id);
    assertThat(html)
        .contains("Je aanvulling is toegevoegd")
        .contains("Moeder belde vandaag.<br>Het gaat iets beter.");

    HttpResponse<String> empty =
        post(inge, "/signaleren/meldingen/" + id + "/aanvullen", Map.of("tekst", "   "));
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("Typ wat je wilt aanvullen.").contains("href=\"#tekst\"");

    execute(
        server,
        "UPDATE inbox_item SET state = 'afgesloten', closed_at = now(), route = 'geen_actie' WHERE id = $1::uuid",
        id);
    assertThat(page(inge, id))
        .contains("Dit signaal is afgerond")
        .contains("Afgerond")
        .doesNotContain("name=\"tekst\"")
        .doesNotContain("geen_actie");
    HttpResponse<String> late =
        post(inge, "/signaleren/meldingen/" + id + "/aanvullen", Map.of("tekst", "Nog iets"));
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("Dit signaal is afgerond");
    assertThat(
            count(server, "SELECT count(*) FROM inbox_item_addition WHERE item_id = $1::uuid", id))
        .isEqualTo(1);

    assertThat(inge.get("/signaleren/meldingen/geen-id").statusCode()).isEqualTo(404);
    assertThat(
            post(inge, "/signaleren/meldingen/geen-id/aanvullen", Map.of("tekst", "x"))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void when_saving_fails_the_form_comes_back_filled_with_a_503_and_nothing_is_stored() {
    long items = count(server, "SELECT count(*) FROM inbox_item");
    execute(
        server,
        "CREATE FUNCTION test_form_lost() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.naam_sleutel = 'half formulier' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$");
    execute(
        server,
        "CREATE TRIGGER test_form_lost BEFORE INSERT ON inbox_item_person FOR EACH ROW EXECUTE FUNCTION test_form_lost()");
    try {
      HttpResponse<String> lost = post(inge, "/signaleren", complete("Half Formulier"));
      assertThat(lost.statusCode()).isEqualTo(503);
      assertThat(lost.body())
          .contains("Je signaal is nog niet verstuurd")
          .contains("value=\"Half Formulier\"")
          .contains("Moeder is moeilijk bereikbaar.")
          .contains("value=\"school_verzuim\" checked");
      assertThat(count(server, "SELECT count(*) FROM inbox_item")).isEqualTo(items);
    } finally {
      execute(server, "DROP TRIGGER test_form_lost ON inbox_item_person");
      execute(server, "DROP FUNCTION test_form_lost()");
    }
    assertThat(submitted(inge, complete("Half Formulier")))
        .as("sending it again works")
        .isNotBlank();
  }

  @Test
  void the_pages_speak_english_when_asked() {
    WebUser english = Staff.signIn(server, CLOCK, "school");
    String form = english.get("/signaleren?taal=en").body();
    assertThat(form).contains("Report a concern").contains("Date of birth").doesNotContain("??");
    HttpResponse<String> refused = post(english, "/signaleren", Map.of("naam", "Engels Fout"));
    assertThat(refused.body())
        .contains("Fill in the date of birth, for example 14-3-2012.")
        .contains("value=\"Engels Fout\"")
        .doesNotContain("??");
    String id = submitted(english, complete("Engels Goed"));
    assertThat(page(english, id))
        .contains("Signal received")
        .contains("Reported by")
        .doesNotContain("??");
    assertThat(english.get("/signaleren/meldingen").body())
        .contains("Your organisation&#x27;s signals")
        .doesNotContain("??");
  }

  @Test
  void the_list_pages_through_many_signals() {
    for (int i = 0; i < 21; i++) {
      submitted(inge, complete("Veel Signalen " + i));
    }
    String first = inge.get("/signaleren/meldingen").body();
    assertThat(first).contains("Pagina 1 van").contains("?pagina&#x3D;2");
    HttpResponse<String> second = inge.get("/signaleren/meldingen?pagina=2");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("Pagina 2 van").contains("Vorige pagina");
    assertThat(inge.get("/signaleren/meldingen?pagina=abc").statusCode()).isEqualTo(200);
  }
}
