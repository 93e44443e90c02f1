package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Pages;

/**
 * The sign-in pages: {@code /login} (password), {@code /login/2fa} (code or recovery code), {@code
 * /login/2fa/instellen} (enrolment by QR code), {@code /login/2fa/herstelcodes} (the recovery codes
 * of a new enrolment, shown once) and {@code /logout}. Each step regenerates the session id, so a
 * planted id is worth nothing.
 */
public final class LoginRoutes {

  static final String RETURN_TO = "returnTo";

  /**
   * The recovery codes of an enrolment just confirmed (a JSON array), until the page shows them.
   */
  static final String NEW_RECOVERY_CODES = "newRecoveryCodes";

  /** How many recovery codes are left after signing in with one, until the start page says so. */
  static final String RECOVERY_CODES_LEFT = "recoveryCodesLeft";

  static final String RECOVERY_CODES_PATH = "/login/2fa/herstelcodes";

  /**
   * A path on this site only: no {@code //host} or {@code /\host}, no spaces, no control
   * characters.
   */
  private static final Pattern LOCAL_PATH = Pattern.compile("^/(?![/\\\\])[\\x21-\\x7E]*$");

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final LoginService login;
  private final Pages pages;
  private final ClientAddress clientAddress;
  private final AuditLog audit;
  private final Clock clock;

  public LoginRoutes(
      LoginService login, Pages pages, ClientAddress clientAddress, AuditLog audit, Clock clock) {
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
    router.get(RECOVERY_CODES_PATH).handler(this::recoveryCodes);
    router.post("/logout").handler(this::logout);
  }

  /** {@code path} when it is a path on this site, else {@code null}. */
  static String localPath(Object path) {
    return path instanceof String text && LOCAL_PATH.matcher(text).matches() ? text : null;
  }

