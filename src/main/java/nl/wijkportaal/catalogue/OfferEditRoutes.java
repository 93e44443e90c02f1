package nl.wijkportaal.catalogue;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Language;

/**
 * Writing an offer: the new-offer form, the edit page with its history, and saving either. Forms
 * post back and redirect (post/redirect/get); a stale edit gets the 409 page with the form as
 * typed, never a silent overwrite.
 */
final class OfferEditRoutes {

  private final EditorService editor;
  private final EditorPage page;
  private final OfferFormView view;

  OfferEditRoutes(EditorService editor, EditorPage page) {
    this.editor = editor;
    this.page = page;
    this.view = new OfferFormView(page, editor.wijken());
  }

  void mount(Router router) {
    router.get(EditorPage.BASE + "/aanbod/nieuw").handler(this::newOffer);
    router.post(EditorPage.BASE + "/aanbod").handler(this::create);
    router.get(EditorPage.BASE + "/aanbod/:id").handler(this::edit);
    router.post(EditorPage.BASE + "/aanbod/:id").handler(this::update);
  }

  private void newOffer(RoutingContext ctx) {
    renderNew(ctx, 200, OfferForm.blank());
  }

  private void renderNew(RoutingContext ctx, int status, OfferForm form) {
    page.render(ctx, status, "redactie/new", "redactie.new.title", view.model(ctx, form));
  }

  private void create(RoutingContext ctx) {
    OfferForm form = OfferForm.submitted(Form.of(ctx, OfferForm.LONG_TEXTS.toArray(String[]::new)));
    OfferDraft draft = form.draft(editor.wijken());
    if (!form.valid()) {
      renderNew(ctx, 400, form.rejected(OfferRules.check(draft, editor.wijken())));
      return;
    }
    editor
        .create(draft, EditorPage.me(ctx))
        .onSuccess(id -> Redirect.seeOther(ctx, EditorPage.OFFERS + id + "?klaar=aangemaakt"))
        .onFailure(
            e -> {
              if (e instanceof EditorService.Rejected rejected) {
                renderNew(ctx, 400, form.rejected(rejected.errors()));
              } else {
                ctx.fail(e);
              }
            });
  }

  private void edit(RoutingContext ctx) {
    UUID id = EditorPage.uuid(ctx);
    if (id == null) {
      return;
    }
    editor
        .offer(id)
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
                return;
              }
              Offer offer = found.get();
              renderEdit(
                  ctx, 200, offer, OfferForm.of(offer, Language.of(ctx)), offer.version(), false);
            })
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    UUID id = EditorPage.uuid(ctx);
    if (id == null) {
      return;
    }
    Integer version = EditorPage.version(ctx);
    OfferForm form = OfferForm.submitted(Form.of(ctx, OfferForm.LONG_TEXTS.toArray(String[]::new)));
    editor
        .offer(id)
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
              } else if (version == null) {
                ctx.fail(400);
              } else {
                save(ctx, found.get(), form, version);
              }
            })
        .onFailure(ctx::fail);
  }

  private void save(RoutingContext ctx, Offer offer, OfferForm form, int version) {
    OfferDraft draft = form.draft(editor.wijken());
    if (!form.valid()) {
      renderEdit(
          ctx, 400, offer, form.rejected(OfferRules.check(draft, editor.wijken())), version, false);
      return;
    }
    editor
        .update(offer.id(), draft, version, EditorPage.me(ctx))
        .onSuccess(
            v -> Redirect.seeOther(ctx, EditorPage.OFFERS + offer.id() + "?klaar=opgeslagen"))
        .onFailure(
            e -> {
              if (e instanceof EditorService.Stale) {
                // The form comes back as typed, with a link to the newer version.
                editor
                    .offer(offer.id())
                    .onSuccess(
                        current -> renderEdit(ctx, 409, current.orElse(offer), form, version, true))
                    .onFailure(ctx::fail);
              } else if (e instanceof EditorService.Rejected rejected) {
                renderEdit(ctx, 400, offer, form.rejected(rejected.errors()), version, false);
              } else {
                ctx.fail(e);
              }
            });
  }

  /**
   * The edit page. {@code version} goes back in the form: after a conflict it stays the one the
   * editor started from, so saving again conflicts again until they have seen the newer one.
   */
  private void renderEdit(
      RoutingContext ctx, int status, Offer offer, OfferForm form, int version, boolean conflict) {
    Locale locale = Language.of(ctx);
    editor
        .history(offer.id())
        .onSuccess(
            history -> {
              Map<String, Object> model = view.model(ctx, form);
              model.put(
                  "offer",
                  Map.of(
                      "id",
                      offer.id().toString(),
                      "title",
                      offer.title(),
                      "slug",
                      offer.slug(),
                      "status",
                      page.text(ctx, "status." + offer.status()),
                      "lastChecked",
                      EditorPage.date(offer.lastCheckedAt(), locale)));
              model.put("version", version);
              model.put("currentVersion", offer.version());
              model.put("conflict", conflict);
              List<Map<String, Object>> actions = new ArrayList<>();
              for (String code : Codes.STATUSES) {
                if (!code.equals(offer.status())) {
                  actions.add(
                      Map.of("status", code, "label", page.text(ctx, "redactie.edit.to." + code)));
                }
              }
              model.put("statusActions", actions);
              List<Map<String, Object>> rows = new ArrayList<>();
              for (OfferChange change : history) {
                rows.add(
                    Map.of(
                        "version",
                        change.version(),
                        "action",
                        page.find(ctx, "redactie.history." + change.action())
                            .orElse(change.action()),
                        "when",
                        EditorPage.dateTime(change.at(), locale),
                        "who",
                        change.by()));
              }
              model.put("history", rows);
              model.put(
                  "done",
                  EditorPage.known(
                      ctx.request().getParam("klaar"),
                      "aangemaakt",
                      "opgeslagen",
                      "status",
                      "gecontroleerd"));
              page.render(ctx, status, "redactie/edit", "redactie.edit.title", model);
            })
        .onFailure(ctx::fail);
  }
}
