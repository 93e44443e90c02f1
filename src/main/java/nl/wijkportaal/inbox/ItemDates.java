package nl.wijkportaal.inbox;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.web.Messages;

/** Dates on receipts, status pages and mails, in Amsterdam time and the reader's language. */
public final class ItemDates {

  private final Messages messages;

  /**
   * Formatters by pattern and language, built once: building one parses its pattern, which was a
   * visible share of a status page's CPU when done for every date on every page.
   */
  private final Map<Pattern, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

  private record Pattern(String pattern, Locale locale) {}

  public ItemDates(Messages messages) {
    this.messages = messages;
  }

  /** "vrijdag 27 november 2026 om 17:00" / "Friday 27 November 2026 at 17:00". */
  public String dateTime(Instant instant, Locale locale) {
    return format(instant, locale, "inbox.format.dateTime");
  }

  /** "27 november 2026" / "27 November 2026". */
  public String date(Instant instant, Locale locale) {
    return format(instant, locale, "inbox.format.date");
  }

  private String format(Instant instant, Locale locale, String key) {
    return formatters
        .computeIfAbsent(
            new Pattern(messages.get(locale, key), locale),
            p -> DateTimeFormatter.ofPattern(p.pattern(), p.locale()))
        .format(instant.atZone(WorkingDayCalendar.ZONE));
  }
}
