package nl.wijkportaal.catalogue;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import nl.wijkportaal.platform.web.FieldViews;
import nl.wijkportaal.platform.web.Form;

/**
 * The offer form's page model: values, error summary, messages beside fields ({@code
 * partials/field}), the choices. A location's fields have the texts of their kind: {@code
 * location2Name} is labelled by {@code redactie.field.locationName}.
 */
final class OfferFormView {

  private static final List<String> AREAS =
      List.of("description", "descriptionEn", "accessibility", "locationHours");
  private static final List<String> NO_SPELLCHECK =
      List.of(
          "slug",
          "languages",
          "providerWebsite",
          "website",
          "providerEmail",
          "contactEmail",
          "locationPostcode");

  private final EditorPage page;
  private final List<String> wijken;

  OfferFormView(EditorPage page, List<String> wijken) {
    this.page = page;
    this.wijken = wijken;
  }

  Map<String, Object> model(RoutingContext ctx, OfferForm form) {
    Map<String, String> messages = new LinkedHashMap<>();
    form.errors().forEach((field, key) -> messages.put(field, page.text(ctx, key)));
    Map<String, String> values = form.values();
    FieldViews views = page.fields(ctx, new LinkedHashMap<>(values), messages);
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String field : OfferForm.TEXT_FIELDS) {
      fields.put(field, field(views, field, field));
    }
    List<Map<String, Object>> locations =
        IntStream.rangeClosed(1, form.locationSlots())
            .mapToObj(n -> location(views, n, values.getOrDefault("location" + n + "Wijk", "")))
            .toList();
    Map<String, Object> model = Form.errorModel(messages, Map.of());
    model.put("values", values);
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

  private Map<String, Object> location(FieldViews views, int n, String wijk) {
    Map<String, Object> location = new LinkedHashMap<>();
    location.put("n", n);
    for (String part : OfferForm.LOCATION_FIELDS) {
      location.put(
          part.toLowerCase(Locale.ROOT), field(views, "location" + n + part, "location" + part));
    }
    location.put(
        "wijkOptions",
        wijken.stream()
            .map(
                w ->
                    Map.<String, Object>of(
                        "code", w, "label", EditorPage.capitalise(w), "selected", w.equals(wijk)))
            .toList());
    return location;
  }

  /** One field for {@code partials/field}; its kind says its texts, control and keyboard. */
  private static Map<String, Object> field(FieldViews views, String id, String kind) {
    Map<String, Object> f =
        AREAS.contains(kind)
            ? views.area(id, kind, kind.startsWith("description") ? 8 : 3)
            : views.input(id, kind, type(kind), "off");
    f.put(
        "inputmode",
        switch (kind) {
          case "ageMin", "ageMax" -> "numeric";
          case "providerWebsite", "website" -> "url";
          default -> null;
        });
    f.put("spellcheckOff", NO_SPELLCHECK.contains(kind));
    return f;
  }

  private static String type(String kind) {
    return switch (kind) {
      case "providerEmail", "contactEmail" -> "email";
      case "providerPhone", "contactPhone" -> "tel";
      default -> "text";
    };
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
