package nl.wijkportaal.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.municipality.TimeRange;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A resident searches the sociale basis: stems, synonyms, typos, filters, and never a concept. */
class CatalogueSearchTest {

  // Tuesday 24 November 2026, 10:00 in Voorbeeldstad.
  private static final TestClock CLOCK =
      new TestClock(
          ZonedDateTime.of(LocalDateTime.parse("2026-11-24T10:00"), OpeningHours.ZONE).toInstant());
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);
  private static EditorService editor;
  private static UUID conceptId;

  @BeforeAll
  static void start() {
    editor = server.app().feature(CatalogueFeature.class).editor();
    publish(
        draft(
            "zorgloos-zuinig",
            "Zorgloos Zuinig",
            "Een vrijwilliger helpt je uit de schuld te komen.",
            List.of("financien"),
            List.of("iedereen"),
            "noord",
            false,
            List.of(
                new OfferLocation(
                    "Buurthuis Kwiebus",
                    "Kwiebusstraat 1",
                    "8021 AA",
                    "Voorbeeldstad",
                    "noord",
                    Map.of(DayOfWeek.TUESDAY, List.of(TimeRange.parse("09:30-11:30"))),
                    "Inloopspreekuur"))));
    publish(
        draft(
            "mantelzorgcafe-pimpernel",
            "Mantelzorgcafé Pimpernel",
            "Koffie en steun voor wie voor een ander zorgt.",
            List.of("sociaal_netwerk"),
            List.of("mantelzorgers"),
            "oost",
            true,
            List.of()));
    conceptId =
        editor
            .create(
                draft(
                    "quetzalsteun",
                    "Quetzalsteun",
                    "Nog niet klaar om te tonen.",
                    List.of("financien"),
                    List.of("iedereen"),
                    "zuid",
                    false,
                    List.of()),
                "test")
            .await();
    editor.addSynonyms(List.of("geldzorgen", "schulden")).otherwise(e -> null).await();
    // For everyone, in one wijk, first in the alphabet: the wegwijzer's advice shows it first.
    publish(
        draft(
            "aaa-schuldmaatje",
            "Aaa Schuldmaatje",
            "Een maatje helpt je met je post en je schulden.",
            List.of("financien"),
            List.of("iedereen"),
            "noord",
            true,
            List.of()));
    for (String twin : List.of("tweeling-a", "tweeling-b", "tweeling-c")) {
      publish(
          draft(
              twin,
              "Xylofoonles Tweeling",
              "Samen muziek maken.",
              List.of("participatie"),
              List.of("jeugd"),
              "west",
              true,
              List.of()));
    }
  }

  private static OfferDraft draft(
      String slug,
      String title,
      String summary,
      List<String> leefgebieden,
      List<String> doelgroepen,
      String wijk,
      boolean free,
      List<OfferLocation> locations) {
    return new OfferDraft(
        slug,
        title,
        summary,
        summary + " Je bent welkom.",
        null,
        null,
        null,
        "Stichting Testwijk " + slug,
        null,
        "038 100 00 00",
        null,
        leefgebieden,
        doelgroepen,
        null,
        null,
        "universeel",
        false,
        List.of(wijk),
        free,
        free ? null : "€ 2 per keer",
        "zelf_aanmelden",
        List.of("nl"),
        null,
        null,
        null,
        null,
        locations);
  }

  private static void publish(OfferDraft draft) {
    UUID id = editor.create(draft, "test").await();
    editor.setStatus(id, "gepubliceerd", 0, "test").await();
  }

  private static List<String> slugs(String query) {
    HttpResponse<String> response = server.user().get("/api/v1/aanbod?" + query + "&aantal=50");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonArray list = new JsonObject(response.body()).getJsonArray("resultaten");
    return list.stream().map(o -> ((JsonObject) o).getString("slug")).toList();
  }

  @Test
  void schulden_finds_an_offer_that_says_schuld() {
    assertThat(slugs("q=schulden")).contains("zorgloos-zuinig");
  }

  @Test
  void geldzorgen_finds_it_through_the_editors_synonym() {
    assertThat(slugs("q=geldzorgen")).contains("zorgloos-zuinig");
  }

  @Test
  void a_typo_still_finds_the_mantelzorg_cafe() {
    assertThat(slugs("q=mantelzrog")).contains("mantelzorgcafe-pimpernel");
    assertThat(slugs("q=pimpernell")).contains("mantelzorgcafe-pimpernel");
  }

  @Test
  void a_change_made_in_the_database_by_any_node_or_tool_is_found_by_the_next_search() {
    assertThat(slugs("q=zebrapad")).isEmpty();
    String rename = "UPDATE offer SET title = $1 WHERE slug = 'zorgloos-zuinig'";
    server.app().pool().preparedQuery(rename).execute(Tuple.of("Zorgloos Zuinig Zebrapad")).await();
    try {
      assertThat(slugs("q=zebrapad")).containsExactly("zorgloos-zuinig");
      server
          .app()
          .pool()
          .query("UPDATE offer SET status = 'concept' WHERE slug = 'zorgloos-zuinig'")
          .execute()
          .await();
      assertThat(slugs("q=zebrapad")).isEmpty();
    } finally {
      server
          .app()
          .pool()
          .query("UPDATE offer SET status = 'gepubliceerd' WHERE slug = 'zorgloos-zuinig'")
          .execute()
          .await();
      server.app().pool().preparedQuery(rename).execute(Tuple.of("Zorgloos Zuinig")).await();
    }
  }

  @Test
  void an_edited_offer_is_found_by_its_new_words_and_an_unpublished_one_goes_without_a_rebuild() {
    SearchIndex index = server.app().feature(CatalogueFeature.class).catalogue().index();
    assertThat(slugs("q=schulden")).isNotEmpty(); // the index is there
    long builds = index.builds();
    assertThat(slugs("q=okapiwandeling")).isEmpty();
    OfferDraft walk =
        draft(
            "wandelclub-okapi",
            "Wandelclub",
            "Samen wandelen in het park.",
            List.of("participatie"),
            List.of("iedereen"),
            "zuid",
            true,
            List.of());
    UUID id = editor.create(walk, "test").await();
    editor.setStatus(id, "gepubliceerd", 0, "test").await();
    assertThat(slugs("q=wandelclub")).contains("wandelclub-okapi");

    OfferDraft renamed =
        draft(
            "wandelclub-okapi",
            "Okapiwandeling",
            "Samen wandelen in het park.",
            List.of("participatie"),
            List.of("iedereen"),
            "zuid",
            true,
            List.of());
    editor.update(id, renamed, 1, "test").await();
    assertThat(slugs("q=okapiwandeling")).containsExactly("wandelclub-okapi");
    assertThat(slugs("q=wandelclub")).doesNotContain("wandelclub-okapi");

    editor.setStatus(id, "concept", 2, "test").await();
    assertThat(slugs("q=okapiwandeling")).isEmpty();
    assertThat(index.builds()).as("replaced in the index, not built anew").isEqualTo(builds);
  }

  @Test
  void the_retention_job_prunes_only_changes_older_than_a_day_and_searches_go_on() {
    CatalogueRepository repository = new CatalogueRepository(server.app().pool());
    assertThat(repository.pruneChanges().await()).isEqualTo(1); // the one version row
    assertThat(slugs("q=schulden")).contains("zorgloos-zuinig");
  }

  @Test
  void accents_and_case_do_not_matter() {
    assertThat(slugs("q=MANTELZORGCAF%C3%89")).contains("mantelzorgcafe-pimpernel");
  }

  @Test
  void a_concept_is_never_shown_to_residents() {
    assertThat(slugs("q=quetzalsteun")).isEmpty();
    assertThat(server.user().get("/aanbod/quetzalsteun").statusCode()).isEqualTo(404);
    assertThat(server.user().get("/api/v1/aanbod/" + conceptId).statusCode()).isEqualTo(404);
    assertThat(server.user().get("/aanbod?q=quetzalsteun").body()).doesNotContain("Nog niet klaar");
  }

  @Test
  void filters_narrow_the_results_and_the_counts_agree_with_the_data() {
    assertThat(slugs("q=zuinig&wijk=noord")).contains("zorgloos-zuinig");
    assertThat(slugs("q=zuinig&wijk=zuid")).doesNotContain("zorgloos-zuinig");
    assertThat(slugs("leefgebied=sociaal_netwerk&gratis=true"))
        .contains("mantelzorgcafe-pimpernel")
        .doesNotContain("zorgloos-zuinig");

    long expected =
        server
            .app()
            .pool()
            .query(
                "SELECT count(*) FROM offer WHERE status = 'gepubliceerd' AND 'financien' = ANY(leefgebieden) AND (whole_city OR 'noord' = ANY(wijken))")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    HttpResponse<String> page = server.user().get("/aanbod?wijk=noord");
    assertThat(page.body())
        .containsPattern(
            "id=\"leefgebied-financien\" name=\"leefgebied\" value=\"financien\">\\s*<label for=\"leefgebied-financien\">Geld en schulden <span class=\"meta\">\\("
                + expected
                + "\\)");
    long total =
        server
            .app()
            .pool()
            .query(
                "SELECT count(*) FROM offer WHERE status = 'gepubliceerd' AND (whole_city OR 'noord' = ANY(wijken))")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertThat(
            new JsonObject(server.user().get("/api/v1/aanbod?wijk=noord").body()).getLong("totaal"))
        .isEqualTo(total);
  }

  @Test
  void the_results_page_shows_the_search_and_keeps_the_filters_in_a_shareable_address() {
    HttpResponse<String> page = server.user().get("/aanbod?q=zuinig&leefgebied=financien");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("value=\"zuinig\"")
        .contains("href=\"/aanbod/zorgloos-zuinig\"")
        .contains("value=\"financien\" checked");
  }

  @Test
  void an_empty_result_offers_the_nearest_matches_and_a_way_to_the_team() {
    HttpResponse<String> page =
        server.user().get("/aanbod?q=zuinig+pimpernel+xyzzy&wijk=west&leefgebied=justitie");
    assertThat(page.body())
        .contains("We vonden niets met deze woorden")
        .contains("Misschien bedoel je")
        .contains("tel:08001234567");
  }

  @Test
  void the_detail_page_says_when_the_walk_in_is_today_and_carries_schema_org_markup() {
    HttpResponse<String> page = server.user().get("/aanbod/zorgloos-zuinig");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("itemtype=\"https://schema.org/Service\"")
        .contains("Nu open tot 11:30")
        .contains("Kwiebusstraat 1")
        .contains("href=\"tel:0381000000\"")
        .contains("<title>Zorgloos Zuinig · Gemeente Voorbeeldstad</title>");
  }

  @Test
  void the_offer_page_is_kept_until_the_offer_or_its_hours_today_change() {
    String first = server.user().get("/aanbod/zorgloos-zuinig").body();
    assertThat(server.user().get("/aanbod/zorgloos-zuinig").body()).isEqualTo(first);
    // The walk-in ends at 11:30: after it the page says so, though the offer did not change.
    Instant start = CLOCK.instant();
    try {
      CLOCK.set(start.plus(Duration.ofMinutes(100)));
      assertThat(server.user().get("/aanbod/zorgloos-zuinig").body())
          .contains("Vandaag niet open")
          .doesNotContain("Nu open tot 11:30");
    } finally {
      CLOCK.set(start);
    }
    assertThat(server.user().get("/aanbod/zorgloos-zuinig").body()).contains("Nu open tot 11:30");
    // A change to the offer shows at once.
    String update = "UPDATE offer SET summary = $1 WHERE slug = 'zorgloos-zuinig'";
    String summary = "Een vrijwilliger helpt je uit de schuld te komen.";
    try {
      server
          .app()
          .pool()
          .preparedQuery(update)
          .execute(Tuple.of(summary + " Ook op afspraak."))
          .await();
      assertThat(server.user().get("/aanbod/zorgloos-zuinig").body()).contains("Ook op afspraak.");
    } finally {
      server.app().pool().preparedQuery(update).execute(Tuple.of(summary)).await();
    }
    assertThat(server.user().get("/aanbod/zorgloos-zuinig").body())
        .doesNotContain("Ook op afspraak.");
  }

  @Test
  void bad_api_filters_are_a_400_problem_naming_the_parameter() {
    HttpResponse<String> response = server.user().get("/api/v1/aanbod?leefgebied=onzin");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("leefgebied");
    assertThat(server.user().get("/api/v1/aanbod/geen-uuid").statusCode()).isEqualTo(400);
  }

  @Test
  void searches_with_digits_or_an_email_address_are_not_logged() throws InterruptedException {
    WebUser resident = server.user();
    resident.get("/aanbod?q=jan+de+vries+8021AB");
    resident.get("/aanbod?q=jan%40example.nl");
    resident.get("/aanbod?q=Eenz%C3%A1am");
    // The log is written after the answer (a resident never waits for it): give it a moment.
    List<String> logged = List.of();
    for (int i = 0; i < 50 && !logged.contains("eenzaam"); i++) {
      Thread.sleep(100);
      logged =
          server.app().pool().query("SELECT query FROM search_log").execute().await().stream()
              .map(r -> r.getString(0))
              .toList();
    }
    assertThat(logged)
        .contains("eenzaam")
        .noneMatch(q -> q.contains("vries") || q.contains("example") || q.matches(".*\\d.*"));
  }

  @Test
  void the_wegwijzer_puts_the_crisis_numbers_first_when_there_is_danger() {
    WebUser resident = server.user();
    resident.get("/wegwijzer");
    HttpResponse<String> danger =
        resident.postForm(
            "/wegwijzer",
            Map.of(
                "stap",
                "urgentie",
                "antwoord",
                "gevaar",
                "X-XSRF-TOKEN",
                resident.cookie("XSRF-TOKEN")));
    assertThat(danger.statusCode()).isEqualTo(303);
    assertThat(danger.headers().firstValue("location")).hasValue("/wegwijzer/advies");
    String advice = resident.get("/wegwijzer/advies").body();
    assertThat(advice)
        .contains("role=\"alert\"")
        .contains("href=\"tel:112\"")
        .contains("0800-2000")
        .contains("0800-0113");
  }

  @Test
  void the_wegwijzer_ends_with_self_help_offers_nearby_and_the_team_in_that_order() {
    WebUser resident = server.user();
    resident.get("/wegwijzer");
    answer(resident, "urgentie", "kan_wachten");
    answer(resident, "onderwerp", "financien");
    answer(resident, "voor-wie", "mezelf");
    answer(resident, "leeftijd", "");
    HttpResponse<String> last = answer(resident, "wijk", "noord");
    assertThat(last.headers().firstValue("location")).hasValue("/wegwijzer/advies");
    String advice = resident.get("/wegwijzer/advies").body();
    assertThat(advice).doesNotContain("role=\"alert\"");
    int self = advice.indexOf("Wat je zelf kunt doen");
    int nearby = advice.indexOf("Hulp in je buurt");
    int team = advice.indexOf("Praat met het wijkteam");
    assertThat(self).isPositive().isLessThan(nearby);
    assertThat(nearby).isLessThan(team);
    assertThat(advice)
        .contains("betalingsregeling")
        .contains("class=\"cards cards--list\"")
        .contains("href=\"/aanbod?leefgebied&#x3D;financien&amp;wijk&#x3D;noord\"");
  }

  @Test
  void a_wegwijzer_step_without_an_answer_comes_back_with_a_clear_message() {
    WebUser resident = server.user();
    resident.get("/wegwijzer?stap=onderwerp");
    HttpResponse<String> empty =
        resident.postForm(
            "/wegwijzer",
            Map.of("stap", "onderwerp", "X-XSRF-TOKEN", resident.cookie("XSRF-TOKEN")));
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("Kies minstens één onderwerp").contains("href=\"#antwoord\"");
  }

  // --- review findings

  @Test
  void a_page_past_the_end_keeps_the_total_and_links_back() {
    long total =
        new JsonObject(server.user().get("/api/v1/aanbod?q=zorg").body()).getLong("totaal");
    assertThat(total).isPositive();
    JsonObject past = new JsonObject(server.user().get("/api/v1/aanbod?q=zorg&pagina=9999").body());
    assertThat(past.getLong("totaal")).isEqualTo(total);
    assertThat(past.getJsonArray("resultaten")).isEmpty();

    long last = (total + OfferQuery.PAGE_SIZE - 1) / OfferQuery.PAGE_SIZE;
    String page = server.user().get("/aanbod?q=zorg&pagina=9999").body();
    assertThat(page)
        .contains("Pagina 9999 van " + last, "pagina&#x3D;1\"", "pagina&#x3D;" + last + "\"")
        .doesNotContain(
            "Geen resultaten", "Misschien bedoel je", "We vonden niets", "pagina&#x3D;9998");
    assertThat(server.user().get("/aanbod?q=zorg&pagina=10000").body())
        .contains("Pagina 10000 van " + last);
    assertThat(server.user().get("/aanbod?q=zorg&pagina=10001").body())
        .contains("Pagina 1 van " + last);
  }

  @Test
  void offers_with_the_same_title_keep_one_order_across_pages() {
    List<String> first = null;
    for (int round = 0; round < 3; round++) {
      List<String> seen = new ArrayList<>();
      for (int page = 1; page <= 3; page++) {
        JsonArray list =
            new JsonObject(
                    server
                        .user()
                        .get("/api/v1/aanbod?q=xylofoonles&aantal=1&pagina=" + page)
                        .body())
                .getJsonArray("resultaten");
        seen.add(list.getJsonObject(0).getString("slug"));
      }
      assertThat(seen).containsExactlyInAnyOrder("tweeling-a", "tweeling-b", "tweeling-c");
      if (first == null) {
        first = seen;
      }
      assertThat(seen).isEqualTo(first);
    }
  }

  @Test
  void an_offer_for_everyone_is_found_for_each_group() {
    assertThat(slugs("leefgebied=financien&doelgroep=ouderen"))
        .contains("zorgloos-zuinig", "aaa-schuldmaatje");
    assertThat(slugs("leefgebied=sociaal_netwerk&doelgroep=ouderen"))
        .doesNotContain("mantelzorgcafe-pimpernel");

    WebUser resident = server.user();
    resident.get("/wegwijzer");
    answer(resident, "urgentie", "kan_wachten");
    answer(resident, "onderwerp", "financien");
    answer(resident, "voor-wie", "oudere");
    answer(resident, "leeftijd", "");
    answer(resident, "wijk", "noord");
    String advice = resident.get("/wegwijzer/advies").body();
    assertThat(advice).contains("Aaa Schuldmaatje");
    // Help in the chosen wijk comes before help for the whole city.
    Matcher where = Pattern.compile("<p class=\"meta\">[^<]*? · ([^·<]+) · ").matcher(advice);
    List<String> places = new ArrayList<>();
    while (where.find()) {
      places.add(where.group(1).trim());
    }
    assertThat(places).isNotEmpty();
    int firstWholeCity = places.indexOf("Hele stad");
    if (firstWholeCity >= 0) {
      assertThat(places.subList(firstWholeCity, places.size())).containsOnly("Hele stad");
    }
    assertThat(places.get(0)).isNotEqualTo("Hele stad");
  }

  @Test
  void only_searches_on_the_search_page_are_logged() throws InterruptedException {
    server.user().get("/api/v1/aanbod?q=apizoekwoord");
    WebUser resident = server.user();
    resident.get("/aanbod?q=paginazoekwoord");
    List<String> logged = List.of();
    for (int i = 0; i < 50 && !logged.contains("paginazoekwoord"); i++) {
      Thread.sleep(100);
      logged =
          server.app().pool().query("SELECT query FROM search_log").execute().await().stream()
              .map(r -> r.getString(0))
              .toList();
    }
    assertThat(logged).contains("paginazoekwoord").doesNotContain("apizoekwoord");
  }

  @Test
  void words_in_another_script_are_searched_and_signs_alone_find_nothing() {
    assertThat(SearchTerms.of("ديون").words()).containsExactly("ديون");
    assertThat(SearchTerms.of("Café Ünïcode").words()).containsExactly("cafe", "unicode");
    assertThat(
            SearchTerms.of("schuld&(x|y):*!'").alternatives(List.of()).stream()
                .flatMap(List::stream)
                .flatMap(List::stream))
        .isNotEmpty()
        .allMatch(piece -> piece.matches("[\\p{L}\\p{N}]+"));
    for (String q : List.of("%D8%AF%D9%8A%D9%88%D9%86", "%21%21%21", "%26%7C%21")) {
      JsonObject api = new JsonObject(server.user().get("/api/v1/aanbod?q=" + q).body());
      assertThat(api.getLong("totaal")).as(q).isZero();
      HttpResponse<String> page = server.user().get("/aanbod?q=" + q);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .as(q)
          .contains("We vonden niets met deze woorden")
          .doesNotContain("href=\"/aanbod/zorgloos-zuinig\"");
    }
  }

  @Test
  void a_chosen_language_without_matches_can_still_be_unticked() {
    assertThat(server.user().get("/aanbod?gesprokenTaal=xq").body())
        .contains("id=\"gesprokenTaal-xq\" name=\"gesprokenTaal\" value=\"xq\" checked");
  }

  @Test
  void an_age_over_120_is_refused_on_the_page_too() {
    assertThat(server.user().get("/aanbod?leeftijd=500").body()).contains("id=\"leeftijd-error\"");
    assertThat(server.user().get("/aanbod?leeftijd=120").body())
        .doesNotContain("id=\"leeftijd-error\"");
  }

  @Test
  void an_address_that_cannot_be_an_offer_is_not_found() {
    assertThat(server.user().get("/aanbod/abc%00").statusCode()).isEqualTo(404);
    assertThat(server.user().get("/aanbod/Zorgloos-Zuinig").statusCode()).isEqualTo(404);
    assertThat(server.user().get("/aanbod/zorgloos-zuinig").statusCode()).isEqualTo(200);
  }

  @Test
  void an_english_page_marks_each_dutch_text_it_falls_back_to() {
    editor
        .create(
            new OfferDraft(
                "proef-half-vertaald",
                "Half vertaald",
                "Alleen in het Nederlands.",
                "Alleen Nederlands hier.",
                "Half translated",
                null,
                null,
                "Stichting Half",
                null,
                null,
                null,
                List.of("participatie"),
                List.of("iedereen"),
                null,
                null,
                "universeel",
                true,
                List.of(),
                true,
                null,
                "zelf_aanmelden",
                List.of("nl"),
                null,
                null,
                null,
                null,
                List.of()),
            "test")
        .compose(id -> editor.setStatus(id, "gepubliceerd", 0, "test"))
        .await();
    String page = server.user().get("/aanbod/proef-half-vertaald?taal=en").body();
    assertThat(page)
        .contains("<h1 itemprop=\"name\">Half translated</h1>")
        .contains("itemprop=\"description\" lang=\"nl\">Alleen in het Nederlands.")
        .contains("<div lang=\"nl\">");
    String search = server.user().get("/aanbod?q=half&taal=en").body();
    assertThat(search)
        .contains(">Half translated</a>")
        .contains("<p lang=\"nl\">Alleen in het Nederlands.</p>");
  }

  @Test
  void the_advice_without_answers_starts_the_questions_and_danger_lets_you_go_on() {
    WebUser stranger = server.user();
    HttpResponse<String> advice = stranger.get("/wegwijzer/advies");
    assertThat(advice.statusCode()).isEqualTo(303);
    assertThat(advice.headers().firstValue("location"))
        .hasValue("/wegwijzer?stap=urgentie&verlopen=1");
    assertThat(stranger.get("/wegwijzer?stap=urgentie&verlopen=1").body())
        .contains("We hebben je antwoorden niet meer");

    WebUser resident = server.user();
    resident.get("/wegwijzer");
    answer(resident, "urgentie", "gevaar");
    String danger = resident.get("/wegwijzer/advies").body();
    assertThat(danger)
        .contains(
            "role=\"alert\"", "Verder met de vragen", "stap&#x3D;onderwerp", "Opnieuw beginnen");
  }

  @Test
  void english_words_find_an_offer_through_its_english_text() {
    editor
        .create(
            new OfferDraft(
                "proef-kwartjesklets",
                "Kwartjesklets",
                "Praten over je portemonnee.",
                "Elke week een uur.",
                "Penny talk",
                "Help with money worries and unpaid bills.",
                null,
                "Stichting Kwartje",
                null,
                null,
                null,
                List.of("financien"),
                List.of("iedereen"),
                null,
                null,
                "universeel",
                true,
                List.of(),
                true,
                null,
                "zelf_aanmelden",
                List.of("nl", "en"),
                null,
                null,
                null,
                null,
                List.of()),
            "test")
        .compose(id -> editor.setStatus(id, "gepubliceerd", 0, "test"))
        .await();
    assertThat(slugs("q=money+worries")).contains("proef-kwartjesklets");
    assertThat(slugs("q=worry")).contains("proef-kwartjesklets");
    assertThat(slugs("q=portemonnee")).contains("proef-kwartjesklets");
  }

  private static HttpResponse<String> answer(WebUser resident, String step, String value) {
    resident.get("/wegwijzer?stap=" + step);
    HttpResponse<String> response =
        resident.postForm(
            "/wegwijzer",
            Map.of("stap", step, "antwoord", value, "X-XSRF-TOKEN", resident.cookie("XSRF-TOKEN")));
    assertThat(response.statusCode()).as(step + ": " + response.body()).isEqualTo(303);
    return response;
  }
}
