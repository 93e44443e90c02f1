package nl.wijkportaal.catalogue;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import nl.wijkportaal.platform.http.Redirect;

/**
 * Publishing, archiving or returning an offer to concept, and "still correct" (from the offer or
 * the freshness list). A stale version answers 409, an unknown status or a missing version 400.
 */
final class OfferStatusRoutes {

  private final EditorService editor;

  OfferStatusRoutes(EditorService editor) {
    this.editor = editor;
  }

  void mount(Router router) {
    router.post(EditorPage.BASE + "/aanbod/:id/status").handler(this::status);
    router.post(EditorPage.BASE + "/aanbod/:id/gecontroleerd").handler(this::checked);
  }

  private void status(RoutingContext ctx) {
    UUID id = EditorPage.uuid(ctx);
    if (id == null) {
      return;
    }
    Integer version = EditorPage.version(ctx);
    String status = String.valueOf(ctx.request().getFormAttribute("status")).trim();
    editor
        .offer(id)
        .onSuccess(
            offer -> {
              if (offer.isEmpty()) {
                ctx.fail(404);
              } else if (version == null) {
                ctx.fail(400);
              } else {
                editor
                    .setStatus(id, status, version, EditorPage.me(ctx))
                    .onSuccess(
                        v -> Redirect.seeOther(ctx, EditorPage.OFFERS + id + "?klaar=status"))
                    .onFailure(e -> fail(ctx, e));
              }
            })
        .onFailure(ctx::fail);
  }

  private void checked(RoutingContext ctx) {
    UUID id = EditorPage.uuid(ctx);
    if (id == null) {
      return;
    }
    Integer version = EditorPage.version(ctx);
    boolean fromOffer = "aanbod".equals(ctx.request().getFormAttribute("terug"));
    editor
        .offer(id)
        .onSuccess(
            offer -> {
              if (offer.isEmpty()) {
                ctx.fail(404);
              } else if (version == null) {
                ctx.fail(400);
              } else {
                editor
                    .markChecked(id, version, EditorPage.me(ctx))
                    .onSuccess(
                        v ->
                            Redirect.seeOther(
                                ctx,
                                fromOffer
                                    ? EditorPage.OFFERS + id + "?klaar=gecontroleerd"
                                    : EditorPage.BASE + "/versheid?klaar=" + id))
                    .onFailure(e -> fail(ctx, e));
              }
            })
        .onFailure(ctx::fail);
  }

  /** The service's refusals as statuses: 409 for a stale version, 400 for one it does not take. */
  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof EditorService.Stale) {
      ctx.fail(409);
    } else if (e instanceof EditorService.Rejected) {
      ctx.fail(400);
    } else {
      ctx.fail(e);
    }
  }
}
