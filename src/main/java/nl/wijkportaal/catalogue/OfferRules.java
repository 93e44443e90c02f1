package nl.wijkportaal.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.web.Form;

/**
 * What makes an offer fit to publish: the field errors of a draft, as message keys per field
 * ({@code catalogue.error.*}), so a form, an import row and the API say the same. Every free text
 * has a maximum length, checked before any pattern, so no value is too long to judge quickly.
 */
public final class OfferRules {

  static final int MAX_EMAIL = 254;
  static final int MAX_URL = 500;
  static final int MAX_PHONE = 40;
  static final int MAX_LOCATION_FIELD = 200;

  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

  /** Bounded on both sides of the @, so matching is linear: the domain's dot is checked apart. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

  private static final Pattern URL = Pattern.compile("https?://\\S+");

  private OfferRules() {}

  public static Map<String, String> check(OfferDraft d, List<String> wijken) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (d.slug() == null || d.slug().length() > 80 || !SLUG.matcher(d.slug()).matches()) {
      errors.put("slug", "catalogue.error.slug");
    }
    require(errors, "title", d.title(), 120);
    require(errors, "summary", d.summary(), 200);
    require(errors, "description", d.description(), 5000, true);
    require(errors, "providerName", d.providerName(), 200);
    if (d.leefgebieden().isEmpty() || !Codes.LEEFGEBIEDEN.containsAll(d.leefgebieden())) {
      errors.put("leefgebieden", "catalogue.error.leefgebieden");
    }
    if (d.doelgroepen().isEmpty() || !Codes.DOELGROEPEN.containsAll(d.doelgroepen())) {
      errors.put("doelgroepen", "catalogue.error.doelgroepen");
    }
    if (d.niveau() == null || !Codes.NIVEAUS.contains(d.niveau())) {
      errors.put("niveau", "catalogue.error.niveau");
    }
    if (d.join() == null || !Codes.JOIN.contains(d.join())) {
      errors.put("join", "catalogue.error.join");
    }
    if (!d.wholeCity() && (d.wijken().isEmpty() || !wijken.containsAll(d.wijken()))) {
      errors.put("wijken", "catalogue.error.wijken");
    }
    if ((d.ageMin() != null && (d.ageMin() < 0 || d.ageMin() > 120))
        || (d.ageMax() != null && (d.ageMax() < 0 || d.ageMax() > 120))
        || (d.ageMin() != null && d.ageMax() != null && d.ageMax() < d.ageMin())) {
      errors.put("ageMin", "catalogue.error.age");
    }
    if (!d.costFree() && (d.costText() == null || d.costText().isBlank())) {
      errors.put("costText", "catalogue.error.costText");
    } else {
      optional(errors, "costText", d.costText(), 200, false);
    }
    if (d.languages().isEmpty()
        || d.languages().stream()
            .anyMatch(l -> l == null || l.length() > 3 || !LANGUAGE.matcher(l).matches())) {
      errors.put("languages", "catalogue.error.languages");
    }
    optional(errors, "titleEn", d.titleEn(), 120, false);
    optional(errors, "summaryEn", d.summaryEn(), 200, false);
    optional(errors, "descriptionEn", d.descriptionEn(), 5000, true);
    optional(errors, "accessibility", d.accessibility(), 1000, true);
    optional(errors, "providerPhone", d.providerPhone(), MAX_PHONE, false);
    optional(errors, "contactPhone", d.contactPhone(), MAX_PHONE, false);
    email(errors, "providerEmail", d.providerEmail());
    email(errors, "contactEmail", d.contactEmail());
    website(errors, "providerWebsite", d.providerWebsite());
    website(errors, "website", d.website());
    List<OfferLocation> locations = d.locations() == null ? List.of() : d.locations();
    for (int i = 0; i < locations.size(); i++) {
      OfferLocation l = locations.get(i);
      String p = "location" + (i + 1);
      require(errors, p + "Name", l.name(), MAX_LOCATION_FIELD);
      optional(errors, p + "Address", l.address(), MAX_LOCATION_FIELD, false);
      optional(errors, p + "Postcode", l.postcode(), MAX_LOCATION_FIELD, false);
      optional(errors, p + "City", l.city(), MAX_LOCATION_FIELD, false);
      optional(errors, p + "Note", l.note(), MAX_LOCATION_FIELD, false);
      if (l.wijk() != null && !wijken.contains(l.wijk())) {
        errors.put(p + "Wijk", "catalogue.error.wijken");
      }
    }
    return errors;
  }

  /** An e-mail address: the length first, then a pattern that cannot backtrack far. */
  static boolean isEmail(String value) {
    if (value.length() > MAX_EMAIL || !EMAIL.matcher(value).matches()) {
      return false;
    }
    String domain = value.substring(value.indexOf('@') + 1);
    // A dot inside the domain, not at its start or end.
    return domain.length() >= 3 && domain.substring(1, domain.length() - 1).indexOf('.') >= 0;
  }

  /** A web address: http(s) only, so no {@code javascript:} ends up in a link. */
  static boolean isWebsite(String value) {
    return value.length() <= MAX_URL && URL.matcher(value).matches();
  }

  private static void email(Map<String, String> errors, String field, String value) {
    if (value != null && !isEmail(value)) {
      errors.put(field, "catalogue.error.email");
    }
  }

  private static void website(Map<String, String> errors, String field, String value) {
    if (value != null && !isWebsite(value)) {
      errors.put(field, "catalogue.error.website");
    }
  }

  private static void require(Map<String, String> errors, String field, String value, int max) {
    require(errors, field, value, max, false);
  }

  private static void require(
      Map<String, String> errors, String field, String value, int max, boolean lines) {
    if (value == null || value.isBlank()) {
      errors.put(field, "catalogue.error.required");
    } else {
      optional(errors, field, value, max, lines);
    }
  }

  private static void optional(
      Map<String, String> errors, String field, String value, int max, boolean lines) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      errors.put(field, "catalogue.error.tooLong");
    } else if (Form.controlCharacters(value, lines)) {
      // A text of several lines may hold new lines and tabs.
      errors.put(field, "catalogue.error.unreadable");
    }
  }
}
