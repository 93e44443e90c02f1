package nl.wijkportaal.inbox;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Human references residents and melders read aloud on the phone: a letter for the kanaal and six
 * characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z): {@code A-7K4M-QX}.
 * About 10^9 values; the database's unique index catches the rare repeat.
 */
public final class Referentie {

  static final String ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Referentie() {}

  /** A new reference for an item that came in by {@code kanaal}. */
  public static String next(String kanaal) {
    StringBuilder s = new StringBuilder().append(prefix(kanaal)).append('-');
    for (int i = 0; i < 6; i++) {
      if (i == 4) {
        s.append('-');
      }
      s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  private static char prefix(String kanaal) {
    return switch (kanaal) {
      case "aanmelding" -> 'A';
      case "signaal" -> 'S';
      case "chat" -> 'C';
      case "klacht" -> 'K';
      default -> 'T'; // telefoon, balie, huisbezoek: registered by staff
    };
  }

  /**
   * Whether a typed reference has the shape of one (case and spaces forgiven by {@link
   * #normalise}).
   */
  public static boolean looksValid(String value) {
    return value != null
        && normalise(value).matches("[ASCTK]-[" + ALPHABET + "]{4}-[" + ALPHABET + "]{2}");
  }

  public static String normalise(String value) {
    return value.trim().toUpperCase(Locale.ROOT).replace(' ', '-');
  }
}
