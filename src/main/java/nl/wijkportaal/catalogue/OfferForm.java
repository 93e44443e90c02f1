package nl.wijkportaal.catalogue;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.municipality.TimeRange;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Language;

/**
 * The editors' offer form: what was typed, read through {@link Form} into an {@link OfferDraft},
 * and an offer put back into the fields. It judges only what a form adds (numbers, hours,
 * locations); {@link OfferRules} judges the offer itself. Errors are message keys per field, in
 * form order.
 */
final class OfferForm {

  /**
   * Empty location fieldsets a form offers at least: enough for the sociale basis, with no
   * JavaScript to add more. An offer with more locations (an import) shows them all.
   */
  static final int LOCATIONS = 3;

  private static final int MAX_LOCATIONS = 50;

  /** The fields that may hold line breaks and tabs: long texts and opening hours. */
  static final List<String> LONG_TEXTS = longTexts();

  private static final List<String> CHOICES =
      List.of("leefgebieden", "doelgroepen", "wijken", "niveau", "join");

  static final List<String> TEXT_FIELDS =
      List.of(
          "slug",
          "title",
          "summary",
          "description",
          "titleEn",
          "summaryEn",
          "descriptionEn",
          "providerName",
          "providerWebsite",
          "providerPhone",
          "providerEmail",
          "ageMin",
          "ageMax",
          "costText",
          "languages",
          "accessibility",
          "contactPhone",
          "contactEmail",
          "website");
  static final List<String> LOCATION_FIELDS =
      List.of("Name", "Address", "Postcode", "City", "Wijk", "Hours", "Note");

  /** The order of the fields on the page, so the error summary reads top to bottom. */
  private static final List<String> ORDER =
      List.of(
          "title",
          "slug",
          "summary",
          "description",
          "providerName",
          "providerWebsite",
          "providerPhone",
          "providerEmail",
          "leefgebieden",
          "doelgroepen",
          "niveau",
          "ageMin",
          "ageMax",
          "wijken",
          "costText",
          "join",
          "languages",
          "accessibility",
          "contactPhone",
          "contactEmail",
          "website");

  private static final Pattern POSTCODE = Pattern.compile("[1-9][0-9]{3} ?[A-Za-z]{2}");
  private static final Pattern HOURS_ENTRY = Pattern.compile("(\\p{L}+)\\s+(.+)");
  private static final Pattern RANGE =
      Pattern.compile("(\\d{1,2}[:.]\\d{2})\\s*[-–]\\s*(\\d{1,2}[:.]\\d{2})");

  private final Map<String, String> values;
  private final Map<String, List<String>> chosen;
  private final Map<String, String> errors = new LinkedHashMap<>();

  /** The fieldset number of each location of the draft: empty fieldsets are left out of it. */
  private final List<Integer> draftSlots = new ArrayList<>();

  private static final Pattern LOCATION_ERROR = Pattern.compile("location(\\d+)([A-Z]\\w*)");

  private OfferForm(Map<String, String> values, Map<String, List<String>> chosen) {
    this.values = values;
    this.chosen = chosen;
  }

