package nl.wijkportaal.insight;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.web.Form;

/**
 * The dashboard's period: whole days from {@code van} to {@code tot} (both included) in {@code
 * Europe/Amsterdam}, at most {@link #MAX_DAYS} long. Default: the last 12 months up to today.
 */
public record Period(LocalDate van, LocalDate tot) {

  public static final int MAX_DAYS = 3 * 366;
  private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

  /** Why a period was refused: the field and its message key. */
  public record Refused(String field, String key) {}

  public static Period lastYear(Clock clock) {
    LocalDate today = clock.instant().atZone(WorkingDayCalendar.ZONE).toLocalDate();
    return new Period(today.minusYears(1).plusDays(1), today);
  }

  /**
   * From the query's {@code van} and {@code tot} (ISO dates, each optional); a refusal names the
   * field. A missing {@code van} is a year before {@code tot}.
   */
  public static Object parse(String van, String tot, Clock clock) {
    Period fallback = lastYear(clock);
    Optional<LocalDate> end = date(tot);
    if (tot != null && !tot.isBlank() && end.isEmpty()) {
      return new Refused("tot", "insight.error.date");
    }
    Optional<LocalDate> start = date(van);
    if (van != null && !van.isBlank() && start.isEmpty()) {
      return new Refused("van", "insight.error.date");
    }
    LocalDate to = end.orElse(fallback.tot());
    LocalDate from = start.orElse(to.minusYears(1).plusDays(1));
    if (from.isAfter(to)) {
      return new Refused("van", "insight.error.order");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      return new Refused("van", "insight.error.tooLong");
    }
    return new Period(from, to);
  }

  private static Optional<LocalDate> date(String text) {
    // The form toolkit's date: ISO (the date field) or Dutch (14-3-2026, typed without one).
    return Form.parseDate(text)
        .filter(d -> !d.isBefore(EARLIEST) && !d.isAfter(LocalDate.of(2100, 1, 1)));
  }

  public Instant start() {
    return van.atStartOfDay(WorkingDayCalendar.ZONE).toInstant();
  }

  /** The first moment after the period. */
  public Instant end() {
    return tot.plusDays(1).atStartOfDay(WorkingDayCalendar.ZONE).toInstant();
  }

  public String query() {
    return "van=" + van + "&tot=" + tot;
  }
}
