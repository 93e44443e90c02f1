package nl.wijkportaal.portal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.http.InvalidInput;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;

/** {@code GET /api/v1/gemeente} and {@code GET /api/v1/openingstijden}: public contact data. */
public final class GemeenteApi implements ApiOperations {

  private final OpeningHours openingHours;

  public GemeenteApi(OpeningHours openingHours) {
    this.openingHours = openingHours;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.getRoute("getGemeente").addHandler(this::gemeente);
    builder.getRoute("listOpeningstijden").addHandler(this::openingstijden);
  }

  private void gemeente(RoutingContext ctx) {
    MunicipalitySettings s = openingHours.settings();
    JsonArray locaties = new JsonArray();
    for (MunicipalitySettings.Location l : s.locations()) {
      JsonArray avond = new JsonArray();
      l.eveningHours()
          .forEach(
              (day, hours) ->
                  avond.add(
                      new JsonObject()
                          .put("dag", Pages.weekday(day, Language.DUTCH))
                          .put("van", hours.from().toString())
                          .put("tot", hours.to().toString())));
      locaties.add(
          new JsonObject()
              .put("wijk", l.wijk())
              .put("naam", l.name())
              .put("adres", l.address())
              .put("postcode", l.postcode())
              .put("plaats", l.city())
              .put("avondopenstelling", avond));
    }
    JsonArray crisis = new JsonArray();
    s.crisisNumbers()
        .forEach(
            c ->
                crisis.add(
                    new JsonObject()
                        .put("nummer", c.number())
                        .put("omschrijving", c.name().in(Language.of(ctx)))));
    ctx.json(
        new JsonObject()
            .put("naam", s.name())
            .put("telefoon", s.phone())
            .put("email", s.email())
            .put("nuOpen", openingHours.status().open())
            .put("locaties", locaties)
            .put("crisisnummers", crisis));
  }

  private void openingstijden(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    RequestParameter vanaf = request.getQuery().get("vanaf");
    RequestParameter dagen = request.getQuery().get("dagen");
    LocalDate from;
    try {
      from =
          vanaf == null || vanaf.isNull()
              ? openingHours.today()
              : LocalDate.parse(vanaf.getString());
    } catch (DateTimeParseException e) {
      ctx.fail(new InvalidInput("vanaf", "format"));
      return;
    }
    int count = dagen == null || dagen.isNull() ? 7 : dagen.getInteger();
    JsonArray resultaten = new JsonArray();
    for (OpeningHours.Day day : openingHours.days(from, count)) {
      JsonObject json =
          new JsonObject().put("datum", day.date().toString()).put("gesloten", day.closed());
      day.hours()
          .ifPresent(h -> json.put("van", h.from().toString()).put("tot", h.to().toString()));
      day.exception().ifPresent(e -> json.put("toelichting", e.in(Language.of(ctx))));
      resultaten.add(json);
    }
    ctx.json(new JsonObject().put("resultaten", resultaten).put("totaal", resultaten.size()));
  }
}
