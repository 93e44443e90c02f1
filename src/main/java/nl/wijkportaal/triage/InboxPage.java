package nl.wijkportaal.triage;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.wijkportaal.catalogue.Codes;
import nl.wijkportaal.identity.Wijkteam;
import nl.wijkportaal.inbox.ItemState;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * {@code /inbox}: the items the viewer may see, soonest due first, narrowed by a filter that is the
 * page's address (so a view is a link, and a saved view is its query); the viewer's saved views
 * with their counts and their open reminders.
 */
final class InboxPage {

  /** What a redirect back to the list may say it did. */
  private static final Set<String> DONE =
      Set.of("weergave", "weergaveWeg", "herinnering", "toewijzen", "teruggeven");

  private final Triage triage;
  private final Pages pages;
  private final Messages messages;
  private final Clock clock;

  InboxPage(Triage triage, Pages pages, Messages messages, Clock clock) {
    this.triage = triage;
    this.pages = pages;
    this.messages = messages;
    this.clock = clock;
  }

  void show(RoutingContext ctx) {
    Map<String, String> params = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    Map<String, Object> extra = new LinkedHashMap<>();
    String done = ctx.queryParams().get("klaar");
    if (done != null && DONE.contains(done)) {
      extra.put("done", pages.text(ctx, "triage.done." + done));
    }
    render(ctx, 200, InboxFilter.of(params), extra);
  }

  /** Saves the filter the list showed under a name: the same name again replaces it. */
  void saveView(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String name = form.required("naam", 60, "inbox.invalid.viewName");
    InboxFilter filter = filterOf(form.text("filter"));
    if (!form.ok()) {
      render(ctx, 400, filter, errors(ctx, form.problems(), form.values()));
      return;
    }
    triage
        .saveView(TriageRoutes.viewer(ctx), name, filter)
        .onSuccess(x -> Redirect.seeOther(ctx, link(filter, "klaar=weergave")))
        .onFailure(
            e -> {
              if (e instanceof TriageRefusal r && r.kind() == TriageRefusal.Kind.INVALID) {
                render(
                    ctx,
                    400,
                    filter,
                    errors(ctx, Map.of("naam", new Form.Problem(r.messageKey())), form.values()));
              } else {
                ctx.fail(e);
              }
            });
  }

  void deleteView(RoutingContext ctx) {
    var id = Form.uuid(ctx.pathParam("id"));
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    triage
        .deleteView(TriageRoutes.viewer(ctx), id.get())
        .onSuccess(found -> done(ctx, found, "/inbox?klaar=weergaveWeg"))
        .onFailure(ctx::fail);
  }

  void reminderDone(RoutingContext ctx) {
    String raw = ctx.pathParam("id");
    if (raw == null || !raw.matches("[0-9]{1,18}")) {
      ctx.fail(404);
      return;
    }
    triage
        .reminderDone(TriageRoutes.viewer(ctx), Long.parseLong(raw))
        .onSuccess(found -> done(ctx, found, "/inbox?klaar=herinnering"))
        .onFailure(ctx::fail);
  }

  private static void done(RoutingContext ctx, boolean found, String location) {
    if (found) {
      Redirect.seeOther(ctx, location);
    } else {
      ctx.fail(404);
    }
  }

  private void render(
      RoutingContext ctx, int status, InboxFilter filter, Map<String, Object> extra) {
    Viewer viewer = TriageRoutes.viewer(ctx);
    Labels labels = TriageRoutes.labels(ctx, messages);
    Future<Triage.Page> page = triage.list(viewer, filter);
    Future<List<Map<String, Object>>> views = savedViews(viewer);
    Future<List<Triage.Reminder>> reminders = triage.reminders(viewer);
    Future<List<Wijkteam>> wijkteams = triage.wijkteams();
    Future.all(page, views, reminders, wijkteams)
        .map(
            all -> {
              Map<String, String> wijkNames = wijkNames(wijkteams.result(), labels);
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("filter", filterForm(filter, wijkteams.result(), labels));
              model.put("filterQuery", filter.query());
              model.put("filtered", !filter.query().isEmpty());
              model.put("rows", rows(page.result().rows(), wijkNames, labels));
              model.put("total", page.result().total());
              model.put("paging", paging(filter, page.result(), labels));
              model.put("views", views.result());
              model.put("reminders", reminders(reminders.result(), labels));
              model.put("values", Map.of());
              model.put("fieldErrors", Map.of());
              model.putAll(extra);
              return model;
            })
        .onSuccess(model -> pages.render(ctx, status, "triage/inbox", "triage.inbox.title", model))
        .onFailure(ctx::fail);
  }

