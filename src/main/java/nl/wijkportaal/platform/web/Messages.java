package nl.wijkportaal.platform.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interface texts, from {@code i18n/messages_<lang>.properties}: Dutch first, English
 * complete. No fallback to the JVM's locale; a missing key shows itself as {@code ??key??}
 * (and a test fails on it).
 */
public final class Messages {

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private final Map<Locale, ResourceBundle> bundles = new ConcurrentHashMap<>();

  public Messages() {
    Language.SUPPORTED.forEach(this::bundle);
  }

  public String get(Locale locale, String key, Object... args) {
    try {
      String pattern = bundle(locale).getString(key);
      return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    } catch (MissingResourceException e) {
      return "??" + key + "??";
    }
  }

  public ResourceBundle bundle(Locale locale) {
    return bundles.computeIfAbsent(locale, l -> ResourceBundle.getBundle("i18n.messages", l, NO_FALLBACK));
  }
}
