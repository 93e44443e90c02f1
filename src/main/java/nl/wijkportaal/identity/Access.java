package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.web.Pages;

/**
 * Who is behind a browser session, and whether they may pass: deny by default. The account is read
 * again on every request, so a deactivation or role change takes effect at once; a session whose
 * security stamp is not the account's (password set again, two-factor reset or enrolled, roles
 * changed) ends at once; a session older than the absolute limit ends whatever its activity.
 */
public final class Access {

  static final String ACCOUNT = "accountId";
  static final String SIGNED_IN_AT = "signedInAt";
  static final String STAMP = "securityStamp";
  static final String PENDING = "pendingAccountId";
  static final String PENDING_AT = "pendingAt";
  static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

  private final IdentityRepository repository;
  private final Clock clock;
  private final Duration absolute;

  public Access(IdentityRepository repository, Clock clock, AppConfig.Identity config) {
    this.repository = repository;
    this.clock = clock;
    this.absolute = Duration.ofHours(config.sessionAbsoluteHours());
  }

  /** Puts the signed-in account, if any, on the request (and in the page header). */
  public void identify(RoutingContext ctx) {
    Session session = ctx.session();
    Object id = session == null ? null : session.data().get(ACCOUNT);
    if (id == null) {
      ctx.next();
      return;
    }
    UUID accountId = uuid(id);
    Object since = session.data().get(SIGNED_IN_AT);
    Object stamp = session.data().get(STAMP);
    if (accountId == null
        || !(since instanceof Long signedInAt)
        || !(stamp instanceof Integer securityStamp)
        || clock.millis() - signedInAt > absolute.toMillis()) {
      session.destroy();
      ctx.next();
      return;
    }
    repository
        .signedIn(accountId)
        .onSuccess(
            found -> {
              try {
                if (found.isEmpty()
                    || !found.get().canSignIn()
                    || found.get().securityStamp() != securityStamp.intValue()) {
                  session.destroy();
                } else {
                  Account account = found.get();
                  ctx.put(SignedInUser.KEY, new SignedInUser(account));
                  ctx.put(
                      Pages.VIEWER,
                      Map.of(
                          "name",
                          account.name(),
                          "organisation",
                          account.organisation().name(),
                          "staffNav",
                          staffNav(account, ctx.request().path())));
                }
              } catch (RuntimeException e) {
                ctx.fail(e);
                return;
              }
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  /**
   * The staff layout's navigation: the pages this account's roles may use (empty for a melder, who
   * keeps the residents' layout). Labels are text keys; the current page is marked.
   */
  static List<Map<String, Object>> staffNav(Account account, String path) {
    List<Map<String, Object>> links = new ArrayList<>();
    if (account.has(Role.TRIAGE) || account.has(Role.TEAMLEIDER)) {
      links.add(navLink("/inbox", "nav.inbox", path));
    }
    if (account.has(Role.CHAT)) {
      links.add(navLink("/chat-console", "nav.chatConsole", path));
    }
    if (account.has(Role.TEAMLEIDER)) {
      links.add(navLink("/chat-console/standaardantwoorden", "nav.cannedAnswers", path));
    }
    return links;
  }

  private static Map<String, Object> navLink(String href, String label, String path) {
    boolean under = path != null && (path.equals(href) || path.startsWith(href + "/"));
    // The canned answers live below the console but are a page of their own.
    boolean current =
        under
            && (href.endsWith("/standaardantwoorden")
                || !path.startsWith("/chat-console/standaardantwoorden"));
    return Map.of("href", href, "label", label, "current", current);
  }

  /**
   * The account signed in on a stored session, checked as {@link #identify} checks it: for the
   * chat's event-bus bridge, which runs before the session handler.
   */
  public Future<Optional<Account>> accountOf(Session session) {
    Object id = session.data().get(ACCOUNT);
    UUID accountId = id == null ? null : uuid(id);
    Object since = session.data().get(SIGNED_IN_AT);
    Object stamp = session.data().get(STAMP);
    if (accountId == null
        || !(since instanceof Long signedInAt)
        || !(stamp instanceof Integer securityStamp)
        || clock.millis() - signedInAt > absolute.toMillis()) {
      return Future.succeededFuture(Optional.empty());
    }
    return repository
        .signedIn(accountId)
        .map(
            found ->
                found.filter(a -> a.canSignIn() && a.securityStamp() == securityStamp.intValue()));
  }

  /**
   * Whether a stored session (read back from the store) still holds {@code accountId} signed in.
   */
  public static boolean isSignedIn(Session session, UUID accountId) {
    return accountId.toString().equals(session.data().get(ACCOUNT));
  }

  /** Lets through only a signed-in account that holds one of {@code roles}. */
  public Handler<RoutingContext> require(Role... roles) {
    return ctx -> {
      SignedInUser user = ctx.get(SignedInUser.KEY);
      if (user == null) {
        if (HttpMethod.GET.equals(ctx.request().method())) {
          String back = URLEncoder.encode(ctx.request().uri(), StandardCharsets.UTF_8);
          ctx.redirect("/login?terug=" + back);
        } else {
          ctx.fail(401);
        }
        return;
      }
      if (Arrays.stream(roles).anyMatch(user::has)) {
        ctx.next();
      } else {
        ctx.fail(403);
      }
    };
  }

  /** Lets through any signed-in account. */
  public Handler<RoutingContext> signedIn() {
    return require(Role.values());
  }

  public static void signIn(RoutingContext ctx, Account account, Clock clock) {
    Session session = Sessions.start(ctx);
    session.regenerateId();
    session.remove(PENDING);
    session.remove(PENDING_AT);
    session.put(ACCOUNT, account.id().toString());
    session.put(SIGNED_IN_AT, clock.millis());
    session.put(STAMP, account.securityStamp());
  }

  /**
   * After a change this session made to its own account: the session goes on with the account's new
   * stamp.
   */
  static boolean keepSignedIn(RoutingContext ctx, Account account) {
    Session session = ctx.session();
    if (session == null || !account.id().toString().equals(session.data().get(ACCOUNT))) {
      return false;
    }
    session.put(STAMP, account.securityStamp());
    return true;
  }

  static void pending(RoutingContext ctx, UUID accountId, Clock clock) {
    Session session = Sessions.start(ctx);
    session.regenerateId();
    session.remove(ACCOUNT);
    session.put(PENDING, accountId.toString());
    session.put(PENDING_AT, clock.millis());
  }

  /** The account that passed the password step in this session, if it did so recently. */
  static UUID pendingAccount(RoutingContext ctx, Clock clock) {
    Session session = ctx.session();
    Object id = session == null ? null : session.data().get(PENDING);
    Object at = session == null ? null : session.data().get(PENDING_AT);
    if (!(at instanceof Long passedAt) || clock.millis() - passedAt > PENDING_LIFETIME.toMillis()) {
      return null;
    }
    return uuid(id);
  }

  /** A UUID kept in the session as text; {@code null} for anything else, never an exception. */
  static UUID uuid(Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
