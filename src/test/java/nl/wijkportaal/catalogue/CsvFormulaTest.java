package nl.wijkportaal.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An editor opens the CSV export in a spreadsheet: no cell may run as a formula, whatever an
 * offer's text starts with, while numbers and phone numbers stay numbers, and an import of the file
 * gives back exactly what was exported.
 */
class CsvFormulaTest {

  private static final List<String> FORMULAS =
      List.of(
          "+1+cmd|' /C calc'!A0",
          "-1+1|cmd|' /C calc'!A0",
          "-2+3",
          "+1-1",
          "=1+1",
          "@SUM(A1)",
          "\t=1+1",
          "\r=1+1",
          "-x",
          "+x",
          "-5 euro",
          "+31 38 123 4567+cmd|' /C calc'!A0",
          "-",
          "+");

  private static final List<String> KEPT =
      List.of(
          "+31 38 123 4567",
          "+31 (0)38-123 4567",
          "-12.5",
          "-12,5",
          "+3",
          "42",
          "'t Hofje",
          "gewoon");

  @Test
  void every_cell_that_a_spreadsheet_could_evaluate_gets_a_quote_in_front() {
    for (String cell : FORMULAS) {
      assertThat(OfferCsv.escape(cell)).as(cell).isEqualTo("'" + cell);
    }
  }

  @Test
  void numbers_and_phone_numbers_stay_as_they_are() {
    for (String cell : KEPT) {
      assertThat(OfferCsv.escape(cell)).as(cell).isEqualTo(cell);
    }
  }

  @Test
  void an_import_takes_the_quote_off_again() {
    for (String cell : FORMULAS) {
      assertThat(OfferCsv.unescape(OfferCsv.escape(cell))).as(cell).isEqualTo(cell);
      assertThat(OfferCsv.unescape(OfferCsv.escape("'" + cell)))
          .as("'" + cell)
          .isEqualTo("'" + cell);
    }
    for (String cell : KEPT) {
      assertThat(OfferCsv.unescape(OfferCsv.escape(cell))).as(cell).isEqualTo(cell);
    }
  }
}
