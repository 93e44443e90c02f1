package nl.wijkportaal.catalogue;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * The residents' catalogue: {@code GET /aanbod} (search with filters and counts, shareable
 * addresses, works without JavaScript) and {@code GET /aanbod/{slug}} (everything needed to go
 * there or call, with schema.org markup).
 */
public final class CatalogueRoutes {

  static final int MAX_AGE = 120;
  static final int MAX_PAGE = 10_000;

  private static final String DETAIL = "catalogue/detail";

  /** The web address of an offer; anything else cannot be one and is not looked up. */
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final CatalogueService catalogue;
  private final OfferView view;
  private final Messages messages;
  private final Pages pages;

  public CatalogueRoutes(
      CatalogueService catalogue, OfferView view, Messages messages, Pages pages) {
    this.catalogue = catalogue;
    this.view = view;
    this.messages = messages;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/aanbod").handler(this::search);
    router.get("/aanbod/:slug").handler(this::detail);
  }

  /** The search of a request's query string: unknown filter values are simply not matched. */
  static OfferQuery query(MultiMap params, List<String> wijken) {
    Optional<Integer> age = Optional.empty();
    String leeftijd = params.get("leeftijd");
    if (leeftijd != null
        && leeftijd.trim().matches("\\d{1,3}")
        && Integer.parseInt(leeftijd.trim()) <= MAX_AGE) {
      age = Optional.of(Integer.parseInt(leeftijd.trim()));
    }
    int page = 1;
    String pagina = params.get("pagina");
    // As the API allows: pages 1 to 10000; anything else is the first page.
    if (pagina != null
        && pagina.trim().matches("\\d{1,5}")
        && Integer.parseInt(pagina.trim()) <= MAX_PAGE) {
      page = Math.max(1, Integer.parseInt(pagina.trim()));
    }
    String gratis = params.get("gratis");
    return new OfferQuery(
        limit(params.get("q"), 200),
        known(params.getAll("leefgebied"), Codes.LEEFGEBIEDEN),
        known(params.getAll("doelgroep"), Codes.DOELGROEPEN),
        known(params.getAll("wijk"), wijken),
        "ja".equals(gratis) || "true".equals(gratis),
        params.getAll("gesprokenTaal").stream()
            .filter(t -> t.matches("[a-z]{2,3}"))
            .distinct()
            .toList(),
        age,
        page,
        OfferQuery.PAGE_SIZE);
  }

  private void search(RoutingContext ctx) {
    Locale locale = Language.of(ctx);
    OfferQuery query = query(ctx.queryParams(), catalogue.wijken());
    catalogue
        .search(query, true, true)
        .onSuccess(
            result -> {
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("q", query.text());
              model.put("leeftijd", query.age().map(String::valueOf).orElse(""));
              model.put(
                  "badAge",
                  ctx.request().getParam("leeftijd") != null
                      && !ctx.request().getParam("leeftijd").isBlank()
                      && query.age().isEmpty());
              model.put("total", result.total());
              // A page past the last one (an old link): say so and link back, not "nothing found".
              model.put("pastEnd", result.offers().isEmpty() && result.total() > 0);
              model.put("searched", !query.text().isEmpty() || ctx.request().query() != null);
              model.put("offers", result.offers().stream().map(o -> view.card(o, locale)).toList());
              model.put(
                  "nearest", result.nearest().stream().map(o -> view.card(o, locale)).toList());
              model.put("facets", facets(result, query, locale));
              model.put("onlyFree", query.onlyFree());
              model.put(
                  "freeCount",
                  result.facets().getOrDefault("gratis", Map.of()).getOrDefault("ja", 0L));
              model.put("pages", pagination(ctx, query, result.total()));
              pages.render(ctx, "catalogue/search", "aanbod.title", model);
            })
        .onFailure(ctx::fail);
  }

  private List<Map<String, Object>> facets(SearchResult result, OfferQuery query, Locale locale) {
    List<Map<String, Object>> facets = new ArrayList<>();
    facets.add(
        facet(
            "leefgebied", "leefgebied.", Codes.LEEFGEBIEDEN, query.leefgebieden(), result, locale));
    facets.add(
        facet("doelgroep", "doelgroep.", Codes.DOELGROEPEN, query.doelgroepen(), result, locale));
    facets.add(facet("wijk", null, catalogue.wijken(), query.wijken(), result, locale));
    List<String> languages =
        new ArrayList<>(result.facets().getOrDefault("gesprokenTaal", Map.of()).keySet());
    // A chosen language without matches stays in the list, so it can be unticked.
    query.languages().stream().filter(l -> !languages.contains(l)).forEach(languages::add);
    languages.sort(String::compareTo);
    facets.add(facet("gesprokenTaal", "taal.", languages, query.languages(), result, locale));
    return facets;
  }

