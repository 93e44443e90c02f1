package nl.wijkportaal.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** An offer (aanbod) of the sociale basis, as editors keep it and residents find it. */
public record Offer(
    UUID id,
    String slug,
    String status,
    String title,
    String summary,
    String description,
    String titleEn,
    String summaryEn,
    String descriptionEn,
    Provider provider,
    List<String> leefgebieden,
    List<String> doelgroepen,
    Integer ageMin,
    Integer ageMax,
    String niveau,
    boolean wholeCity,
    List<String> wijken,
    boolean costFree,
    String costText,
    String join,
    List<String> languages,
    String accessibility,
    String contactPhone,
    String contactEmail,
    String website,
    Instant lastCheckedAt,
    Instant updatedAt,
    int version,
    List<OfferLocation> locations) {

  public boolean published() {
    return "gepubliceerd".equals(status);
  }

  public String title(Locale locale) {
    return english(locale) && titleEn != null && !titleEn.isBlank() ? titleEn : title;
  }

  public String summary(Locale locale) {
    return english(locale) && summaryEn != null && !summaryEn.isBlank() ? summaryEn : summary;
  }

  public String description(Locale locale) {
    return english(locale) && descriptionEn != null && !descriptionEn.isBlank()
        ? descriptionEn
        : description;
  }

  private static boolean english(Locale locale) {
    return "en".equals(locale.getLanguage());
  }
}
