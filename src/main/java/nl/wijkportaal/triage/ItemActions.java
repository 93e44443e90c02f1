package nl.wijkportaal.triage;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.wijkportaal.inbox.Action;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Messages;

/**
 * {@code POST /inbox/items/:id/:actie}: one action on an item, each form carrying the version it
 * was shown with. Done: back to the item (or, when the item was given away, to the list) with what
 * was done. Refused: the item page again, with why: 404 (gone for this viewer), 409 (someone
 * changed or claimed it first, or the state does not allow it) or 400 (a field to fix, the form's
 * values kept).
 */
final class ItemActions {

  /** The texts that may hold line breaks; every other field is one line. */
  private static final Set<String> LONG_TEXTS = Set.of("vraag", "reden", "notitie");

  /** Actions after which the item may no longer be the viewer's to see: they return to the list. */
  private static final Set<String> GIVEN_AWAY = Set.of("teruggeven", "toewijzen");

  /** One action: reads its fields and asks {@link Triage}. */
  private interface Action {
    Future<Void> run(Viewer v, UUID id, Form form);
  }

  /** A field problem found before Triage was asked. */
  private static final class FieldProblem extends RuntimeException {
    private final String field;
    private final String key;

    FieldProblem(String field, String key) {
      super(field + ": " + key, null, false, false);
      this.field = field;
      this.key = key;
    }
  }

  private final Triage triage;
  private final ItemPage page;
  private final Messages messages;
  private final Map<String, Action> actions = new LinkedHashMap<>();

  ItemActions(Triage triage, ItemPage page, Messages messages) {
    this.triage = triage;
    this.page = page;
    this.messages = messages;
    actions.put("oppakken", (v, id, f) -> triage.claim(v, id));
    actions.put("teruggeven", (v, id, f) -> triage.handBack(v, id, f.version()));
    actions.put("toewijzen", this::assign);
    actions.put("contact", (v, id, f) -> triage.recordFirstContact(v, id, f.version()));
    actions.put("ondersteuning", (v, id, f) -> triage.recordSupportStarted(v, id, f.version()));
    actions.put(
        "vraag",
        (v, id, f) -> triage.askInformation(v, id, f.version(), f.text("van"), f.text("vraag")));
    actions.put(
        "doorzetten",
        (v, id, f) ->
            triage.forward(
                v,
                id,
                f.version(),
                f.text("organisatie"),
                f.text("contact"),
                f.date("controleerOp").orElse(null)));
    actions.put(
        "afsluiten",
        (v, id, f) ->
            triage.close(
                v, id, f.version(), f.orNull("route"), f.uuids("aanbod"), f.text("reden")));
    actions.put("heropenen", (v, id, f) -> triage.reopen(v, id, f.version()));
    actions.put(
        "samenvoegen",
        (v, id, f) ->
            byReference(v, f, "samenvoegenMet", "inbox.invalid.mergeTarget")
                .compose(into -> triage.merge(v, id, f.version(), into)));
    actions.put(
        "koppelen",
        (v, id, f) ->
            byReference(v, f, "koppelen", "inbox.invalid.linkTarget")
                .compose(other -> triage.link(v, id, other)));
    actions.put("match", this::decideMatch);
    actions.put("notitie", (v, id, f) -> triage.addNote(v, id, f.text("notitie")));
  }

  void act(RoutingContext ctx) {
    Optional<UUID> id = Form.uuid(ctx.pathParam("id"));
    String actie = ctx.pathParam("actie");
    Action action = actions.get(actie);
    if (id.isEmpty() || action == null) {
      ctx.fail(404);
      return;
    }
    Form form = new Form(ctx.request().formAttributes(), LONG_TEXTS);
    if (!form.ok()) {
      refused(ctx, id.get(), form, form.problems());
      return;
    }
    if ("afsluiten".equals(actie) && form.has("zoeken")) {
      // The offers search inside the closing form: shows the form again with what it found.
      page.render(ctx, id.get(), new ItemPage.Outcome(200, null, Map.of(), form.values(), null));
      return;
    }
    action
        .run(TriageRoutes.viewer(ctx), id.get(), form)
        .onSuccess(
            x ->
                Redirect.seeOther(
                    ctx,
                    GIVEN_AWAY.contains(actie)
                        ? "/inbox?klaar=" + actie
                        : "/inbox/items/" + id.get() + "?klaar=" + actie))
        .onFailure(
            e -> {
              if (e instanceof FieldProblem p) {
                refused(ctx, id.get(), form, Map.of(p.field, new Form.Problem(p.key)));
              } else if (e instanceof TriageRefusal r) {
                refused(ctx, id.get(), form, r);
              } else {
                ctx.fail(e);
              }
            });
  }

  private Future<Void> assign(Viewer v, UUID id, Form f) {
    if (f.has("medewerker")) {
      return f.id("medewerker")
          .map(colleague -> triage.assignToColleague(v, id, f.version(), colleague))
          .orElse(Future.failedFuture(new FieldProblem("medewerker", "inbox.invalid.colleague")));
    }
    return triage.assignToWijkteam(v, id, f.version(), f.text("wijkteam"));
  }

  /** Accept ("ja") or reject ("nee") a possible match; a form saying neither decides nothing. */
  private Future<Void> decideMatch(Viewer v, UUID id, Form f) {
    String besluit = f.text("besluit");
    Optional<UUID> other = f.id("ander");
    if (other.isEmpty() || !(besluit.equals("ja") || besluit.equals("nee"))) {
      return Future.failedFuture(new FieldProblem("match", "inbox.invalid.match"));
    }
    return triage.decideMatch(v, id, other.get(), besluit.equals("ja"));
  }

  /** The visible item a typed reference names; a field problem when there is none. */
  private Future<UUID> byReference(Viewer v, Form f, String field, String notFoundKey) {
    return triage
        .findByReference(v, f.text(field))
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElse(Future.failedFuture(new FieldProblem(field, notFoundKey))));
  }

  private void refused(RoutingContext ctx, UUID id, Form form, TriageRefusal r) {
    switch (r.kind()) {
      case NOT_FOUND -> ctx.fail(404);
      case INVALID -> refused(ctx, id, form, Map.of(r.field(), new Form.Problem(r.messageKey())));
      // Stale, not allowed or claimed: the item as it is now, and why nothing changed.
      default -> {
        Labels labels = TriageRoutes.labels(ctx, messages);
        String detail =
            r.kind() == TriageRefusal.Kind.NOT_ALLOWED
                ? labels.text("triage.state." + r.detail())
                : r.detail();
        String why =
            detail == null ? labels.text(r.messageKey()) : labels.text(r.messageKey(), detail);
        page.render(ctx, id, new ItemPage.Outcome(409, why, Map.of(), form.values(), null));
      }
    }
  }

  private void refused(RoutingContext ctx, UUID id, Form form, Map<String, Form.Problem> problems) {
    Labels labels = TriageRoutes.labels(ctx, messages);
    Map<String, String> byField = new LinkedHashMap<>();
    problems.forEach((field, p) -> byField.put(field, labels.text(p.key(), p.args())));
    page.render(ctx, id, new ItemPage.Outcome(400, null, byField, form.values(), null));
  }
}
