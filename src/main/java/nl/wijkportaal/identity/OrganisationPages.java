package nl.wijkportaal.identity;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;

/**
 * The beheerder's organisations: the overview with a new organisation and the wijkteams, one
 * organisation's page with its accounts (and the invitation of a new one) and its API clients.
 */
final class OrganisationPages extends AdminPage {

  private static final String UUID_TEXT = "[0-9a-f-]{36}";

  OrganisationPages(AdminService admin, AdminViews views, ClientAddress clientAddress) {
    super(admin, views, clientAddress);
  }

  void index(RoutingContext ctx) {
    renderIndex(ctx, 200, Form.of(ctx));
  }

  private void renderIndex(RoutingContext ctx, int status, Form form) {
    admin
        .overview()
        .onSuccess(
            Guarded.on(
                ctx,
                overview -> {
                  Map<String, Object> model = pages.errorModel(ctx, form);
                  model.put(
                      "teams",
                      overview.wijkteams().stream()
                          .map(w -> Map.of("code", w.code(), "name", w.name()))
                          .toList());
                  model.put(
                      "organisations",
                      overview.organisations().stream()
                          .map(
                              o ->
                                  Map.of(
                                      "id",
                                      o.id().toString(),
                                      "name",
                                      o.name(),
                                      "kind",
                                      pages.text(ctx, "kind." + o.kind().code()),
                                      "active",
                                      o.active()))
                          .toList());
                  Object chosen = form.values().get("kind");
                  model.put("kinds", kinds(ctx, chosen == null ? "" : chosen.toString()));
                  if ("wijkteam".equals(ctx.request().getParam("klaar"))) {
                    model.put("done", pages.text(ctx, "beheer.done.wijkteam"));
                  }
                  pages.render(ctx, status, "beheer/index", "beheer.title", model);
                }))
        .onFailure(ctx::fail);
  }

  void createOrganisation(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String name = form.text("name");
    String kind = form.text("kind");
    if (form.unreadable()) {
      renderIndex(ctx, 400, form);
      return;
    }
    admin
        .createOrganisation(name, kind, AdminViews.me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(ctx, org -> Redirect.seeOther(ctx, "/beheer/organisaties/" + org.id())))
        .onFailure(e -> AdminViews.invalidOr(ctx, e, form, () -> renderIndex(ctx, 400, form)));
  }

  void saveWijkteam(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String code = form.text("code");
    String name = form.text("wijkteamName");
    if (form.unreadable()) {
      renderIndex(ctx, 400, form);
      return;
    }
    admin
        .saveWijkteam(code, name, AdminViews.me(ctx), clientAddress.of(ctx))
        .onSuccess(Guarded.on(ctx, v -> Redirect.seeOther(ctx, "/beheer?klaar=wijkteam")))
        .onFailure(e -> AdminViews.invalidOr(ctx, e, form, () -> renderIndex(ctx, 400, form)));
  }

  void organisation(RoutingContext ctx) {
    renderOrganisation(ctx, 200, Form.of(ctx), null);
  }

