package nl.wijkportaal.platform.calendar;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.config.ConfigException;

/**
 * When first contact with the resident is due, per kanaal and urgentie, on the {@link
 * WorkingDayCalendar}. The defaults (the Intake issue):
 *
 * <ul>
 *   <li>{@code crisis}: within 2 working hours. Received outside hours, the hours count from the
 *       next opening (Friday 16:30 → Monday 10:30).
 *   <li>{@code spoed}: by the end of the next working day, counted from the date of receipt: the
 *       day of receipt never counts. Monday (any time) → end of Tuesday; Saturday or Sunday → end
 *       of Monday; Friday evening → end of Monday.
 *   <li>{@code regulier}: within 5 working days: the end of the hours of the 5th working day after
 *       the date of receipt (again the day of receipt does not count, as a legal term starts the
 *       day after the event).
 * </ul>
 *
 * A kanaal may override any urgentie ({@link Config#perKanaal()}); the rest falls back to {@link
 * Config#defaults()}. Pure computation: safe on an event loop once the calendar is built.
 */
public final class DeadlineRules {

  /** The urgentie codes of DOMAIN.md. */
  public static final List<String> URGENTIES = List.of("regulier", "spoed", "crisis");

  /** The kanaal codes of DOMAIN.md. */
  public static final List<String> KANALEN =
      List.of("aanmelding", "signaal", "chat", "telefoon", "balie", "huisbezoek", "klacht");

  /**
   * A complaint about the SWT's service is handled within 6 weeks of receipt (Awb 9:11), a term
   * that may be extended once by 4 weeks; its clock is that term, not a first contact.
   */
  public static final java.time.Period KLACHT_TERMIJN = java.time.Period.ofWeeks(6);

  public static final java.time.Period KLACHT_VERLENGING = java.time.Period.ofWeeks(4);

  /** How long first contact may take. */
  public sealed interface Rule permits WorkingHours, WorkingDays {
    ZonedDateTime due(WorkingDayCalendar calendar, ZonedDateTime receivedAt);
  }

  /** Within {@code amount} of time inside working hours, counted from receipt. */
  public record WorkingHours(Duration amount) implements Rule {
    public WorkingHours {
      if (amount.isNegative() || amount.isZero()) {
        throw new IllegalArgumentException("working hours must be positive: " + amount);
      }
    }

    @Override
    public ZonedDateTime due(WorkingDayCalendar calendar, ZonedDateTime receivedAt) {
      return calendar.addWorkingHours(receivedAt, amount);
    }
  }

  /**
   * By the end of the hours of the {@code days}-th working day after the date of receipt: {@code 1}
   * is "by the end of the next working day".
   */
  public record WorkingDays(int days) implements Rule {
    public WorkingDays {
      if (days < 1) {
        throw new IllegalArgumentException("working days must be at least 1: " + days);
      }
    }

    @Override
    public ZonedDateTime due(WorkingDayCalendar calendar, ZonedDateTime receivedAt) {
      return calendar.endOfWorkingDay(calendar.addWorkingDays(receivedAt.toLocalDate(), days));
    }
  }

  /**
   * The rules: one per urgentie in {@code defaults}, and per kanaal the urgenties it does
   * differently.
   */
  public record Config(Map<String, Rule> defaults, Map<String, Map<String, Rule>> perKanaal) {

    public static final Config DEFAULT =
        new Config(
            Map.of(
                "crisis", new WorkingHours(Duration.ofHours(2)),
                "spoed", new WorkingDays(1),
                "regulier", new WorkingDays(5)),
            Map.of());

    public Config {
      defaults = Map.copyOf(defaults);
      Map<String, Map<String, Rule>> copy = new LinkedHashMap<>();
      perKanaal.forEach((kanaal, rules) -> copy.put(kanaal, Map.copyOf(rules)));
      perKanaal = Map.copyOf(copy);
      for (String urgentie : URGENTIES) {
        if (!defaults.containsKey(urgentie)) {
          throw new ConfigException("deadlines: no default rule for urgentie '" + urgentie + "'");
        }
      }
      checkCodes("deadlines.default", defaults.keySet(), URGENTIES);
      checkCodes("deadlines.perKanaal", perKanaal.keySet(), KANALEN);
      perKanaal.forEach(
          (kanaal, rules) ->
              checkCodes("deadlines.perKanaal." + kanaal, rules.keySet(), URGENTIES));
    }

