package nl.wijkportaal.triage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import nl.wijkportaal.catalogue.CatalogueService;
import nl.wijkportaal.catalogue.Offer;
import nl.wijkportaal.catalogue.OfferQuery;
import nl.wijkportaal.catalogue.SearchResult;
import nl.wijkportaal.identity.Wijkteam;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.audit.AuditRecord;
import nl.wijkportaal.platform.web.FieldViews;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /inbox/items/:id}: one item with everything staff need to decide, and the forms of the
 * actions its state allows. Shown fresh, after an action (with what was done), or after a refused
 * action (with why, the form's values kept). Opening it is audited (by {@link Triage#open}) and
 * tells the others who have it open ({@link Presence}). Also {@code /inbox/items/:id/toegang}, the
 * access log for the teamleider.
 */
final class ItemPage {

  private static final Logger LOG = LoggerFactory.getLogger(ItemPage.class);
  private static final int OFFER_CHOICES = 8;

  /** What a redirect back to the item may say was done. */
  static final Set<String> DONE =
      Set.of(
          "geregistreerd",
          "oppakken",
          "contact",
          "ondersteuning",
          "vraag",
          "doorzetten",
          "afsluiten",
          "heropenen",
          "samenvoegen",
          "koppelen",
          "match",
          "notitie");

  /** Where the error summary sends someone for a field whose control has another id. */
  private static final Map<String, String> ANCHORS =
      Map.of(
          "van",
          "vraag",
          "match",
          "mogelijke-matches",
          "route",
          FieldViews.anchor("route", Triage.ROUTES));

  /**
   * How the page comes back: its status, a message above everything (a stale edit, a lost claim),
   * messages beside fields, what the refused form held, and what was just done.
   */
  record Outcome(
      int status,
      String alert,
      Map<String, String> fieldErrors,
      Map<String, Object> values,
      String done) {
    static Outcome fresh(String done) {
      return new Outcome(200, null, Map.of(), Map.of(), done);
    }
  }

  private final Triage triage;
  private final Presence presence;
  private final CatalogueService catalogue;
  private final Pages pages;
  private final Messages messages;
  private final ItemDates dates;
  private final Clock clock;

  ItemPage(
      Triage triage,
      Presence presence,
      CatalogueService catalogue,
      Pages pages,
      Messages messages,
      ItemDates dates,
      Clock clock) {
    this.triage = triage;
    this.presence = presence;
    this.catalogue = catalogue;
    this.pages = pages;
    this.messages = messages;
    this.dates = dates;
    this.clock = clock;
  }

  void show(RoutingContext ctx) {
    Optional<UUID> id = Form.uuid(ctx.pathParam("id"));
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    String done = ctx.queryParams().get("klaar");
    render(
        ctx,
        id.get(),
        Outcome.fresh(
            done != null && DONE.contains(done) ? pages.text(ctx, "triage.done." + done) : null));
  }

  void render(RoutingContext ctx, UUID id, Outcome outcome) {
    Viewer viewer = TriageRoutes.viewer(ctx);
    Labels labels = TriageRoutes.labels(ctx, messages);
    // Read beside the item rather than after it: the closing form's suggestions follow from it.
    Future<Long> catalogueVersion = catalogue.version();
    triage
        .open(viewer, id)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture(Optional.<Map<String, Object>>empty())
                    : model(viewer, found.get(), outcome, labels, catalogueVersion)
                        .map(Optional::of))
        .onSuccess(
            model -> {
              if (model.isEmpty()) {
                ctx.fail(404);
              } else {
                pages.renderTitled(
                    ctx,
                    outcome.status(),
                    "triage/item",
                    labels.text("triage.item.title", model.get().get("referentie")),
                    model.get());
              }
            })
        .onFailure(ctx::fail);
  }

  private Future<Map<String, Object>> model(
      Viewer viewer, ItemDetail d, Outcome outcome, Labels labels, Future<Long> catalogueVersion) {
    ItemView view = new ItemView(labels, dates, clock.instant());
    ItemView.Offered offered = ItemView.Offered.of(d);
    Future<List<String>> others = others(viewer, d);
    Future<List<Wijkteam>> wijkteams = triage.wijkteams();
    Future<List<Triage.Colleague>> colleagues =
        offered.assign() ? triage.colleagues() : Future.succeededFuture(List.of());
    Future<Map<String, Object>> close =
        offered.close()
            ? closeForm(d, outcome, labels, catalogueVersion)
            : Future.succeededFuture(Map.of());
    Future<List<Map<String, Object>>> routeOffers = offers(d.routeOffers(), List.of(), labels);
    return Future.all(others, wijkteams, colleagues, close, routeOffers)
        .map(
            all -> {
              Map<String, String> wijkNames = InboxPage.wijkNames(wijkteams.result(), labels);
              Map<String, Object> model = new LinkedHashMap<>(view.summary(d));
              model.put(
                  "others", others.result().isEmpty() ? null : String.join(", ", others.result()));
              model.put("itemId", d.row().id().toString());
              model.put("inhoud", view.inhoud(d.inhoud()));
              model.put("sender", view.sender(d));
              model.put("clock", view.clock(d));
              model.put("ownership", view.ownership(d, wijkNames, routeOffers.result()));
              model.put(
                  "infoRequest",
                  d.infoRequest()
                      .map(
                          q ->
                              Map.of(
                                  "from",
                                  labels.of("triage.ask.from.", d.infoRequestedFrom().orElse("")),
                                  "question",
                                  q))
                      .orElse(null));
              model.put("mergedInto", d.mergedInto().map(view::reference).orElse(null));
              model.put("matches", view.matches(d.matches()));
              model.put("links", d.links().stream().map(view::reference).toList());
              model.put("additions", view.additions(d.additions()));
              model.put("notes", view.notes(d.notes()));
              model.put("history", view.history(d.history()));
              model.put("offered", offered);
              model.put("anyAction", offered.any());
              model.put(
                  "askTitle",
                  offered.askFrom() == null
                      ? null
                      : labels.text("triage.ask." + offered.askFrom()));
              model.put("fields", fields(outcome, labels, wijkteams.result(), colleagues.result()));
              model.put("close", close.result());
              model.put("accessLog", viewer.teamleider());
              model.put("complaint", viewer.teamleider() && "klacht".equals(d.row().kanaal()));
              model.put("alert", outcome.alert());
              model.put("done", outcome.done());
              model.put("values", outcome.values());
              model.putAll(Form.errorModel(outcome.fieldErrors(), ANCHORS));
              return model;
            });
  }

  /**
   * The action forms' fields as HTML, each shown back as typed when the rules refused it. Without
   * anything typed or refused (an item opened, or shown after an action) they are the same for
   * every item in a language with the same wijkteams and colleagues: rendered once and kept.
   */
  private Map<String, String> fields(
      Outcome outcome, Labels labels, List<Wijkteam> wijkteams, List<Triage.Colleague> colleagues) {
    boolean fresh = outcome.values().isEmpty() && outcome.fieldErrors().isEmpty();
    FreshFields key = new FreshFields(labels.locale(), wijkteams, colleagues);
    if (fresh) {
      // The kept lists are the same objects for a while ({@link KeptList}): most requests find
      // the last fields made without hashing the lists.
      Made last = lastFresh;
      if (last != null
          && last.key().locale().equals(key.locale())
          && same(last.key().wijkteams(), wijkteams)
          && same(last.key().colleagues(), colleagues)) {
        return last.fields();
      }
      Map<String, String> known = freshFields.get(key);
      if (known != null) {
        lastFresh = new Made(key, known);
        return known;
      }
    }
    Map<String, Object> views =
        fieldViews(
            new FieldViews(
                labels.messages(),
                labels.locale(),
                "triage.item.",
                outcome.values(),
                outcome.fieldErrors()),
            labels,
            wijkteams,
            colleagues);
    Map<String, String> html = new LinkedHashMap<>();
    views.forEach(
        (name, view) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> field = (Map<String, Object>) view;
          html.put(
              name,
              pages.fragment(
                  field.containsKey("options") && !field.containsKey("select")
                      ? "partials/choices"
                      : "partials/field",
                  labels.locale(),
                  field));
        });
    Map<String, String> made = Collections.unmodifiableMap(html);
    if (fresh) {
      if (freshFields.size() >= MAX_KEPT) {
        freshFields.clear();
      }
      freshFields.put(key, made);
      lastFresh = new Made(key, made);
    }
    return made;
  }

  /** Whether the two are one object (the lists' own equals compares every element). */
  private static boolean same(Object a, Object b) {
    return a == b;
  }

  /** The fields last made or found for a fresh page, and what they follow from. */
  private record Made(FreshFields key, Map<String, String> fields) {}

  private volatile Made lastFresh;

  /** What the fields of a fresh page follow from. */
  private record FreshFields(
      Locale locale, List<Wijkteam> wijkteams, List<Triage.Colleague> colleagues) {}

  /**
   * The most kept renderings of fresh fields and of offer choices ({@link #fields}, {@link
   * #closeForm}), and of suggested offers ({@link #suggestions}): a few per language, suggestion
   * and catalogue version; when full, all are dropped and made again.
   */
  static final int MAX_KEPT = 256;

  private final Map<FreshFields, Map<String, String>> freshFields = new ConcurrentHashMap<>();
  private final Map<List<Object>, String> keptChoices = new ConcurrentHashMap<>();

  /** The views of the action forms' fields ({@link FieldViews}). */
  private static Map<String, Object> fieldViews(
      FieldViews f, Labels labels, List<Wijkteam> wijkteams, List<Triage.Colleague> colleagues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, String> teams = new LinkedHashMap<>();
    teams.put("", labels.text("triage.assign.chooseWijkteam"));
    wijkteams.forEach(w -> teams.put(w.code(), w.name()));
    Map<String, String> people = new LinkedHashMap<>();
    people.put("", labels.text("triage.assign.chooseColleague"));
    colleagues.forEach(c -> people.put(c.id().toString(), c.name()));
    fields.put("wijkteam", f.select("wijkteam", teams));
    fields.put("medewerker", f.select("medewerker", people));
    fields.put("vraag", f.area("vraag", 4));
    fields.put("organisatie", f.input("organisatie", "text", "off"));
    fields.put("contact", f.input("contact", "text", "off"));
    fields.put("controleerOp", f.input("controleerOp", "date", "off"));
    fields.put("route", f.choices("route", false, Triage.ROUTES, "triage.route."));
    fields.put("reden", f.area("reden", 3));
    fields.put("samenvoegenMet", f.input("samenvoegenMet", "text", "off"));
    fields.put("koppelen", f.input("koppelen", "text", "off"));
    fields.put("notitie", f.area("notitie", 4));
    return fields;
  }

  /**
   * {@code GET /inbox/items/{id}/aanwezig}: the open page's heartbeat (a small script, every 45
   * seconds): still here, and who else is. A GET, so it leaves the page's CSRF token valid.
   */
  void heartbeat(RoutingContext ctx) {
    Viewer viewer = TriageRoutes.viewer(ctx);
    Optional<UUID> id = Form.uuid(ctx.pathParam("id"));
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    triage
        .visible(viewer, id.get())
        .compose(
            visible ->
                visible
                    ? presence
                        .opened(id.get(), viewer.accountId(), viewer.name())
                        .compose(x -> presence.others(id.get(), viewer.accountId()))
                        .map(Optional::of)
                    : Future.succeededFuture(Optional.<List<String>>empty()))
        .onSuccess(
            others -> {
              if (others.isEmpty()) {
                ctx.fail(404);
                return;
              }
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Cache-Control", "no-store")
                  .end(new JsonObject().put("anderen", new JsonArray(others.get())).encode());
            })
        .onFailure(ctx::fail);
  }

  /** Others who have this item open: a courtesy, so a failing shared map never costs the page. */
  private Future<List<String>> others(Viewer viewer, ItemDetail d) {
    UUID id = d.row().id();
    return presence
        .opened(id, viewer.accountId(), viewer.name())
        .compose(x -> presence.others(id, viewer.accountId()))
        .recover(
            e -> {
              LOG.warn("Presence of item {} unknown: {}", id, e.toString());
              return Future.succeededFuture(List.of());
            });
  }

  /**
   * The closing form: the routes in stepped-care order, and the sociale-basis offers to pick from.
   * Without a search those that share a leefgebied with the item are suggested; a search
   * ("zoekAanbod") reloads the form with what it found. Offers already ticked stay on the form.
   */
  private Future<Map<String, Object>> closeForm(
      ItemDetail d, Outcome outcome, Labels labels, Future<Long> catalogueVersion) {
    Map<String, Object> values = outcome.values();
    String search = values.get("zoekAanbod") instanceof String s && s.length() <= 100 ? s : "";
    List<UUID> chosen = new ArrayList<>();
    Object aanbod = values.get("aanbod");
    for (Object v :
        aanbod instanceof List<?> several
            ? several
            : aanbod == null ? List.of() : List.of(aanbod)) {
      Form.uuid(String.valueOf(v)).ifPresent(chosen::add);
    }
    Future<List<Offer>> candidates =
        search.isEmpty()
            ? suggestions(d.row().leefgebieden(), catalogueVersion)
            : catalogue
                .search(offerQuery(search, List.of()), false, false)
                .map(SearchResult::offers);
    return candidates.compose(
        found ->
            offers(chosen, found, labels)
                .map(
                    offers -> {
                      Set<String> ticked =
                          new LinkedHashSet<>(chosen.stream().map(UUID::toString).toList());
                      Map<String, String> titles = new LinkedHashMap<>();
                      Map<String, String> providers = new LinkedHashMap<>();
                      offers.forEach(
                          o -> {
                            titles.put((String) o.get("value"), (String) o.get("label"));
                            providers.put((String) o.get("value"), (String) o.get("provider"));
                          });
                      // The ticked offers as checkboxes of the choices partial; their ids
                      // start with "afsluiten-" because the search box is "aanbod".
                      Map<String, Object> form = new LinkedHashMap<>();
                      form.put("offers", !offers.isEmpty());
                      form.put(
                          "offersField",
                          offersField(labels, ticked, titles, providers, outcome.fieldErrors()));
                      form.put("search", search);
                      form.put("suggested", search.isEmpty());
                      return form;
                    }));
  }

  /**
   * The offers the closing form finds by {@code search} among those sharing {@code leefgebieden}.
   */
  private static OfferQuery offerQuery(String search, List<String> leefgebieden) {
    return new OfferQuery(
        search,
        leefgebieden,
        List.of(),
        List.of(),
        false,
        List.of(),
        Optional.empty(),
        1,
        OFFER_CHOICES);
  }

  /**
   * The offers suggested without a search: those that share a leefgebied with the item. They are
   * the same for every item with these leefgebieden until the catalogue changes, so they are kept
   * per leefgebieden and catalogue version ({@code catalogueVersion}: read after the request came
   * in, so a change made before it is always seen) and searched for only when not known yet.
   */
  private Future<List<Offer>> suggestions(
      List<String> leefgebieden, Future<Long> catalogueVersion) {
    return catalogueVersion.compose(
        version -> {
          Suggested key = new Suggested(List.copyOf(leefgebieden), version);
          List<Offer> known = suggested.get(key);
          if (known != null) {
            return Future.succeededFuture(known);
          }
          return catalogue
              .search(offerQuery("", key.leefgebieden()), false, false)
              .map(
                  found -> {
                    if (suggested.size() >= MAX_KEPT) {
                      suggested.clear();
                    }
                    // Found at this version or a later one: right for whoever read this one.
                    suggested.put(key, found.offers());
                    return found.offers();
                  });
        });
  }

  /** What the suggested offers follow from. */
  private record Suggested(List<String> leefgebieden, long catalogueVersion) {}

  private final Map<Suggested, List<Offer>> suggested = new ConcurrentHashMap<>();

  /**
   * The offers to tick as HTML (the choices partial). Without a tick or a message it follows from
   * the offers alone (public titles and providers): rendered once per language and list, and kept.
   */
  private String offersField(
      Labels labels,
      Set<String> ticked,
      Map<String, String> titles,
      Map<String, String> providers,
      Map<String, String> errors) {
    List<Object> key =
        ticked.isEmpty() && errors.isEmpty()
            ? List.of(labels.locale(), List.copyOf(titles.entrySet()), providers)
            : null;
    String known = key == null ? null : keptChoices.get(key);
    if (known != null) {
      return known;
    }
    Map<String, Object> view =
        new FieldViews(
                labels.messages(),
                labels.locale(),
                "triage.item.",
                Map.of("aanbod", List.copyOf(ticked)),
                errors)
            .idPrefix("afsluiten-")
            .choices(
                "aanbod", true, titles, v -> providers.get(v).isEmpty() ? null : providers.get(v));
    String html = pages.fragment("partials/choices", labels.locale(), view);
    if (key != null) {
      if (keptChoices.size() >= MAX_KEPT) {
        keptChoices.clear();
      }
      keptChoices.put(key, html);
    }
    return html;
  }

  /**
   * Offers by id (those still published) followed by {@code more}, each once, for a list or
   * checkboxes.
   */
  private Future<List<Map<String, Object>>> offers(
      List<UUID> ids, List<Offer> more, Labels labels) {
    List<Future<Optional<Offer>>> byId = ids.stream().map(catalogue::publishedById).toList();
    return Future.all(byId)
        .map(
            all -> {
              Map<UUID, Offer> offers = new LinkedHashMap<>();
              byId.forEach(f -> f.result().ifPresent(o -> offers.put(o.id(), o)));
              more.forEach(o -> offers.putIfAbsent(o.id(), o));
              List<Map<String, Object>> list = new ArrayList<>();
              offers
                  .values()
                  .forEach(
                      o -> {
                        Map<String, Object> m =
                            Labels.option(o.id().toString(), o.title(labels.locale()), false);
                        m.put("id", "aanbod-" + o.id());
                        m.put("provider", o.provider() == null ? "" : o.provider().name());
                        m.put("href", "/aanbod/" + o.slug());
                        list.add(m);
                      });
              return list;
            });
  }

  /** Who opened or changed the item, when, in which role, from where: for the teamleider only. */
  void accessLog(RoutingContext ctx) {
    Optional<UUID> id = Form.uuid(ctx.pathParam("id"));
    Viewer viewer = TriageRoutes.viewer(ctx);
    if (id.isEmpty() || !viewer.teamleider()) {
      // Not a 403: whether an item exists is itself not for everyone to learn.
      ctx.fail(404);
      return;
    }
    Labels labels = TriageRoutes.labels(ctx, messages);
    triage
        .accessLog(viewer, id.get())
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
                return;
              }
              List<Map<String, Object>> rows = new ArrayList<>();
              for (AuditRecord r : found.get()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("at", dates.dateTime(r.occurredAt(), labels.locale()));
                row.put(
                    "who",
                    r.entry().actorName() == null
                        ? labels.text("triage.history.resident")
                        : r.entry().actorName());
                row.put(
                    "role",
                    r.entry().actorRole() == null ? "" : labels.of("role.", r.entry().actorRole()));
                row.put("action", labels.of("triage.audit.", r.entry().action()));
                row.put("code", r.entry().action());
                row.put(
                    "address", r.entry().clientAddress() == null ? "" : r.entry().clientAddress());
                row.put("reason", r.entry().reason() == null ? "" : r.entry().reason());
                rows.add(row);
              }
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("id", id.get().toString());
              model.put("records", rows);
              pages.render(ctx, 200, "triage/access-log", "triage.access.title", model);
            })
        .onFailure(ctx::fail);
  }
}
