package nl.wijkportaal.catalogue;

import java.util.List;

/**
 * An offer as an editor writes it (form, CSV or JSON import), before it is checked and stored. The
 * provider is named; a provider with that name is reused. Locations are null when the source has
 * none to give (a CSV row, a JSON offer without {@code locations}): an offer that exists then keeps
 * its own.
 */
public record OfferDraft(
    String slug,
    String title,
    String summary,
    String description,
    String titleEn,
    String summaryEn,
    String descriptionEn,
    String providerName,
    String providerWebsite,
    String providerPhone,
    String providerEmail,
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
    List<OfferLocation> locations) {}
