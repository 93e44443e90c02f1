package nl.wijkportaal.catalogue;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a resident typed, made safe and useful: accents and case removed, split into words, expanded
 * with the editors' synonyms ({@link #alternatives}), built only from letters and digits, so
 * nothing a resident types can change a query's meaning.
 */
public final class SearchTerms {

  private static final int MAX_WORDS = 8;
  private static final int MAX_WORD_LENGTH = 40;
  private static final Pattern LATIN_ACCENT = Pattern.compile("(?<=\\p{IsLatin})\\p{M}+");

  /** What a tsquery lexeme is made of: letters, their marks, digits; never an operator. */
  private static final String NOT_LEXEME = "[^\\p{L}\\p{M}\\p{N}]";

  private final String normalised;
  private final List<String> words;

  private SearchTerms(String normalised, List<String> words) {
    this.normalised = normalised;
    this.words = words;
  }

  public static SearchTerms of(String text) {
    String plain = normalise(text == null ? "" : text);
    List<String> words = new ArrayList<>();
    for (String word : plain.split(" ", -1)) {
      if (!word.isEmpty() && word.length() <= MAX_WORD_LENGTH && words.size() < MAX_WORDS) {
        words.add(word);
      }
    }
    return new SearchTerms(String.join(" ", words), List.copyOf(words));
  }

  /**
   * Lower case, accents off Latin letters, anything but letters and digits (of any script, with
   * their own marks such as Arabic vowel signs) a space.
   */
  public static String normalise(String text) {
    String lower = Normalizer.normalize(text, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
    String plain =
        Normalizer.normalize(LATIN_ACCENT.matcher(lower).replaceAll(""), Normalizer.Form.NFC);
    return plain
        .replaceAll("[^\\p{L}\\p{M}\\p{N}@.]+", " ")
        .replaceAll("(?<![\\p{L}\\p{M}])\\p{M}+", " ")
        .replaceAll("(?<![\\p{L}\\p{M}\\p{N}])[.@]|[.@](?![\\p{L}\\p{M}\\p{N}])", " ")
        .trim()
        .replaceAll(" +", " ");
  }

  public boolean isEmpty() {
    return words.isEmpty();
  }

  public List<String> words() {
    return words;
  }

  public String text() {
    return normalised.replaceAll("[@.]", " ").replaceAll(" +", " ").trim();
  }

  /**
   * The form kept in the search log: only when it has no digit and nothing e-mail-like, which are
   * how names, addresses and phone numbers show up in a search box.
   */
  public Optional<String> loggable() {
    if (words.isEmpty() || normalised.matches("(?s).*[\\p{N}@].*")) {
      return Optional.empty();
    }
    return Optional.of(text());
  }

  /**
   * Per word, what may match it: the word itself first, then each synonym of a group the word is
   * in; each alternative as its pieces (a synonym may be several words, all of which must match).
   * Pieces hold only letters and digits, so nothing a resident types is an operator anywhere.
   */
  public List<List<List<String>>> alternatives(List<List<String>> synonymGroups) {
    List<List<List<String>>> all = new ArrayList<>();
    for (String word : words) {
      String clean = word.replaceAll(NOT_LEXEME, "");
      if (clean.isEmpty()) {
        continue;
      }
      Set<List<String>> alternatives = new LinkedHashSet<>();
      alternatives.add(pieces(clean));
      for (List<String> group : synonymGroups) {
        if (group.contains(clean)) {
          group.forEach(term -> alternatives.add(pieces(term)));
        }
      }
      alternatives.removeIf(List::isEmpty);
      if (!alternatives.isEmpty()) {
        all.add(List.copyOf(alternatives));
      }
    }
    return all;
  }

  private static List<String> pieces(String term) {
    List<String> pieces = new ArrayList<>();
    for (String piece : normalise(term).split(" ", -1)) {
      String clean = piece.replaceAll(NOT_LEXEME, "");
      if (!clean.isEmpty()) {
        pieces.add(clean);
      }
    }
    return pieces;
  }
}
