package nl.wijkportaal.portal;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;

/**
 * The residents' front door: the home page, which links only to what works today, and the contact
 * page with every wijkteam location and the coming days' opening hours.
 */
public final class PortalRoutes {

  private static final int DAYS_AHEAD = 14;

  private final Pages pages;
  private final OpeningHours openingHours;

  public PortalRoutes(Pages pages, OpeningHours openingHours) {
    this.pages = pages;
    this.openingHours = openingHours;
  }

  public void mount(Router router) {
    router.get("/").handler(this::home);
    router.get("/contact").handler(this::contact);
  }

  private void home(RoutingContext ctx) {
    pages.renderShared(ctx, "portal/home", "home.title");
  }

  private void contact(RoutingContext ctx) {
    Locale locale = Language.of(ctx);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("locations", locations(locale));
    model.put("days", days(locale));
    pages.render(ctx, "portal/contact", "contact.title", model);
  }

  private List<Map<String, Object>> locations(Locale locale) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (MunicipalitySettings.Location location : openingHours.settings().locations()) {
      List<String> evenings = new ArrayList<>();
      location
          .eveningHours()
          .forEach(
              (day, hours) ->
                  evenings.add(
                      Pages.weekday(day, locale) + " " + hours.from() + " – " + hours.to()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", location.name());
      m.put("address", location.address());
      m.put("postcode", location.postcode());
      m.put("city", location.city());
      m.put("evenings", evenings);
      list.add(m);
    }
    return list;
  }

  private List<Map<String, Object>> days(Locale locale) {
    LocalDate today = openingHours.today();
    List<Map<String, Object>> list = new ArrayList<>();
    for (OpeningHours.Day day : openingHours.days(today, DAYS_AHEAD)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("date", day.date().toString());
      m.put(
          "label",
          Pages.weekday(day.date().getDayOfWeek(), locale)
              + " "
              + day.date().getDayOfMonth()
              + " "
              + day.date().getMonth().getDisplayName(TextStyle.FULL, locale));
      m.put("hours", day.hours().map(h -> h.from() + " – " + h.to()).orElse(null));
      m.put("note", day.exception().map(e -> e.in(locale)).orElse(null));
      m.put("today", day.date().equals(today));
      list.add(m);
    }
    return list;
  }
}
