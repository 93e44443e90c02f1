package nl.wijkportaal.platform.web;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSRFHandler;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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

  /** A page's header values, made once as ASCII bytes (Vert.x's optimised form). */
  private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");

  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

  private final Templates templates;
  private final Messages messages;
  private final OpeningHours openingHours;

  public Pages(Templates templates, Messages messages, OpeningHours openingHours) {
    this.templates = templates;
    this.messages = messages;
    this.openingHours = openingHours;
  }

  /**
   * A partial rendered on its own with {@code view} (and the language its texts need), as a page
   * would render it in place: HTML for a page to keep and put in its model.
   */
  public String fragment(String template, Locale locale, Map<String, Object> view) {
    Map<String, Object> model = new HashMap<>(view);
    model.put("locale", locale);
    return templates.render(template, model);
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
        .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    Sessions.flushThen(ctx, () -> ctx.response().end(html));
  }

  /**
   * Renders a page that is the same for everyone who is not signed in (the home page): made once
   * per language, address and layout (settings, day, opening status) and then sent as the kept
   * bytes, as the bare server sends its fixed template; a change to the settings or the opening
   * status shows at once, since it makes a new layout. Rendered as usual for a signed-in person
   * (the layout shows their name) and for an address with a query string (kept pages stay few).
   * Nothing of one visitor is kept for another ({@link #renderKept}).
   */
  public void renderShared(RoutingContext ctx, String template, String titleKey) {
    if (!keepable(ctx)) {
      render(ctx, template, titleKey, Map.of());
      return;
    }
    if (sendKept(ctx, template, titleKey, titleKey, null)) {
      return;
    }
    renderKept(
        ctx,
        template,
        titleKey,
        titleKey,
        null,
        null,
        messages.get(Language.of(ctx), titleKey),
        new HashMap<>());
  }

  /**
   * Whether the request may get a kept page ({@link #sendKept}): nobody is signed in (the layout
   * would show their name) and the address has no query string (kept pages stay few).
   */
  public boolean keepable(RoutingContext ctx) {
    return ctx.get(VIEWER) == null && ctx.request().query() == null;
  }

  /**
   * Sends the page kept for {@code template} and {@code id} in the visitor's language at this
   * address, if it was made with this {@code version} (compared with {@code equals}; an offer's:
   * the catalogue's version), with the current layout (settings, day, opening status), and {@code
   * now} is before the moment it was kept until. A form in it gets the request's own CSRF token.
   * Returns false, sending nothing, when there is no such page: then make it with {@link
   * #renderKept}. Only for a request that is {@link #keepable}.
   */
  public boolean sendKept(
      RoutingContext ctx, String template, Object id, Object version, Instant now) {
    Locale locale = Language.of(ctx);
    Kept kept = this.kept.get(new KeptKey(template, id, locale, ctx.normalizedPath()));
    if (kept == null
        || !kept.layout().equals(layout(locale, openingHours.status()))
        || !Objects.equals(kept.version(), version)
        || (now != null && (now.isBefore(kept.from()) || !now.isBefore(kept.until())))) {
      return false;
    }
    send(ctx, kept.parts());
    return true;
  }

  /**
   * Renders the page as {@link #renderTitled} does and keeps it for the next visitors of {@link
   * #sendKept} from {@code from} until {@code until} (null: until the version or the layout
   * changes; a clock set back before {@code from} makes it anew). The model must hold nothing of
   * this visitor: where the page has a form, its CSRF token is left out of the kept bytes and each
   * request's own goes in its place. The page goes out with status 200.
   */
  public void renderKept(
      RoutingContext ctx,
      String template,
      Object id,
      Object version,
      Instant from,
      Instant until,
      String title,
      Map<String, Object> model) {
    Locale locale = Language.of(ctx);
    Layout layout = layout(locale, openingHours.status());
    List<byte[]> parts = parts(ctx, template, title, model);
    if (parts == null) {
      return;
    }
    if (kept.size() >= MAX_KEPT) {
      kept.clear();
    }
    kept.put(
        new KeptKey(template, id, locale, ctx.normalizedPath()),
        new Kept(
            layout,
            version,
            from == null ? Instant.MIN : from,
            until == null ? Instant.MAX : until,
            parts));
    send(ctx, parts);
  }

  /**
   * The page rendered as {@link #renderTitled} does, as UTF-8 bytes around the places of the CSRF
   * token (left out); null when rendering failed (the request is failed then).
   */
  private List<byte[]> parts(
      RoutingContext ctx, String template, String title, Map<String, Object> model) {
    try {
      Map<String, Object> page = common(ctx);
      page.putAll(model);
      page.put("csrfToken", tokenHole);
      page.put("title", title);
      page.put("body", templates.render(template, page));
      String html = templates.render("layout/base", page);
      return Arrays.stream(html.split(tokenHole, -1))
          .map(part -> part.getBytes(StandardCharsets.UTF_8))
          .toList();
    } catch (RuntimeException e) {
      // Called from future callbacks: a throw there would never reach the error page.
      if (!ctx.failed()) {
        ctx.fail(e);
      }
      return null;
    }
  }

  /**
   * Renders a page (status 200) whose bytes follow from its model alone, with the visitor's
   * language, the layout and the address (its language links), and keeps it by exactly those: a
   * visitor who is shown the same page again, or another visitor with the same model, gets the kept
   * bytes with the request's own CSRF token in the form. For a returning resident's form of choices
   * (the aanmelding's questions with their answers): the page is personal, but made of few
   * variants. The model must be plain values ({@code equals} by value: strings, numbers, booleans,
   * lists and maps of them, null) that nobody changes afterwards, and must hold no free text the
   * visitor typed (that is never kept beyond their session). Rendered as usual for a signed-in
   * person (the layout shows their name).
   */
  public void renderByModel(
      RoutingContext ctx, String template, String title, Map<String, Object> model) {
    if (ctx.get(VIEWER) != null) {
      renderTitled(ctx, 200, template, title, model);
      return;
    }
    // Kept with the other kept pages (the same limit, layout check and token), by the model.
    ByModel id =
        new ByModel(
            title, ctx.request().query(), ctx.get(WellFormedRequest.MALFORMED) == null, model);
    if (!sendKept(ctx, template, id, null, null)) {
      renderKept(ctx, template, id, null, null, null, title, model);
    }
  }

  /** The id of a page of {@link #renderByModel} among the kept pages. */
  private record ByModel(String title, String query, boolean readable, Map<String, Object> model) {}

  /**
   * The kept parts with the request's CSRF token between them (escaped as a template would), 200.
   */
  private static void send(RoutingContext ctx, List<byte[]> parts) {
    Buffer page;
    if (parts.size() == 1) {
      page = Buffer.buffer(parts.get(0));
    } else {
      Object token = ctx.get(CSRFHandler.DEFAULT_HEADER_NAME);
      byte[] tokenBytes =
          token == null
              ? new byte[0]
              : Templates.escape(token.toString()).toString().getBytes(StandardCharsets.UTF_8);
      int size = 0;
      for (byte[] part : parts) {
        size += part.length + tokenBytes.length;
      }
      page = Buffer.buffer(size);
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          page.appendBytes(tokenBytes);
        }
        page.appendBytes(parts.get(i));
      }
    }
    ctx.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    Buffer bytes = page;
    Sessions.flushThen(ctx, () -> ctx.response().end(bytes));
  }

  /**
   * The most pages kept ({@link #renderKept}): the home page, the first question, the offers
   * visited most recently and returning residents' pages of choices, in two languages; at about 10
   * KB a page, some 10 MB at most. When full, all are dropped and made again as they are asked for.
   */
  static final int MAX_KEPT = 1024;

  /** Stands in for the CSRF token in a kept page while it is rendered: never a real token. */
  private final String tokenHole = "csrf-hole-" + UUID.randomUUID().toString().replace("-", "");

  private record KeptKey(String template, Object id, Locale locale, String path) {}

  /**
   * A kept page: the layout it was made with (made anew when the settings, the day or the opening
   * status change; its parts are the same objects while it holds, so comparing is cheap), its
   * version, from and until when it holds, and its bytes around the CSRF token's places.
   */
  private record Kept(
      Layout layout, Object version, Instant from, Instant until, List<byte[]> parts) {}

  private final Map<KeptKey, Kept> kept = new ConcurrentHashMap<>();

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
    page.put("footer", layout.footer());
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
      List<Map<String, Object>> crisisNumbers,
      String footer) {}

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
    Map<String, Object> municipality = Collections.unmodifiableMap(municipality(settings));
    String statusText = statusText(locale);
    List<Map<String, Object>> week =
        week(locale).stream().map(Collections::unmodifiableMap).toList();
    List<Map<String, Object>> crisisNumbers = crisisNumbers(settings, locale);
    // The footer is the same on every resident page until the layout changes: rendered once.
    Map<String, Object> footer = new HashMap<>();
    footer.put("locale", locale);
    footer.put("municipality", municipality);
    footer.put("openingStatus", statusText);
    footer.put("openNow", status.open());
    footer.put("week", week);
    footer.put("crisisNumbers", crisisNumbers);
    Layout made =
        new Layout(
            settings,
            today,
            status,
            municipality,
            statusText,
            week,
            crisisNumbers,
            templates.render("layout/footer", footer));
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

  /** The regular week, Monday first, with today marked: each day its hours or "gesloten". */
  private List<Map<String, Object>> week(Locale locale) {
    DayOfWeek today = openingHours.today().getDayOfWeek();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      Optional<TimeRange> hours = openingHours.settings().openingHours().get(day);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("day", weekday(day, locale));
      // From and to apart, the dash between them written in the template as an entity: a dash
      // in the text would make the footer, and so every page around it, a UTF-16 string.
      hours.ifPresentOrElse(
          h -> {
            row.put("from", h.from().toString());
            row.put("to", h.to().toString());
          },
          () -> row.put("closed", messages.get(locale, "hours.closedDay")));
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
