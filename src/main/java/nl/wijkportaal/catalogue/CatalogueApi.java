package nl.wijkportaal.catalogue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.web.Language;

/**
 * {@code GET /api/v1/aanbod} (the residents' search as JSON) and {@code GET /api/v1/aanbod/{id}}.
 */
public final class CatalogueApi implements ApiOperations {

  private static final int MAX_PAGE_SIZE = 50;

  private final CatalogueService catalogue;

  public CatalogueApi(CatalogueService catalogue) {
    this.catalogue = catalogue;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.getRoute("listAanbod").addHandler(this::list);
    builder.getRoute("getAanbod").addHandler(this::one);
  }

  private void list(RoutingContext ctx) {
    OfferQuery parsed = CatalogueRoutes.query(ctx.queryParams(), catalogue.wijken());
    String aantal = ctx.request().getParam("aantal");
    int size =
        aantal != null && aantal.matches("\\d{1,3}")
            ? Math.min(MAX_PAGE_SIZE, Math.max(1, Integer.parseInt(aantal)))
            : OfferQuery.PAGE_SIZE;
    OfferQuery query =
        new OfferQuery(
            parsed.text(),
            parsed.leefgebieden(),
            parsed.doelgroepen(),
            parsed.wijken(),
            parsed.onlyFree(),
            parsed.languages(),
            parsed.age(),
            parsed.page(),
            size);
    Locale locale = Language.of(ctx);
    catalogue
        .search(query, false, false)
        .onSuccess(
            result -> {
              JsonArray list = new JsonArray();
              result.offers().forEach(o -> list.add(summary(o, locale)));
              ctx.json(new JsonObject().put("resultaten", list).put("totaal", result.total()));
            })
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    Optional<UUID> id = uuid(ctx.pathParam("id"));
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    Locale locale = Language.of(ctx);
    catalogue
        .publishedById(id.get())
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
              } else {
                ctx.json(detail(found.get(), locale));
              }
            })
        .onFailure(ctx::fail);
  }

  static JsonObject summary(Offer o, Locale locale) {
    return new JsonObject()
        .put("id", o.id().toString())
        .put("slug", o.slug())
        .put("titel", o.title(locale))
        .put("samenvatting", o.summary(locale))
        .put("aanbieder", o.provider().name())
        .put("leefgebieden", new JsonArray(o.leefgebieden()))
        .put("doelgroepen", new JsonArray(o.doelgroepen()))
        .put("heleStad", o.wholeCity())
        .put("wijken", new JsonArray(o.wijken()))
        .put("gratis", o.costFree())
        .put("url", "/aanbod/" + o.slug());
  }

  static JsonObject detail(Offer o, Locale locale) {
    JsonArray locaties = new JsonArray();
    for (OfferLocation l : o.locations()) {
      locaties.add(
          new JsonObject()
              .put("naam", l.name())
              .put("adres", l.address())
              .put("postcode", l.postcode())
              .put("plaats", l.city())
              .put("wijk", l.wijk())
              .put("tijden", CatalogueRepository.hoursJson(l))
              .put("toelichting", l.note()));
    }
    return summary(o, locale)
        .put("omschrijving", o.description(locale))
        .put("leeftijdVanaf", o.ageMin())
        .put("leeftijdTot", o.ageMax())
        .put("niveau", o.niveau())
        .put("kosten", o.costText())
        .put("aanmelden", o.join())
        .put("gesprokenTalen", new JsonArray(o.languages()))
        .put("toegankelijkheid", o.accessibility())
        .put("telefoon", o.contactPhone() != null ? o.contactPhone() : o.provider().phone())
        .put("email", o.contactEmail() != null ? o.contactEmail() : o.provider().email())
        .put("website", o.website() != null ? o.website() : o.provider().website())
        .put("laatstGecontroleerd", o.lastCheckedAt().toString())
        .put("locaties", locaties);
  }

  private static Optional<UUID> uuid(String s) {
    try {
      return Optional.of(UUID.fromString(s));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
