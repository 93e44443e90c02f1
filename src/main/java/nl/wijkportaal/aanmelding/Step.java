package nl.wijkportaal.aanmelding;

import java.util.Optional;

/**
 * The pages of the aanmelding, in order: one small group of questions each, then a page to check
 * everything. {@link #ANDER} is asked only of someone writing for another person.
 */
enum Step {
  VOOR_WIE("voor-wie"),
  ANDER("ander"),
  ONDERWERP("onderwerp"),
  VRAAG("vraag"),
  OVER_WIE("over-wie"),
  CONTACT("contact"),
  GEVONDEN("gevonden"),
  PRIVACY("privacy"),
  CONTROLEREN("controleren");

  private final String slug;

  Step(String slug) {
    this.slug = slug;
  }

  /** The last part of the page's address: {@code /aanmelden/voor-wie}. */
  String slug() {
    return slug;
  }

  String path() {
    return "/aanmelden/" + slug;
  }

  private static final Step[] ALL = values();

  static Optional<Step> of(String slug) {
    for (Step step : ALL) {
      if (step.slug.equals(slug)) {
        return Optional.of(step);
      }
    }
    return Optional.empty();
  }
}
