package nl.wijkportaal.platform.web;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interface texts, from {@code i18n/messages_<lang>.properties} and one bundle per feature that
 * has many texts of its own ({@link #BUNDLES}): Dutch first, English complete. No fallback to the
 * JVM's locale; a missing key shows itself as {@code ??key??} (and a test fails on it).
 */
public final class Messages {

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  /** The bundles, searched in this order; a key lives in exactly one (MessagesTest). */
  public static final List<String> BUNDLES =
      List.of(
          "messages", "inbox", "aanmelding", "signalen", "triage", "hardening", "insight", "chat");

  private final Map<Locale, List<ResourceBundle>> bundles = new ConcurrentHashMap<>();
  private final Map<Locale, Map<String, String>> texts = new ConcurrentHashMap<>();

  public Messages() {
    Language.SUPPORTED.forEach(this::texts);
  }

  public String get(Locale locale, String key, Object... args) {
    String pattern = texts(locale).get(key);
    if (pattern == null) {
      return "??" + key + "??";
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }

  /** The text of the key, or empty when no bundle has it (an optional hint, a code's label). */
  public Optional<String> find(Locale locale, String key, Object... args) {
    return has(locale, key) ? Optional.of(get(locale, key, args)) : Optional.empty();
  }

  /** Whether a bundle has the key. */
  public boolean has(Locale locale, String key) {
    return texts(locale).containsKey(key);
  }

  /**
   * Every text of a language in one map, each key from the first bundle that has it: a page asks
   * for dozens of texts, and asking up to eight bundles for each showed in the pages' profile.
   */
  private Map<String, String> texts(Locale locale) {
    return texts.computeIfAbsent(
        locale,
        l -> {
          Map<String, String> all = new HashMap<>();
          for (ResourceBundle bundle : bundles(l)) {
            for (String key : bundle.keySet()) {
              all.putIfAbsent(key, bundle.getString(key));
            }
          }
          return Map.copyOf(all);
        });
  }

  private List<ResourceBundle> bundles(Locale locale) {
    return bundles.computeIfAbsent(
        locale,
        l ->
            BUNDLES.stream()
                .map(name -> ResourceBundle.getBundle("i18n." + name, l, NO_FALLBACK))
                .toList());
  }
}
