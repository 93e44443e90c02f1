package nl.wijkportaal.catalogue;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.municipality.TimeRange;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * An offer as a page shows it: texts in the visitor's language, labels for codes, today's hours.
 */
public final class OfferView {

  private final Messages messages;
  private final Clock clock;

  public OfferView(Messages messages, Clock clock) {
    this.messages = messages;
    this.clock = clock;
  }

  public Map<String, Object> card(Offer o, Locale locale) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id().toString());
    m.put("slug", o.slug());
    m.put("title", o.title(locale));
    m.put("titleLang", dutchFallback(o.titleEn(), locale));
    m.put("summary", o.summary(locale));
    m.put("summaryLang", dutchFallback(o.summaryEn(), locale));
    m.put("provider", o.provider().name());
    m.put("free", o.costFree());
    m.put("cost", o.costFree() ? messages.get(locale, "aanbod.free") : o.costText());
    m.put("leefgebieden", labels("leefgebied.", o.leefgebieden(), locale));
    m.put(
        "where",
        o.wholeCity()
            ? messages.get(locale, "aanbod.wholeCity")
            : String.join(", ", o.wijken().stream().map(OfferView::capitalise).toList()));
    return m;
  }

  public Map<String, Object> detail(Offer o, Locale locale) {
    Map<String, Object> m = card(o, locale);
    List<String> paragraphs = new ArrayList<>();
    for (String p : o.description(locale).split("\\n\\s*\\n", -1)) {
      if (!p.isBlank()) {
        paragraphs.add(p.trim());
      }
    }
    m.put("paragraphs", paragraphs);
    m.put("descriptionLang", dutchFallback(o.descriptionEn(), locale));
    m.put("doelgroepen", labels("doelgroep.", o.doelgroepen(), locale));
    m.put("niveau", messages.get(locale, "niveau." + o.niveau()));
    m.put("join", messages.get(locale, "join." + o.join()));
    m.put("spokenLanguages", labels("taal.", o.languages(), locale));
    m.put("age", age(o, locale));
    m.put("accessibility", o.accessibility());
    m.put("phone", o.contactPhone() != null ? o.contactPhone() : o.provider().phone());
    m.put("phoneHref", tel(o.contactPhone() != null ? o.contactPhone() : o.provider().phone()));
    m.put("email", o.contactEmail() != null ? o.contactEmail() : o.provider().email());
    m.put("website", o.website() != null ? o.website() : o.provider().website());
    m.put("providerWebsite", o.provider().website());
    m.put(
        "lastChecked",
        DateTimeFormatter.ofPattern("d MMMM yyyy", locale)
            .format(o.lastCheckedAt().atZone(OpeningHours.ZONE)));
    m.put("lastCheckedIso", o.lastCheckedAt().atZone(OpeningHours.ZONE).toLocalDate().toString());
    m.put(
        "untranslated",
        "en".equals(locale.getLanguage()) && (o.titleEn() == null || o.titleEn().isBlank()));
    List<Map<String, Object>> locations = new ArrayList<>();
    for (OfferLocation l : o.locations()) {
      locations.add(location(l, locale));
    }
    m.put("locations", locations);
    return m;
  }

  private Map<String, Object> location(OfferLocation l, Locale locale) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", l.name());
    m.put("address", l.address());
    m.put("postcode", l.postcode());
    m.put("city", l.city());
    m.put("note", l.note());
    List<Map<String, Object>> week = new ArrayList<>();
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(OpeningHours.ZONE));
    for (DayOfWeek day : DayOfWeek.values()) {
      List<TimeRange> ranges = l.hours().get(day);
      if (ranges != null && !ranges.isEmpty()) {
        week.add(
            Map.of(
                "day", Pages.weekday(day, locale),
                "hours",
                    String.join(", ", ranges.stream().map(r -> r.from() + " – " + r.to()).toList()),
                "today", day == now.getDayOfWeek()));
      }
    }
    m.put("week", week);
    m.put("today", today(l, now, locale));
    return m;
  }

  /** Now, by the clock the views use. */
  Instant now() {
    return clock.instant();
  }

  /** When a page of an offer holds as it is: from its last change of "today" to its next. */
  record Window(Instant from, Instant until) {}

  /**
   * When the offer's page made now ({@link #detail}) holds as it is: its locations' "today" (open
   * now, opens later, not open today) and the week's marked day change only at an opening or
   * closing time of today's hours, and at midnight.
   */
  Window window(Offer o) {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(OpeningHours.ZONE));
    ZonedDateTime from = now.toLocalDate().atStartOfDay(OpeningHours.ZONE);
    ZonedDateTime until = now.toLocalDate().plusDays(1).atStartOfDay(OpeningHours.ZONE);
    LocalTime time = now.toLocalTime();
    for (OfferLocation l : o.locations()) {
      for (TimeRange r : l.hours().getOrDefault(now.getDayOfWeek(), List.of())) {
        for (LocalTime t : List.of(r.from(), r.to())) {
          ZonedDateTime at = now.with(t);
          if (t.isAfter(time) && at.isBefore(until)) {
            until = at;
          } else if (!t.isAfter(time) && at.isAfter(from)) {
            from = at;
          }
        }
      }
    }
    return new Window(from.toInstant(), until.toInstant());
  }

  /** "Nu open tot 17:00", "Vandaag open van 19:00 tot 21:00" or "Vandaag niet open". */
  String today(OfferLocation l, ZonedDateTime now, Locale locale) {
    if (l.hours().isEmpty()) {
      return null;
    }
    List<TimeRange> ranges = l.hours().getOrDefault(now.getDayOfWeek(), List.of());
    LocalTime time = now.toLocalTime();
    for (TimeRange r : ranges) {
      if (r.contains(time)) {
        return messages.get(locale, "aanbod.openNowUntil", r.to().toString());
      }
    }
    for (TimeRange r : ranges) {
      if (time.isBefore(r.from())) {
        return messages.get(locale, "aanbod.openTodayFrom", r.from().toString(), r.to().toString());
      }
    }
    return messages.get(locale, "aanbod.notOpenToday");
  }

  private String age(Offer o, Locale locale) {
    if (o.ageMin() == null && o.ageMax() == null) {
      return null;
    }
    if (o.ageMax() == null) {
      return messages.get(locale, "aanbod.ageFrom", o.ageMin());
    }
    if (o.ageMin() == null) {
      return messages.get(locale, "aanbod.ageUntil", o.ageMax());
    }
    return messages.get(locale, "aanbod.ageBetween", o.ageMin(), o.ageMax());
  }

  private List<String> labels(String prefix, List<String> codes, Locale locale) {
    List<String> list = new ArrayList<>();
    for (String code : codes) {
      list.add(messages.find(locale, prefix + code).orElse(code));
    }
    return list;
  }

  /** "nl" where an English page shows a Dutch text because the English one is missing. */
  static String dutchFallback(String english, Locale locale) {
    return "en".equals(locale.getLanguage()) && (english == null || english.isBlank())
        ? "nl"
        : null;
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String tel(String phone) {
    return phone == null ? null : "tel:" + phone.replaceAll("[^0-9+]", "");
  }
}
