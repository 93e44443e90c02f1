package nl.wijkportaal.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An editor's import file read without a server: CSV or JSON told apart, a spreadsheet's Windows
 * code page read right, a bad row named by its number, a file too large or not a list of offers
 * refused as a whole.
 */
class OfferImportTest {

  private static final List<String> WIJKEN = List.of("midden", "noord", "oost", "zuid", "west");
  private static final String HEADER =
      "slug,title,summary,description,providerName,leefgebieden,doelgroepen,niveau,wholeCity,costFree,join,languages\n";

  private static String row(String slug, String title) {
    return slug
        + ","
        + title
        + ",Samen lezen.,Voor iedereen.,Bibliotheek Voorbeeldstad,participatie,iedereen,universeel,ja,ja,zelf_aanmelden,nl\n";
  }

  private static JsonObject offer(String slug, String title) {
    return new JsonObject()
        .put("slug", slug)
        .put("title", title)
        .put("summary", "Samen lezen.")
        .put("description", "Voor iedereen.")
        .put("providerName", "Bibliotheek Voorbeeldstad")
        .put("leefgebieden", new JsonArray().add("participatie"))
        .put("doelgroepen", new JsonArray().add("iedereen"))
        .put("niveau", "universeel")
        .put("wholeCity", true)
        .put("costFree", true)
        .put("join", "zelf_aanmelden")
        .put("languages", new JsonArray().add("nl"));
  }

  private static OfferImport.File file(String text, String name, String type) {
    return OfferImport.File.of(text.getBytes(StandardCharsets.UTF_8), name, type);
  }

  @Test
  void a_file_is_csv_or_json_by_its_name_then_its_type_then_its_first_character() {
    assertThat(file("[]", "aanbod.csv", "application/json").csv()).isTrue();
    assertThat(file("slug\n", "aanbod.json", "text/csv").csv()).isFalse();
    assertThat(file("slug\n", "lijst", "text/csv").csv()).isTrue();
    assertThat(file("slug\n", "lijst", "application/json").csv()).isFalse();
    assertThat(file("\uFEFF  {\"offers\": []}", null, null).csv()).isFalse();
    assertThat(file(HEADER, null, null).csv()).isTrue();
  }

  @Test
  void a_spreadsheet_saved_in_the_windows_code_page_reads_its_accents() {
    byte[] bytes = (HEADER + row("cafe-ontmoeting", "Café ontmoeting")).getBytes(windows1252());
    OfferImport.File file = OfferImport.File.of(bytes, "aanbod.csv", "text/csv");
    assertThat(file.drafts(WIJKEN))
        .extracting(OfferDraft::title)
        .containsExactly("Café ontmoeting");
  }

  @Test
  void good_csv_and_json_files_give_one_draft_per_offer() {
    assertThat(
            file(HEADER + row("lezen", "Lezen") + row("schrijven", "Schrijven"), "a.csv", null)
                .drafts(WIJKEN))
        .extracting(OfferDraft::slug)
        .containsExactly("lezen", "schrijven");
    String export =
        new JsonObject().put("offers", new JsonArray().add(offer("lezen", "Lezen"))).encode();
    assertThat(file(export, "a.json", null).drafts(WIJKEN))
        .extracting(OfferDraft::slug)
        .containsExactly("lezen");
    String bare = new JsonArray().add(offer("lezen", "Lezen")).encode();
    assertThat(file(bare, "a.json", null).drafts(WIJKEN)).hasSize(1);
  }

  @Test
  void a_bad_row_is_named_by_its_number_with_its_fields() {
    String csv = HEADER + row("lezen", "Lezen") + row("Geen Slug!", "") + row("ok", "Ok");
    OfferImport.File file = file(csv, "a.csv", null);
    assertThatExceptionOfType(EditorService.ImportRejected.class)
        .isThrownBy(() -> file.drafts(WIJKEN))
        .satisfies(
            rejected -> {
              assertThat(rejected.total()).isEqualTo(1);
              assertThat(rejected.rows()).containsOnlyKeys(2);
              assertThat(rejected.rows().get(2))
                  .containsEntry("slug", "catalogue.error.slug")
                  .containsEntry("title", "catalogue.error.required");
            });

    JsonArray json =
        new JsonArray().add(offer("lezen", "Lezen").put("ageMin", "tien")).add("geen aanbod");
    assertThatExceptionOfType(EditorService.ImportRejected.class)
        .isThrownBy(() -> file(json.encode(), "a.json", null).drafts(WIJKEN))
        .satisfies(
            rejected ->
                assertThat(rejected.rows())
                    .isEqualTo(
                        Map.of(
                            1, Map.of("ageMin", "catalogue.error.age"),
                            2, Map.of("row", "redactie.error.row"))));
  }

  @Test
  void a_file_that_is_no_list_of_offers_or_too_long_is_refused_as_a_whole() {
    for (String text : List.of("", "{\"aanbod\": []}", "{niet json", "42")) {
      assertThatExceptionOfType(OfferCsv.Unreadable.class)
          .as(text)
          .isThrownBy(() -> file(text, "a.json", null).drafts(WIJKEN));
    }
    JsonArray many = new JsonArray();
    for (int i = 0; i <= OfferImport.MAX_ROWS; i++) {
      many.add(new JsonObject());
    }
    assertThatExceptionOfType(OfferCsv.TooManyRows.class)
        .isThrownBy(() -> file(many.encode(), "a.json", null).drafts(WIJKEN));
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i <= OfferImport.MAX_ROWS; i++) {
      csv.append(row("rij-" + i, "Rij"));
    }
    assertThatExceptionOfType(OfferCsv.TooManyRows.class)
        .isThrownBy(() -> file(csv.toString(), "a.csv", null).drafts(WIJKEN));
  }

  @Test
  void an_empty_list_gives_no_drafts_for_the_service_to_refuse() {
    assertThat(file("[]", "a.json", null).drafts(WIJKEN)).isEmpty();
    assertThat(file(HEADER, "a.csv", null).drafts(WIJKEN)).isEmpty();
  }

  private static Charset windows1252() {
    return Charset.forName("windows-1252");
  }
}