  private Future<List<Map<String, Object>>> savedViews(Viewer viewer) {
    return triage
        .savedViews(viewer)
        .compose(
            views ->
                triage
                    .counts(viewer, views.stream().map(v -> filterOf(v.query())).toList())
                    .map(
                        counts -> {
                          List<Map<String, Object>> list = new ArrayList<>();
                          for (int i = 0; i < views.size(); i++) {
                            Triage.SavedView v = views.get(i);
                            list.add(
                                Map.of(
                                    "id",
                                    v.id().toString(),
                                    "name",
                                    v.name(),
                                    "href",
                                    link(filterOf(v.query()), ""),
                                    "count",
                                    counts.get(i)));
                          }
                          return list;
                        }));
  }

  /** The filter form: a select per filter, each with "any" first, and the text search. */
  private Map<String, Object> filterForm(InboxFilter f, List<Wijkteam> wijkteams, Labels labels) {
    Map<String, String> names = wijkNames(wijkteams, labels);
    List<Map<String, Object>> wijken = new ArrayList<>();
    names.forEach(
        (code, name) ->
            wijken.add(Labels.selectOption(code, name, f.wijk().filter(code::equals).isPresent())));
    Map<String, Object> form = new LinkedHashMap<>();
    form.put(
        "status",
        select(
            "status",
            labels,
            "triage.filter.allOpen",
            labels.options(
                java.util.stream.Stream.concat(
                        codes(ItemState.values()).stream(),
                        java.util.stream.Stream.of(InboxFilter.ALLE))
                    .toList(),
                "triage.state.",
                f.state().stream().toList())));
    form.put(
        "termijn",
        select(
            "termijn",
            labels,
            "triage.filter.any",
            labels.options(InboxFilter.TERMIJN, "triage.termijn.", f.termijn().stream().toList())));
    form.put(
        "eigenaar",
        select(
            "eigenaar",
            labels,
            "triage.filter.any",
            labels.options(
                InboxFilter.EIGENAAR, "triage.eigenaar.", f.eigenaar().stream().toList())));
    form.put(
        "kanaal",
        select(
            "kanaal",
            labels,
            "triage.filter.any",
            labels.options(DeadlineRules.KANALEN, "triage.kanaal.", f.kanaal().stream().toList())));
    form.put("wijk", select("wijk", labels, "triage.filter.any", wijken));
    form.put(
        "urgentie",
        select(
            "urgentie",
            labels,
            "triage.filter.any",
            labels.options(
                DeadlineRules.URGENTIES, "triage.urgentie.", f.urgentie().stream().toList())));
    form.put(
        "leefgebied",
        select(
            "leefgebied",
            labels,
            "triage.filter.any",
            labels.options(Codes.LEEFGEBIEDEN, "leefgebied.", f.leefgebied().stream().toList())));
    form.put(
        "toestemming",
        select(
            "toestemming",
            labels,
            "triage.filter.any",
            labels.options(
                List.of("ja", "nee", "niet_gevraagd"),
                "triage.toestemming.",
                f.toestemming().stream().toList())));
    form.put(
        "match",
        select(
            "match",
            labels,
            "triage.filter.any",
            labels.options(
                List.of("ja", "nee"),
                "triage.match.",
                f.match().map(m -> m ? "ja" : "nee").stream().toList())));
    form.put("tekst", f.tekst().orElse(""));
    form.put("ontvangenVan", f.ontvangenVan().map(Object::toString).orElse(""));
    form.put("ontvangenTot", f.ontvangenTot().map(Object::toString).orElse(""));
    return form;
  }

  private static Map<String, Object> select(
      String id, Labels labels, String anyKey, List<Map<String, Object>> options) {
    List<Map<String, Object>> all = new ArrayList<>();
    all.add(
        Labels.selectOption(
            "",
            labels.text(anyKey),
            options.stream().noneMatch(o -> Boolean.TRUE.equals(o.get("optionChecked")))));
    all.addAll(options);
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("id", id);
    field.put("name", id);
    field.put("label", labels.text("triage.filter." + id));
    field.put("select", true);
    field.put("options", all);
    return field;
  }

  private List<Map<String, Object>> rows(
      List<InboxRow> rows, Map<String, String> wijkNames, Labels labels) {
    Instant now = clock.instant();
    LocalDate today = now.atZone(WorkingDayCalendar.ZONE).toLocalDate();
    List<Map<String, Object>> list = new ArrayList<>();
    for (InboxRow r : rows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("href", "/inbox/items/" + r.id());
      row.put("referentie", r.referentie());
      row.put("kanaal", labels.kanaal(r.kanaal()));
      row.put("received", labels.shortDate(r.receivedAt()));
      row.put("due", labels.shortDateTime(r.dueAt()));
      row.put("dueBadge", dueBadge(r, now, today, labels));
      row.put("state", labels.state(r.state().code()));
      row.put(
          "wijk",
          r.buitenGemeente()
              ? wijkNames.get("buiten_gemeente")
              : r.wijk()
                  .map(w -> wijkNames.getOrDefault(w, w))
                  .orElse(labels.text("triage.wijk.unknown")));
      row.put("owner", r.ownerName().orElse(labels.text("triage.owner.none")));
      row.put(
          "markers",
          markers(
              r.urgentie(),
              r.veiligheidszorg(),
              r.toestemming().orElse(null),
              r.possibleMatch(),
              labels));
      list.add(row);
    }
    return list;
  }

