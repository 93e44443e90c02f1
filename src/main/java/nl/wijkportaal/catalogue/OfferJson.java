package nl.wijkportaal.catalogue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.municipality.TimeRange;

/**
 * Offers as JSON, one shape for the demo data set, import and export: the keys of {@code
 * catalogue/demo-catalogue.json}. Reading is lenient about types it can convert and strict about
 * nothing: {@link OfferRules} judges the result.
 */
public final class OfferJson {

  private OfferJson() {}

  /**
   * An offer object; {@code providers} resolves a provider key to name and contact, when given.
   * Without a {@code locations} key the draft's locations are null: an offer that exists keeps its
   * own (as with CSV), a new one has none.
   */
  public static OfferDraft read(JsonObject o, Map<String, JsonObject> providers) {
    JsonObject provider = providers.get(o.getString("provider", ""));
    String providerName =
        provider != null
            ? provider.getString("name")
            : string(o, "providerName", string(o, "provider", null));
    List<OfferLocation> locations =
        o.containsKey("locations") && o.getValue("locations") != null ? new ArrayList<>() : null;
    JsonArray locs = locations == null ? new JsonArray() : o.getJsonArray("locations");
    for (int i = 0; i < locs.size(); i++) {
      JsonObject l = locs.getJsonObject(i);
      Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
      JsonObject h = l.getJsonObject("hours", new JsonObject());
      for (String day : h.fieldNames()) {
        List<TimeRange> ranges = new ArrayList<>();
        h.getJsonArray(day).forEach(v -> ranges.add(TimeRange.parse(String.valueOf(v))));
        hours.put(DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)), ranges);
      }
      locations.add(
          new OfferLocation(
              l.getString("name"),
              l.getString("address"),
              l.getString("postcode"),
              l.getString("city"),
              l.getString("wijk"),
              hours,
              l.getString("note")));
    }
    return new OfferDraft(
        string(o, "slug", null),
        string(o, "title", null),
        string(o, "summary", null),
        string(o, "description", null),
        string(o, "titleEn", null),
        string(o, "summaryEn", null),
        string(o, "descriptionEn", null),
        providerName,
        provider != null ? provider.getString("website") : string(o, "providerWebsite", null),
        provider != null ? provider.getString("phone") : string(o, "providerPhone", null),
        provider != null ? provider.getString("email") : string(o, "providerEmail", null),
        strings(o.getValue("leefgebieden")),
        strings(o.getValue("doelgroepen")),
        integer(o.getValue("ageMin")),
        integer(o.getValue("ageMax")),
        string(o, "niveau", null),
        o.getBoolean("wholeCity", false),
        strings(o.getValue("wijken")),
        o.getBoolean("costFree", false),
        string(o, "costText", null),
        string(o, "join", null),
        strings(o.getValue("languages")),
        string(o, "accessibility", null),
        string(o, "contactPhone", null),
        string(o, "contactEmail", null),
        string(o, "website", null),
        locations);
  }

  public static JsonObject write(Offer o) {
    JsonArray locations = new JsonArray();
    for (OfferLocation l : o.locations()) {
      locations.add(
          new JsonObject()
              .put("name", l.name())
              .put("address", l.address())
              .put("postcode", l.postcode())
              .put("city", l.city())
              .put("wijk", l.wijk())
              .put("hours", CatalogueRepository.hoursJson(l))
              .put("note", l.note()));
    }
    return new JsonObject()
        .put("slug", o.slug())
        .put("status", o.status())
        .put("title", o.title())
        .put("summary", o.summary())
        .put("description", o.description())
        .put("titleEn", o.titleEn())
        .put("summaryEn", o.summaryEn())
        .put("descriptionEn", o.descriptionEn())
        .put("providerName", o.provider().name())
        .put("providerWebsite", o.provider().website())
        .put("providerPhone", o.provider().phone())
        .put("providerEmail", o.provider().email())
        .put("leefgebieden", new JsonArray(o.leefgebieden()))
        .put("doelgroepen", new JsonArray(o.doelgroepen()))
        .put("ageMin", o.ageMin())
        .put("ageMax", o.ageMax())
        .put("niveau", o.niveau())
        .put("wholeCity", o.wholeCity())
        .put("wijken", new JsonArray(o.wijken()))
        .put("costFree", o.costFree())
        .put("costText", o.costText())
        .put("join", o.join())
        .put("languages", new JsonArray(o.languages()))
        .put("accessibility", o.accessibility())
        .put("contactPhone", o.contactPhone())
        .put("contactEmail", o.contactEmail())
        .put("website", o.website())
        .put("lastCheckedAt", o.lastCheckedAt().toString())
        .put("locations", locations);
  }

  private static String string(JsonObject o, String key, String otherwise) {
    Object v = o.getValue(key);
    if (v == null) {
      return otherwise;
    }
    String s = String.valueOf(v).trim();
    return s.isEmpty() ? otherwise : s;
  }

  static List<String> strings(Object value) {
    List<String> list = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(
          v -> {
            if (v != null && !String.valueOf(v).isBlank()) {
              list.add(String.valueOf(v).trim());
            }
          });
    } else if (value instanceof String s) {
      for (String part : s.split("[;,|]", -1)) {
        if (!part.isBlank()) {
          list.add(part.trim());
        }
      }
    }
    return list;
  }

  static Integer integer(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof String s && s.trim().matches("\\d{1,3}")) {
      return Integer.valueOf(s.trim());
    }
    return null;
  }
}