    /**
     * Reads the shape below; a missing block or urgentie keeps its default, so {@code {}} gives
     * {@link #DEFAULT}. A rule is {@code {"workingHours": n}} (decimals allowed: 1.5 is 90 minutes)
     * or {@code {"workingDays": n}} (whole days, 1 = end of the next working day).
     *
     * <pre>{@code
     * "deadlines": {
     *   "default":   { "crisis": {"workingHours": 2}, "spoed": {"workingDays": 1}, "regulier": {"workingDays": 5} },
     *   "perKanaal": { "signaal": { "crisis": {"workingHours": 1} } }
     * }
     * }</pre>
     */
    public static Config fromJson(JsonObject json) {
      if (json == null) {
        return DEFAULT;
      }
      Map<String, Rule> defaults = new LinkedHashMap<>(DEFAULT.defaults());
      defaults.putAll(rules("deadlines.default", json.getValue("default", new JsonObject())));
      Map<String, Map<String, Rule>> perKanaal = new LinkedHashMap<>();
      JsonObject kanalen =
          object("deadlines.perKanaal", json.getValue("perKanaal", new JsonObject()));
      for (String kanaal : kanalen.fieldNames()) {
        perKanaal.put(kanaal, rules("deadlines.perKanaal." + kanaal, kanalen.getValue(kanaal)));
      }
      return new Config(defaults, perKanaal);
    }

    private static Map<String, Rule> rules(String where, Object value) {
      JsonObject json = object(where, value);
      Map<String, Rule> rules = new LinkedHashMap<>();
      for (String urgentie : json.fieldNames()) {
        rules.put(
            urgentie,
            rule(where + "." + urgentie, object(where + "." + urgentie, json.getValue(urgentie))));
      }
      return rules;
    }

    private static JsonObject object(String where, Object value) {
      if (value instanceof JsonObject json) {
        return json;
      }
      throw new ConfigException(where + ": expected an object, got " + value);
    }

    private static Rule rule(String where, JsonObject json) {
      try {
        Number hours = number(json, "workingHours");
        Number days = number(json, "workingDays");
        if ((hours == null) == (days == null) || json.size() != 1) {
          throw new IllegalArgumentException("give exactly one of workingHours or workingDays");
        }
        if (hours != null) {
          return new WorkingHours(Duration.ofMinutes(Math.round(hours.doubleValue() * 60)));
        }
        if (days.doubleValue() != Math.rint(days.doubleValue())) {
          throw new IllegalArgumentException("workingDays must be a whole number");
        }
        return new WorkingDays(days.intValue());
      } catch (RuntimeException e) {
        throw new ConfigException(where + ": " + e.getMessage());
      }
    }

    private static Number number(JsonObject json, String key) {
      Object value = json.getValue(key);
      if (value == null || value instanceof Number) {
        return (Number) value;
      }
      throw new IllegalArgumentException(key + " must be a number, got " + value);
    }

    private static void checkCodes(String where, Iterable<String> given, List<String> codes) {
      for (String code : given) {
        if (!codes.contains(code)) {
          throw new ConfigException(where + ": unknown code '" + code + "', use one of " + codes);
        }
      }
    }
  }

  private final WorkingDayCalendar calendar;
  private final Config config;

  public DeadlineRules(WorkingDayCalendar calendar) {
    this(calendar, Config.DEFAULT);
  }

  public DeadlineRules(WorkingDayCalendar calendar, Config config) {
    this.calendar = calendar;
    this.config = config;
  }

  /** The rule for an item that came in by {@code kanaal} with {@code urgentie}. */
  public Rule rule(String kanaal, String urgentie) {
    if (!KANALEN.contains(kanaal)) {
      throw new IllegalArgumentException("unknown kanaal '" + kanaal + "'");
    }
    if (!URGENTIES.contains(urgentie)) {
      throw new IllegalArgumentException("unknown urgentie '" + urgentie + "'");
    }
    Rule own = config.perKanaal().getOrDefault(kanaal, Map.of()).get(urgentie);
    return own != null ? own : config.defaults().get(urgentie);
  }

  /** When first contact is due, in {@code Europe/Amsterdam}. */
  public ZonedDateTime firstContactDue(Instant receivedAt, String kanaal, String urgentie) {
    if ("klacht".equals(kanaal)) {
      // The end of the day six weeks after receipt.
      return receivedAt
          .atZone(WorkingDayCalendar.ZONE)
          .toLocalDate()
          .plus(KLACHT_TERMIJN)
          .plusDays(1)
          .atStartOfDay(WorkingDayCalendar.ZONE)
          .minusSeconds(1);
    }
    return rule(kanaal, urgentie).due(calendar, receivedAt.atZone(WorkingDayCalendar.ZONE));
  }

  public WorkingDayCalendar calendar() {
    return calendar;
  }
}
