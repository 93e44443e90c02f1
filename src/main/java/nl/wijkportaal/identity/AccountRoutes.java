package nl.wijkportaal.identity;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Pages;

/**
 * Pages around an account: setting the password from an invitation link, creating the first
 * administrator from the set-up link, and the start page that lists what a role can do today.
 */
public final class AccountRoutes {

  private final ActivationService activation;
  private final Access access;
  private final Pages pages;
  private final ClientAddress clientAddress;
  private final Clock clock;
  private final boolean demo;

  public AccountRoutes(
      ActivationService activation,
      Access access,
      Pages pages,
      ClientAddress clientAddress,
      Clock clock,
      boolean demo) {
    this.activation = activation;
    this.access = access;
    this.pages = pages;
    this.clientAddress = clientAddress;
    this.clock = clock;
    this.demo = demo;
  }

  public void mount(Router router) {
    router.get("/account/activeren").handler(this::activatePage);
    router.post("/account/activeren").handler(this::activate);
    router.get("/setup").handler(this::setupPage);
    router.post("/setup").handler(this::setup);
    router.get("/start").handler(access.signedIn()).handler(this::start);
  }

  private void activatePage(RoutingContext ctx) {
    String token = ctx.request().getParam("token", "");
    if (Form.controlCharacters(token, false)) {
      pages.render(ctx, 404, "identity/link-invalid", "activate.title", Map.of());
      return;
    }
    renderActivate(ctx, 200, new LinkedHashMap<>(), token);
  }

  private void activate(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String token = form.text("token");
    String password = form.secret("password");
    String repeat = form.secret("passwordRepeat");
    if (form.unreadable()) {
      renderActivate(ctx, 400, pages.errorModel(ctx, form), token);
      return;
    }
    if (!password.equals(repeat)) {
      form.problem("passwordRepeat", "password.mismatch");
      renderActivate(ctx, 400, pages.errorModel(ctx, form), token);
      return;
    }
    activation
        .activate(token, password, clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                accountId -> {
                  Access.pending(ctx, accountId, clock);
                  Redirect.seeOther(ctx, "/login/2fa/instellen");
                }))
        .onFailure(
            e -> {
              if (e instanceof Invalid invalid) {
                form.problem(invalid.field(), invalid.messageKey());
                renderActivate(ctx, 400, pages.errorModel(ctx, form), token);
              } else {
                ctx.fail(e);
              }
            });
  }

  /**
   * The set-password page for a valid invitation link, or the page that says the link no longer
   * works.
   */
  private void renderActivate(
      RoutingContext ctx, int status, Map<String, Object> model, String token) {
    activation
        .invited(token)
        .onSuccess(
            Guarded.on(
                ctx,
                found -> {
                  if (found.isEmpty()) {
                    pages.render(ctx, 404, "identity/link-invalid", "activate.title", Map.of());
                    return;
                  }
                  model.put("token", token);
                  model.put("email", found.get().email());
                  pages.render(ctx, status, "identity/activate", "activate.title", model);
                }))
        .onFailure(ctx::fail);
  }

  private void setupPage(RoutingContext ctx) {
    String token = ctx.request().getParam("token", "");
    if (Form.controlCharacters(token, false)) {
      pages.render(ctx, 404, "identity/link-invalid", "setup.title", Map.of());
      return;
    }
    activation
        .setupValid(token)
        .onSuccess(
            Guarded.on(
                ctx,
                valid -> {
                  if (!valid) {
                    pages.render(ctx, 404, "identity/link-invalid", "setup.title", Map.of());
                    return;
                  }
                  Map<String, Object> model = new LinkedHashMap<>();
                  model.put("token", token);
                  model.put("values", Map.of());
                  pages.render(ctx, "identity/setup", "setup.title", model);
                }))
        .onFailure(ctx::fail);
  }

  private void setup(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String token = form.text("token");
    String organisation = form.text("organisation");
    String name = form.text("name");
    String email = form.text("email");
    String password = form.secret("password");
    String repeat = form.secret("passwordRepeat");
    if (form.unreadable() || !password.equals(repeat)) {
      if (form.ok()) {
        form.problem("passwordRepeat", "password.mismatch");
      }
      Map<String, Object> model = pages.errorModel(ctx, form);
      model.put("token", token);
      pages.render(ctx, 400, "identity/setup", "setup.title", model);
      return;
    }
    activation
        .setup(token, organisation, name, email, password, clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                accountId -> {
                  Access.pending(ctx, accountId, clock);
                  Redirect.seeOther(ctx, "/login/2fa/instellen");
                }))
        .onFailure(
            e -> {
              if (e instanceof Invalid invalid) {
                form.problem(invalid.field(), invalid.messageKey());
                Map<String, Object> model = pages.errorModel(ctx, form);
                model.put("token", token);
                pages.render(ctx, 400, "identity/setup", "setup.title", model);
              } else {
                ctx.fail(e);
              }
            });
  }

  /** What each role can do today; links appear here as their features land. */
  private void start(RoutingContext ctx) {
    Account account = SignedInUser.of(ctx).orElseThrow().account();
    List<Map<String, String>> tasks = new ArrayList<>();
    List<String> comingSoon = new ArrayList<>();
    if (account.has(Role.BEHEERDER)) {
      tasks.add(task(ctx, "/beheer", "start.task.beheer"));
      tasks.add(task(ctx, "/beheer/audit", "start.task.audit"));
      if (demo) {
        tasks.add(task(ctx, "/beheer/demo-mailbox", "start.task.mailbox"));
      }
    }
    if (account.has(Role.TRIAGE) || account.has(Role.TEAMLEIDER)) {
      tasks.add(task(ctx, "/inbox", "triage.task.inbox"));
    }
    if (account.has(Role.BEHEERDER)
        || (account.has(Role.TEAMLEIDER) && account.organisation().swt())) {
      tasks.add(task(ctx, "/sturing", "insight.task.sturing"));
    }
    if (account.has(Role.CHAT)) {
      comingSoon.add(pages.text(ctx, "start.soon.chat"));
    }
    if (account.has(Role.REDACTEUR)) {
      tasks.add(task(ctx, "/redactie", "start.task.redactie"));
    }
    if (account.has(Role.MELDER)) {
      tasks.add(task(ctx, "/signaleren", "signalen.task.new"));
      tasks.add(task(ctx, "/signaleren/meldingen", "signalen.task.list"));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("organisation", account.organisation().name());
    model.put(
        "roles", account.roles().stream().map(r -> pages.text(ctx, "role." + r.code())).toList());
    model.put("wijkteams", account.wijkteams());
    model.put("tasks", tasks);
    model.put("comingSoon", comingSoon);
    Object left =
        ctx.session() == null ? null : ctx.session().remove(LoginRoutes.RECOVERY_CODES_LEFT);
    if (left instanceof Number number) {
      long codes = number.longValue();
      model.put(
          "recoveryNotice",
          pages.text(ctx, codes <= 1 ? "start.recovery.low" : "start.recovery.left", codes));
    }
    pages.render(ctx, "identity/start", "start.title", model);
  }

  private Map<String, String> task(RoutingContext ctx, String href, String key) {
    return Map.of(
        "href",
        href,
        "title",
        pages.text(ctx, key + ".title"),
        "text",
        pages.text(ctx, key + ".text"));
  }
}
