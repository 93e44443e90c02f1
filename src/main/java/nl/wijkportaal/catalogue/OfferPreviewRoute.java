package nl.wijkportaal.catalogue;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.platform.municipality.TimeRange;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;

/** {@code /redactie/aanbod/:id/voorbeeld}: an offer as residents would see it, in any status. */
final class OfferPreviewRoute {

  private final EditorService editor;
  private final EditorPage page;

  OfferPreviewRoute(EditorService editor, EditorPage page) {
    this.editor = editor;
    this.page = page;
  }

  void mount(Router router) {
    router.get(EditorPage.BASE + "/aanbod/:id/voorbeeld").handler(this::preview);
  }

  private void preview(RoutingContext ctx) {
    UUID id = EditorPage.uuid(ctx);
    if (id == null) {
      return;
    }
    editor
        .offer(id)
        .onSuccess(
            offer -> {
              if (offer.isEmpty()) {
                ctx.fail(404);
              } else {
                page.render(
                    ctx,
                    200,
                    "redactie/preview",
                    "redactie.preview.title",
                    model(ctx, offer.get()));
              }
            })
        .onFailure(ctx::fail);
  }

  /** A plain version of the residents' detail page, in the page's language. */
  private Map<String, Object> model(RoutingContext ctx, Offer o) {
    Locale locale = Language.of(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id().toString());
    m.put("status", page.text(ctx, "status." + o.status()));
    m.put("published", o.published());
    m.put("title", o.title(locale));
    m.put("summary", o.summary(locale));
    List<String> paragraphs = new ArrayList<>();
    for (String p : o.description(locale).split("\\n\\s*\\n", -1)) {
      if (!p.isBlank()) {
        paragraphs.add(p.trim());
      }
    }
    m.put("paragraphs", paragraphs);
    m.put("provider", o.provider().name());
    m.put("leefgebieden", labels(ctx, "leefgebied.", o.leefgebieden()));
    m.put("doelgroepen", labels(ctx, "doelgroep.", o.doelgroepen()));
    m.put("niveau", page.text(ctx, "niveau." + o.niveau()));
    m.put("join", page.text(ctx, "join." + o.join()));
    m.put("languages", labels(ctx, "taal.", o.languages()));
    m.put("age", age(ctx, o));
    m.put(
        "where",
        o.wholeCity()
            ? page.text(ctx, "redactie.preview.wholeCity")
            : String.join(", ", o.wijken().stream().map(EditorPage::capitalise).toList()));
    m.put("cost", o.costFree() ? page.text(ctx, "redactie.preview.free") : o.costText());
    m.put("accessibility", o.accessibility());
    String phone = o.contactPhone() != null ? o.contactPhone() : o.provider().phone();
    m.put("phone", phone);
    m.put("phoneHref", phone == null ? null : "tel:" + phone.replaceAll("[^0-9+]", ""));
    m.put("email", o.contactEmail() != null ? o.contactEmail() : o.provider().email());
    m.put("website", o.website() != null ? o.website() : o.provider().website());
    m.put("lastChecked", EditorPage.date(o.lastCheckedAt(), locale));
    List<Map<String, Object>> locations = new ArrayList<>();
    for (OfferLocation l : o.locations()) {
      Map<String, Object> loc = new LinkedHashMap<>();
      loc.put("name", l.name());
      loc.put("address", l.address());
      loc.put("postcode", l.postcode());
      loc.put("city", l.city());
      loc.put("note", l.note());
      List<Map<String, Object>> week = new ArrayList<>();
      for (DayOfWeek day : DayOfWeek.values()) {
        List<TimeRange> ranges = l.hours().get(day);
        if (ranges != null && !ranges.isEmpty()) {
          week.add(
              Map.of(
                  "day",
                  Pages.weekday(day, locale),
                  "hours",
                  String.join(", ", ranges.stream().map(r -> r.from() + " – " + r.to()).toList())));
        }
      }
      loc.put("week", week);
      locations.add(loc);
    }
    m.put("locations", locations);
    return Map.of("offer", m);
  }

  private String age(RoutingContext ctx, Offer o) {
    if (o.ageMin() == null && o.ageMax() == null) {
      return null;
    }
    if (o.ageMax() == null) {
      return page.text(ctx, "redactie.preview.ageFrom", o.ageMin());
    }
    if (o.ageMin() == null) {
      return page.text(ctx, "redactie.preview.ageUntil", o.ageMax());
    }
    return page.text(ctx, "redactie.preview.ageBetween", o.ageMin(), o.ageMax());
  }

  private List<String> labels(RoutingContext ctx, String prefix, List<String> codes) {
    List<String> list = new ArrayList<>();
    for (String code : codes) {
      list.add(page.find(ctx, prefix + code).orElse(code));
    }
    return list;
  }
}
