package nl.wijkportaal.inbox;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Dutch postcodes: four digits (not starting with 0) and two letters, "8011 AB" or "8011ab". */
public final class Postcode {

  private static final Pattern SHAPE = Pattern.compile("[1-9][0-9]{3} ?[A-Za-z]{2}");

  private Postcode() {}

  /** {@code 8011AB} for any accepted spelling, empty when it is not a postcode. */
  public static Optional<String> normalise(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String trimmed = value.strip();
    if (!SHAPE.matcher(trimmed).matches()) {
      return Optional.empty();
    }
    return Optional.of(trimmed.replace(" ", "").toUpperCase(Locale.ROOT));
  }

  /** How it is written for people: {@code 8011 AB}. */
  public static String display(String normalised) {
    return normalised.length() == 6
        ? normalised.substring(0, 4) + " " + normalised.substring(4)
        : normalised;
  }
}
