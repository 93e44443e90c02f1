package nl.wijkportaal.identity;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.audit.AuditQuery;
import nl.wijkportaal.platform.audit.AuditRecord;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Pages;

/**
 * The beheerder's pages under {@code /beheer}: organisations with their accounts and API clients,
 * one account's roles and wijkteams, and the audit log. Forms post back and redirect
 * (post/redirect/get); a stale edit gets the 409 page, never a silent overwrite.
 */
public final class AdminRoutes {

  private static final java.time.format.DateTimeFormatter WHEN =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final int AUDIT_PAGE_SIZE = 50;
  static final long MAX_AUDIT_PAGE = 100_000;
  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f-]{36}");

  private final AdminService admin;
  private final IdentityRepository repository;
  private final AuditLog audit;
  private final Access access;
  private final Pages pages;
  private final ClientAddress clientAddress;

  public AdminRoutes(
      AdminService admin,
      IdentityRepository repository,
      AuditLog audit,
      Access access,
      Pages pages,
      ClientAddress clientAddress) {
    this.admin = admin;
    this.repository = repository;
    this.audit = audit;
    this.access = access;
    this.pages = pages;
    this.clientAddress = clientAddress;
  }

  public void mount(Router router) {
    router.route("/beheer*").handler(access.require(Role.BEHEERDER));
    router.get("/beheer").handler(this::index);
    router.post("/beheer/organisaties").handler(this::createOrganisation);
    router.post("/beheer/wijkteams").handler(this::saveWijkteam);
    router.get("/beheer/organisaties/:id").handler(this::organisation);
    router.post("/beheer/organisaties/:id/accounts").handler(this::invite);
    router.post("/beheer/organisaties/:id/api-clients").handler(this::createApiClient);
    router.post("/beheer/api-clients/:clientId/status").handler(this::apiClientStatus);
    router.get("/beheer/accounts/:id").handler(this::account);
    router.post("/beheer/accounts/:id/toegang").handler(this::changeAccess);
    router.post("/beheer/accounts/:id/status").handler(this::accountStatus);
    router.post("/beheer/accounts/:id/2fa-reset").handler(this::resetTwoFactor);
    router.post("/beheer/accounts/:id/uitnodiging").handler(this::reinvite);
    router.get("/beheer/audit").handler(this::auditLog);
  }

  private void index(RoutingContext ctx) {
    renderIndex(ctx, 200, Form.of(ctx));
  }

  private void renderIndex(RoutingContext ctx, int status, Form form) {
    Future.all(repository.organisations(), repository.wijkteams())
        .onSuccess(
            Guarded.on(
                ctx,
                all -> {
                  List<Organisation> orgs = all.resultAt(0);
                  List<Wijkteam> teams = all.resultAt(1);
                  Map<String, Object> model = pages.errorModel(ctx, form);
                  model.put(
                      "teams",
                      teams.stream().map(w -> Map.of("code", w.code(), "name", w.name())).toList());
                  model.put(
                      "organisations",
                      orgs.stream()
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
                  Object chosen = ((Map<?, ?>) model.get("values")).get("kind");
                  model.put("kinds", kinds(ctx, chosen == null ? "" : chosen.toString()));
                  if ("wijkteam".equals(ctx.request().getParam("klaar"))) {
                    model.put("done", pages.text(ctx, "beheer.done.wijkteam"));
                  }
                  pages.render(ctx, status, "beheer/index", "beheer.title", model);
                }))
        .onFailure(ctx::fail);
  }

  private void createOrganisation(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String name = form.text("name");
    String kind = form.text("kind");
    if (form.unreadable()) {
      renderIndex(ctx, 400, form);
      return;
    }
    admin
        .createOrganisation(name, kind, me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(ctx, org -> Redirect.seeOther(ctx, "/beheer/organisaties/" + org.id())))
        .onFailure(e -> invalidOr(ctx, e, form, () -> renderIndex(ctx, 400, form)));
  }

  private void saveWijkteam(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String code = form.text("code");
    String name = form.text("wijkteamName");
    if (form.unreadable()) {
      renderIndex(ctx, 400, form);
      return;
    }
    admin
        .saveWijkteam(code, name, me(ctx), clientAddress.of(ctx))
        .onSuccess(Guarded.on(ctx, v -> Redirect.seeOther(ctx, "/beheer?klaar=wijkteam")))
        .onFailure(e -> invalidOr(ctx, e, form, () -> renderIndex(ctx, 400, form)));
  }

  private void organisation(RoutingContext ctx) {
    renderOrganisation(ctx, 200, Form.of(ctx), null);
  }

  /** The organisation page; after a refused invitation its form shows again what was submitted. */
  private void renderOrganisation(
      RoutingContext ctx, int status, Form form, AdminService.NewApiClient created) {
    UUID id = uuid(ctx, "id");
    if (id == null) {
      return;
    }
    // Empty on a GET: only a re-shown invitation has submitted roles and wijkteams.
    Set<Role> submittedRoles = AdminService.roles(ticked(form, "roles"));
    List<String> submittedWijkteams = ticked(form, "wijkteams");
    repository
        .organisation(id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(new HttpException(404));
              }
              Organisation org = found.get();
              return Future.all(
                      repository.accountsOf(id),
                      repository.apiClientsOf(id),
                      repository.wijkteams())
                  .onSuccess(
                      Guarded.on(
                          ctx,
                          all -> {
                            List<Account> accounts = all.resultAt(0);
                            List<ApiClient> clients = all.resultAt(1);
                            List<Wijkteam> wijkteams = all.resultAt(2);
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
                                accounts.stream().map(a -> accountRow(ctx, a)).toList());
                            model.put(
                                "clients",
                                clients.stream()
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
                            model.put("roles", roleChoices(ctx, org, submittedRoles));
                            model.put(
                                "wijkteams",
                                org.swt()
                                    ? wijkteamChoices(wijkteams, submittedWijkteams)
                                    : List.of());
                            if (created != null) {
                              model.put(
                                  "created",
                                  Map.of(
                                      "clientId",
                                      created.client().clientId(),
                                      "secret",
                                      created.secret()));
                            }
                            pages.render(
                                ctx,
                                status,
                                "beheer/organisation",
                                "beheer.organisation.title",
                                model);
                          }))
                  .mapEmpty();
            })
        .onFailure(ctx::fail);
  }

  private void invite(RoutingContext ctx) {
    UUID id = uuid(ctx, "id");
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
        .invite(id, email, name, roles, wijkteams, me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                accountId ->
                    Redirect.seeOther(ctx, "/beheer/accounts/" + accountId + "?klaar=uitgenodigd")))
        .onFailure(e -> invalidOr(ctx, e, form, () -> renderOrganisation(ctx, 400, form, null)));
  }

  private void createApiClient(RoutingContext ctx) {
    UUID id = uuid(ctx, "id");
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
        .createApiClient(id, name, me(ctx), clientAddress.of(ctx))
        // The secret is shown in this response only: no redirect, nothing stored but its hash.
        .onSuccess(Guarded.on(ctx, created -> renderOrganisation(ctx, 201, blank(), created)))
        .onFailure(e -> invalidOr(ctx, e, form, () -> renderOrganisation(ctx, 400, form, null)));
  }

  private void apiClientStatus(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String clientId = ctx.pathParam("clientId");
    if (clientId == null || clientId.isEmpty() || Form.controlCharacters(clientId, false)) {
      ctx.fail(404);
      return;
    }
    String back = form.text("organisation");
    String status = form.text("status");
    admin
        .setApiClientActive(clientId, "actief".equals(status), me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                v ->
                    Redirect.seeOther(
                        ctx,
                        back.matches("[0-9a-f-]{36}")
                            ? "/beheer/organisaties/" + back
                            : "/beheer")))
        .onFailure(ctx::fail);
  }

  private void account(RoutingContext ctx) {
    renderAccount(ctx, 200, Form.of(ctx), null);
  }

  /**
   * What a refused change of access showed: the page shows it again, rather than what is stored.
   */
  private record Submitted(Set<Role> roles, List<String> wijkteams, int version) {}

  private void renderAccount(RoutingContext ctx, int status, Form form, Submitted submitted) {
    UUID id = uuid(ctx, "id");
    if (id == null) {
      return;
    }
    Future.all(repository.account(id), repository.wijkteams())
        .onSuccess(
            Guarded.on(
                ctx,
                all -> {
                  java.util.Optional<Account> found = all.resultAt(0);
                  List<Wijkteam> wijkteams = all.resultAt(1);
                  if (found.isEmpty()) {
                    ctx.fail(404);
                    return;
                  }
                  Account a = found.get();
                  Map<String, Object> model = pages.errorModel(ctx, form);
                  model.put("account", accountRow(ctx, a));
                  model.put("organisationId", a.organisation().id().toString());
                  model.put("organisationName", a.organisation().name());
                  model.put(
                      "version",
                      submitted != null && submitted.version() >= 0
                          ? submitted.version()
                          : a.version());
                  model.put(
                      "roles",
                      roleChoices(
                          ctx,
                          a.organisation(),
                          submitted != null ? submitted.roles() : a.roles()));
                  List<String> held = submitted != null ? submitted.wijkteams() : a.wijkteams();
                  model.put(
                      "wijkteams",
                      a.organisation().swt() ? wijkteamChoices(wijkteams, held) : List.of());
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
    switch (klaar) {
      case "uitgenodigd":
        return pages.text(ctx, "beheer.done.invited", a.email());
      case "toegang":
        return pages.text(ctx, "beheer.done.access", a.name());
      case "status":
        return pages.text(
            ctx, a.active() ? "beheer.done.activated" : "beheer.done.deactivated", a.name());
      case "2fa":
        return pages.text(ctx, "beheer.done.twoFactorReset", a.name());
      default:
        return null;
    }
  }

  private void changeAccess(RoutingContext ctx) {
    UUID id = uuid(ctx, "id");
    if (id == null) {
      return;
    }
    Form form = Form.of(ctx);
    int version = version(form);
    Set<Role> roles = AdminService.roles(form.all("roles"));
    List<String> wijkteams = form.all("wijkteams");
    Submitted submitted = new Submitted(roles, wijkteams, version);
    if (form.unreadable()) {
      renderAccount(ctx, 400, form, submitted);
      return;
    }
    Account me = me(ctx);
    admin
        .changeAccess(id, roles, wijkteams, version, me, clientAddress.of(ctx))
        // A change of roles ends the person's sessions; a beheerder who changed their own stays
        // signed in here.
        .compose(
            v ->
                id.equals(me.id())
                    ? repository
                        .account(id)
                        .map(found -> found.map(a -> Access.keepSignedIn(ctx, a)))
                    : Future.succeededFuture())
        .onSuccess(
            Guarded.on(
                ctx, v -> Redirect.seeOther(ctx, "/beheer/accounts/" + id + "?klaar=toegang")))
        .onFailure(e -> invalidOr(ctx, e, form, () -> renderAccount(ctx, 400, form, submitted)));
  }

  private void accountStatus(RoutingContext ctx) {
    UUID id = uuid(ctx, "id");
    if (id == null) {
      return;
    }
    Form form = Form.of(ctx);
    boolean active = "actief".equals(form.text("status"));
    int version = version(form);
    admin
        .setActive(id, active, version, me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx, v -> Redirect.seeOther(ctx, "/beheer/accounts/" + id + "?klaar=status")))
        .onFailure(e -> invalidOr(ctx, e, form, () -> renderAccount(ctx, 400, form, null)));
  }

  private void resetTwoFactor(RoutingContext ctx) {
    UUID id = uuid(ctx, "id");
    if (id == null) {
      return;
    }
    admin
        .resetTwoFactor(id, me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(ctx, v -> Redirect.seeOther(ctx, "/beheer/accounts/" + id + "?klaar=2fa")))
        .onFailure(ctx::fail);
  }

  private void reinvite(RoutingContext ctx) {
    UUID id = uuid(ctx, "id");
    if (id == null) {
      return;
    }
    admin
        .reinvite(id, me(ctx), clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx, v -> Redirect.seeOther(ctx, "/beheer/accounts/" + id + "?klaar=uitgenodigd")))
        .onFailure(ctx::fail);
  }

  private void auditLog(RoutingContext ctx) {
    String action = ctx.request().getParam("actie", "").trim();
    if (Form.controlCharacters(action, false) || action.length() > 100) {
      action = "";
    }
    String object = ctx.request().getParam("object", "").trim();
    if (!UUID_TEXT.matcher(object).matches()) {
      object = "";
    }
    // Page 1 to MAX_AUDIT_PAGE, computed in long: a huge number never wraps to a negative offset.
    long page =
        Math.min(MAX_AUDIT_PAGE, Math.max(1, parseLong(ctx.request().getParam("pagina"), 1)));
    int offset = Math.toIntExact((page - 1) * (long) AUDIT_PAGE_SIZE);
    AuditQuery query = AuditQuery.all().page(AUDIT_PAGE_SIZE, offset);
    if (!action.isEmpty()) {
      query = query.action(action);
    }
    if (!object.isEmpty()) {
      query = query.object("account", object);
    }
    AuditQuery q = query;
    String actionFilter = action;
    String objectFilter = object;
    Future.all(audit.search(q), audit.count(q))
        .onSuccess(
            Guarded.on(
                ctx,
                all -> {
                  List<AuditRecord> records = all.resultAt(0);
                  long total = all.resultAt(1);
                  List<Map<String, Object>> rows = new ArrayList<>();
                  for (AuditRecord r : records) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("when", WHEN.format(r.occurredAt().atZone(OpeningHours.ZONE)));
                    row.put("action", r.entry().action());
                    row.put("actor", actor(r));
                    row.put("role", r.entry().actorRole());
                    row.put(
                        "object",
                        r.entry().objectType() == null
                            ? ""
                            : r.entry().objectType() + " " + r.entry().objectId());
                    row.put("address", r.entry().clientAddress());
                    row.put(
                        "details", r.entry().details() == null ? "" : r.entry().details().encode());
                    rows.add(row);
                  }
                  Map<String, Object> model = new LinkedHashMap<>();
                  model.put("records", rows);
                  model.put("total", total);
                  model.put("action", actionFilter);
                  model.put("object", objectFilter);
                  model.put(
                      "next",
                      page * AUDIT_PAGE_SIZE < total && page < MAX_AUDIT_PAGE
                          ? auditHref(actionFilter, objectFilter, page + 1)
                          : null);
                  model.put(
                      "previous",
                      page > 1 ? auditHref(actionFilter, objectFilter, page - 1) : null);
                  pages.render(ctx, "beheer/audit", "beheer.audit.title", model);
                }))
        .onFailure(ctx::fail);
  }

  /** A link to another page of the audit log with the same filters, every value encoded. */
  static String auditHref(String action, String object, long page) {
    QueryStringEncoder href = new QueryStringEncoder("/beheer/audit");
    if (!action.isEmpty()) {
      href.addParam("actie", action);
    }
    if (!object.isEmpty()) {
      href.addParam("object", object);
    }
    href.addParam("pagina", Long.toString(page));
    return href.toString();
  }

  private static String actor(AuditRecord r) {
    if (r.entry().actorName() != null) {
      return r.entry().actorName();
    }
    return r.entry().actorType() == null
        ? ""
        : r.entry().actorType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  // --- helpers

  private Map<String, Object> accountRow(RoutingContext ctx, Account a) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", a.id().toString());
    row.put("name", a.name());
    row.put("email", a.email());
    row.put("active", a.active());
    row.put("invited", a.passwordHash().isEmpty());
    row.put("twoFactor", a.totpSecret().isPresent());
    row.put(
        "roles",
        String.join(
            ", ", a.roles().stream().map(r -> pages.text(ctx, "role." + r.code())).toList()));
    row.put("wijkteams", String.join(", ", a.wijkteams()));
    return row;
  }

  private List<Map<String, Object>> roleChoices(
      RoutingContext ctx, Organisation org, Set<Role> held) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Role role : Role.values()) {
      if (role.swtOnly() == org.swt()) {
        list.add(
            Map.of(
                "code",
                role.code(),
                "label",
                pages.text(ctx, "role." + role.code()),
                "checked",
                held.contains(role)));
      }
    }
    return list;
  }

  private static List<Map<String, Object>> wijkteamChoices(List<Wijkteam> all, List<String> held) {
    return all.stream()
        .map(
            w ->
                Map.<String, Object>of(
                    "code", w.code(), "label", w.name(), "checked", held.contains(w.code())))
        .toList();
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

  private void invalidOr(RoutingContext ctx, Throwable e, Form form, Runnable rerender) {
    if (e instanceof Invalid) {
      Invalid invalid = (Invalid) e;
      form.problem(invalid.field(), invalid.messageKey());
      try {
        rerender.run();
      } catch (RuntimeException again) {
        Guarded.fail(ctx, again);
      }
    } else {
      ctx.fail(e);
    }
  }

  private static Account me(RoutingContext ctx) {
    return SignedInUser.of(ctx).orElseThrow().account();
  }

  private static UUID uuid(RoutingContext ctx, String param) {
    try {
      return UUID.fromString(ctx.pathParam(param));
    } catch (IllegalArgumentException e) {
      ctx.fail(404);
      return null;
    }
  }

  private static int version(Form form) {
    return parse(form.text("version"), -1);
  }

  /** The boxes ticked in a form already read: what a refused form shows again. */
  private static List<String> ticked(Form form, String name) {
    return form.values().get(name) instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : List.of();
  }

  /** A form with nothing typed: the page after a success shows its fields empty. */
  private static Form blank() {
    return new Form(MultiMap.caseInsensitiveMultiMap(), Set.of());
  }

  private static int parse(String s, int otherwise) {
    try {
      return s == null ? otherwise : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /**
   * A page number: too large to be a long reads as the last page, anything else unreadable as
   * {@code otherwise}.
   */
  private static long parseLong(String s, long otherwise) {
    if (s == null) {
      return otherwise;
    }
    String t = s.trim();
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return t.matches("\\+?\\d+") ? Long.MAX_VALUE : otherwise;
    }
  }
}
