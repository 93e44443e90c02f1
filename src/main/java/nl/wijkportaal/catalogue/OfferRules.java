package nl.wijkportaal.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What makes an offer fit to publish: the field errors of a draft, as message keys per
 * field ({@code catalogue.error.*}), so a form, an import row and the API say the same.
 */
public final class OfferRules {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private OfferRules() {}

  public static Map<String, String> check(OfferDraft d, List<String> wijken) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (d.slug() == null || !SLUG.matcher(d.slug()).matches() || d.slug().length() > 80) {
      errors.put("slug", "catalogue.error.slug");
    }
    require(errors, "title", d.title(), 120);
    require(errors, "summary", d.summary(), 200);
    require(errors, "description", d.description(), 5000);
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
    }
    if (d.languages().isEmpty() || d.languages().stream().anyMatch(l -> !LANGUAGE.matcher(l).matches())) {
      errors.put("languages", "catalogue.error.languages");
    }
    if (d.contactEmail() != null && !EMAIL.matcher(d.contactEmail()).matches()) {
      errors.put("contactEmail", "catalogue.error.email");
    }
    if (d.website() != null && !d.website().matches("https?://\\S+")) {
      errors.put("website", "catalogue.error.website");
    }
    return errors;
  }

  private static void require(Map<String, String> errors, String field, String value, int max) {
    if (value == null || value.isBlank()) {
      errors.put(field, "catalogue.error.required");
    } else if (value.length() > max) {
      errors.put(field, "catalogue.error.tooLong");
    }
  }
}
