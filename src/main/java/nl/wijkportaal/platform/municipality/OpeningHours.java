package nl.wijkportaal.platform.municipality;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * When the wijkteam answers: the weekly hours with the municipality's exceptions applied, always in
 * {@code Europe/Amsterdam}. The footer, the contact page and later the chat and deadlines ask it.
 */
public final class OpeningHours {

  public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

  private final MunicipalitySettings settings;
  private final Clock clock;
  private final Function<LocalDate, Optional<MunicipalitySettings.Localized>> holiday;

  public OpeningHours(MunicipalitySettings settings, Clock clock) {
    this(settings, clock, date -> Optional.empty());
  }

  /**
   * {@code holiday}: the name of the public holiday on a date (the working-day calendar's), if any.
   */
  public OpeningHours(
      MunicipalitySettings settings,
      Clock clock,
      Function<LocalDate, Optional<MunicipalitySettings.Localized>> holiday) {
    this.settings = settings;
    this.clock = clock;
    this.holiday = holiday;
  }

  /** The hours of one day. */
  public record Day(
      LocalDate date,
      Optional<TimeRange> hours,
      Optional<MunicipalitySettings.Localized> exception) {
    public boolean closed() {
      return hours.isEmpty();
    }
  }

  /** Whether the team is open right now, until when, or when it opens next. */
  public record Status(
      boolean open, Optional<TimeRange> today, Optional<ZonedDateTime> nextOpening) {}

  public LocalDate today() {
    return LocalDate.now(clock.withZone(ZONE));
  }

  public Day on(LocalDate date) {
    for (MunicipalitySettings.HoursException e : settings.exceptions()) {
      if (e.date().equals(date)) {
        return new Day(date, e.hours(), Optional.of(e.reason()));
      }
    }
    Optional<TimeRange> weekly = settings.openingHours().get(date.getDayOfWeek());
    Optional<MunicipalitySettings.Localized> closedFor =
        weekly.isPresent() ? holiday.apply(date) : Optional.empty();
    if (closedFor.isPresent()) {
      return new Day(date, Optional.empty(), closedFor);
    }
    return new Day(date, weekly, Optional.empty());
  }

  public List<Day> days(LocalDate from, int count) {
    List<Day> days = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      days.add(on(from.plusDays(i)));
    }
    return days;
  }

  /**
   * The status now. Asked by every page (the layout's footer), so it is kept for the stretch of
   * time in which it cannot change: from the last of midnight, today's opening and today's closing
   * before now to the first of them after now (the settings and holidays of this instance do not
   * change).
   */
  public Status status() {
    Instant instant = clock.instant();
    Kept known = kept;
    if (known != null && !instant.isBefore(known.from()) && instant.isBefore(known.until())) {
      return known.status();
    }
    ZonedDateTime now = instant.atZone(ZONE);
    Day today = on(now.toLocalDate());
    boolean open = today.hours().map(h -> h.contains(now.toLocalTime())).orElse(false);
    Status status = new Status(open, today.hours(), open ? Optional.empty() : nextOpening(now));
    List<Instant> changes = new ArrayList<>();
    changes.add(now.toLocalDate().atStartOfDay(ZONE).toInstant());
    changes.add(now.toLocalDate().plusDays(1).atStartOfDay(ZONE).toInstant());
    today
        .hours()
        .ifPresent(
            h -> {
              changes.add(today.date().atTime(h.from()).atZone(ZONE).toInstant());
              changes.add(today.date().atTime(h.to()).atZone(ZONE).toInstant());
            });
    Instant from = Instant.MIN;
    Instant until = Instant.MAX;
    for (Instant change : changes) {
      if (!change.isAfter(instant) && change.isAfter(from)) {
        from = change;
      } else if (change.isAfter(instant) && change.isBefore(until)) {
        until = change;
      }
    }
    kept = new Kept(from, until, status);
    return status;
  }

  /** The status last worked out and the stretch of time it holds for ({@link #status}). */
  private record Kept(Instant from, Instant until, Status status) {}

  private volatile Kept kept;

  private Optional<ZonedDateTime> nextOpening(ZonedDateTime now) {
    Day today = on(now.toLocalDate());
    if (today.hours().isPresent() && now.toLocalTime().isBefore(today.hours().get().from())) {
      return Optional.of(today.date().atTime(today.hours().get().from()).atZone(ZONE));
    }
    // A municipality is never closed for more than a few weeks; look two ahead.
    for (int i = 1; i <= 14; i++) {
      Day day = on(now.toLocalDate().plusDays(i));
      if (day.hours().isPresent()) {
        return Optional.of(day.date().atTime(day.hours().get().from()).atZone(ZONE));
      }
    }
    return Optional.empty();
  }

  public MunicipalitySettings settings() {
    return settings;
  }
}
