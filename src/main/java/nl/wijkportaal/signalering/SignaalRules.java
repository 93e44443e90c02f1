package nl.wijkportaal.signalering;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nl.wijkportaal.catalogue.Codes;
import nl.wijkportaal.inbox.Postcode;
import nl.wijkportaal.platform.web.Form;

/**
 * What a signal must be before the inbox takes it, whichever door it came through. The API's
 * contract checks shapes first; these rules also hold for the HTML form (which has no schema) and
 * add what a schema cannot say: a date of birth that is not in the future, a Dutch postcode, no
 * characters PostgreSQL or a mail header cannot take.
 */
public final class SignaalRules {

  public static final List<String> URGENTIES = List.of("regulier", "spoed", "crisis");
  public static final List<String> TOESTEMMINGEN = List.of("ja", "nee", "niet_gevraagd");
  public static final List<String> LEEFGEBIEDEN = Codes.LEEFGEBIEDEN;

  public static final int NAAM_MAX = 200;
  public static final int TEKST_MAX = 4000;
  public static final int HULP_MAX = 2000;
  private static final int HUISNUMMER_MAX = 12;
  private static final int TELEFOON_MAX = 30;
  private static final int EMAIL_MAX = 254;
  private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

  private static final Pattern HUISNUMMER =
      Pattern.compile("[1-9][0-9]{0,4}(\\s?[-/]?\\s?[A-Za-z0-9]{1,6})?");
  private static final Pattern TELEFOON = Pattern.compile("\\+?[0-9][0-9 ()./-]{5,29}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /**
   * One field that was not accepted: its path as the API names it ({@code betrokkene.naam}) and
   * why.
   */
  public record Violation(String field, String code) {}

  private SignaalRules() {}

  /** Every violation, in the order of the form; empty when the signal may be stored. */
  public static List<Violation> check(Signaal s, LocalDate today) {
    List<Violation> found = new ArrayList<>();
    Signaal.Betrokkene b = s.betrokkene();
    line(found, "betrokkene.naam", b.naam(), NAAM_MAX, true);
    birthDate(found, b.geboortedatum(), today);
    if (line(found, "betrokkene.postcode", b.postcode(), 10, true)
        && Postcode.normalise(b.postcode()).isEmpty()) {
      found.add(new Violation("betrokkene.postcode", "postcode"));
    }
    shaped(
        found,
        "betrokkene.huisnummer",
        b.huisnummer(),
        HUISNUMMER_MAX,
        true,
        HUISNUMMER,
        "pattern");
    shaped(found, "betrokkene.telefoon", b.telefoon(), TELEFOON_MAX, false, TELEFOON, "pattern");
    if (s.leefgebieden().isEmpty()) {
      found.add(new Violation("leefgebieden", "required"));
    } else if (!LEEFGEBIEDEN.containsAll(s.leefgebieden())) {
      found.add(new Violation("leefgebieden", "enum"));
    }
    code(found, "urgentie", s.urgentie(), URGENTIES);
    text(found, "omschrijving", s.omschrijving(), TEKST_MAX, true);
    text(found, "hulpBetrokken", s.hulpBetrokken(), HULP_MAX, false);
    if (s.betrokkeneGeinformeerd() == null) {
      found.add(new Violation("betrokkeneGeinformeerd", "required"));
    }
    code(found, "toestemming", s.toestemming(), TOESTEMMINGEN);
    if (s.veiligheidszorg() == null) {
      found.add(new Violation("veiligheidszorg", "required"));
    }
    if (s.melder() != null) {
      line(found, "melder.naam", s.melder().naam(), NAAM_MAX, false);
      shaped(
          found,
          "melder.telefoon",
          s.melder().telefoon(),
          TELEFOON_MAX,
          false,
          TELEFOON,
          "pattern");
      shaped(found, "melder.email", s.melder().email(), EMAIL_MAX, false, EMAIL, "email");
    }
    return found;
  }

  /** What a melder adds to a signal later: a text like the description. */
  public static List<Violation> checkAanvulling(String tekst) {
    List<Violation> found = new ArrayList<>();
    text(found, "tekst", tekst, TEKST_MAX, true);
    return found;
  }

  private static void birthDate(List<Violation> found, String value, LocalDate today) {
    String field = "betrokkene.geboortedatum";
    if (!line(found, field, value, 10, true)) {
      return;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      found.add(new Violation(field, "format"));
      return;
    }
    if (date.isAfter(today)) {
      found.add(new Violation(field, "future"));
    } else if (date.isBefore(EARLIEST_BIRTH)) {
      found.add(new Violation(field, "range"));
    }
  }

  private static void code(
      List<Violation> found, String field, String value, List<String> allowed) {
    if (value == null || value.isBlank()) {
      found.add(new Violation(field, "required"));
    } else if (!allowed.contains(value)) {
      found.add(new Violation(field, "enum"));
    }
  }

  private static void shaped(
      List<Violation> found,
      String field,
      String value,
      int max,
      boolean required,
      Pattern shape,
      String code) {
    if (line(found, field, value, max, required) && !shape.matcher(value).matches()) {
      found.add(new Violation(field, code));
    }
  }

  /** A one-line value: true when present and fit for its shape to be checked. */
  private static boolean line(
      List<Violation> found, String field, String value, int max, boolean required) {
    return present(found, field, value, max, required, false);
  }

  /** A text of several lines (line breaks and tabs allowed). */
  private static void text(
      List<Violation> found, String field, String value, int max, boolean required) {
    present(found, field, value, max, required, true);
  }

  private static boolean present(
      List<Violation> found,
      String field,
      String value,
      int max,
      boolean required,
      boolean multiLine) {
    if (value == null || value.isBlank()) {
      if (required) {
        found.add(new Violation(field, "required"));
      }
      return false;
    }
    if (Form.controlCharacters(value, multiLine)) {
      found.add(new Violation(field, "unreadable"));
      return false;
    }
    if (value.length() > max) {
      found.add(new Violation(field, "maxLength"));
      return false;
    }
    return true;
  }
}
