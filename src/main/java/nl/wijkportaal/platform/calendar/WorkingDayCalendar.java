package nl.wijkportaal.platform.calendar;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.municipality.TimeRange;

/**
 * The wijkteam's working days and working hours, for deadlines such as first contact. All rules are
 * in {@code Europe/Amsterdam}; results are {@link ZonedDateTime}s in that zone and correct across
 * daylight-saving changes (time is counted on the instant timeline).
 *
 * <p>The hours of a date, in this order:
 *
 * <ol>
 *   <li>a dated exception of the municipality ({@code municipality.exceptions}): its hours, or
 *       closed. An exception wins over a holiday on the same date (the municipality said so for
 *       that very date);
 *   <li>a public holiday ({@code municipality.holidays}: jollyday's list for the country minus
 *       {@code exclude}, plus {@code extraDates}): closed;
 *   <li>otherwise the weekly opening hours.
 * </ol>
 *
 * A working day is a date with hours. Evening hours of single locations do not count: they are not
 * the SWT's general opening hours.
 *
 * <p><b>Threads.</b> Build it once at start-up on the main thread, never on an event loop: the
 * constructor reads jollyday's XML holiday file from the classpath (about 2 s cold) and computes
 * the holidays of the current year −1 … +5. After that every method is pure computation on cached
 * sets and safe from any thread. A date outside that range has its year computed on first use
 * (synchronized, then cached); that first call for a far year may read a classpath file, so it may
 * block for a moment.
 */
public final class WorkingDayCalendar {

  public static final ZoneId ZONE = OpeningHours.ZONE;

  /** The key {@link #holidays(int)} gives a date from {@code extraDates}. */
  public static final String EXTRA_DATE = "extraDate";

  private static final int YEARS_BEFORE = 1;
  private static final int YEARS_AFTER = 5;

  /** A search that meets this many closed days in a row gives up: the settings are broken. */
  private static final int MAX_CLOSED_DAYS_IN_A_ROW = 366;

  private final Map<DayOfWeek, Optional<TimeRange>> weekly;
  private final Map<LocalDate, Optional<TimeRange>> exceptions;
  private final Set<LocalDate> extraDates;
  private final Set<String> excluded;
  private final HolidayManager jollyday;
  private final ConcurrentMap<Integer, NavigableMap<LocalDate, List<String>>> holidaysByYear =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<LocalDate, MunicipalitySettings.Localized> names =
      new ConcurrentHashMap<>();
  private static final MunicipalitySettings.Localized EXTRA_DATE_NAME =
      new MunicipalitySettings.Localized("feestdag", "public holiday");

  /** The calendar of {@code settings}, with its own {@link MunicipalitySettings#holidays()}. */
  public WorkingDayCalendar(MunicipalitySettings settings, Clock clock) {
    this(settings, settings.holidays(), clock);
  }

