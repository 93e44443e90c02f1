package nl.wijkportaal.platform.calendar;

import static nl.wijkportaal.platform.calendar.Calendars.amsterdam;
import static nl.wijkportaal.platform.calendar.Calendars.calendar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import nl.wijkportaal.platform.config.ConfigException;
import org.junit.jupiter.api.Test;

class DeadlineRulesTest {

  private static final DeadlineRules RULES = new DeadlineRules(calendar());

  private static Instant received(String amsterdamLocalDateTime) {
    return amsterdam(amsterdamLocalDateTime).toInstant();
  }

  @Test
  void
      a_regulier_aanmelding_on_friday_24_december_2027_afternoon_is_due_after_christmas_and_the_weekend() {
    // Received Fri 24 Dec 2027 14:30 (Christmas Eve, the team closed at 13:00). The day of
    // receipt never counts. Sat 25 (eerste Kerstdag) and Sun 26 (tweede Kerstdag) are closed.
    // Working days: Mon 27 (1), Tue 28 (2), Wed 29 (3), Thu 30 (4), Fri 31 Dec (5), which is
    // Oudejaarsdag with hours 09:00-13:00 → due Friday 31 December 2027 13:00 (CET, +01:00).
    ZonedDateTime due =
        RULES.firstContactDue(received("2027-12-24T14:30"), "aanmelding", "regulier");

    assertThat(due).isEqualTo(amsterdam("2027-12-31T13:00"));
    assertThat(due.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
  }

  @Test
  void a_regulier_aanmelding_on_christmas_eve_2026_skips_christmas_the_weekend_and_new_year() {
    // Received Thu 24 Dec 2026 15:00. Fri 25 and Sat 26: Christmas; Sun 27: weekend.
    // Mon 28 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4, until 13:00); Fri 1 Jan: Nieuwjaarsdag;
    // Sat 2, Sun 3: weekend; Mon 4 Jan 2027 (5) → due Monday 4 January 2027 17:00.
    assertThat(RULES.firstContactDue(received("2026-12-24T15:00"), "aanmelding", "regulier"))
        .isEqualTo(amsterdam("2027-01-04T17:00"));
  }

  @Test
  void a_crisis_signal_on_friday_at_16_30_is_due_monday_10_30() {
    // 2 working hours: 30 minutes on Friday 20 November 2026 + 1.5 h on Monday from 09:00.
    assertThat(RULES.firstContactDue(received("2026-11-20T16:30"), "signaal", "crisis"))
        .isEqualTo(amsterdam("2026-11-23T10:30"));
  }

  @Test
  void a_crisis_within_hours_is_due_two_hours_later_the_same_day() {
    assertThat(RULES.firstContactDue(received("2026-11-24T10:15"), "aanmelding", "crisis"))
        .isEqualTo(amsterdam("2026-11-24T12:15"));
  }

  @Test
  void a_spoed_received_on_a_saturday_is_due_at_the_end_of_monday() {
    // "By the end of the next working day", counted from the date of receipt: the first
    // working day after Saturday 21 November 2026 is Monday the 23rd → Monday 17:00.
    assertThat(RULES.firstContactDue(received("2026-11-21T11:00"), "aanmelding", "spoed"))
        .isEqualTo(amsterdam("2026-11-23T17:00"));
    // The same rule on weekdays: Monday morning → end of Tuesday; Friday evening → end of Monday.
    assertThat(RULES.firstContactDue(received("2026-11-23T08:00"), "aanmelding", "spoed"))
        .isEqualTo(amsterdam("2026-11-24T17:00"));
    assertThat(RULES.firstContactDue(received("2026-11-20T20:00"), "signaal", "spoed"))
        .isEqualTo(amsterdam("2026-11-23T17:00"));
  }

  @Test
  void a_crisis_on_the_friday_before_the_clocks_go_back_is_due_at_the_right_wall_clock_time() {
    // Fri 23 October 2026 16:00 CEST (+02:00): 1 h on Friday; on Sunday 25 October the clocks
    // go back; 1 h on Monday from 09:00 → Monday 26 October 10:00 CET (+01:00) = 09:00Z.
    // (Adding 66 real hours to Friday 17:00 would wrongly give 09:00 on the wall.)
    ZonedDateTime due = RULES.firstContactDue(received("2026-10-23T16:00"), "signaal", "crisis");

    assertThat(due.toLocalDateTime()).hasToString("2026-10-26T10:00");
    assertThat(due.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    assertThat(due.toInstant()).isEqualTo(Instant.parse("2026-10-26T09:00:00Z"));
  }

  @Test
  void a_crisis_on_the_friday_before_the_clocks_go_forward_is_due_at_the_right_wall_clock_time() {
    // Fri 27 March 2026 16:00 CET → 1 h Friday, Sunday 29 March summer time starts,
    // 1 h Monday → Monday 30 March 10:00 CEST (+02:00) = 08:00Z.
    ZonedDateTime due = RULES.firstContactDue(received("2026-03-27T16:00"), "signaal", "crisis");

    assertThat(due.toLocalDateTime()).hasToString("2026-03-30T10:00");
    assertThat(due.toInstant()).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
    // 2027: summer time starts on Easter Sunday 28 March; Goede Vrijdag 26 March is a working
    // day and tweede Paasdag 29 March is not → 1 h Friday + 1 h Tuesday 30 March → 10:00 CEST.
    assertThat(RULES.firstContactDue(received("2027-03-26T16:00"), "signaal", "crisis"))
        .isEqualTo(amsterdam("2027-03-30T10:00"));
  }

  @Test
  void christmas_eve_shortened_hours_count_correctly() {
    // Thu 24 December 2026, hours 09:00-13:00. A crisis at 12:00 gets 1 h until 13:00, then
    // Christmas (Fri 25, Sat 26) and Sunday 27 are closed → 1 h from Mon 28 09:00 → 10:00.
    assertThat(RULES.firstContactDue(received("2026-12-24T12:00"), "aanmelding", "crisis"))
        .isEqualTo(amsterdam("2026-12-28T10:00"));
    // At 14:00 the team has closed: both hours fall on Monday 28 → 11:00.
    assertThat(RULES.firstContactDue(received("2026-12-24T14:00"), "aanmelding", "crisis"))
        .isEqualTo(amsterdam("2026-12-28T11:00"));
    // A spoed on Wednesday 23 December is due at the end of Christmas Eve: 13:00, not 17:00.
    assertThat(RULES.firstContactDue(received("2026-12-23T10:00"), "signaal", "spoed"))
        .isEqualTo(amsterdam("2026-12-24T13:00"));
  }

  @Test
  void the_defaults_are_those_of_the_intake_issue() {
    assertThat(RULES.rule("aanmelding", "crisis"))
        .isEqualTo(new DeadlineRules.WorkingHours(Duration.ofHours(2)));
    assertThat(RULES.rule("signaal", "spoed")).isEqualTo(new DeadlineRules.WorkingDays(1));
    assertThat(RULES.rule("telefoon", "regulier")).isEqualTo(new DeadlineRules.WorkingDays(5));
    assertThat(DeadlineRules.Config.fromJson(new JsonObject()))
        .isEqualTo(DeadlineRules.Config.DEFAULT);
    assertThat(DeadlineRules.Config.fromJson(null)).isEqualTo(DeadlineRules.Config.DEFAULT);
  }

  @Test
  void a_kanaal_can_have_its_own_rule_per_urgentie() {
    DeadlineRules.Config config =
        DeadlineRules.Config.fromJson(
            new JsonObject()
                .put(
                    "default",
                    new JsonObject().put("regulier", new JsonObject().put("workingDays", 10)))
                .put(
                    "perKanaal",
                    new JsonObject()
                        .put(
                            "signaal",
                            new JsonObject()
                                .put("crisis", new JsonObject().put("workingHours", 1.5)))));
    DeadlineRules rules = new DeadlineRules(calendar(), config);

    // Signaal crisis: 1.5 working hours; Friday 16:30 → 30 min + 1 h Monday → 10:00.
    assertThat(rules.firstContactDue(received("2026-11-20T16:30"), "signaal", "crisis"))
        .isEqualTo(amsterdam("2026-11-23T10:00"));
    // Other kanalen keep the default crisis rule.
    assertThat(rules.firstContactDue(received("2026-11-20T16:30"), "aanmelding", "crisis"))
        .isEqualTo(amsterdam("2026-11-23T10:30"));
    // Changed default for regulier, untouched default for spoed.
    assertThat(rules.rule("balie", "regulier")).isEqualTo(new DeadlineRules.WorkingDays(10));
    assertThat(rules.rule("signaal", "spoed")).isEqualTo(new DeadlineRules.WorkingDays(1));
  }

  @Test
  void unknown_codes_and_bad_rules_are_refused() {
    assertThatThrownBy(() -> RULES.firstContactDue(Instant.now(), "fax", "crisis"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RULES.firstContactDue(Instant.now(), "signaal", "hoog"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config("{\"perKanaal\":{\"fax\":{}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fax");
    assertThatThrownBy(() -> config("{\"default\":{\"hoog\":{\"workingDays\":1}}}"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config("{\"default\":{\"spoed\":{\"workingDays\":0}}}"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config("{\"default\":{\"spoed\":{\"workingDays\":1.5}}}"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(
            () -> config("{\"default\":{\"spoed\":{\"workingDays\":1,\"workingHours\":2}}}"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config("{\"default\":{\"crisis\":{\"workingHours\":\"2\"}}}"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config("{\"default\":{\"crisis\":2}}"))
        .isInstanceOf(ConfigException.class);
  }

  private static DeadlineRules.Config config(String json) {
    return DeadlineRules.Config.fromJson(new JsonObject(json));
  }
}
