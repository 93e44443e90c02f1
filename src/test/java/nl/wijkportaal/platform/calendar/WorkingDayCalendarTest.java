package nl.wijkportaal.platform.calendar;

import static nl.wijkportaal.platform.calendar.Calendars.CLOCK;
import static nl.wijkportaal.platform.calendar.Calendars.amsterdam;
import static nl.wijkportaal.platform.calendar.Calendars.calendar;
import static nl.wijkportaal.platform.calendar.Calendars.exception;
import static nl.wijkportaal.platform.calendar.Calendars.municipality;
import static nl.wijkportaal.platform.calendar.Calendars.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.config.ConfigLoader;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;
import nl.wijkportaal.platform.municipality.TimeRange;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {

  private static final WorkingDayCalendar CALENDAR = calendar();

  private static LocalDate date(String text) {
    return LocalDate.parse(text);
  }

  // --- holidays -------------------------------------------------------------------------

  @Test
  void koningsdag_2027_a_tuesday_is_not_a_working_day() {
    assertThat(date("2027-04-27").getDayOfWeek()).hasToString("TUESDAY");
    assertThat(CALENDAR.isWorkingDay(date("2027-04-27"))).isFalse();
    assertThat(CALENDAR.workingHours(date("2027-04-27"))).isEmpty();
    assertThat(CALENDAR.isWorkingDay(date("2027-04-26"))).isTrue();
    assertThat(CALENDAR.isWorkingDay(date("2027-04-28"))).isTrue();
  }

  @Test
  void goede_vrijdag_is_a_working_day_by_default() {
    assertThat(CALENDAR.isWorkingDay(date("2026-04-03"))).isTrue();
    assertThat(CALENDAR.isWorkingDay(date("2027-03-26"))).isTrue();
    assertThat(CALENDAR.workingHours(date("2027-03-26"))).contains(TimeRange.parse("09:00-17:00"));
  }

  @Test
  void goede_vrijdag_closes_the_team_when_nothing_is_excluded() {
    WorkingDayCalendar calendar = calendar(new JsonObject().put("exclude", new JsonArray()));

    assertThat(calendar.isWorkingDay(date("2026-04-03"))).isFalse();
  }

  @Test
  void bevrijdingsdag_2025_a_lustrumjaar_and_2026_are_not_working_days_by_default() {
    assertThat(CALENDAR.isWorkingDay(date("2025-05-05"))).isFalse(); // Monday
    assertThat(CALENDAR.isWorkingDay(date("2026-05-05"))).isFalse(); // Tuesday
  }

  @Test
  void excluding_bevrijdingsdag_makes_5_mei_2026_a_working_day() {
    WorkingDayCalendar calendar =
        calendar(
            new JsonObject().put("exclude", new JsonArray().add("GOOD_FRIDAY").add("LIBERATION")));

    assertThat(calendar.isWorkingDay(date("2026-05-05"))).isTrue();
    assertThat(calendar.isWorkingDay(date("2025-05-05"))).isTrue();
    assertThat(calendar.isWorkingDay(date("2026-04-03"))).isTrue(); // Goede Vrijdag still excluded
  }

  @Test
  void a_municipality_that_keeps_5_mei_only_in_lustrum_years_lists_those_as_extra_dates() {
    WorkingDayCalendar calendar =
        calendar(
            new JsonObject()
                .put("exclude", new JsonArray().add("GOOD_FRIDAY").add("LIBERATION"))
                .put("extraDates", new JsonArray().add("2025-05-05").add("2030-05-05")));

    assertThat(calendar.isWorkingDay(date("2025-05-05"))).isFalse();
    assertThat(calendar.isWorkingDay(date("2026-05-05"))).isTrue();
    assertThat(calendar.holidays(2025))
        .containsEntry(date("2025-05-05"), List.of(WorkingDayCalendar.EXTRA_DATE));
  }

  @Test
  void the_default_holidays_of_2026_are_those_of_the_algemene_termijnenwet() {
    // Nieuwjaarsdag, tweede Paasdag, Koningsdag, 5 mei, Hemelvaartsdag, tweede Pinksterdag,
    // both Christmas days; plus first Easter and Pentecost day, which are Sundays anyway.
    // Goede Vrijdag is not among them. This also catches a jollyday upgrade changing the list.
    Map<LocalDate, List<String>> expected = new TreeMap<>();
    expected.put(date("2026-01-01"), List.of("NEW_YEAR"));
    expected.put(date("2026-04-05"), List.of("christian.EASTER"));
    expected.put(date("2026-04-06"), List.of("christian.EASTER_MONDAY"));
    expected.put(date("2026-04-27"), List.of("KINGS_DAY"));
    expected.put(date("2026-05-05"), List.of("LIBERATION"));
    expected.put(date("2026-05-14"), List.of("christian.ASCENSION_DAY"));
    expected.put(date("2026-05-24"), List.of("christian.PENTECOST"));
    expected.put(date("2026-05-25"), List.of("christian.PENTECOST_MONDAY"));
    expected.put(date("2026-12-25"), List.of("FIRST_CHRISTMAS_DAY"));
    expected.put(date("2026-12-26"), List.of("SECOND_CHRISTMAS_DAY"));

    assertThat(CALENDAR.holidays(2026)).containsExactlyEntriesOf(expected);
  }

  @Test
  void koningsdag_on_a_sunday_is_kept_on_the_saturday_before() {
    // 27 April 2025 was a Sunday: Koningsdag was on Saturday the 26th.
    assertThat(CALENDAR.holidays(2025))
        .containsKey(date("2025-04-26"))
        .doesNotContainKey(date("2025-04-27"));
  }

  @Test
  void the_shipped_configuration_uses_the_default_holidays() {
    MunicipalitySettings shipped = ConfigLoader.load(Map.of()).municipality();

    assertThat(shipped.holidays()).isEqualTo(MunicipalitySettings.Holidays.DEFAULT);
    assertThat(new WorkingDayCalendar(shipped, CLOCK).isWorkingDay(date("2027-04-27"))).isFalse();
  }

  @Test
  void a_partial_holidays_block_keeps_the_defaults_of_the_missing_keys() {
    MunicipalitySettings settings =
        settings(
            municipality()
                .put(
                    "holidays",
                    new JsonObject().put("extraDates", new JsonArray().add("2026-06-01"))));

    assertThat(settings.holidays())
        .isEqualTo(
            new MunicipalitySettings.Holidays(
                "nl", List.of("GOOD_FRIDAY"), List.of(date("2026-06-01"))));
  }

  @Test
  void holiday_keys_are_accepted_with_or_without_the_christian_prefix() {
    WorkingDayCalendar calendar =
        calendar(
            new JsonObject()
                .put("exclude", new JsonArray().add("christian.GOOD_FRIDAY").add("ASCENSION_DAY")));

    assertThat(calendar.isWorkingDay(date("2026-04-03"))).isTrue();
    assertThat(calendar.isWorkingDay(date("2026-05-14"))).isTrue();
  }

  @Test
  void an_unknown_holiday_key_or_country_refuses_to_start() {
    assertThatThrownBy(
            () -> calendar(new JsonObject().put("exclude", new JsonArray().add("GOOD_FRIADY"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GOOD_FRIADY")
        .hasMessageContaining("LIBERATION");
    assertThatThrownBy(() -> calendar(new JsonObject().put("country", "xx")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'xx'");
    assertThatThrownBy(
            () ->
                settings(
                    municipality()
                        .put(
                            "holidays",
                            new JsonObject().put("extraDates", new JsonArray().add("5 mei")))))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void a_week_without_opening_hours_refuses_to_start() {
    JsonObject closed = municipality();
    closed
        .getJsonObject("openingHours")
        .forEach(day -> closed.getJsonObject("openingHours").putNull(day.getKey()));

    assertThatThrownBy(() -> new WorkingDayCalendar(settings(closed), CLOCK))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void a_far_year_is_computed_on_first_use_and_kept() {
    assertThat(CALENDAR.isWorkingDay(date("2040-12-25")))
        .isFalse(); // a Tuesday, outside 2025 … 2031
    assertThat(CALENDAR.isWorkingDay(date("2040-12-27"))).isTrue();
    assertThat(CALENDAR.holidays(2040)).isSameAs(CALENDAR.holidays(2040));
    // Old data: Koninginnedag 30 April 2010 (a Friday) under jollyday's historic rules.
    assertThat(CALENDAR.isWorkingDay(date("2010-04-30"))).isFalse();
    assertThat(CALENDAR.isWorkingDay(date("2010-04-29"))).isTrue();
  }

  // --- the municipality's own exceptions --------------------------------------------------

  @Test
  void a_closed_exception_day_is_not_a_working_day_and_a_shortened_day_has_shorter_hours() {
    JsonObject json = municipality();
    json.getJsonArray("exceptions").add(exception("2026-11-25", null, "Studiedag"));
    WorkingDayCalendar calendar = new WorkingDayCalendar(settings(json), CLOCK);

    assertThat(calendar.isWorkingDay(date("2026-11-25"))).isFalse();
    assertThat(calendar.isHoliday(date("2026-11-25"))).isFalse();
    assertThat(calendar.workingHours(date("2026-12-24"))).contains(TimeRange.parse("09:00-13:00"));
    assertThat(calendar.workingHours(date("2026-12-23"))).contains(TimeRange.parse("09:00-17:00"));
    assertThat(calendar.workingHours(date("2026-11-21"))).isEmpty(); // Saturday
  }

  @Test
  void a_dated_exception_wins_over_a_holiday() {
    JsonObject json = municipality();
    json.getJsonArray("exceptions")
        .add(exception("2027-04-27", "10:00-12:00", "Koningsdag: telefonisch bereikbaar"));
    WorkingDayCalendar calendar = new WorkingDayCalendar(settings(json), CLOCK);

    assertThat(calendar.isHoliday(date("2027-04-27"))).isTrue();
    assertThat(calendar.workingHours(date("2027-04-27"))).contains(TimeRange.parse("10:00-12:00"));
  }

  // --- counting days and hours ---------------------------------------------------------------

  @Test
  void working_days_skip_weekends_and_holidays_and_never_count_the_start_day() {
    assertThat(CALENDAR.addWorkingDays(date("2026-11-20"), 1))
        .isEqualTo(date("2026-11-23")); // Fri → Mon
    assertThat(CALENDAR.addWorkingDays(date("2026-11-21"), 1))
        .isEqualTo(date("2026-11-23")); // Sat → Mon
    assertThat(CALENDAR.addWorkingDays(date("2026-11-23"), 5)).isEqualTo(date("2026-11-30"));
    // Thu 23 April 2026 + 2: Fri 24, (weekend), Koningsdag Mon 27 skipped → Tue 28.
    assertThat(CALENDAR.addWorkingDays(date("2026-04-23"), 2)).isEqualTo(date("2026-04-28"));
    assertThat(CALENDAR.addWorkingDays(date("2026-04-28"), -2)).isEqualTo(date("2026-04-23"));
    assertThat(CALENDAR.addWorkingDays(date("2026-11-21"), 0)).isEqualTo(date("2026-11-21"));
  }

  @Test
  void working_hours_start_at_the_next_opening_when_received_outside_hours() {
    // Tuesday 07:00 → counts from 09:00.
    assertThat(CALENDAR.addWorkingHours(amsterdam("2026-11-24T07:00"), Duration.ofHours(2)))
        .isEqualTo(amsterdam("2026-11-24T11:00"));
    // Tuesday 18:00 → Wednesday from 09:00.
    assertThat(CALENDAR.addWorkingHours(amsterdam("2026-11-24T18:00"), Duration.ofHours(2)))
        .isEqualTo(amsterdam("2026-11-25T11:00"));
    // Saturday → Monday from 09:00.
    assertThat(CALENDAR.addWorkingHours(amsterdam("2026-11-21T11:00"), Duration.ofMinutes(30)))
        .isEqualTo(amsterdam("2026-11-23T09:30"));
    // Zero hours outside hours: the moment counting starts.
    assertThat(CALENDAR.addWorkingHours(amsterdam("2026-11-21T11:00"), Duration.ZERO))
        .isEqualTo(amsterdam("2026-11-23T09:00"));
  }

  @Test
  void working_hours_that_fill_a_day_end_at_its_closing_time() {
    assertThat(CALENDAR.addWorkingHours(amsterdam("2026-11-24T09:00"), Duration.ofHours(8)))
        .isEqualTo(amsterdam("2026-11-24T17:00"));
    assertThat(
            CALENDAR.addWorkingHours(
                amsterdam("2026-11-24T09:00"), Duration.ofHours(8).plusMinutes(1)))
        .isEqualTo(amsterdam("2026-11-25T09:01"));
    // Three full days and a bit, across a weekend: Thu 14:00 → 3 h Thu, 8 h Fri, 8 h Mon, 5 h Tue.
    assertThat(CALENDAR.addWorkingHours(amsterdam("2026-11-19T14:00"), Duration.ofHours(24)))
        .isEqualTo(amsterdam("2026-11-24T14:00"));
  }

  @Test
  void working_hours_accept_any_zone_and_answer_in_amsterdam() {
    ZonedDateTime utc =
        ZonedDateTime.of(2026, 11, 24, 13, 0, 0, 0, ZoneOffset.UTC); // 14:00 in Amsterdam

    ZonedDateTime due = CALENDAR.addWorkingHours(utc, Duration.ofHours(1));

    assertThat(due).isEqualTo(amsterdam("2026-11-24T15:00"));
    assertThat(due.getZone()).isEqualTo(WorkingDayCalendar.ZONE);
    assertThatThrownBy(() -> CALENDAR.addWorkingHours(utc, Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_end_of_the_next_working_day_never_counts_the_day_of_receipt() {
    assertThat(CALENDAR.endOfNextWorkingDay(amsterdam("2026-11-23T07:00")))
        .isEqualTo(amsterdam("2026-11-24T17:00"));
    assertThat(CALENDAR.endOfNextWorkingDay(amsterdam("2026-11-21T11:00")))
        .isEqualTo(amsterdam("2026-11-23T17:00"));
    // Wednesday 23 December 2026 → Christmas Eve, shortened to 13:00.
    assertThat(CALENDAR.endOfNextWorkingDay(amsterdam("2026-12-23T10:00")))
        .isEqualTo(amsterdam("2026-12-24T13:00"));
    assertThatThrownBy(() -> CALENDAR.endOfWorkingDay(date("2026-12-25")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_working_window_across_a_dst_change_counts_real_time() {
    // A (made-up) night service on Sunday 01:00-04:00. On 25 October 2026 the clocks go back
    // at 03:00 CEST to 02:00 CET, so that window lasts four real hours: 3.5 h after 01:00
    // CEST (23:00Z) is 02:30Z, which is 03:30 CET on the wall.
    JsonObject json = municipality();
    json.getJsonObject("openingHours").put("sunday", "01:00-04:00");
    WorkingDayCalendar calendar = new WorkingDayCalendar(settings(json), CLOCK);

    ZonedDateTime due =
        calendar.addWorkingHours(amsterdam("2026-10-25T01:00"), Duration.ofMinutes(210));

    assertThat(due.toInstant()).hasToString("2026-10-25T02:30:00Z");
    assertThat(due.toLocalTime()).hasToString("03:30");
    assertThat(calendar.workingHours(date("2026-10-25")))
        .isEqualTo(Optional.of(TimeRange.parse("01:00-04:00")));
  }
}
