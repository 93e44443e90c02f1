package nl.wijkportaal.platform.municipality;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** A span of opening time on one day, such as 09:00-17:00. */
public record TimeRange(LocalTime from, LocalTime to) {

  public TimeRange {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "closing time must be after opening time: " + from + "-" + to);
    }
  }

  public static TimeRange parse(String text) {
    String[] parts = text.trim().split("-", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected HH:MM-HH:MM, got " + text);
    }
    try {
      return new TimeRange(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected HH:MM-HH:MM, got " + text);
    }
  }

  public boolean contains(LocalTime time) {
    return !time.isBefore(from) && time.isBefore(to);
  }

  @Override
  public String toString() {
    return from + "-" + to;
  }
}