  /** The organisation page; after a refused invitation its form shows again what was submitted. */
  private void renderOrganisation(
      RoutingContext ctx, int status, Form form, AdminService.NewApiClient created) {
    UUID id = AdminViews.uuid(ctx, "id");
    if (id == null) {
      return;
    }
    // Empty on a GET: only a re-shown invitation has submitted roles and wijkteams.
    Set<Role> submittedRoles = AdminService.roles(AdminViews.ticked(form, "roles"));
    List<String> submittedWijkteams = AdminViews.ticked(form, "wijkteams");
    admin
        .organisation(id)
        .onSuccess(
            Guarded.on(
                ctx,
                found -> {
                  if (found.isEmpty()) {
                    ctx.fail(404);
                    return;
                  }
                  AdminService.OrganisationDetail detail = found.get();
                  Organisation org = detail.organisation();
                  Map<String, Object> model = pages.errorModel(ctx, form);
                  model.put(
                      "organisation",
                      Map.of(
                          "id",
                          org.id().toString(),
                          "name",
                          org.name(),
                          "kind",
                          pages.text(ctx, "kind." + org.kind().code()),
                          "swt",
                          org.swt()));
                  model.put(
                      "accounts",
                      detail.accounts().stream().map(a -> views.accountRow(ctx, a)).toList());
                  model.put(
                      "clients",
                      detail.clients().stream()
                          .map(
                              c ->
                                  Map.of(
                                      "clientId",
                                      c.clientId(),
                                      "name",
                                      c.name(),
                                      "active",
                                      c.active()))
                          .toList());
                  model.put("roles", views.roleChoices(ctx, org, submittedRoles));
                  model.put(
                      "wijkteams",
                      org.swt()
                          ? AdminViews.wijkteamChoices(detail.wijkteams(), submittedWijkteams)
                          : List.of());
                  if (created != null) {
                    model.put(
                        "created",
                        Map.of(
                            "clientId", created.client().clientId(), "secret", created.secret()));
                  }
                  pages.render(
                      ctx, status, "beheer/organisation", "beheer.organisation.title", model);
                }))
        .onFailure(ctx::fail);
  }

  void invite(RoutingContext ctx) {
    UUID id = AdminViews.uuid(ctx, "id");
    if (id == null) {
      return;
    }
    Form form = Form.of(ctx);
    String email = form.text("email");
    String name = form.text("name");
    Set<Role> roles = AdminService.roles(form.all("roles"));
    List<String> wijkteams = form.all("wijkteams");
    if (form.unreadable()) {
      renderOrganisation(ctx, 400, form, null);
      return;
    }
    admin
        .invite(id, email, name, roles, wijkteams, AdminViews.me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                accountId ->
                    Redirect.seeOther(ctx, "/beheer/accounts/" + accountId + "?klaar=uitgenodigd")))
        .onFailure(
            e ->
                AdminViews.invalidOr(ctx, e, form, () -> renderOrganisation(ctx, 400, form, null)));
  }

  void createApiClient(RoutingContext ctx) {
    UUID id = AdminViews.uuid(ctx, "id");
    if (id == null) {
      return;
    }
    Form form = Form.of(ctx);
    String name = form.text("clientName");
    if (form.unreadable()) {
      renderOrganisation(ctx, 400, form, null);
      return;
    }
    admin
        .createApiClient(id, name, AdminViews.me(ctx), clientAddress.of(ctx))
        // The secret is shown in this response only: no redirect, nothing stored but its hash.
        .onSuccess(
            Guarded.on(ctx, created -> renderOrganisation(ctx, 201, AdminViews.blank(), created)))
        .onFailure(
            e ->
                AdminViews.invalidOr(ctx, e, form, () -> renderOrganisation(ctx, 400, form, null)));
  }

  void apiClientStatus(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String clientId = ctx.pathParam("clientId");
    if (clientId == null || clientId.isEmpty() || Form.controlCharacters(clientId, false)) {
      ctx.fail(404);
      return;
    }
    String back = form.text("organisation");
    String status = form.text("status");
    admin
        .setApiClientActive(
            clientId, "actief".equals(status), AdminViews.me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                v ->
                    Redirect.seeOther(
                        ctx, back.matches(UUID_TEXT) ? "/beheer/organisaties/" + back : "/beheer")))
        .onFailure(e -> AdminViews.fail(ctx, e));
  }

  private List<Map<String, Object>> kinds(RoutingContext ctx, String chosen) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (OrganisationKind kind : OrganisationKind.values()) {
      list.add(
          Map.of(
              "code",
              kind.code(),
              "label",
              pages.text(ctx, "kind." + kind.code()),
              "selected",
              kind.code().equals(chosen)));
    }
    return list;
  }
}
