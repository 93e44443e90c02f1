package nl.wijkportaal.catalogue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Offers as CSV for a spreadsheet: one row per offer, a header row with the keys of the JSON
 * export, list fields separated by {@code ;}. Locations and hours do not fit a row and are left
 * out; an import keeps those of an offer that already exists.
 */
final class OfferCsv {

  static final List<String> COLUMNS =
      List.of(
          "slug",
          "status",
          "title",
          "summary",
          "description",
          "titleEn",
          "summaryEn",
          "descriptionEn",
          "providerName",
          "providerWebsite",
          "providerPhone",
          "providerEmail",
          "leefgebieden",
          "doelgroepen",
          "ageMin",
          "ageMax",
          "niveau",
          "wholeCity",
          "wijken",
          "costFree",
          "costText",
          "join",
          "languages",
          "accessibility",
          "contactPhone",
          "contactEmail",
          "website",
          "lastCheckedAt");
  private static final List<String> BOOLEANS = List.of("wholeCity", "costFree");
  static final List<String> AGES = List.of("ageMin", "ageMax");
  private static final List<String> TRUE = List.of("true", "ja", "yes", "waar", "1");
  private static final List<String> FALSE = List.of("false", "nee", "no", "onwaar", "0");

  /** Lets a spreadsheet program open the file as UTF-8. */
  private static final String BOM = "\uFEFF";

  /** The rows of a file, or per row (1 = the first offer) the fields that could not be read. */
  record Parsed(List<OfferDraft> drafts, Map<Integer, Map<String, String>> errors) {}

  /** Thrown when the file as a whole is not CSV with a header row naming at least {@code slug}. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /** Thrown when a file holds more offers than one import takes. */
  static final class TooManyRows extends RuntimeException {
    TooManyRows() {
      super("too many rows", null, false, false);
    }
  }

  private OfferCsv() {}

  static String write(List<Offer> offers) {
    StringBuilder out = new StringBuilder(BOM);
    try (CSVPrinter printer =
        new CSVPrinter(
            out, CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get())) {
      for (Offer o : offers) {
        JsonObject json = OfferJson.write(o);
        List<String> row = new ArrayList<>(COLUMNS.size());
        for (String column : COLUMNS) {
          Object v = json.getValue(column);
          if (v instanceof JsonArray list) {
            row.add(escape(String.join(";", list.stream().map(String::valueOf).toList())));
          } else {
            row.add(v == null ? "" : escape(String.valueOf(v)));
          }
        }
        printer.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Reads a CSV file; a comma or, as a Dutch spreadsheet saves it, a semicolon between fields. */
  static Parsed read(String text, int maxRows) {
    String body = text.startsWith(BOM) ? text.substring(1) : text;
    String firstLine = body.lines().findFirst().orElse("");
    char delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setDelimiter(delimiter)
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setAllowMissingColumnNames(false)
            .get();
    List<OfferDraft> drafts = new ArrayList<>();
    Map<Integer, Map<String, String>> errors = new LinkedHashMap<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(body), format)) {
      if (!parser.getHeaderMap().containsKey("slug")) {
        throw new Unreadable("no slug column");
      }
      int row = 0;
      for (CSVRecord record : parser) {
        row++;
        if (row > maxRows) {
          throw new TooManyRows();
        }
        JsonObject json = new JsonObject();
        Map<String, String> rowErrors = new LinkedHashMap<>();
        for (String column : COLUMNS) {
          String value = record.isSet(column) ? unescape(record.get(column).trim()) : "";
          if (value.isEmpty()) {
            continue;
          }
          if (AGES.contains(column) && OfferJson.integer(value) == null) {
            rowErrors.put("ageMin", "catalogue.error.age");
          } else if (BOOLEANS.contains(column)) {
            String v = value.toLowerCase(Locale.ROOT);
            if (TRUE.contains(v) || FALSE.contains(v)) {
              json.put(column, TRUE.contains(v));
            } else {
              rowErrors.put(column, "redactie.error.yesNo");
            }
          } else {
            json.put(column, value);
          }
        }
        drafts.add(OfferJson.read(json, Map.of()));
        if (!rowErrors.isEmpty()) {
          errors.put(row, rowErrors);
        }
      }
    } catch (IOException
        | IllegalArgumentException
        | IllegalStateException
        | UncheckedIOException e) {
      throw new Unreadable(e.getMessage());
    }
    return new Parsed(drafts, errors);
  }

  /**
   * A cell a spreadsheet could run as a formula (one that starts with {@code =}, {@code +}, {@code
   * -}, {@code @}, a tab or a carriage return) gets a {@code '} in front, as spreadsheets
   * themselves do, unless it is wholly a number ("-12.5") or a phone number ("+31 38 123 4567"):
   * "+1+cmd|' /C calc'!A0" and "-2+3" are escaped. So is a cell that already starts with quotes
   * before such a start, so reading it back is exact. "'t Hofje" stays as it is.
   */
  static String escape(String cell) {
    return formula(cell.replaceFirst("^'+", "")) ? "'" + cell : cell;
  }

  /** Takes off the one {@code '} that {@link #escape} put in front. */
  static String unescape(String cell) {
    return cell.startsWith("'") && formula(cell.replaceFirst("^'+", "")) ? cell.substring(1) : cell;
  }

  private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+([.,][0-9]+)?");

  /**
   * An international number: a plus, then only digits, spaces, hyphens and "(0)", at least 8
   * digits.
   */
  private static final Pattern PHONE = Pattern.compile("\\+[0-9](?:[0-9 -]|\\(0\\))*[0-9]");

  private static boolean formula(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    if (first == '=' || first == '@' || first == '\t' || first == '\r') {
      return true;
    }
    if (first != '+' && first != '-') {
      return false;
    }
    boolean phone = PHONE.matcher(s).matches() && s.chars().filter(Character::isDigit).count() >= 8;
    return !(NUMBER.matcher(s).matches() || phone);
  }

  private static long count(String s, char c) {
    return s.chars().filter(ch -> ch == c).count();
  }
}
