package nl.wijkportaal.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An editor's import file with many bad rows: the answer names the first rows and counts the rest,
 * so its size no longer grows with the file; a file with more offers than one import takes is
 * refused as a whole, before its rows are checked.
 */
class ImportBoundsTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);
  private static WebUser editor;

  @BeforeAll
  static void start() {
    editor = Staff.signIn(server, CLOCK, "redacteur");
  }

  private static HttpResponse<String> upload(int rows) {
    return upload(rows, "nl");
  }

  private static HttpResponse<String> upload(int rows, String taal) {
    StringBuilder csv = new StringBuilder("slug,title,ageMin\n");
    for (int i = 0; i < rows; i++) {
      csv.append("proef-").append(i).append(",Aanbod ").append(i).append(",oud\n");
    }
    editor.get("/redactie/import?taal=" + taal);
    return editor.postFile(
        "/redactie/import",
        Map.of("X-XSRF-TOKEN", editor.cookie("XSRF-TOKEN")),
        "bestand",
        "aanbod.csv",
        "text/csv",
        csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_file_with_1500_bad_rows_names_the_first_25_and_counts_the_rest() {
    HttpResponse<String> page = upload(1_500);
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body())
        .contains("1.500 rijen kloppen niet")
        .contains("En nog 1.475 rijen met fouten");
    assertThat(Pattern.compile("<li><strong>Rij ").matcher(page.body()).results().count())
        .isEqualTo(25);
    assertThat(page.body()).contains("Rij 2<").contains("Rij 26<").doesNotContain("Rij 27<");
    assertThat(page.body().length()).isLessThan(60_000);
  }

  @Test
  void a_file_with_more_offers_than_one_import_takes_is_refused_as_a_whole() {
    HttpResponse<String> page = upload(8_000);
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body())
        .contains("Lees hoogstens 2.000 aanbiedingen per keer in")
        .doesNotContain("<li><strong>Rij ");
    assertThat(page.body().length()).isLessThan(60_000);
    assertThat(upload(2_001, "en").body()).contains("Import at most 2,000 offers at a time");
  }
}
