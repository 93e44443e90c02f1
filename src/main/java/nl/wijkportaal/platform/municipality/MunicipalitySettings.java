package nl.wijkportaal.platform.municipality;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.platform.config.ConfigException;

/**
 * What the municipality tells its residents about the wijkteam: name, how to reach it, where its
 * teams sit, when it is open and whom to call in a crisis.
 */
public record MunicipalitySettings(
    String name,
    String phone,
    String email,
    List<Location> locations,
    Map<DayOfWeek, Optional<TimeRange>> openingHours,
    List<HoursException> exceptions,
    List<CrisisNumber> crisisNumbers,
    Holidays holidays) {

  /** A wijkteam location, with its evening hours where it has them. */
  public record Location(
      String wijk,
      String name,
      String address,
      String postcode,
      String city,
      Map<DayOfWeek, TimeRange> eveningHours) {}

  /** A date with other hours than usual (a holiday: closed, or shorter). */
  public record HoursException(LocalDate date, Optional<TimeRange> hours, Localized reason) {}

  /**
   * The public holidays on which the wijkteam is closed and deadline clocks stand still: jollyday's
   * list for {@code country}, minus the holiday keys in {@code exclude}, plus the municipality's
   * own {@code extraDates}. The default follows the Algemene termijnenwet (Goede Vrijdag excluded;
   * 5 mei every year). A dated exception in {@code exceptions} wins over a holiday on the same
   * date.
   */
  public record Holidays(String country, List<String> exclude, List<LocalDate> extraDates) {
    public static final Holidays DEFAULT = new Holidays("nl", List.of("GOOD_FRIDAY"), List.of());

    public Holidays {
      exclude = List.copyOf(exclude);
      extraDates = List.copyOf(extraDates);
    }
  }

  /** A public crisis number, always shown beside the wijkteam's own contact. */
  public record CrisisNumber(String number, Localized name) {}

  /** A text in Dutch and English. */
  public record Localized(String nl, String en) {
    public String in(Locale locale) {
      return "en".equals(locale.getLanguage()) && en != null ? en : nl;
    }
  }

  public static MunicipalitySettings fromJson(JsonObject json) {
    try {
      JsonObject hours = json.getJsonObject("openingHours");
      Map<DayOfWeek, Optional<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
      for (DayOfWeek day : DayOfWeek.values()) {
        week.put(day, Optional.ofNullable(hours.getString(dayKey(day))).map(TimeRange::parse));
      }
      List<Location> locations =
          json.getJsonArray("locations").stream()
              .map(JsonObject.class::cast)
              .map(MunicipalitySettings::location)
              .toList();
      List<HoursException> exceptions =
          json.getJsonArray("exceptions").stream()
              .map(JsonObject.class::cast)
              .map(
                  e ->
                      new HoursException(
                          LocalDate.parse(e.getString("date")),
                          Optional.ofNullable(e.getString("hours")).map(TimeRange::parse),
                          localized(e.getJsonObject("reason"))))
              .toList();
      List<CrisisNumber> crisis =
          json.getJsonArray("crisisNumbers").stream()
              .map(JsonObject.class::cast)
              .map(c -> new CrisisNumber(c.getString("number"), localized(c.getJsonObject("name"))))
              .toList();
      return new MunicipalitySettings(
          json.getString("name"),
          json.getString("phone"),
          json.getString("email"),
          locations,
          week,
          exceptions,
          crisis,
          holidays(json.getJsonObject("holidays")));
    } catch (RuntimeException e) {
      throw new ConfigException(
          "The municipality settings are incomplete or invalid: " + e.getMessage());
    }
  }

  /** The {@code holidays} block; a missing block or key takes its default. */
  private static Holidays holidays(JsonObject json) {
    if (json == null) {
      return Holidays.DEFAULT;
    }
    JsonArray exclude = json.getJsonArray("exclude");
    JsonArray extra = json.getJsonArray("extraDates");
    return new Holidays(
        json.getString("country", Holidays.DEFAULT.country()),
        exclude == null
            ? Holidays.DEFAULT.exclude()
            : exclude.stream().map(String.class::cast).toList(),
        extra == null
            ? Holidays.DEFAULT.extraDates()
            : extra.stream().map(String.class::cast).map(LocalDate::parse).toList());
  }

  private static Location location(JsonObject json) {
    Map<DayOfWeek, TimeRange> evenings = new EnumMap<>(DayOfWeek.class);
    JsonObject e = json.getJsonObject("eveningHours", new JsonObject());
    for (DayOfWeek day : DayOfWeek.values()) {
      String range = e.getString(dayKey(day));
      if (range != null) {
        evenings.put(day, TimeRange.parse(range));
      }
    }
    return new Location(
        json.getString("wijk"),
        json.getString("name"),
        json.getString("address"),
        json.getString("postcode"),
        json.getString("city"),
        evenings);
  }

  private static Localized localized(JsonObject json) {
    return new Localized(json.getString("nl"), json.getString("en"));
  }

  private static String dayKey(DayOfWeek day) {
    return day.name().toLowerCase(Locale.ROOT);
  }
}