  private void loginPage(RoutingContext ctx) {
    if (SignedInUser.of(ctx).isPresent()) {
      Redirect.seeOther(ctx, "/start");
      return;
    }
    // Signing in needs a session: it starts here, and its id changes at every step.
    Session session = Sessions.start(ctx);
    String back = localPath(ctx.request().getParam("terug"));
    if (back != null) {
      session.put(RETURN_TO, back);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("values", Map.of());
    model.put("expired", ctx.request().getParam("verlopen") != null);
    pages.render(ctx, "identity/login", "login.title", model);
  }

  private void password(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String username = form.text("username");
    String password = form.secret("password");
    if (form.unreadable()) {
      // No account has such a name or password: the same answer as for any wrong one.
      form.withoutProblems().problem("username", "login.error.wrong");
      pages.render(ctx, 400, "identity/login", "login.title", pages.errorModel(ctx, form));
      return;
    }
    if (username.isEmpty()) {
      form.problem("username", "login.error.usernameMissing");
    }
    if (password.isEmpty()) {
      form.problem("password", "login.error.passwordMissing");
    }
    if (!form.ok()) {
      pages.render(ctx, 400, "identity/login", "login.title", pages.errorModel(ctx, form));
      return;
    }
    login
        .password(username, password, clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                outcome -> {
                  if (outcome instanceof LoginService.NeedsCode needsCode) {
                    Access.pending(ctx, needsCode.accountId(), clock);
                    Redirect.seeOther(ctx, "/login/2fa");
                  } else if (outcome instanceof LoginService.NeedsEnrolment needsEnrolment) {
                    Access.pending(ctx, needsEnrolment.accountId(), clock);
                    Redirect.seeOther(ctx, "/login/2fa/instellen");
                  } else {
                    refuse(ctx, form, "username", outcome);
                  }
                }))
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
    Form form = Form.of(ctx);
    String code = form.secret("code");
    if (form.unreadable()) {
      form.withoutProblems().problem("code", "login.error.codeWrong");
      pages.render(ctx, 400, "identity/code", "login.code.title", pages.errorModel(ctx, form));
      return;
    }
    if (code.isBlank()) {
      form.problem("code", "login.error.codeMissing");
      pages.render(ctx, 400, "identity/code", "login.code.title", pages.errorModel(ctx, form));
      return;
    }
    login
        .code(pending, code, clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                outcome -> {
                  if (outcome instanceof LoginService.SignedIn signedIn) {
                    Access.signIn(ctx, signedIn.account(), clock);
                    Object stored = ctx.session().remove(RETURN_TO);
                    String back = localPath(stored);
                    if (signedIn.usedRecoveryCode()) {
                      // The start page says how many codes are left: that matters more than where
                      // they were going.
                      ctx.session()
                          .put(RECOVERY_CODES_LEFT, Long.valueOf(signedIn.recoveryCodesLeft()));
                      back = "/start";
                    }
                    Redirect.seeOther(ctx, back != null ? back : landing(signedIn.account()));
                  } else {
                    refuse(ctx, form, "code", outcome);
                  }
                }))
        .onFailure(ctx::fail);
  }

  /**
   * Where a sign-in without a return address lands: triage works from the inbox, everyone else
   * starts at /start.
   */
  static String landing(Account account) {
    return account.has(Role.TRIAGE) ? "/inbox" : "/start";
  }

  private void enrolPage(RoutingContext ctx) {
    UUID pending = Access.pendingAccount(ctx, clock);
    if (pending == null) {
      Redirect.seeOther(ctx, "/login");
      return;
    }
    showEnrolment(ctx, pending, 200, Map.of());
  }

  private void showEnrolment(
      RoutingContext ctx, UUID accountId, int status, Map<String, Object> extra) {
    login
        .startEnrolment(accountId)
        .onSuccess(
            Guarded.on(
                ctx,
                enrolment -> {
                  Map<String, Object> model = new LinkedHashMap<>(extra);
                  model.put("qr", enrolment.qrDataUri());
                  model.put("secret", groups(enrolment.secret()));
                  pages.render(ctx, status, "identity/enrol", "login.enrol.title", model);
                }))
        .onFailure(e -> Redirect.seeOther(ctx, "/login"));
  }

  private void enrol(RoutingContext ctx) {
    UUID pending = Access.pendingAccount(ctx, clock);
    if (pending == null) {
      Redirect.seeOther(ctx, "/login?verlopen=1");
      return;
    }
    Form form = Form.of(ctx);
    String code = form.secret("code");
    if (form.unreadable()) {
      form.withoutProblems().problem("code", "login.error.codeWrong");
      showEnrolment(ctx, pending, 400, pages.errorModel(ctx, form));
      return;
    }
    if (code.isBlank()) {
      form.problem("code", "login.error.codeMissing");
      showEnrolment(ctx, pending, 400, pages.errorModel(ctx, form));
      return;
    }
    login
        .confirmEnrolment(pending, code, clientAddress.of(ctx))
        .onSuccess(
            Guarded.on(
                ctx,
                enrolled -> {
                  if (enrolled.isEmpty()) {
                    form.problem("code", "login.error.codeWrong");
                    showEnrolment(ctx, pending, 400, pages.errorModel(ctx, form));
                    return;
                  }
                  Access.signIn(ctx, enrolled.get().account(), clock);
                  // Post/redirect/get: the page with the codes is rendered for the new session id,
                  // so its
                  // forms (sign out) carry a CSRF token that belongs to it.
                  ctx.session()
                      .put(
                          NEW_RECOVERY_CODES,
                          new JsonArray(new ArrayList<>(enrolled.get().recoveryCodes())).encode());
                  Redirect.seeOther(ctx, RECOVERY_CODES_PATH);
                }))
        .onFailure(ctx::fail);
  }

  /** The recovery codes of the enrolment just confirmed in this session: shown once, then gone. */
  private void recoveryCodes(RoutingContext ctx) {
    Session session = ctx.session();
    Object stored = session == null ? null : session.remove(NEW_RECOVERY_CODES);
    List<String> codes = codes(stored);
    if (codes.isEmpty() || SignedInUser.of(ctx).isEmpty()) {
      Redirect.seeOther(ctx, SignedInUser.of(ctx).isPresent() ? "/start" : "/login");
      return;
    }
    pages.render(ctx, "identity/recovery-codes", "login.recovery.title", Map.of("codes", codes));
  }

  private static List<String> codes(Object stored) {
    if (!(stored instanceof String json)) {
      return List.of();
    }
    try {
      List<String> codes = new ArrayList<>();
      for (Object code : new JsonArray(json)) {
        if (code instanceof String text) {
          codes.add(text);
        }
      }
      return codes;
    } catch (DecodeException e) {
      return List.of();
    }
  }

  private void logout(RoutingContext ctx) {
    Future<Void> audited =
        SignedInUser.of(ctx)
            .map(
                u ->
                    audit.record(
                        LoginService.as(AuditEntry.of("logout"), u.account())
                            .from(clientAddress.of(ctx))))
            .orElse(Future.succeededFuture());
    audited
        .onSuccess(
            Guarded.on(
                ctx,
                v -> {
                  if (ctx.session() != null) {
                    ctx.session().destroy();
                  }
                  Redirect.seeOther(ctx, "/?uitgelogd=1");
                }))
        .onFailure(ctx::fail);
  }

  /**
   * Shows the form again with why it did not work: wrong, locked (until when) or too many tries.
   */
  private void refuse(RoutingContext ctx, Form form, String field, Object outcome) {
    boolean codeStep = field.equals("code");
    if (outcome instanceof LoginService.Throttled throttled) {
      ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds(throttled)));
      pages.render(
          ctx,
          429,
          "errors/error",
          "error.429.title",
          Map.of("code", 429, "message", pages.text(ctx, "error.429.message")));
      return;
    }
    if (outcome instanceof LoginService.Locked locked) {
      form.problem(field, "login.error.locked", time(locked.until()));
    } else {
      form.problem(field, codeStep ? "login.error.codeWrong" : "login.error.wrong");
    }
    pages.render(
        ctx,
        400,
        codeStep ? "identity/code" : "identity/login",
        codeStep ? "login.code.title" : "login.title",
        pages.errorModel(ctx, form));
  }

  /** Whole seconds, rounded up, at least 1. */
  static long retryAfterSeconds(LoginService.Throttled throttled) {
    Duration wait = throttled.retryAfter() == null ? Duration.ZERO : throttled.retryAfter();
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  private String time(Instant instant) {
    return HH_MM.format(instant.atZone(OpeningHours.ZONE));
  }

  private static List<String> groups(String secret) {
    return Arrays.asList(secret.split("(?<=\\G.{4})"));
  }
}
