package nl.wijkportaal.triage;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.web.Messages;

/**
 * The words staff read for the codes of DOMAIN.md, in one language: a state, kanaal, route,
 * leefgebied, urgentie. A code without a text shows as itself, so a new code never breaks a page.
 */
final class Labels {

  private final Messages messages;
  private final Locale locale;

  Labels(Messages messages, Locale locale) {
    this.messages = messages;
    this.locale = locale;
  }

  Locale locale() {
    return locale;
  }

  String text(String key, Object... args) {
    return messages.get(locale, key, args);
  }

  /** The text of {@code prefix + code}, or the code itself when there is none. */
  String of(String prefix, String code) {
    if (code == null) {
      return "";
    }
    return messages.find(locale, prefix + code).orElse(code);
  }

  String state(String code) {
    return of("triage.state.", code);
  }

  String kanaal(String code) {
    return of("triage.kanaal.", code);
  }

  String urgentie(String code) {
    return of("triage.urgentie.", code);
  }

  String leefgebied(String code) {
    return of("leefgebied.", code);
  }

  String route(String code) {
    return of("triage.route.", code);
  }

  String toestemming(String code) {
    return of("triage.toestemming.", code);
  }

  /** A moment in the list's short form ("wo 25 nov 17:00"), in Amsterdam time. */
  String shortDateTime(Instant instant) {
    return DateTimeFormatter.ofPattern(text("triage.format.shortDateTime"), locale)
        .format(instant.atZone(WorkingDayCalendar.ZONE));
  }

  /** A day in the list's short form ("24 nov"). */
  String shortDate(Instant instant) {
    return DateTimeFormatter.ofPattern(text("triage.format.shortDate"), locale)
        .format(instant.atZone(WorkingDayCalendar.ZONE));
  }

  String yesNo(boolean value) {
    return text(value ? "triage.answer.ja" : "triage.answer.nee");
  }

  Messages messages() {
    return messages;
  }

  /**
   * Options for a select of {@code partials/field}: {@code optionValue}, {@code optionLabel},
   * {@code optionChecked}.
   */
  List<Map<String, Object>> options(List<String> codes, String prefix, List<String> chosen) {
    List<Map<String, Object>> options = new ArrayList<>();
    for (String code : codes) {
      options.add(selectOption(code, of(prefix, code), chosen.contains(code)));
    }
    return options;
  }

  /** One option of a select of {@code partials/field}. */
  static Map<String, Object> selectOption(String value, String label, boolean selected) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("optionValue", value);
    o.put("optionLabel", label);
    o.put("optionChecked", selected);
    return o;
  }

  static Map<String, Object> option(String value, String label, boolean selected) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("value", value);
    o.put("label", label);
    o.put("selected", selected);
    return o;
  }
}