  /** Due soon or overdue at a glance, in words (not colour alone). */
  static Map<String, String> dueBadge(InboxRow r, Instant now, LocalDate today, Labels labels) {
    if (r.overdue(now)) {
      return Map.of("text", labels.text("triage.due.overdue"), "kind", "overdue");
    }
    if (r.firstContactAt().isPresent() || !r.state().open()) {
      return null;
    }
    LocalDate due = r.dueAt().atZone(WorkingDayCalendar.ZONE).toLocalDate();
    if (due.equals(today)) {
      return Map.of("text", labels.text("triage.due.today"), "kind", "soon");
    }
    if (due.equals(today.plusDays(1))) {
      return Map.of("text", labels.text("triage.due.tomorrow"), "kind", "soon");
    }
    return null;
  }

  /** What needs care before anything else: urgency, safety, no consent, a possible duplicate. */
  static List<Map<String, String>> markers(
      String urgentie, boolean veiligheid, String toestemming, boolean match, Labels labels) {
    List<Map<String, String>> markers = new ArrayList<>();
    if (!"regulier".equals(urgentie)) {
      markers.add(Map.of("text", labels.urgentie(urgentie), "kind", "urgent"));
    }
    if (veiligheid) {
      markers.add(Map.of("text", labels.text("triage.marker.safety"), "kind", "urgent"));
    }
    if ("nee".equals(toestemming) || "niet_gevraagd".equals(toestemming)) {
      markers.add(
          Map.of("text", labels.text("triage.marker.consent." + toestemming), "kind", "care"));
    }
    if (match) {
      markers.add(Map.of("text", labels.text("triage.marker.match"), "kind", "info"));
    }
    return markers;
  }

  private Map<String, Object> paging(InboxFilter filter, Triage.Page page, Labels labels) {
    long pages = Math.max(1, (page.total() + Triage.PAGE_SIZE - 1) / Triage.PAGE_SIZE);
    Map<String, Object> paging = new LinkedHashMap<>();
    paging.put("text", labels.text("triage.inbox.page", page.pagina(), pages));
    paging.put("several", pages > 1);
    if (page.pagina() > 1) {
      paging.put("previous", link(filter, "pagina=" + (page.pagina() - 1)));
    }
    if ((long) page.pagina() * Triage.PAGE_SIZE < page.total()) {
      paging.put("next", link(filter, "pagina=" + (page.pagina() + 1)));
    }
    return paging;
  }

  private List<Map<String, Object>> reminders(List<Triage.Reminder> reminders, Labels labels) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Triage.Reminder r : reminders) {
      list.add(
          Map.of(
              "id", r.id(),
              "kind", labels.of("triage.reminder.", r.kind()),
              "referentie", r.referentie(),
              "href", "/inbox/items/" + r.itemId(),
              "created", labels.shortDateTime(r.createdAt())));
    }
    return list;
  }

  private Map<String, Object> errors(
      RoutingContext ctx, Map<String, Form.Problem> problems, Map<String, Object> values) {
    Map<String, String> messagesByField = new LinkedHashMap<>();
    problems.forEach((field, p) -> messagesByField.put(field, pages.text(ctx, p.key(), p.args())));
    Map<String, Object> model = new LinkedHashMap<>(Form.errorModel(messagesByField, Map.of()));
    model.put("values", values);
    return model;
  }

  static Map<String, String> wijkNames(List<Wijkteam> wijkteams, Labels labels) {
    Map<String, String> names = new LinkedHashMap<>();
    wijkteams.forEach(w -> names.put(w.code(), w.name()));
    names.put("buiten_gemeente", labels.text("triage.wijk.buiten_gemeente"));
    return names;
  }

  /** The list at this filter, with {@code extra} (a page, a done message) after it. */
  static String link(InboxFilter filter, String extra) {
    String query = filter.query();
    String joined = query.isEmpty() ? extra : extra.isEmpty() ? query : query + "&" + extra;
    return joined.isEmpty() ? "/inbox" : "/inbox?" + joined;
  }

  /** A saved view's query string (or a form's) back into a filter; unknown keys are ignored. */
  static InboxFilter filterOf(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query != null && query.length() <= 2000) {
      try {
        new QueryStringDecoder(query, StandardCharsets.UTF_8, false)
            .parameters()
            .forEach((key, values) -> params.put(key, values.isEmpty() ? "" : values.get(0)));
      } catch (IllegalArgumentException malformed) {
        // A broken escape (our own form never sends one): no filter can be read from it.
        params.clear();
      }
    }
    return InboxFilter.of(params);
  }

  private static List<String> codes(ItemState[] states) {
    return Arrays.stream(states).map(ItemState::code).toList();
  }
}
