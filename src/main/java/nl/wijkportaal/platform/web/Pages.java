package nl.wijkportaal.platform.web;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSRFHandler;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.http.WellFormedRequest;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.municipality.TimeRange;

/**
 * Renders a page inside the shared layout: header with skip link and language switch, footer with
 * the municipality's contact, today's opening status and the crisis numbers. Feature routes call
 * {@link #render}; they supply only their own part of the model.
 */
public final class Pages {

  /**
   * Request key under which identity puts {@code name} and {@code organisation} of the signed-in
   * person.
   */
  public static final String VIEWER = "viewer";

  /** Each language's name in itself, capitalised ("Nederlands", "English"). */
  private static final Map<Locale, String> LANGUAGE_LABELS =
      Language.SUPPORTED.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  l -> l,
                  l ->
                      l.getDisplayLanguage(l).substring(0, 1).toUpperCase(l)
                          + l.getDisplayLanguage(l).substring(1)));

  private final Templates templates;
  private final Messages messages;
  private final OpeningHours openingHours;

  public Pages(Templates templates, Messages messages, OpeningHours openingHours) {
    this.templates = templates;
    this.messages = messages;
    this.openingHours = openingHours;
  }

  public void render(
      RoutingContext ctx, String template, String titleKey, Map<String, Object> model) {
    render(ctx, 200, template, titleKey, model);
  }

  public void render(
      RoutingContext ctx, int status, String template, String titleKey, Map<String, Object> model) {
    renderTitled(ctx, status, template, messages.get(Language.of(ctx), titleKey), model);
  }

  /** Renders with a title that is data (an offer's name) rather than a text key. */
  public void renderTitled(
      RoutingContext ctx, int status, String template, String title, Map<String, Object> model) {
    String html;
    try {
      Map<String, Object> page = common(ctx);
      page.putAll(model);
      page.put("title", title);
      page.put("body", templates.render(template, page));
      html = templates.render("layout/base", page);
    } catch (RuntimeException e) {
      // Called from future callbacks: a throw there would never reach the error page.
      if (!ctx.failed()) {
        ctx.fail(e);
      }
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    Sessions.flushThen(ctx, () -> ctx.response().end(html));
  }

  public String text(RoutingContext ctx, String key, Object... args) {
    return messages.get(Language.of(ctx), key, args);
  }

  /** The texts, for a page model built in the visitor's language ({@link FieldViews}). */
  public Messages messages() {
    return messages;
  }

  /**
   * The error part of a form's page model in the visitor's language: see {@link Form#errorModel}.
   */
  public Map<String, Object> errorModel(RoutingContext ctx, Form form) {
    return form.errorModel(messages, Language.of(ctx), Map.of());
  }

  /** What every page shows: language, municipality, opening status, crisis numbers, CSRF token. */
  Map<String, Object> common(RoutingContext ctx) {
    Locale locale = Language.of(ctx);
    OpeningHours.Status status = openingHours.status();
    Layout layout = layout(locale, status);
    Map<String, Object> page = new HashMap<>();
    page.put("locale", locale);
    page.put("lang", locale.getLanguage());
    page.put("municipality", layout.municipality());
    page.put("openingStatus", layout.statusText());
    page.put("openNow", status.open());
    page.put("week", layout.week());
    page.put("crisisNumbers", layout.crisisNumbers());
    page.put("languageLinks", languageLinks(ctx, locale));
    page.put("csrfToken", ctx.get(CSRFHandler.DEFAULT_HEADER_NAME));
    page.put("csrfField", CSRFHandler.DEFAULT_HEADER_NAME);
    page.put("viewer", ctx.get(VIEWER));
    return page;
  }

  /**
   * The layout's parts that are the same for every page in a language until the settings, the day
   * or the opening status change: made once and kept (they were a tenth of a page's CPU, made anew
   * on every request). Unmodifiable, shared by every request.
   */
  private record Layout(
      MunicipalitySettings settings,
      LocalDate today,
      OpeningHours.Status status,
      Map<String, Object> municipality,
      String statusText,
      List<Map<String, Object>> week,
      List<Map<String, Object>> crisisNumbers) {}

  private final Map<Locale, Layout> layouts = new ConcurrentHashMap<>();

  private Layout layout(Locale locale, OpeningHours.Status status) {
    MunicipalitySettings settings = openingHours.settings();
    LocalDate today = openingHours.today();
    Layout known = layouts.get(locale);
    if (known != null
        && known.settings().equals(settings)
        && known.today().equals(today)
        && known.status().equals(status)) {
      return known;
    }
    Layout made =
        new Layout(
            settings,
            today,
            status,
            Collections.unmodifiableMap(municipality(settings)),
            statusText(locale),
            week(locale).stream().map(Collections::unmodifiableMap).toList(),
            crisisNumbers(settings, locale));
    layouts.put(locale, made);
    return made;
  }

  private static Map<String, Object> municipality(MunicipalitySettings settings) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", settings.name());
    m.put("phone", settings.phone());
    m.put("phoneHref", "tel:" + settings.phone().replaceAll("[^0-9+]", ""));
    m.put("email", settings.email());
    return m;
  }

  /** "Nu open tot 17:00", or when it opens next. */
  public String statusText(Locale locale) {
    OpeningHours.Status status = openingHours.status();
    if (status.open()) {
      return messages.get(
          locale, "hours.openUntil", status.today().map(TimeRange::to).orElseThrow().toString());
    }
    if (status.nextOpening().isEmpty()) {
      return messages.get(locale, "hours.closed");
    }
    ZonedDateTime next = status.nextOpening().get();
    LocalDate today = openingHours.today();
    String time = next.toLocalTime().toString();
    if (next.toLocalDate().equals(today)) {
      return messages.get(locale, "hours.closedOpensToday", time);
    }
    if (next.toLocalDate().equals(today.plusDays(1))) {
      return messages.get(locale, "hours.closedOpensTomorrow", time);
    }
    return messages.get(locale, "hours.closedOpensOn", weekday(next.getDayOfWeek(), locale), time);
  }

  /** The regular week, Monday first, with today marked. */
  private List<Map<String, Object>> week(Locale locale) {
    DayOfWeek today = openingHours.today().getDayOfWeek();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      Optional<TimeRange> hours = openingHours.settings().openingHours().get(day);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("day", weekday(day, locale));
      row.put(
          "hours",
          hours
              .map(h -> h.from() + " – " + h.to())
              .orElse(messages.get(locale, "hours.closedDay")));
      row.put("today", day == today);
      rows.add(row);
    }
    return rows;
  }

  private static List<Map<String, Object>> crisisNumbers(
      MunicipalitySettings settings, Locale locale) {
    return settings.crisisNumbers().stream()
        .map(
            c ->
                Map.<String, Object>of(
                    "number", c.number(),
                    "href", "tel:" + c.number().replaceAll("[^0-9+]", ""),
                    "name", c.name().in(locale)))
        .toList();
  }

  private static List<Map<String, Object>> languageLinks(RoutingContext ctx, Locale current) {
    List<Map<String, Object>> links = new ArrayList<>();
    // A malformed address cannot be read back: its error page links to the start page.
    boolean readable = ctx.get(WellFormedRequest.MALFORMED) == null;
    for (Locale locale : Language.SUPPORTED) {
      // The normalised path, one leading slash: never a link to another host.
      QueryStringEncoder href =
          new QueryStringEncoder(
              readable ? "/" + withoutLeadingSlashes(ctx.normalizedPath()) : "/");
      (readable ? ctx.queryParams() : io.vertx.core.MultiMap.caseInsensitiveMultiMap())
          .forEach(
              e -> {
                if (!Language.PARAM.equals(e.getKey())) {
                  href.addParam(e.getKey(), e.getValue());
                }
              });
      href.addParam(Language.PARAM, locale.getLanguage());
      links.add(
          Map.of(
              "code", locale.getLanguage(),
              "label", LANGUAGE_LABELS.get(locale),
              "href", href.toString(),
              "current", locale.equals(current)));
    }
    return links;
  }

  private static String withoutLeadingSlashes(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return path.substring(i);
  }

  public static String weekday(DayOfWeek day, Locale locale) {
    return day.getDisplayName(TextStyle.FULL, locale);
  }
}