  /**
   * @param settings the weekly hours and dated exceptions
   * @param holidays which public holidays close the team
   * @param clock only decides which years are computed up front
   * @throws ConfigException on an unknown country or holiday key, or a week without hours
   */
  public WorkingDayCalendar(
      MunicipalitySettings settings, MunicipalitySettings.Holidays holidays, Clock clock) {
    this.weekly = Collections.unmodifiableMap(new EnumMap<>(settings.openingHours()));
    if (weekly.values().stream().noneMatch(Optional::isPresent)) {
      throw new ConfigException(
          "municipality.openingHours: the wijkteam must be open on at least one weekday");
    }
    Map<LocalDate, Optional<TimeRange>> dated = new HashMap<>();
    for (MunicipalitySettings.HoursException e : settings.exceptions()) {
      dated.putIfAbsent(e.date(), e.hours()); // the first one counts, as on the contact page
    }
    this.exceptions = Collections.unmodifiableMap(dated);
    this.extraDates = Set.copyOf(holidays.extraDates());
    this.jollyday = jollyday(holidays.country());

    Set<String> excludedKeys = new HashSet<>();
    for (String key : holidays.exclude()) {
      excludedKeys.add(shortKey(key));
    }
    this.excluded = Set.copyOf(excludedKeys);

    int thisYear = Year.now(clock.withZone(ZONE)).getValue();
    Set<String> known = new TreeSet<>();
    for (int year = thisYear - YEARS_BEFORE; year <= thisYear + YEARS_AFTER; year++) {
      for (Holiday h : jollyday.getHolidays(Year.of(year))) {
        known.add(shortKey(h.getPropertiesKey()));
      }
      holidaysByYear.put(year, compute(year));
    }
    Set<String> unknown = new TreeSet<>(excluded);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "municipality.holidays.exclude names holidays that country '"
              + holidays.country()
              + "' does not have: "
              + unknown
              + "; known are "
              + known);
    }
  }

  private static HolidayManager jollyday(String country) {
    String code = country == null ? "" : country.trim().toUpperCase(Locale.ROOT);
    if (!HolidayManager.getSupportedCalendarCodes().contains(code)) {
      throw new ConfigException("municipality.holidays.country: unknown country '" + country + "'");
    }
    return HolidayManager.getInstance(ManagerParameters.create(code));
  }

  /** {@code christian.GOOD_FRIDAY} and {@code GOOD_FRIDAY} name the same holiday. */
  private static String shortKey(String key) {
    return key.substring(key.lastIndexOf('.') + 1).trim().toUpperCase(Locale.ROOT);
  }

  /** Whether the team works on {@code date}: it has hours after holidays and exceptions. */
  public boolean isWorkingDay(LocalDate date) {
    return workingHours(date).isPresent();
  }

  /** The hours of {@code date}: the weekly hours, closed on holidays, exceptions applied. */
  public Optional<TimeRange> workingHours(LocalDate date) {
    Optional<TimeRange> exception = exceptions.get(date);
    if (exception != null) {
      return exception;
    }
    if (isHoliday(date)) {
      return Optional.empty();
    }
    return weekly.get(date.getDayOfWeek());
  }

  /** Whether {@code date} is one of the configured public holidays (or an extra date). */
  public boolean isHoliday(LocalDate date) {
    return holidaysOf(date.getYear()).containsKey(date);
  }

  /**
   * The configured holidays of {@code year}: date to jollyday keys (two can fall on one day, as
   * Hemelvaartsdag and 5 mei did in 2016), {@link #EXTRA_DATE} for an extra date.
   */
  public NavigableMap<LocalDate, List<String>> holidays(int year) {
    return holidaysOf(year);
  }

  /**
   * The name of the public holiday on {@code date} ("Koningsdag"), when the team is closed for one.
   */
  public Optional<MunicipalitySettings.Localized> holidayName(LocalDate date) {
    if (!holidaysOf(date.getYear()).containsKey(date)) {
      return Optional.empty();
    }
    return Optional.of(names.getOrDefault(date, EXTRA_DATE_NAME));
  }

  /**
   * The {@code days}-th working day after {@code date} (before it when negative); the day itself
   * never counts, whether it is a working day or not. {@code 0} gives {@code date}.
   */
  public LocalDate addWorkingDays(LocalDate date, int days) {
    int step = days >= 0 ? 1 : -1;
    int left = Math.abs(days);
    LocalDate day = date;
    int closedInARow = 0;
    while (left > 0) {
      day = day.plusDays(step);
      if (isWorkingDay(day)) {
        left--;
        closedInARow = 0;
      } else if (++closedInARow > MAX_CLOSED_DAYS_IN_A_ROW) {
        throw noWorkingDays(date);
      }
    }
    return day;
  }

  /**
   * The moment at which {@code amount} of working time has passed since {@code from}, counting only
   * time inside working hours. A start outside hours counts from the next opening; an amount that
   * exactly fills a day ends at that day's closing time. Time is real elapsed time, so a (rare)
   * working window across a DST change counts what the clock on the wall skips or repeats
   * correctly.
   */
  public ZonedDateTime addWorkingHours(ZonedDateTime from, Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative: " + amount);
    }
    ZonedDateTime at = from.withZoneSameInstant(ZONE);
    Duration left = amount;
    LocalDate day = at.toLocalDate();
    int closedInARow = 0;
    while (true) {
      Optional<TimeRange> hours = workingHours(day);
      if (hours.isPresent()) {
        closedInARow = 0;
        ZonedDateTime open = day.atTime(hours.get().from()).atZone(ZONE);
        ZonedDateTime close = day.atTime(hours.get().to()).atZone(ZONE);
        ZonedDateTime start = at.isAfter(open) ? at : open;
        if (start.isBefore(close)) {
          Duration available = Duration.between(start, close);
          if (left.compareTo(available) <= 0) {
            return start.plus(left);
          }
          left = left.minus(available);
        }
      } else if (++closedInARow > MAX_CLOSED_DAYS_IN_A_ROW) {
        throw noWorkingDays(at.toLocalDate());
      }
      day = day.plusDays(1);
    }
  }

  /**
   * The end of the working hours of the first working day after the date of {@code from} (in
   * Amsterdam). The day of {@code from} never counts, also when {@code from} is before opening:
   * received on Monday means the end of Tuesday, received on Saturday or Sunday the end of Monday
   * (when Monday is a working day).
   */
  public ZonedDateTime endOfNextWorkingDay(ZonedDateTime from) {
    return endOfWorkingDay(addWorkingDays(from.withZoneSameInstant(ZONE).toLocalDate(), 1));
  }

  /** The closing time of working day {@code date}. */
  public ZonedDateTime endOfWorkingDay(LocalDate date) {
    TimeRange hours =
        workingHours(date)
            .orElseThrow(() -> new IllegalArgumentException(date + " is not a working day"));
    return date.atTime(hours.to()).atZone(ZONE);
  }

  private NavigableMap<LocalDate, List<String>> holidaysOf(int year) {
    NavigableMap<LocalDate, List<String>> known = holidaysByYear.get(year);
    return known != null ? known : computeLazily(year);
  }

  /** A year outside the precomputed range: computed once, under a lock, then cached. */
  private synchronized NavigableMap<LocalDate, List<String>> computeLazily(int year) {
    return holidaysByYear.computeIfAbsent(year, this::compute);
  }

  private NavigableMap<LocalDate, List<String>> compute(int year) {
    TreeMap<LocalDate, List<String>> days = new TreeMap<>();
    for (Holiday h : jollyday.getHolidays(Year.of(year))) {
      if (!excluded.contains(shortKey(h.getPropertiesKey()))) {
        // getDate() is the day it is kept: Koningsdag on a Sunday is kept on the Saturday before.
        days.computeIfAbsent(h.getDate(), d -> new ArrayList<>()).add(h.getPropertiesKey());
        names.putIfAbsent(
            h.getDate(),
            new MunicipalitySettings.Localized(
                h.getDescription(java.util.Locale.forLanguageTag("nl")),
                h.getDescription(java.util.Locale.ENGLISH)));
      }
    }
    for (LocalDate extra : extraDates) {
      if (extra.getYear() == year) {
        days.computeIfAbsent(extra, d -> new ArrayList<>()).add(EXTRA_DATE);
      }
    }
    days.replaceAll((d, keys) -> List.copyOf(keys));
    return Collections.unmodifiableNavigableMap(days);
  }

  private static IllegalStateException noWorkingDays(LocalDate from) {
    return new IllegalStateException(
        "no working day within "
            + MAX_CLOSED_DAYS_IN_A_ROW
            + " days of "
            + from
            + ": check the opening hours");
  }
}
