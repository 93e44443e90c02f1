package nl.wijkportaal.catalogue;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The offer form's page model: values, error summary, messages beside fields, the choices. */
final class OfferFormView {

  private final EditorPage page;
  private final List<String> wijken;

  OfferFormView(EditorPage page, List<String> wijken) {
    this.page = page;
    this.wijken = wijken;
  }

  Map<String, Object> model(RoutingContext ctx, OfferForm form) {
    Map<String, String> messages = new LinkedHashMap<>();
    form.errors().forEach((field, key) -> messages.put(field, page.text(ctx, key)));
    List<Map<String, String>> summary = new ArrayList<>();
    messages.forEach((field, message) -> summary.add(Map.of("field", field, "message", message)));
    Map<String, String> values = form.values();
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String field : OfferForm.TEXT_FIELDS) {
      fields.put(field, field(ctx, field, field, values, messages));
    }
    List<Map<String, Object>> locations = new ArrayList<>();
    for (int n = 1; n <= form.locationSlots(); n++) {
      String p = "location" + n;
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("n", n);
      for (String part : OfferForm.LOCATION_FIELDS) {
        location.put(
            part.toLowerCase(Locale.ROOT),
            field(ctx, p + part, "location" + part, values, messages));
      }
      String wijk = values.getOrDefault(p + "Wijk", "");
      location.put(
          "wijkOptions",
          wijken.stream()
              .map(
                  w ->
                      Map.<String, Object>of(
                          "code", w, "label", EditorPage.capitalise(w), "selected", w.equals(wijk)))
              .toList());
      locations.add(location);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("values", values);
    model.put("errors", summary);
    model.put("fieldErrors", messages);
    model.put("fields", fields);
    model.put("locations", locations);
    model.put(
        "leefgebieden", choices(ctx, form, "leefgebieden", "leefgebied.", Codes.LEEFGEBIEDEN));
    model.put("doelgroepen", choices(ctx, form, "doelgroepen", "doelgroep.", Codes.DOELGROEPEN));
    model.put("niveaus", choices(ctx, form, "niveau", "niveau.", Codes.NIVEAUS));
    model.put("joins", choices(ctx, form, "join", "join.", Codes.JOIN));
    model.put(
        "wijken",
        wijken.stream()
            .map(
                w ->
                    Map.<String, Object>of(
                        "code",
                        w,
                        "label",
                        EditorPage.capitalise(w),
                        "checked",
                        form.isChosen("wijken", w)))
            .toList());
    model.put("wholeCity", !values.getOrDefault("wholeCity", "").isEmpty());
    model.put("costFree", !values.getOrDefault("costFree", "").isEmpty());
    return model;
  }

  /** One text field for the {@code redactie/text-field} partial; label and hint by {@code kind}. */
  private Map<String, Object> field(
      RoutingContext ctx,
      String id,
      String kind,
      Map<String, String> values,
      Map<String, String> messages) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", id);
    f.put("label", page.text(ctx, "redactie.field." + kind));
    String hint = page.text(ctx, "redactie.hint." + kind);
    f.put("hint", hint.startsWith("??") ? null : hint);
    f.put("value", values.getOrDefault(id, ""));
    f.put("error", messages.get(id));
    List<String> describedBy = new ArrayList<>();
    if (f.get("hint") != null) {
      describedBy.add(id + "-hint");
    }
    if (f.get("error") != null) {
      describedBy.add(id + "-error");
    }
    f.put("describedBy", describedBy.isEmpty() ? null : String.join(" ", describedBy));
    f.put(
        "area",
        List.of("description", "descriptionEn", "accessibility", "locationHours").contains(kind));
    f.put("rows", kind.startsWith("description") ? 8 : 3);
    f.put(
        "type",
        switch (kind) {
          case "providerEmail", "contactEmail" -> "email";
          case "providerPhone", "contactPhone" -> "tel";
          default -> "text";
        });
    f.put(
        "inputmode",
        switch (kind) {
          case "ageMin", "ageMax" -> "numeric";
          case "providerWebsite", "website" -> "url";
          default -> null;
        });
    f.put(
        "spellcheck",
        !List.of(
                "slug",
                "languages",
                "providerWebsite",
                "website",
                "providerEmail",
                "contactEmail",
                "locationPostcode")
            .contains(kind));
    return f;
  }

  private List<Map<String, Object>> choices(
      RoutingContext ctx, OfferForm form, String field, String prefix, List<String> codes) {
    return codes.stream()
        .map(
            code ->
                Map.<String, Object>of(
                    "code",
                    code,
                    "label",
                    page.text(ctx, prefix + code),
                    "checked",
                    form.isChosen(field, code)))
        .toList();
  }
}
