package nl.wijkportaal.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A redacteur keeps the sociale-basis catalogue through the pages: writes a concept, fixes what the
 * form says, previews and publishes it, confirms offers are still correct, imports and exports, and
 * keeps the synonyms. The demo catalogue may be loaded; these scenarios use only offers they create
 * themselves.
 */
class EditorTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static final Pattern OFFER_LOCATION =
      Pattern.compile("^/redactie/aanbod/([0-9a-f-]{36})\\?klaar=aangemaakt$");
  private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);
  private static WebUser editor;

  @BeforeAll
  static void start() {
    editor = Staff.signIn(server, CLOCK, "redacteur");
  }

  // --- scenarios

  @Test
  void
      an_editor_fixes_the_form_saves_a_concept_that_residents_cannot_see_previews_it_and_publishes_it() {
    assertThat(editor.get("/redactie/aanbod/nieuw").statusCode()).isEqualTo(200);

    List<Map.Entry<String, String>> wrong = offer("proef-taalcafe-de-brug", "Taalcafé De Brug");
    set(wrong, "summary", "");
    set(wrong, "ageMin", "twaalf");
    set(wrong, "location1Hours", "maandag van negen tot twaalf");
    HttpResponse<String> refused = post("/redactie/aanbod", wrong);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("class=\"error-summary\"")
        .contains("href=\"#summary\"", "href=\"#ageMin\"", "href=\"#location1Hours\"")
        .contains("Vul dit veld in")
        .contains("Schrijf de tijden zoals: maandag 09:00-12:00; donderdag 19:00-21:00")
        // The form comes back as it was typed.
        .contains(
            "value=\"Taalcafé De Brug\"",
            "value=\"twaalf\"",
            "maandag van negen tot twaalf",
            "value=\"Buurthuis De Brug\"")
        .containsPattern(
            "id=\"leefgebied-participatie\" name=\"leefgebieden\" value=\"participatie\" checked");
    assertThat(slugStatus("proef-taalcafe-de-brug")).isNull();

    String id = create(offer("proef-taalcafe-de-brug", "Taalcafé De Brug"));
    String page = editor.get("/redactie/aanbod/" + id).body();
    assertThat(page)
        .contains("Taalcafé De Brug", "Concept", "maandag 09:00-12:00; donderdag 19:00-21:00");
    assertThat(slugStatus("proef-taalcafe-de-brug")).isEqualTo("concept");
    assertThat(server.user().get("/aanbod/proef-taalcafe-de-brug").statusCode())
        .as("a concept is not for residents")
        .isEqualTo(404);

    HttpResponse<String> preview = editor.get("/redactie/aanbod/" + id + "/voorbeeld");
    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(preview.body())
        .contains(
            "Voorbeeld",
            "Taalcafé De Brug",
            "Inwoners zien dit aanbod nog niet",
            "maandag",
            "09:00 – 12:00");

    HttpResponse<String> published =
        post(
            "/redactie/aanbod/" + id + "/status", "status", "gepubliceerd", "version", version(id));
    assertThat(published.statusCode()).isEqualTo(303);
    assertThat(published.headers().firstValue("location"))
        .hasValue("/redactie/aanbod/" + id + "?klaar=status");
    assertThat(editor.get("/redactie/aanbod/" + id + "?klaar=status").body())
        .as("the confirmation the editor is sent to")
        .contains("De status is gewijzigd.");
    assertThat(slugStatus("proef-taalcafe-de-brug")).isEqualTo("gepubliceerd");
    assertThat(server.user().get("/aanbod/proef-taalcafe-de-brug").statusCode()).isEqualTo(200);

    HttpResponse<String> list = editor.get("/redactie?status=gepubliceerd");
    assertThat(list.body()).contains("/redactie/aanbod/" + id);
    assertThat(editor.get("/redactie?status=concept").body())
        .doesNotContain("/redactie/aanbod/" + id);
  }

  @Test
  void a_stale_edit_gets_the_conflict_page_and_does_not_overwrite_the_newer_one() {
    String id = create(offer("proef-fietsmaatjes", "Fietsmaatjes"));
    String seen = version(id);

    List<Map.Entry<String, String>> first = offer("proef-fietsmaatjes", "Fietsmaatjes op dinsdag");
    first.add(Map.entry("version", seen));
    assertThat(post("/redactie/aanbod/" + id, first).statusCode()).isEqualTo(303);

    List<Map.Entry<String, String>> second =
        offer("proef-fietsmaatjes", "Fietsmaatjes op woensdag");
    second.add(Map.entry("version", seen));
    HttpResponse<String> stale = post("/redactie/aanbod/" + id, second);
    assertThat(stale.statusCode()).isEqualTo(409);
    // The form comes back as typed, still on the old version, with a way to the newer one.
    assertThat(stale.body())
        .contains(
            "Iemand anders was je voor",
            "Jouw wijzigingen zijn niet opgeslagen",
            "value=\"Fietsmaatjes op woensdag\"",
            "name=\"version\" value=\"" + seen + "\"",
            "href=\"/redactie/aanbod/" + id + "\"");
    assertThat(title("proef-fietsmaatjes")).isEqualTo("Fietsmaatjes op dinsdag");
    assertThat(post("/redactie/aanbod/" + id, second).statusCode())
        .as("again, still stale")
        .isEqualTo(409);
    assertThat(title("proef-fietsmaatjes")).isEqualTo("Fietsmaatjes op dinsdag");
  }

  @Test
  void an_import_that_meets_a_concurrent_edit_stores_nothing() {
    String id = create(offer("proef-botsing", "Botsing"));
    // Another editor's save in between looks to the import like an update of no row.
    sql(
        "CREATE FUNCTION proef_overslaan() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
    sql(
        "CREATE TRIGGER proef_botsing BEFORE UPDATE ON offer FOR EACH ROW WHEN (OLD.slug = 'proef-botsing') EXECUTE FUNCTION proef_overslaan()");
    try {
      String file =
          new JsonArray()
              .add(importRow("proef-nieuw-naast-botsing", "Nieuw naast botsing"))
              .add(importRow("proef-botsing", "Botsing ingelezen"))
              .encode();
      HttpResponse<String> refused = upload("aanbod.json", "application/json", file);
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(slugStatus("proef-nieuw-naast-botsing")).as("all or nothing").isNull();
      assertThat(title("proef-botsing")).isEqualTo("Botsing");
    } finally {
      sql("DROP TRIGGER proef_botsing ON offer");
      sql("DROP FUNCTION proef_overslaan()");
    }
    assertThat(id).isNotBlank();
  }

  @Test
  void provider_contact_is_checked_like_the_offers_own_and_every_text_has_a_limit() {
    List<Map.Entry<String, String>> wrong = offer("proef-aanbieder-check", "Aanbieder check");
    set(wrong, "providerWebsite", "javascript:alert(1)");
    wrong.add(Map.entry("providerEmail", "geen-adres"));
    wrong.add(Map.entry("costText", "x".repeat(201)));
    wrong.add(Map.entry("titleEn", "x".repeat(121)));
    wrong.add(Map.entry("providerPhone", "0".repeat(41)));
    set(wrong, "location1Address", "x".repeat(201));
    HttpResponse<String> refused = post("/redactie/aanbod", wrong);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains(
            "href=\"#providerWebsite\"",
            "href=\"#providerEmail\"",
            "href=\"#costText\"",
            "href=\"#titleEn\"",
            "href=\"#providerPhone\"",
            "href=\"#location1Address\"");
    assertThat(slugStatus("proef-aanbieder-check")).isNull();
  }

  @Test
  void a_huge_email_address_is_refused_at_once() {
    String huge = "a".repeat(40_000) + "@" + "b".repeat(40_000);
    long start = System.nanoTime();
    assertThat(OfferRules.isEmail(huge)).isFalse();
    assertThat(OfferRules.isEmail("a@" + "b.".repeat(40_000))).isFalse();
    assertThat(OfferRules.isWebsite("https://" + "x".repeat(80_000))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
    assertThat(OfferRules.isEmail("info@debrug.example")).isTrue();
    assertThat(OfferRules.isEmail("a@b")).isFalse();
    assertThat(OfferRules.isEmail("a@b.")).isFalse();
    assertThat(OfferRules.isEmail("a@.b")).isFalse();
    assertThat(OfferRules.isEmail("a b@c.nl")).isFalse();

    // A form field is small (the body handler's limit); an imported file is not.
    List<Map.Entry<String, String>> form = offer("proef-lang-adres", "Lang adres");
    set(form, "contactEmail", "a".repeat(3000) + "@" + "b".repeat(3000));
    HttpResponse<String> refused = post("/redactie/aanbod", form);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("href=\"#contactEmail\"");
    JsonObject row = importRow("proef-lang-adres", "Lang adres").put("providerEmail", huge);
    HttpResponse<String> imported =
        upload("aanbod.json", "application/json", new JsonArray().add(row).encode());
    assertThat(imported.statusCode()).isEqualTo(400);
    assertThat(imported.body()).contains("E-mail van de aanbieder: Vul een e-mailadres in");
  }

  @Test
  void control_characters_are_a_field_error_never_a_server_error() {
    List<Map.Entry<String, String>> form = offer("proef-nul-teken", "Nul\u0000teken");
    set(form, "description", "Regel een.\n\n\tRegel twee.");
    HttpResponse<String> refused = post("/redactie/aanbod", form);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("href=\"#title\"", "Hier staan tekens in die we niet kunnen lezen")
        .doesNotContain("href=\"#description\"");

    JsonObject row =
        importRow("proef-nul-import", "Nul import").put("summary", "Met een \u0001 erin.");
    row.getJsonArray("locations").getJsonObject(0).put("note", "Bel \u0000 aan");
    HttpResponse<String> json =
        upload("aanbod.json", "application/json", new JsonArray().add(row).encode());
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body())
        .contains(
            "Aanbod 1 in het bestand",
            "Samenvatting: Hier staan tekens",
            "Opmerking: Hier staan tekens");

    String csv =
        """
        slug,title,summary,description,providerName,leefgebieden,doelgroepen,niveau,wholeCity,costFree,join,languages
        proef-nul-csv,Nul\u0007csv,Samen.,Voor iedereen.,Bibliotheek Voorbeeldstad,participatie,iedereen,universeel,ja,ja,zelf_aanmelden,nl
        """;
    HttpResponse<String> fromCsv = upload("aanbod.csv", "text/csv", csv);
    assertThat(fromCsv.statusCode()).isEqualTo(400);
    assertThat(fromCsv.body()).contains("Rij 2", "Titel: Hier staan tekens");
    assertThat(slugStatus("proef-nul-import")).isNull();
    assertThat(slugStatus("proef-nul-csv")).isNull();
  }

  @Test
  void a_json_import_without_locations_keeps_those_the_offer_has() {
    create(offer("proef-plekken-houden", "Plekken houden"));
    assertThat(locations("proef-plekken-houden")).isEqualTo(1);
    JsonObject row = importRow("proef-plekken-houden", "Plekken houden bijgewerkt");
    row.remove("locations");
    assertThat(
            upload("aanbod.json", "application/json", new JsonArray().add(row).encode())
                .statusCode())
        .isEqualTo(303);
    assertThat(title("proef-plekken-houden")).isEqualTo("Plekken houden bijgewerkt");
    assertThat(locations("proef-plekken-houden")).isEqualTo(1);

    row.put("locations", new JsonArray());
    assertThat(
            upload("aanbod.json", "application/json", new JsonArray().add(row).encode())
                .statusCode())
        .isEqualTo(303);
    assertThat(locations("proef-plekken-houden")).as("an empty list does say: none").isZero();
  }

  @Test
  void the_error_summary_follows_the_page_and_fieldsets_name_their_messages() {
    List<Map.Entry<String, String>> wrong = offer("", "");
    wrong.removeIf(e -> e.getKey().equals("leefgebieden"));
    HttpResponse<String> refused = post("/redactie/aanbod", wrong);
    assertThat(refused.statusCode()).isEqualTo(400);
    String body = refused.body();
    assertThat(body.indexOf("href=\"#title\""))
        .isPositive()
        .isLessThan(body.indexOf("href=\"#slug\""));
    assertThat(body.indexOf("href=\"#slug\"")).isLessThan(body.indexOf("href=\"#leefgebieden\""));
    assertThat(body)
        .contains(
            "id=\"leefgebieden\" aria-describedby=\"leefgebieden-error\"",
            "<p class=\"error-message\" id=\"leefgebieden-error\">")
        .contains("id=\"wijken\" aria-describedby=\"wijken-hint\"", "id=\"wijken-hint\"");
  }

  @Test
  void a_csv_cell_a_spreadsheet_would_run_gets_a_quote_that_an_import_takes_off() throws Exception {
    assertThat(OfferCsv.escape("=SUM(A1)")).isEqualTo("'=SUM(A1)");
    assertThat(OfferCsv.escape("@x")).isEqualTo("'@x");
    assertThat(OfferCsv.escape("-x")).isEqualTo("'-x");
    assertThat(OfferCsv.escape("+31 6 12345678")).isEqualTo("+31 6 12345678");
    assertThat(OfferCsv.escape("-5 euro")).isEqualTo("'-5 euro");
    assertThat(OfferCsv.escape("'t Hofje")).isEqualTo("'t Hofje");
    for (String cell : List.of("=SUM(A1)", "'=x", "''@y", "'t Hofje", "+x", "-", "+31", "gewoon")) {
      assertThat(OfferCsv.unescape(OfferCsv.escape(cell))).as(cell).isEqualTo(cell);
    }

    List<Map.Entry<String, String>> form =
        offer("proef-formule", "=HYPERLINK(\"https://kwaad.example\")");
    set(form, "summary", "@buurman helpt");
    set(form, "costFree", "");
    form.removeIf(e -> e.getKey().equals("costFree"));
    form.add(Map.entry("costText", "-gratis de eerste keer"));
    form.add(Map.entry("accessibility", "'t Hofje is rolstoeltoegankelijk"));
    create(form);
    String mine = onlyRows(editor.get("/redactie/export.csv").body(), List.of("proef-formule"));
    assertThat(mine)
        .contains("'=HYPERLINK", "'@buurman", "'-gratis", ",'t Hofje")
        .doesNotContain(",=HYPERLINK", ",@buurman");
    assertThat(upload("aanbod.csv", "text/csv", mine).statusCode()).isEqualTo(303);
    assertThat(title("proef-formule")).isEqualTo("=HYPERLINK(\"https://kwaad.example\")");
    assertThat(
            sql("SELECT summary, cost_text, accessibility FROM offer WHERE slug = 'proef-formule'")
                .get(0)
                .toJson()
                .encode())
        .contains(
            "\"@buurman helpt\"",
            "\"-gratis de eerste keer\"",
            "\"'t Hofje is rolstoeltoegankelijk\"");
  }

  @Test
  void the_history_lists_every_change_with_the_editors_name() {
    String id = create(offer("proef-rouwgroep", "Rouwgroep"));
    List<Map.Entry<String, String>> edit = offer("proef-rouwgroep", "Rouwgroep voor volwassenen");
    edit.add(Map.entry("version", version(id)));
    assertThat(post("/redactie/aanbod/" + id, edit).statusCode()).isEqualTo(303);
    assertThat(
            post(
                    "/redactie/aanbod/" + id + "/status",
                    "status",
                    "gepubliceerd",
                    "version",
                    version(id))
                .statusCode())
        .isEqualTo(303);

    String page = editor.get("/redactie/aanbod/" + id).body();
    String history = page.substring(page.indexOf("id=\"geschiedenis\""));
    assertThat(history).contains("Gemaakt", "Gewijzigd", "Gepubliceerd");
    assertThat(count(history, "Rosa Visser")).isEqualTo(3);
  }

  @Test
  void
      an_offer_not_checked_for_seven_months_is_on_the_freshness_list_until_still_correct_is_chosen() {
    String id = create(offer("proef-klusjesdienst", "Klusjesdienst Proefwijk"));
    assertThat(
            post(
                    "/redactie/aanbod/" + id + "/status",
                    "status",
                    "gepubliceerd",
                    "version",
                    version(id))
                .statusCode())
        .isEqualTo(303);
    sql(
        "UPDATE offer SET last_checked_at = $2 WHERE id = $1::uuid",
        id,
        CLOCK.instant().minus(Duration.ofDays(213)).atOffset(ZoneOffset.UTC));

    String list = editor.get("/redactie/versheid").body();
    assertThat(list)
        .contains("Klusjesdienst Proefwijk", "/redactie/aanbod/" + id + "/gecontroleerd");

    HttpResponse<String> checked =
        post("/redactie/aanbod/" + id + "/gecontroleerd", "version", version(id));
    assertThat(checked.statusCode()).isEqualTo(303);
    assertThat(checked.headers().firstValue("location").orElseThrow())
        .startsWith("/redactie/versheid");
    HttpResponse<String> after = editor.get(checked.headers().firstValue("location").orElseThrow());
    assertThat(after.body())
        .contains("gemarkeerd als gecontroleerd")
        .doesNotContain("Klusjesdienst Proefwijk");
    assertThat(editor.get("/redactie/aanbod/" + id).body()).contains("Gecontroleerd: nog juist");
  }

  @Test
  void an_import_with_one_bad_row_names_that_row_and_stores_nothing_and_a_good_one_stores_all() {
    JsonObject good = importRow("proef-zwemmen-voor-nieuwkomers", "Zwemmen voor nieuwkomers");
    JsonObject bad =
        importRow("proef-voorleesochtend", "").put("languages", "nederlands").put("ageMin", "vier");
    String file = new JsonObject().put("offers", new JsonArray().add(good).add(bad)).encode();

    HttpResponse<String> refused = upload("aanbod.json", "application/json", file);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains(
            "Aanbod 2 in het bestand",
            "Titel: Vul dit veld in",
            "Talen: Geef de talen als codes",
            "Vul een leeftijd in")
        .doesNotContain("Aanbod 1 in het bestand")
        .contains("Er is niets opgeslagen");
    assertThat(slugStatus("proef-zwemmen-voor-nieuwkomers")).isNull();
    assertThat(slugStatus("proef-voorleesochtend")).isNull();

    JsonObject fixed = importRow("proef-voorleesochtend", "Voorleesochtend in de bibliotheek");
    String goodFile = new JsonArray().add(good).add(fixed).encode();
    HttpResponse<String> imported =
        upload("lijst-van-aanbieder.json", "application/octet-stream", goodFile);
    assertThat(imported.statusCode()).isEqualTo(303);
    assertThat(imported.headers().firstValue("location")).hasValue("/redactie/import?ingelezen=2");
    assertThat(editor.get("/redactie/import?ingelezen=2").body()).contains("2 aanbod ingelezen");
    assertThat(slugStatus("proef-zwemmen-voor-nieuwkomers")).isEqualTo("concept");
    assertThat(slugStatus("proef-voorleesochtend")).isEqualTo("concept");
    assertThat(locations("proef-zwemmen-voor-nieuwkomers")).isEqualTo(1);

    HttpResponse<String> nothing =
        editor.postFile(
            "/redactie/import", csrf(), "bestand", "", "application/octet-stream", new byte[0]);
    assertThat(nothing.statusCode()).isEqualTo(400);
    assertThat(nothing.body()).contains("Kies een CSV- of JSON-bestand");
    assertThat(upload("aanbod.json", "application/json", "{\"offers\": 12").statusCode())
        .isEqualTo(400);
  }

  @Test
  void a_csv_export_imported_again_changes_nothing_and_keeps_the_locations() throws Exception {
    String id = create(offer("proef-inloop-mantelzorg", "Inloop voor mantelzorgers"));
    assertThat(
            post(
                    "/redactie/aanbod/" + id + "/status",
                    "status",
                    "gepubliceerd",
                    "version",
                    version(id))
                .statusCode())
        .isEqualTo(303);
    create(offer("proef-koken-met-buren", "Koken met buren"));

    HttpResponse<String> json = editor.get("/redactie/export.json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("content-disposition").orElseThrow())
        .startsWith("attachment");
    assertThat(
            new JsonObject(json.body())
                .getJsonArray("offers").stream().map(o -> ((JsonObject) o).getString("slug")))
        .contains("proef-inloop-mantelzorg", "proef-koken-met-buren");

    HttpResponse<String> csv = editor.get("/redactie/export.csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("content-disposition").orElseThrow())
        .startsWith("attachment");
    String mine = onlyRows(csv.body(), List.of("proef-inloop-mantelzorg", "proef-koken-met-buren"));

    HttpResponse<String> imported = upload("aanbod.csv", "text/csv", mine);
    assertThat(imported.statusCode()).isEqualTo(303);
    assertThat(imported.headers().firstValue("location")).hasValue("/redactie/import?ingelezen=2");
    String again =
        onlyRows(
            editor.get("/redactie/export.csv").body(),
            List.of("proef-inloop-mantelzorg", "proef-koken-met-buren"));
    assertThat(withoutColumn(again, "lastCheckedAt"))
        .isEqualTo(withoutColumn(mine, "lastCheckedAt"));
    assertThat(slugStatus("proef-inloop-mantelzorg"))
        .as("an import keeps the status")
        .isEqualTo("gepubliceerd");
    assertThat(locations("proef-inloop-mantelzorg"))
        .as("CSV has no locations; the offer keeps its own")
        .isEqualTo(1);

    HttpResponse<String> wrong =
        upload(
            "aanbod.csv",
            "text/csv",
            mine.replace("\"Koken met buren\"", "").replace("Koken met buren", ""));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("Rij 3", "Titel: Vul dit veld in").doesNotContain("Rij 2");
  }

  @Test
  void a_new_synonym_counts_in_the_residents_search_at_once_and_a_deleted_one_no_longer() {
    String search = "/api/v1/aanbod?q=kwetterpraatje";
    assertThat(new JsonObject(server.user().get(search).body()).getLong("totaal")).isZero();
    assertThat(
            post("/redactie/synoniemen", "woorden", "kwetterpraatje, schuldhulpmaatje")
                .statusCode())
        .isEqualTo(303);
    JsonObject found = new JsonObject(server.user().get(search).body());
    assertThat(found.getLong("totaal")).isPositive();
    assertThat(found.getJsonArray("resultaten").getJsonObject(0).getString("titel"))
        .containsIgnoringCase("schuldhulpmaatje");

    Matcher delete =
        Pattern.compile(
                "action=\"/redactie/synoniemen/([0-9a-f-]{36})/verwijderen\"[^>]*>\\s*<input[^>]*>\\s*<button[^>]*>[^<]*<span[^>]*>kwetterpraatje, schuldhulpmaatje")
            .matcher(editor.get("/redactie/synoniemen").body());
    assertThat(delete.find()).isTrue();
    assertThat(post("/redactie/synoniemen/" + delete.group(1) + "/verwijderen").statusCode())
        .isEqualTo(303);
    assertThat(new JsonObject(server.user().get(search).body()).getLong("totaal")).isZero();
  }

  @Test
  void synonyms_are_added_and_deleted_and_a_single_word_is_refused() {
    HttpResponse<String> one = post("/redactie/synoniemen", "woorden", "tuinhulp");
    assertThat(one.statusCode()).isEqualTo(400);
    assertThat(one.body())
        .contains("Geef minstens twee woorden", "href=\"#woorden\"", "value=\"tuinhulp\"");

    assertThat(post("/redactie/synoniemen", "woorden", "Tuinhulp, groenklussen").statusCode())
        .isEqualTo(303);
    String page = editor.get("/redactie/synoniemen").body();
    assertThat(page).contains("tuinhulp, groenklussen");
    Matcher delete =
        Pattern.compile(
                "action=\"/redactie/synoniemen/([0-9a-f-]{36})/verwijderen\"[^>]*>\\s*<input[^>]*>\\s*<button[^>]*>[^<]*<span[^>]*>tuinhulp, groenklussen")
            .matcher(page);
    assertThat(delete.find()).isTrue();

    assertThat(post("/redactie/synoniemen/" + delete.group(1) + "/verwijderen").statusCode())
        .isEqualTo(303);
    assertThat(editor.get("/redactie/synoniemen").body()).doesNotContain("tuinhulp, groenklussen");
    assertThat(post("/redactie/synoniemen/" + delete.group(1) + "/verwijderen").statusCode())
        .isEqualTo(404);
  }

  @Test
  void search_insight_shows_only_searches_made_five_times_and_never_one_with_digits() {
    for (int i = 0; i < 5; i++) {
      logSearch("wandelgroep", 3);
      logSearch("koffieochtend", 0);
      logSearch("1234 ab", 0);
      logSearch("jan@example", 0);
    }
    for (int i = 0; i < 4; i++) {
      logSearch("schaakclub", 0);
    }
    HttpResponse<String> page = editor.get("/redactie/zoekinzicht");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("wandelgroep", "koffieochtend", "minstens 5 keer")
        .doesNotContain("schaakclub", "1234 ab", "jan@example");
  }

  @Test
  void malformed_or_unknown_ids_are_not_found() {
    assertThat(editor.get("/redactie/aanbod/geen-id").statusCode()).isEqualTo(404);
    assertThat(editor.get("/redactie/aanbod/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(editor.get("/redactie/aanbod/geen-id/voorbeeld").statusCode()).isEqualTo(404);
    assertThat(
            post("/redactie/aanbod/geen-id/status", "status", "gepubliceerd", "version", "0")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            post("/redactie/aanbod/" + UUID.randomUUID() + "/gecontroleerd", "version", "0")
                .statusCode())
        .isEqualTo(404);
    assertThat(post("/redactie/synoniemen/geen-id/verwijderen").statusCode()).isEqualTo(404);
  }

  @Test
  void opening_hours_are_read_strictly_in_dutch_or_english_and_written_back_the_same() {
    var hours =
        OfferForm.parseHours(
            "maandag 09:00-12:00; Thursday 19.00-21.00\ndinsdag 9:30-11:30, 13:00-15:00");
    assertThat(hours).hasSize(3);
    assertThat(OfferForm.hoursText(hours, Locale.forLanguageTag("nl")))
        .isEqualTo("maandag 09:00-12:00; dinsdag 09:30-11:30, 13:00-15:00; donderdag 19:00-21:00");
    assertThat(OfferForm.hoursText(hours, Locale.ENGLISH))
        .startsWith("Monday 09:00-12:00; Tuesday");
    assertThat(OfferForm.parseHours("  ")).isEmpty();
    for (String wrong :
        List.of(
            "maandag",
            "09:00-12:00",
            "maandg 09:00-12:00",
            "maandag 12:00-09:00",
            "maandag 9-12",
            "maandag 09:00-12:00, 11:00-13:00",
            "maandag 09:00-25:00",
            "maandag 09:00-12:00 en dinsdag")) {
      assertThatIllegalArgumentException().as(wrong).isThrownBy(() -> OfferForm.parseHours(wrong));
    }
  }

  @Test
  void only_a_redacteur_gets_in() {
    WebUser melder = Staff.signIn(server, CLOCK, "school");
    assertThat(melder.get("/redactie").statusCode()).isEqualTo(403);
    assertThat(melder.get("/redactie/export.csv").statusCode()).isEqualTo(403);
    HttpResponse<String> anonymous = server.user().get("/redactie");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("location").orElseThrow()).startsWith("/login");
    HttpResponse<String> mine = editor.get("/redactie");
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.body())
        .contains(
            "/redactie/aanbod/nieuw",
            "/redactie/versheid",
            "/redactie/import",
            "/redactie/zoekinzicht",
            "/redactie/synoniemen");
  }

  // --- helpers

  /** A complete, valid offer form with one location. */
  private static List<Map.Entry<String, String>> offer(String slug, String title) {
    List<Map.Entry<String, String>> f = new ArrayList<>();
    f.add(Map.entry("slug", slug));
    f.add(Map.entry("title", title));
    f.add(Map.entry("summary", "Elke week samen " + title.toLowerCase(Locale.ROOT) + "."));
    f.add(Map.entry("description", "Een vaste groep buren.\n\nKom gerust een keer kijken."));
    f.add(Map.entry("providerName", "Buurthuis De Brug"));
    f.add(Map.entry("providerWebsite", "https://debrug.example"));
    f.add(Map.entry("leefgebieden", "participatie"));
    f.add(Map.entry("leefgebieden", "sociaal_netwerk"));
    f.add(Map.entry("doelgroepen", "iedereen"));
    f.add(Map.entry("niveau", "universeel"));
    f.add(Map.entry("ageMin", "16"));
    f.add(Map.entry("ageMax", ""));
    f.add(Map.entry("wholeCity", "ja"));
    f.add(Map.entry("costFree", "ja"));
    f.add(Map.entry("join", "zelf_aanmelden"));
    f.add(Map.entry("languages", "nl, en"));
    f.add(Map.entry("contactEmail", "info@debrug.example"));
    f.add(Map.entry("location1Name", "Buurthuis De Brug"));
    f.add(Map.entry("location1Address", "Brugstraat 1"));
    f.add(Map.entry("location1Postcode", "8011ab"));
    f.add(Map.entry("location1City", "Voorbeeldstad"));
    f.add(Map.entry("location1Hours", "maandag 09:00-12:00; donderdag 19:00-21:00"));
    return f;
  }

  private static JsonObject importRow(String slug, String title) {
    return new JsonObject()
        .put("slug", slug)
        .put("title", title)
        .put("summary", "Samen iets doen.")
        .put("description", "Voor iedereen in de wijk.")
        .put("providerName", "Bibliotheek Voorbeeldstad")
        .put("leefgebieden", new JsonArray().add("participatie"))
        .put("doelgroepen", new JsonArray().add("nieuwkomers"))
        .put("niveau", "universeel")
        .put("wholeCity", true)
        .put("costFree", true)
        .put("join", "zelf_aanmelden")
        .put("languages", new JsonArray().add("nl").add("ar"))
        .put(
            "locations",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("name", "Bibliotheek Centrum")
                        .put(
                            "hours",
                            new JsonObject().put("saturday", new JsonArray().add("10:00-12:00")))));
  }

  private static void set(List<Map.Entry<String, String>> fields, String name, String value) {
    fields.replaceAll(e -> e.getKey().equals(name) ? Map.entry(name, value) : e);
  }

  private static String create(List<Map.Entry<String, String>> fields) {
    HttpResponse<String> created = post("/redactie/aanbod", fields);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
    Matcher m = OFFER_LOCATION.matcher(created.headers().firstValue("location").orElseThrow());
    assertThat(m.matches()).isTrue();
    return m.group(1);
  }

  /** The version the edit page shows, as the browser would send it back. */
  private static String version(String id) {
    Matcher m = VERSION.matcher(editor.get("/redactie/aanbod/" + id).body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> post(String path, List<Map.Entry<String, String>> fields) {
    List<Map.Entry<String, String>> all = new ArrayList<>(fields);
    all.add(Map.entry("X-XSRF-TOKEN", editor.cookie("XSRF-TOKEN")));
    return editor.postForm(path, all);
  }

  private static HttpResponse<String> post(String path, String... pairs) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.add(Map.entry(pairs[i], pairs[i + 1]));
    }
    return post(path, fields);
  }

  private static Map<String, String> csrf() {
    return Map.of("X-XSRF-TOKEN", editor.cookie("XSRF-TOKEN"));
  }

  private static HttpResponse<String> upload(String fileName, String type, String content) {
    return editor.postFile(
        "/redactie/import",
        csrf(),
        "bestand",
        fileName,
        type,
        content.getBytes(StandardCharsets.UTF_8));
  }

  /** The header and the rows of these slugs: the demo catalogue may be in the export too. */
  private static String onlyRows(String csv, List<String> slugs) throws Exception {
    var parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv.replace("\uFEFF", "")));
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer =
        new CSVPrinter(
            out,
            CSVFormat.RFC4180
                .builder()
                .setHeader(parser.getHeaderNames().toArray(String[]::new))
                .get())) {
      List<CSVRecord> rows = new ArrayList<>(parser.getRecords());
      rows.sort((a, b) -> a.get("slug").compareTo(b.get("slug")));
      for (CSVRecord row : rows) {
        if (slugs.contains(row.get("slug"))) {
          printer.printRecord(row.toList());
        }
      }
    }
    return out.toString();
  }

  private static String withoutColumn(String csv, String column) throws Exception {
    var parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv));
    List<String> kept = parser.getHeaderNames().stream().filter(h -> !h.equals(column)).toList();
    StringBuilder out = new StringBuilder(String.join(",", kept)).append('\n');
    for (CSVRecord row : parser.getRecords()) {
      out.append(String.join("|", kept.stream().map(row::get).toList())).append('\n');
    }
    return out.toString();
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static List<Row> sql(String statement, Object... args) {
    List<Row> rows = new ArrayList<>();
    server
        .app()
        .pool()
        .preparedQuery(statement)
        .execute(Tuple.from(args))
        .await()
        .forEach(rows::add);
    return rows;
  }

  private static String slugStatus(String slug) {
    List<Row> rows = sql("SELECT status FROM offer WHERE slug = $1", slug);
    return rows.isEmpty() ? null : rows.get(0).getString(0);
  }

  private static String title(String slug) {
    return sql("SELECT title FROM offer WHERE slug = $1", slug).get(0).getString(0);
  }

  private static long locations(String slug) {
    return sql(
            "SELECT count(*) FROM offer_location l JOIN offer o ON o.id = l.offer_id WHERE o.slug = $1",
            slug)
        .get(0)
        .getLong(0);
  }

  private static void logSearch(String query, int results) {
    sql(
        "INSERT INTO search_log (query, results, searched_at) VALUES ($1, $2, $3)",
        query,
        results,
        CLOCK.instant().atOffset(ZoneOffset.UTC));
  }
}
