package nl.wijkportaal.platform.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;

/** Municipality settings for calendar tests, independent of the shipped demo settings. */
final class Calendars {

  /** "Today" for the tests: the calendar computes 2025 … 2031 up front. */
  static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), WorkingDayCalendar.ZONE);

  private Calendars() {}

  /** Monday to Friday 09:00-17:00; shorter days on 24 and 31 December 2026 and 2027. */
  static JsonObject municipality() {
    return new JsonObject()
        .put("name", "Gemeente Testdorp")
        .put("phone", "0800 000 0000")
        .put("email", "wijkteam@testdorp.example")
        .put("locations", new JsonArray())
        .put(
            "openingHours",
            new JsonObject()
                .put("monday", "09:00-17:00")
                .put("tuesday", "09:00-17:00")
                .put("wednesday", "09:00-17:00")
                .put("thursday", "09:00-17:00")
                .put("friday", "09:00-17:00")
                .putNull("saturday")
                .putNull("sunday"))
        .put(
            "exceptions",
            new JsonArray()
                .add(exception("2026-12-24", "09:00-13:00", "Kerstavond"))
                .add(exception("2026-12-31", "09:00-13:00", "Oudejaarsdag"))
                .add(exception("2027-12-24", "09:00-13:00", "Kerstavond"))
                .add(exception("2027-12-31", "09:00-13:00", "Oudejaarsdag")))
        .put("crisisNumbers", new JsonArray());
  }

  static JsonObject exception(String date, String hours, String reason) {
    return new JsonObject()
        .put("date", date)
        .put("hours", hours)
        .put("reason", new JsonObject().put("nl", reason).put("en", reason));
  }

  static MunicipalitySettings settings(JsonObject municipality) {
    return MunicipalitySettings.fromJson(municipality);
  }

  /** The test municipality with the default holidays (no {@code holidays} block). */
  static WorkingDayCalendar calendar() {
    return new WorkingDayCalendar(settings(municipality()), CLOCK);
  }

  /** The test municipality with this {@code holidays} block. */
  static WorkingDayCalendar calendar(JsonObject holidays) {
    return new WorkingDayCalendar(settings(municipality().put("holidays", holidays)), CLOCK);
  }

  /** A wall-clock time in Amsterdam. */
  static ZonedDateTime amsterdam(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(WorkingDayCalendar.ZONE);
  }
}