  private Map<String, Object> facet(
      String key,
      String labelPrefix,
      List<String> values,
      List<String> chosen,
      SearchResult result,
      Locale locale) {
    Map<String, Long> counts = result.facets().getOrDefault(key, Map.of());
    List<Map<String, Object>> options = new ArrayList<>();
    for (String value : values) {
      String label =
          labelPrefix == null
              ? OfferView.capitalise(value)
              : messages.find(locale, labelPrefix + value).orElse(value);
      options.add(
          Map.of(
              "value",
              value,
              "id",
              key + "-" + value,
              "label",
              label,
              "count",
              counts.getOrDefault(value, 0L),
              "checked",
              chosen.contains(value)));
    }
    Map<String, Object> facet = new LinkedHashMap<>();
    facet.put("key", key);
    facet.put("legend", messages.get(locale, "aanbod.filter." + key));
    facet.put("options", options);
    facet.put("open", !chosen.isEmpty());
    return facet;
  }

  private Map<String, Object> pagination(RoutingContext ctx, OfferQuery query, long total) {
    long last = Math.max(1, (total + query.pageSize() - 1) / query.pageSize());
    Map<String, Object> p = new LinkedHashMap<>();
    // As text: a number would be written "9.999" in Dutch.
    p.put("current", Integer.toString(query.page()));
    p.put("last", Long.toString(last));
    boolean pastEnd = query.page() > last;
    p.put("previous", query.page() > 1 && !pastEnd ? pageLink(ctx, query.page() - 1) : null);
    p.put("next", query.page() < last ? pageLink(ctx, query.page() + 1) : null);
    p.put("first", pastEnd ? pageLink(ctx, 1) : null);
    p.put("lastLink", pastEnd ? pageLink(ctx, (int) last) : null);
    return p;
  }

  private static String pageLink(RoutingContext ctx, int page) {
    QueryStringEncoder link = new QueryStringEncoder("/aanbod");
    ctx.queryParams()
        .forEach(
            e -> {
              if (!e.getKey().equals("pagina")) {
                link.addParam(e.getKey(), e.getValue());
              }
            });
    link.addParam("pagina", Integer.toString(page));
    return link.toString();
  }

  /**
   * An offer's page. Nothing in it is personal, so for everyone who is not signed in it is made
   * once per offer, language and catalogue version and kept ({@link Pages#renderKept}) until its
   * locations' "open today" changes; the catalogue's version is read with every request (one query
   * shared by the requests that arrive together), so a change to the offer shows at once.
   */
  private void detail(RoutingContext ctx) {
    String slug = ctx.pathParam("slug");
    if (slug == null || slug.length() > 200 || !SLUG.matcher(slug).matches()) {
      ctx.fail(404);
      return;
    }
    if (!pages.keepable(ctx)) {
      detail(ctx, slug, null);
      return;
    }
    catalogue
        .version()
        .onSuccess(
            version -> {
              if (!pages.sendKept(ctx, DETAIL, slug, version, view.now())) {
                detail(ctx, slug, version);
              }
            })
        .onFailure(ctx::fail);
  }

  /** Reads the offer and renders its page; kept for this catalogue version unless it is null. */
  private void detail(RoutingContext ctx, String slug, Long version) {
    Locale locale = Language.of(ctx);
    catalogue
        .published(slug)
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
                return;
              }
              Offer offer = found.get();
              // Before the page is made: a change of "open today" while it is made is not missed.
              OfferView.Window window = view.window(offer);
              Map<String, Object> model = view.detail(offer, locale);
              if (version == null) {
                pages.renderTitled(ctx, 200, DETAIL, offer.title(locale), model);
              } else {
                pages.renderKept(
                    ctx,
                    DETAIL,
                    slug,
                    version,
                    window.from(),
                    window.until(),
                    offer.title(locale),
                    model);
              }
            })
        .onFailure(ctx::fail);
  }

  private static String limit(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() > max ? s.substring(0, max) : s;
  }

  private static List<String> known(List<String> values, List<String> allowed) {
    return values.stream().filter(allowed::contains).distinct().toList();
  }
}
