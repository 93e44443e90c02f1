package nl.wijkportaal.insight;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemState;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Pages;

/**
 * The experience question for the resident of a closed item, once: through the link in the closing
 * mail ({@code /ervaring/:token}) or their status page ({@code /aanmelden/status/:token/ervaring}).
 * Works without JavaScript.
 */
public final class ErvaringRoutes {

  private final Experience experience;
  private final Intake intake;
  private final Pages pages;
  private final ClientAddress clientAddress;

  public ErvaringRoutes(
      Experience experience, Intake intake, Pages pages, ClientAddress clientAddress) {
    this.experience = experience;
    this.intake = intake;
    this.pages = pages;
    this.clientAddress = clientAddress;
  }

  public void mount(Router router) {
    router.get("/ervaring/:token").handler(ctx -> byMail(ctx, false));
    router.post("/ervaring/:token").handler(ctx -> byMail(ctx, true));
    router.get("/aanmelden/status/:token/ervaring").handler(ctx -> byStatus(ctx, false));
    router.post("/aanmelden/status/:token/ervaring").handler(ctx -> byStatus(ctx, true));
  }

  /** The item this way in leads to, and whether its resident may answer now. */
  private record Target(UUID itemId, boolean closed, boolean answered) {}

  private void byMail(RoutingContext ctx, boolean post) {
    String token = ctx.pathParam("token");
    experience
        .byToken(token)
        .compose(
            found ->
                Future.succeededFuture(
                    found.map(i -> new Target(i.itemId(), i.closed(), i.answered()))))
        .onSuccess(target -> handle(ctx, post, target, "/ervaring/" + token, null))
        .onFailure(ctx::fail);
  }

  private void byStatus(RoutingContext ctx, boolean post) {
    String token = ctx.pathParam("token");
    intake
        .status(token, Actor.resident(clientAddress.of(ctx)))
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture(Optional.<Target>empty())
                    : experience
                        .answered(found.get().id())
                        .map(
                            answered ->
                                Optional.of(
                                    new Target(
                                        found.get().id(),
                                        found.get().state() == ItemState.AFGESLOTEN,
                                        answered))))
        .onSuccess(
            target ->
                handle(
                    ctx,
                    post,
                    target,
                    "/aanmelden/status/" + token + "/ervaring",
                    "/aanmelden/status/" + token))
        .onFailure(ctx::fail);
  }

  private void handle(
      RoutingContext ctx, boolean post, Optional<Target> target, String action, String back) {
    if (target.isEmpty()) {
      ctx.fail(404);
      return;
    }
    Target t = target.get();
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("action", action);
    model.put("back", back);
    if (!t.closed()) {
      model.put("notClosed", true);
      pages.render(ctx, post ? 409 : 200, "insight/ervaring", "insight.ervaring.title", model);
      return;
    }
    if (t.answered()) {
      model.put("answered", true);
      pages.render(ctx, post ? 409 : 200, "insight/ervaring", "insight.ervaring.title", model);
      return;
    }
    if (!post) {
      model.put("form", true);
      pages.render(ctx, 200, "insight/ervaring", "insight.ervaring.title", model);
      return;
    }
    Form form = Form.of(ctx);
    String score = form.text("cijfer");
    String geholpen = form.orNull("geholpen");
    int cijfer = score.matches("[1-5]") ? Integer.parseInt(score) : 0;
    if (cijfer == 0 || geholpen == null || !Experience.GEHOLPEN.contains(geholpen)) {
      model.put("form", true);
      List<Map<String, String>> errors = new java.util.ArrayList<>();
      if (cijfer == 0) {
        errors.add(
            Map.of(
                "field", "cijfer-1", "message", pages.text(ctx, "insight.ervaring.error.cijfer")));
        model.put("cijferError", pages.text(ctx, "insight.ervaring.error.cijfer"));
      }
      if (geholpen == null || !Experience.GEHOLPEN.contains(geholpen)) {
        errors.add(
            Map.of(
                "field",
                "geholpen-ja",
                "message",
                pages.text(ctx, "insight.ervaring.error.geholpen")));
        model.put("geholpenError", pages.text(ctx, "insight.ervaring.error.geholpen"));
      }
      model.put("errors", errors);
      pages.render(ctx, 400, "insight/ervaring", "insight.ervaring.title", model);
      return;
    }
    experience
        .answer(t.itemId(), cijfer, geholpen)
        .onSuccess(
            stored -> {
              if (stored) {
                // Answered now: the same address thanks them and asks nothing more.
                Redirect.seeOther(ctx, action);
              } else {
                model.put("answered", true);
                pages.render(ctx, 409, "insight/ervaring", "insight.ervaring.title", model);
              }
            })
        .onFailure(ctx::fail);
  }
}
