package nl.wijkportaal.platform.web;

import java.text.MessageFormat;
import java.util.ArrayList;
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
    if (args.length == 0) {
      return pattern;
    }
    String quick = simple.computeIfAbsent(pattern, Simple::of).format(args);
    return quick != null ? quick : new MessageFormat(pattern, locale).format(args);
  }

  /** The patterns read so far, each as its {@link Simple} form. */
  private final Map<String, Simple> simple = new ConcurrentHashMap<>();

  /**
   * A pattern with only plain placeholders ({@code {0}}, {@code {1}}) and no quotes, cut into its
   * text and its arguments' places once, so a text with arguments (every page's "step 2 of 7") is
   * not parsed anew by a new {@link MessageFormat}. It formats what {@link MessageFormat} formats
   * the same in every language: strings, small whole numbers (no grouping) and {@code null}; for
   * anything else it returns null, and {@link MessageFormat} formats it as before.
   */
  private record Simple(String[] texts, int[] args) {

    private static final Simple NONE = new Simple(null, null);

    static Simple of(String pattern) {
      if (pattern.indexOf('\'') >= 0) {
        return NONE;
      }
      List<String> texts = new ArrayList<>();
      List<Integer> args = new ArrayList<>();
      int from = 0;
      int open;
      while ((open = pattern.indexOf('{', from)) >= 0) {
        int close = pattern.indexOf('}', open);
        if (close < open + 2 || close > open + 3) {
          return NONE;
        }
        for (int i = open + 1; i < close; i++) {
          if (pattern.charAt(i) < '0' || pattern.charAt(i) > '9') {
            return NONE;
          }
        }
        texts.add(pattern.substring(from, open));
        args.add(Integer.parseInt(pattern.substring(open + 1, close)));
        from = close + 1;
      }
      if (pattern.indexOf('}', from) >= 0) {
        return NONE;
      }
      texts.add(pattern.substring(from));
      return new Simple(
          texts.toArray(String[]::new), args.stream().mapToInt(Integer::intValue).toArray());
    }

    String format(Object[] values) {
      if (texts == null) {
        return null;
      }
      StringBuilder b = new StringBuilder(texts[0]);
      for (int i = 0; i < args.length; i++) {
        int n = args[i];
        if (n >= values.length) {
          b.append('{').append(n).append('}');
        } else {
          Object value = values[n];
          if (value == null || value instanceof String) {
            b.append(value);
          } else if ((value instanceof Integer || value instanceof Long || value instanceof Short)
              && ((Number) value).longValue() >= 0
              && ((Number) value).longValue() < 1000) {
            b.append(((Number) value).longValue());
          } else {
            return null;
          }
        }
        b.append(texts[i + 1]);
      }
      return b.toString();
    }
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