  /** A blank form for a new offer. */
  static OfferForm blank() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("languages", "nl");
    return new OfferForm(values, new LinkedHashMap<>());
  }

  /**
   * The fields as the editor submitted them, read by {@code form} (made with {@link #LONG_TEXTS}).
   * A field holding a character that cannot be stored reads as empty, with the offer's own message.
   */
  static OfferForm submitted(Form form) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : TEXT_FIELDS) {
      values.put(field, form.text(field));
    }
    for (int n = 1; n <= MAX_LOCATIONS && form.has("location" + n + "Name"); n++) {
      for (String part : LOCATION_FIELDS) {
        values.put("location" + n + part, form.text("location" + n + part));
      }
    }
    values.put("wholeCity", form.has("wholeCity") ? "ja" : "");
    values.put("costFree", form.has("costFree") ? "ja" : "");
    Map<String, List<String>> chosen = new LinkedHashMap<>();
    for (String field : CHOICES) {
      chosen.put(field, form.all(field).stream().filter(s -> !s.isEmpty()).toList());
    }
    OfferForm offerForm = new OfferForm(values, chosen);
    form.problems().keySet().forEach(f -> offerForm.errors.put(f, "catalogue.error.unreadable"));
    return offerForm;
  }

  private static List<String> longTexts() {
    List<String> names = new ArrayList<>(List.of("description", "descriptionEn", "accessibility"));
    for (int n = 1; n <= MAX_LOCATIONS; n++) {
      names.add("location" + n + "Hours");
    }
    return List.copyOf(names);
  }

  /** The fields filled with a stored offer, hours written in the editor's language. */
  static OfferForm of(Offer o, Locale locale) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("slug", o.slug());
    values.put("title", o.title());
    values.put("summary", o.summary());
    values.put("description", o.description());
    values.put("titleEn", o.titleEn());
    values.put("summaryEn", o.summaryEn());
    values.put("descriptionEn", o.descriptionEn());
    values.put("providerName", o.provider().name());
    values.put("providerWebsite", o.provider().website());
    values.put("providerPhone", o.provider().phone());
    values.put("providerEmail", o.provider().email());
    values.put("ageMin", o.ageMin() == null ? "" : o.ageMin().toString());
    values.put("ageMax", o.ageMax() == null ? "" : o.ageMax().toString());
    values.put("costText", o.costText());
    values.put("languages", String.join(", ", o.languages()));
    values.put("accessibility", o.accessibility());
    values.put("contactPhone", o.contactPhone());
    values.put("contactEmail", o.contactEmail());
    values.put("website", o.website());
    values.put("wholeCity", o.wholeCity() ? "ja" : "");
    values.put("costFree", o.costFree() ? "ja" : "");
    for (int i = 0; i < o.locations().size(); i++) {
      OfferLocation l = o.locations().get(i);
      String p = "location" + (i + 1);
      values.put(p + "Name", l.name());
      values.put(p + "Address", l.address());
      values.put(p + "Postcode", l.postcode());
      values.put(p + "City", l.city());
      values.put(p + "Wijk", l.wijk());
      values.put(p + "Hours", hoursText(l.hours(), locale));
      values.put(p + "Note", l.note());
    }
    values.replaceAll((k, v) -> v == null ? "" : v);
    Map<String, List<String>> chosen = new LinkedHashMap<>();
    chosen.put("leefgebieden", o.leefgebieden());
    chosen.put("doelgroepen", o.doelgroepen());
    chosen.put("wijken", o.wijken());
    chosen.put("niveau", List.of(o.niveau()));
    chosen.put("join", List.of(o.join()));
    return new OfferForm(values, chosen);
  }

  /**
   * The draft the fields describe. Adds this form's own errors (numbers, hours, locations); a blank
   * web address is made from the title.
   */
  OfferDraft draft(List<String> wijken) {
    String slug = blankToNull(values.get("slug"));
    if (slug == null && values.get("title") != null && !values.get("title").isBlank()) {
      slug = slugOf(values.get("title"));
    }
    Integer ageMin = number("ageMin");
    Integer ageMax = number("ageMax");
    List<OfferLocation> locations = new ArrayList<>();
    draftSlots.clear();
    for (int n = 1; n <= locationSlots(); n++) {
      OfferLocation location = location(n, wijken);
      if (location != null) {
        locations.add(location);
        draftSlots.add(n);
      }
    }
    List<String> languages = new ArrayList<>();
    for (String code :
        values.getOrDefault("languages", "").toLowerCase(Locale.ROOT).split("[;,|\\s]+", -1)) {
      if (!code.isEmpty() && !languages.contains(code)) {
        languages.add(code);
      }
    }
    boolean wholeCity = !values.getOrDefault("wholeCity", "").isEmpty();
    return new OfferDraft(
        slug,
        text("title"),
        text("summary"),
        text("description"),
        text("titleEn"),
        text("summaryEn"),
        text("descriptionEn"),
        text("providerName"),
        text("providerWebsite"),
        text("providerPhone"),
        text("providerEmail"),
        chosen("leefgebieden"),
        chosen("doelgroepen"),
        ageMin,
        ageMax,
        chosen("niveau").isEmpty() ? null : chosen("niveau").get(0),
        wholeCity,
        wholeCity ? List.of() : chosen("wijken"),
        !values.getOrDefault("costFree", "").isEmpty(),
        text("costText"),
        chosen("join").isEmpty() ? null : chosen("join").get(0),
        languages,
        text("accessibility"),
        text("contactPhone"),
        text("contactEmail"),
        text("website"),
        locations);
  }

  /** Adds the rules' errors where the form found none for that field. */
  OfferForm rejected(Map<String, String> ruleErrors) {
    ruleErrors.forEach((field, key) -> errors.putIfAbsent(formField(field), key));
    return this;
  }

  /** The rules count the draft's locations; the form names the fieldset they came from. */
  private String formField(String field) {
    Matcher m = LOCATION_ERROR.matcher(field);
    if (m.matches()) {
      int index = Integer.parseInt(m.group(1)) - 1;
      if (index >= 0 && index < draftSlots.size()) {
        return "location" + draftSlots.get(index) + m.group(2);
      }
    }
    return field;
  }

  boolean valid() {
    return errors.isEmpty();
  }

  /** Field → message key, in the order of the page: locations, then the English texts last. */
  Map<String, String> errors() {
    List<String> order = new ArrayList<>(ORDER);
    for (int n = 1; n <= locationSlots(); n++) {
      for (String part : LOCATION_FIELDS) {
        order.add("location" + n + part);
      }
    }
    order.addAll(List.of("titleEn", "summaryEn", "descriptionEn"));
    Map<String, String> sorted = new LinkedHashMap<>();
    order.forEach(
        field -> {
          if (errors.containsKey(field)) {
            sorted.put(field, errors.get(field));
          }
        });
    errors.forEach(sorted::putIfAbsent);
    return sorted;
  }

  /**
   * How many location fieldsets the form shows: at least {@link #LOCATIONS}, and every one in use.
   */
  int locationSlots() {
    int slots = LOCATIONS;
    for (int n = 1; n <= MAX_LOCATIONS; n++) {
      String p = "location" + n;
      if (LOCATION_FIELDS.stream().anyMatch(part -> !values.getOrDefault(p + part, "").isBlank())) {
        slots = Math.max(slots, n);
      }
    }
    return slots;
  }

  Map<String, String> values() {
    return values;
  }

  boolean isChosen(String field, String code) {
    return chosen(field).contains(code);
  }

  // --- hours

  /** "maandag 09:00-12:00; donderdag 19:00-21:00", day names in {@code locale}. */
  static String hoursText(Map<DayOfWeek, List<TimeRange>> hours, Locale locale) {
    List<String> entries = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      List<TimeRange> ranges = hours.get(day);
      if (ranges != null && !ranges.isEmpty()) {
        entries.add(
            day.getDisplayName(TextStyle.FULL, locale)
                + " "
                + String.join(", ", ranges.stream().map(TimeRange::toString).toList()));
      }
    }
    return String.join("; ", entries);
  }

  /**
   * Reads hours written as {@code dag HH:MM-HH:MM[, HH:MM-HH:MM]} with entries separated by {@code
   * ;} or a new line; day names in Dutch or English.
   *
   * @throws IllegalArgumentException on anything else
   */
  static Map<DayOfWeek, List<TimeRange>> parseHours(String text) {
    Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
    if (text == null || text.isBlank()) {
      return hours;
    }
    for (String entry : text.split("[;\\n]", -1)) {
      if (entry.isBlank()) {
        continue;
      }
      Matcher m = HOURS_ENTRY.matcher(entry.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a day with hours: " + entry);
      }
      DayOfWeek day = day(m.group(1));
      // A trailing comma names no range; any other empty range is wrong.
      for (String range : m.group(2).replaceFirst(",+$", "").split(",", -1)) {
        Matcher r = RANGE.matcher(range.trim());
        if (!r.matches()) {
          throw new IllegalArgumentException("not a time range: " + range);
        }
        TimeRange parsed = TimeRange.parse(time(r.group(1)) + "-" + time(r.group(2)));
        List<TimeRange> ranges = hours.computeIfAbsent(day, d -> new ArrayList<>());
        for (TimeRange other : ranges) {
          if (parsed.from().isBefore(other.to()) && other.from().isBefore(parsed.to())) {
            throw new IllegalArgumentException("overlapping ranges on " + day);
          }
        }
        ranges.add(parsed);
        ranges.sort((a, b) -> a.from().compareTo(b.from()));
      }
    }
    return hours;
  }

  private static DayOfWeek day(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      for (Locale locale : Language.SUPPORTED) {
        if (day.getDisplayName(TextStyle.FULL, locale).toLowerCase(locale).equals(wanted)) {
          return day;
        }
      }
    }
    throw new IllegalArgumentException("not a day: " + name);
  }

  private static String time(String t) {
    String s = t.replace('.', ':');
    return s.length() == 4 ? "0" + s : s;
  }

  // --- helpers

  private OfferLocation location(int n, List<String> wijken) {
    String p = "location" + n;
    boolean any =
        LOCATION_FIELDS.stream().anyMatch(part -> !values.getOrDefault(p + part, "").isBlank());
    if (!any) {
      return null;
    }
    String name = text(p + "Name");
    if (name == null) {
      errors.put(p + "Name", "catalogue.error.required");
    }
    String postcode = text(p + "Postcode");
    if (postcode != null && !POSTCODE.matcher(postcode).matches()) {
      errors.put(p + "Postcode", "redactie.error.postcode");
    } else if (postcode != null) {
      postcode = postcode.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
      postcode = postcode.substring(0, 4) + " " + postcode.substring(4);
    }
    String wijk = text(p + "Wijk");
    if (wijk != null && !wijken.contains(wijk)) {
      errors.put(p + "Wijk", "catalogue.error.wijken");
    }
    Map<DayOfWeek, List<TimeRange>> hours;
    try {
      hours = parseHours(values.get(p + "Hours"));
    } catch (IllegalArgumentException e) {
      errors.put(p + "Hours", "redactie.error.hours");
      hours = Map.of();
    }
    return new OfferLocation(
        name, text(p + "Address"), postcode, text(p + "City"), wijk, hours, text(p + "Note"));
  }

  private Integer number(String field) {
    String v = values.getOrDefault(field, "");
    if (v.isBlank()) {
      return null;
    }
    if (!v.matches("\\d{1,3}")) {
      errors.put(field, "catalogue.error.age");
      return null;
    }
    return Integer.valueOf(v);
  }

  private String text(String field) {
    return blankToNull(values.get(field));
  }

  private List<String> chosen(String field) {
    return chosen.getOrDefault(field, List.of());
  }

  /** A web address made from a title: "Buurthuis De Kern" → "buurthuis-de-kern". */
  static String slugOf(String title) {
    String slug =
        SearchTerms.normalise(title).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.length() > 80 ? slug.substring(0, 80).replaceAll("-+$", "") : slug;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
