package nl.wijkportaal.inbox;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * Who an item is about, as far as the form knew: the fields that find an earlier item about the
 * same person or household. Every field may be missing.
 */
public record Subject(String naam, LocalDate geboortedatum, String postcode, String huisnummer) {

  public static final Subject UNKNOWN = new Subject(null, null, null, null);

  /** The name in lower case without accents or punctuation, words single-spaced. */
  public Optional<String> naamSleutel() {
    if (naam == null || naam.isBlank()) {
      return Optional.empty();
    }
    String plain = Normalizer.normalize(naam, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String key = plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    return key.isEmpty() ? Optional.empty() : Optional.of(key);
  }

  /** Postcode and house number normalised ({@code 8011AB|12A}), when both are known. */
  public Optional<String> adresSleutel() {
    Optional<String> pc = Postcode.normalise(postcode);
    if (pc.isEmpty() || huisnummer == null || huisnummer.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        pc.get() + "|" + huisnummer.replaceAll("[\\s-]+", "").toUpperCase(Locale.ROOT));
  }
}
