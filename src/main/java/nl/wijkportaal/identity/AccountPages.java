package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;

/**
 * One account, as the beheerder sees it: its roles and wijkteams, active or not, a reset of its
 * two-factor and a new invitation. A stale edit gets the 409 page, never a silent overwrite.
 */
final class AccountPages extends AdminPage {

  AccountPages(AdminService admin, AdminViews views, ClientAddress clientAddress) {
    super(admin, views, clientAddress);
  }

  void account(RoutingContext ctx) {
    renderAccount(ctx, 200, Form.of(ctx), null);
  }

  /**
   * What a refused change of access showed: the page shows it again, rather than what is stored.
   */
  private record Submitted(Set<Role> roles, List<String> wijkteams, int version) {}

  private void renderAccount(RoutingContext ctx, int status, Form form, Submitted submitted) {
    UUID id = AdminViews.uuid(ctx, "id");
    if (id == null) {
      return;
    }
    admin
        .accountDetail(id)
        .onSuccess(
            Guarded.on(
                ctx,
                found -> {
                  if (found.isEmpty()) {
                    ctx.fail(404);
                    return;
                  }
                  Account a = found.get().account();
                  Map<String, Object> model = pages.errorModel(ctx, form);
                  model.put("account", views.accountRow(ctx, a));
                  model.put("organisationId", a.organisation().id().toString());
                  model.put("organisationName", a.organisation().name());
                  model.put(
                      "version",
                      submitted != null && submitted.version() >= 0
                          ? submitted.version()
                          : a.version());
                  model.put(
                      "roles",
                      views.roleChoices(
                          ctx,
                          a.organisation(),
                          submitted != null ? submitted.roles() : a.roles()));
                  List<String> held = submitted != null ? submitted.wijkteams() : a.wijkteams();
                  model.put(
                      "wijkteams",
                      a.organisation().swt()
                          ? AdminViews.wijkteamChoices(found.get().wijkteams(), held)
                          : List.of());
                  String done = doneMessage(ctx, ctx.request().getParam("klaar"), a);
                  if (done != null) {
                    model.put("done", done);
                  }
                  pages.render(ctx, status, "beheer/account", "beheer.account.title", model);
                }))
        .onFailure(ctx::fail);
  }

  /**
   * One confirmation for each thing a beheerder does on the account page; nothing for anything
   * else.
   */
  private String doneMessage(RoutingContext ctx, String klaar, Account a) {
    if (klaar == null) {
      return null;
    }
    return switch (klaar) {
      case "uitgenodigd" -> pages.text(ctx, "beheer.done.invited", a.email());
      case "toegang" -> pages.text(ctx, "beheer.done.access", a.name());
      case "status" ->
          pages.text(
              ctx, a.active() ? "beheer.done.activated" : "beheer.done.deactivated", a.name());
      case "2fa" -> pages.text(ctx, "beheer.done.twoFactorReset", a.name());
      default -> null;
    };
  }

  void changeAccess(RoutingContext ctx) {
    UUID id = AdminViews.uuid(ctx, "id");
    if (id == null) {
      return;
    }
    Form form = Form.of(ctx);
    int version = AdminViews.version(form);
    Set<Role> roles = AdminService.roles(form.all("roles"));
    List<String> wijkteams = form.all("wijkteams");
    Submitted submitted = new Submitted(roles, wijkteams, version);
    if (form.unreadable()) {
      renderAccount(ctx, 400, form, submitted);
      return;
    }
    Account me = AdminViews.me(ctx);
    admin
        .changeAccess(id, roles, wijkteams, version, me, clientAddress.of(ctx))
        // A change of roles ends the person's sessions; a beheerder who changed their own stays
        // signed in here.
        .compose(
            v ->
                id.equals(me.id())
                    ? admin
                        .accountDetail(id)
                        .map(found -> found.map(d -> Access.keepSignedIn(ctx, d.account())))
                    : Future.succeededFuture())
        .onSuccess(
            Guarded.on(
                ctx, v -> Redirect.seeOther(ctx, "/beheer/accounts/" + id + "?klaar=toegang")))
        .onFailure(
            e ->
                AdminViews.invalidOr(ctx, e, form, () -> renderAccount(ctx, 400, form, submitted)));
  }

  void accountStatus(RoutingContext ctx) {
    UUID id = AdminViews.uuid(ctx, "id");
    if (id == null) {
      return;
    }
    Form form = Form.of(ctx);
    boolean active = "actief".equals(form.text("status"));
    int version = AdminViews.version(form);
    admin
        .setActive(id, active, version, AdminViews.me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx, v -> Redirect.seeOther(ctx, "/beheer/accounts/" + id + "?klaar=status")))
        .onFailure(
            e -> AdminViews.invalidOr(ctx, e, form, () -> renderAccount(ctx, 400, form, null)));
  }

  void resetTwoFactor(RoutingContext ctx) {
    UUID id = AdminViews.uuid(ctx, "id");
    if (id == null) {
      return;
    }
    admin
        .resetTwoFactor(id, AdminViews.me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(ctx, v -> Redirect.seeOther(ctx, "/beheer/accounts/" + id + "?klaar=2fa")))
        .onFailure(e -> AdminViews.fail(ctx, e));
  }

  void reinvite(RoutingContext ctx) {
    UUID id = AdminViews.uuid(ctx, "id");
    if (id == null) {
      return;
    }
    admin
        .reinvite(id, AdminViews.me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx, v -> Redirect.seeOther(ctx, "/beheer/accounts/" + id + "?klaar=uitgenodigd")))
        .onFailure(e -> AdminViews.fail(ctx, e));
  }
}
