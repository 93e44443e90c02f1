package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Pages;

/**
 * The sign-in pages: {@code /login} (password), {@code /login/2fa} (code or recovery code),
 * {@code /login/2fa/instellen} (enrolment by QR code, recovery codes shown once) and
 * {@code /logout}. Each step regenerates the session id, so a planted id is worth nothing.
 */
public final class LoginRoutes {

  static final String RETURN_TO = "returnTo";
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final LoginService login;
  private final Pages pages;
  private final ClientAddress clientAddress;
  private final AuditLog audit;
  private final Clock clock;

  public LoginRoutes(LoginService login, Pages pages, ClientAddress clientAddress, AuditLog audit, Clock clock) {
    this.login = login;
    this.pages = pages;
    this.clientAddress = clientAddress;
    this.audit = audit;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/login").handler(this::loginPage);
    router.post("/login").handler(this::password);
    router.get("/login/2fa").handler(this::codePage);
    router.post("/login/2fa").handler(this::code);
    router.get("/login/2fa/instellen").handler(this::enrolPage);
    router.post("/login/2fa/instellen").handler(this::enrol);
    router.post("/logout").handler(this::logout);
  }

  private void loginPage(RoutingContext ctx) {
    if (SignedInUser.of(ctx).isPresent()) {
      Redirect.seeOther(ctx, "/start");
      return;
    }
    String back = ctx.request().getParam("terug");
    if (back != null && back.startsWith("/") && !back.startsWith("//")) {
      ctx.session().put(RETURN_TO, back);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("values", Map.of());
    model.put("expired", ctx.request().getParam("verlopen") != null);
    pages.render(ctx, "identity/login", "login.title", model);
  }

  private void password(RoutingContext ctx) {
    Form form = new Form(ctx, pages);
    String username = form.value("username");
    String password = form.secret("password");
    if (username.isEmpty()) {
      form.error("username", "login.error.usernameMissing");
    }
    if (password.isEmpty()) {
      form.error("password", "login.error.passwordMissing");
    }
    if (!form.valid()) {
      pages.render(ctx, 400, "identity/login", "login.title", form.model());
      return;
    }
    login
        .password(username, password, clientAddress.of(ctx))
        .onSuccess(
            outcome -> {
              if (outcome instanceof LoginService.NeedsCode next) {
                Access.pending(ctx, next.accountId(), clock);
                Redirect.seeOther(ctx, "/login/2fa");
              } else if (outcome instanceof LoginService.NeedsEnrolment next) {
                Access.pending(ctx, next.accountId(), clock);
                Redirect.seeOther(ctx, "/login/2fa/instellen");
              } else {
                refuse(ctx, form, "username", outcome);
              }
            })
        .onFailure(ctx::fail);
  }

  private void codePage(RoutingContext ctx) {
    if (Access.pendingAccount(ctx, clock) == null) {
      Redirect.seeOther(ctx, "/login");
      return;
    }
    pages.render(ctx, "identity/code", "login.code.title", Map.of());
  }

  private void code(RoutingContext ctx) {
    UUID pending = Access.pendingAccount(ctx, clock);
    if (pending == null) {
      Redirect.seeOther(ctx, "/login?verlopen=1");
      return;
    }
    Form form = new Form(ctx, pages);
    String code = form.secret("code");
    if (code.isBlank()) {
      form.error("code", "login.error.codeMissing");
      pages.render(ctx, 400, "identity/code", "login.code.title", form.model());
      return;
    }
    login
        .code(pending, code, clientAddress.of(ctx))
        .onSuccess(
            outcome -> {
              if (outcome instanceof LoginService.SignedIn signedIn) {
                Access.signIn(ctx, signedIn.account(), clock);
                String back = ctx.session().remove(RETURN_TO);
                Redirect.seeOther(ctx, back != null ? back : "/start");
              } else {
                refuse(ctx, form, "code", outcome);
              }
            })
        .onFailure(ctx::fail);
  }

  private void enrolPage(RoutingContext ctx) {
    UUID pending = Access.pendingAccount(ctx, clock);
    if (pending == null) {
      Redirect.seeOther(ctx, "/login");
      return;
    }
    showEnrolment(ctx, pending, 200, Map.of());
  }

  private void showEnrolment(RoutingContext ctx, UUID accountId, int status, Map<String, Object> extra) {
    login
        .startEnrolment(accountId)
        .onSuccess(
            enrolment -> {
              Map<String, Object> model = new LinkedHashMap<>(extra);
              model.put("qr", enrolment.qrDataUri());
              model.put("secret", groups(enrolment.secret()));
              pages.render(ctx, status, "identity/enrol", "login.enrol.title", model);
            })
        .onFailure(e -> Redirect.seeOther(ctx, "/login"));
  }

  private void enrol(RoutingContext ctx) {
    UUID pending = Access.pendingAccount(ctx, clock);
    if (pending == null) {
      Redirect.seeOther(ctx, "/login?verlopen=1");
      return;
    }
    Form form = new Form(ctx, pages);
    String code = form.secret("code");
    login
        .confirmEnrolment(pending, code, clientAddress.of(ctx))
        .compose(
            codes -> {
              if (codes.isEmpty()) {
                form.error("code", "login.error.codeWrong");
                showEnrolment(ctx, pending, 400, form.model());
                return Future.succeededFuture();
              }
              return login.account(pending).onSuccess(account -> {
                Access.signIn(ctx, account, clock);
                pages.render(ctx, "identity/recovery-codes", "login.recovery.title", Map.of("codes", codes.get()));
              }).mapEmpty();
            })
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    Future<Void> audited =
        SignedInUser.of(ctx)
            .map(u -> audit.record(LoginService.as(AuditEntry.of("logout"), u.account()).from(clientAddress.of(ctx))))
            .orElse(Future.succeededFuture());
    audited
        .onSuccess(
            v -> {
              ctx.session().destroy();
              Redirect.seeOther(ctx, "/?uitgelogd=1");
            })
        .onFailure(ctx::fail);
  }

  /** Shows the form again with why it did not work: wrong, locked (until when) or too many tries. */
  private void refuse(RoutingContext ctx, Form form, String field, Object outcome) {
    boolean codeStep = field.equals("code");
    if (outcome instanceof LoginService.Throttled) {
      pages.render(ctx, 429, "errors/error", "error.429.title", Map.of("code", 429, "message", pages.text(ctx, "error.429.message")));
      return;
    }
    if (outcome instanceof LoginService.Locked locked) {
      form.error(field, "login.error.locked", time(locked.until()));
    } else {
      form.error(field, codeStep ? "login.error.codeWrong" : "login.error.wrong");
    }
    pages.render(ctx, 400, codeStep ? "identity/code" : "identity/login", codeStep ? "login.code.title" : "login.title", form.model());
  }

  private String time(java.time.Instant instant) {
    return HH_MM.format(instant.atZone(OpeningHours.ZONE));
  }

  private static List<String> groups(String secret) {
    return java.util.Arrays.asList(secret.split("(?<=\\G.{4})"));
  }
}
