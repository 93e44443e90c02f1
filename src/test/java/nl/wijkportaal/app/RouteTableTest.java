package nl.wijkportaal.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deny by default, proven: every route of the application is in this table with who may use it, and
 * is tried anonymously and as every role (and none may answer 5xx to an empty or made-up request).
 * A route added without an entry fails here.
 */
class RouteTableTest {

  /** Who may use a route. */
  private record Allowed(boolean everyone, boolean bearer, Set<Role> roles) {
    static Allowed anyone() {
      return new Allowed(true, false, Set.of());
    }

    /** Partner systems with a bearer token only; a browser session opens nothing here. */
    static Allowed token() {
      return new Allowed(false, true, Set.of());
    }

    static Allowed roles(Role first, Role... more) {
      return new Allowed(false, false, EnumSet.of(first, more));
    }

    static Allowed signedIn() {
      return new Allowed(false, false, EnumSet.allOf(Role.class));
    }
  }

  private static final Map<String, Allowed> TABLE = new LinkedHashMap<>();

  static {
    // Machines and assets
    TABLE.put("GET /health/live", Allowed.anyone());
    TABLE.put("GET /health/ready", Allowed.anyone());
    TABLE.put("GET /metrics", Allowed.anyone()); // loopback or token: MetricsTest
    // Residents
    TABLE.put("GET /", Allowed.anyone());
    TABLE.put("GET /contact", Allowed.anyone());
    TABLE.put("GET /aanbod", Allowed.anyone());
    TABLE.put("GET /aanbod/:slug", Allowed.anyone());
    TABLE.put("GET /wegwijzer", Allowed.anyone());
    TABLE.put("POST /wegwijzer", Allowed.anyone());
    TABLE.put("GET /wegwijzer/advies", Allowed.anyone());
    TABLE.put("GET /aanmelden", Allowed.anyone());
    TABLE.put("POST /aanmelden", Allowed.anyone());
    TABLE.put("GET /aanmelden/ontvangen", Allowed.anyone());
    TABLE.put("GET /aanmelden/:stap", Allowed.anyone());
    TABLE.put("POST /aanmelden/:stap", Allowed.anyone());
    TABLE.put("GET /aanmelden/status/:token", Allowed.anyone());
    TABLE.put("POST /aanmelden/status/:token/aanvullen", Allowed.anyone());
    TABLE.put("POST /aanmelden/status/:token/intrekken", Allowed.anyone());
    TABLE.put("POST /aanmelden/status/:token/heropenen", Allowed.anyone());
    TABLE.put("GET /klacht", Allowed.anyone());
    TABLE.put("POST /klacht", Allowed.anyone());
    TABLE.put("GET /klacht/ontvangen", Allowed.anyone());
    TABLE.put("GET /ervaring/:token", Allowed.anyone());
    TABLE.put("POST /ervaring/:token", Allowed.anyone());
    TABLE.put("GET /aanmelden/status/:token/ervaring", Allowed.anyone());
    TABLE.put("POST /aanmelden/status/:token/ervaring", Allowed.anyone());
    TABLE.put("GET /chat", Allowed.anyone());
    TABLE.put("POST /chat", Allowed.anyone());
    TABLE.put("POST /chat/vraag", Allowed.anyone());
    TABLE.put("GET /chat/vraag/ontvangen", Allowed.anyone());
    TABLE.put(
        "GET /chat/gesprek/:id", Allowed.anyone()); // only with the cookie that owns it: ChatTest
    TABLE.put("POST /chat/gesprek/:id/bericht", Allowed.anyone());
    TABLE.put("POST /chat/gesprek/:id/einde", Allowed.anyone());
    TABLE.put("POST /chat/gesprek/:id/score", Allowed.anyone());
    TABLE.put("POST /chat/gesprek/:id/verslag", Allowed.anyone());
    // The chat's event-bus bridge (SockJS): open to anyone, the bridge's address rules decide
    // (ChatBridgeTest)
    TABLE.put("GET /eventbus/info", Allowed.anyone());
    TABLE.put("OPTIONS /eventbus/info", Allowed.anyone());
    TABLE.put("GET /eventbus/iframe.html", Allowed.anyone());
    TABLE.put("GET /eventbus/websocket", Allowed.anyone());
    TABLE.put("POST /eventbus/chunking_test", Allowed.anyone()); // answered 404 before the bridge
    TABLE.put("OPTIONS /eventbus/chunking_test", Allowed.anyone());
    // The XHR transports' frames, read as a body before the bridge (ChatXhrTransportTest)
    TABLE.put("POST /eventbus/:server/:session/", Allowed.anyone());
    TABLE.put("GET /inbox/live", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("GET /inbox/items/:id/aanwezig", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    // Melders at vindplekken
    TABLE.put("GET /signaleren", Allowed.roles(Role.MELDER));
    TABLE.put("POST /signaleren", Allowed.roles(Role.MELDER));
    TABLE.put("GET /signaleren/meldingen", Allowed.roles(Role.MELDER));
    TABLE.put("GET /signaleren/meldingen/:id", Allowed.roles(Role.MELDER));
    TABLE.put("POST /signaleren/meldingen/:id/aanvullen", Allowed.roles(Role.MELDER));
    // SWT staff: the triage inbox
    TABLE.put("GET /inbox", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("POST /inbox/weergaven", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("POST /inbox/weergaven/:id/verwijderen", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("POST /inbox/herinneringen/:id/gedaan", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("GET /inbox/nieuw", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("POST /inbox/nieuw", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("GET /inbox/items/:id", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("GET /inbox/items/:id/toegang", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    TABLE.put("POST /inbox/items/:id/:actie", Allowed.roles(Role.TRIAGE, Role.TEAMLEIDER));
    // Sturing: the KPI dashboard
    TABLE.put("GET /sturing", Allowed.roles(Role.TEAMLEIDER, Role.BEHEERDER));
    TABLE.put("GET /sturing/csv/:kpi", Allowed.roles(Role.TEAMLEIDER, Role.BEHEERDER));
    TABLE.put("GET /inbox/klachten/:id", Allowed.roles(Role.TEAMLEIDER));
    TABLE.put("POST /inbox/klachten/:id/verlengen", Allowed.roles(Role.TEAMLEIDER));
    TABLE.put("POST /inbox/klachten/:id/afhandelen", Allowed.roles(Role.TEAMLEIDER));
    // Chat workers; the teamleider keeps the canned answers
    TABLE.put("GET /chat-console", Allowed.roles(Role.CHAT));
    TABLE.put("POST /chat-console/beschikbaarheid", Allowed.roles(Role.CHAT));
    TABLE.put("POST /chat-console/gesprekken/:id/aannemen", Allowed.roles(Role.CHAT));
    TABLE.put("GET /chat-console/gesprekken/:id", Allowed.roles(Role.CHAT));
    TABLE.put("POST /chat-console/gesprekken/:id/bericht", Allowed.roles(Role.CHAT));
    TABLE.put("POST /chat-console/gesprekken/:id/standaardantwoord", Allowed.roles(Role.CHAT));
    TABLE.put("POST /chat-console/gesprekken/:id/aanbod", Allowed.roles(Role.CHAT));
    TABLE.put("POST /chat-console/gesprekken/:id/overdragen", Allowed.roles(Role.CHAT));
    TABLE.put("POST /chat-console/gesprekken/:id/einde", Allowed.roles(Role.CHAT));
    TABLE.put("POST /chat-console/gesprekken/:id/aanmelding", Allowed.roles(Role.CHAT));
    TABLE.put("GET /chat-console/standaardantwoorden", Allowed.roles(Role.TEAMLEIDER));
    TABLE.put("POST /chat-console/standaardantwoorden", Allowed.roles(Role.TEAMLEIDER));
    TABLE.put(
        "POST /chat-console/standaardantwoorden/:id/verwijderen", Allowed.roles(Role.TEAMLEIDER));
    // Signing in
    TABLE.put("GET /login", Allowed.anyone());
    TABLE.put("POST /login", Allowed.anyone());
    TABLE.put("GET /login/2fa", Allowed.anyone());
    TABLE.put("POST /login/2fa", Allowed.anyone());
    TABLE.put("GET /login/2fa/instellen", Allowed.anyone());
    TABLE.put("POST /login/2fa/instellen", Allowed.anyone());
    TABLE.put("GET /login/2fa/herstelcodes", Allowed.anyone());
    TABLE.put("POST /logout", Allowed.anyone());
    TABLE.put("GET /account/activeren", Allowed.anyone());
    TABLE.put("POST /account/activeren", Allowed.anyone());
    TABLE.put("GET /setup", Allowed.anyone());
    TABLE.put("POST /setup", Allowed.anyone());
    TABLE.put("GET /start", Allowed.signedIn());
    // Administration
    TABLE.put("GET /beheer", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/organisaties", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/wijkteams", Allowed.roles(Role.BEHEERDER));
    TABLE.put("GET /beheer/organisaties/:id", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/organisaties/:id/accounts", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/organisaties/:id/api-clients", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/api-clients/:clientId/status", Allowed.roles(Role.BEHEERDER));
    TABLE.put("GET /beheer/accounts/:id", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/accounts/:id/toegang", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/accounts/:id/status", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/accounts/:id/2fa-reset", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/accounts/:id/uitnodiging", Allowed.roles(Role.BEHEERDER));
    TABLE.put("GET /beheer/audit", Allowed.roles(Role.BEHEERDER));
    TABLE.put("GET /beheer/demo-mailbox", Allowed.roles(Role.BEHEERDER));
    TABLE.put("GET /beheer/postcodes", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/postcodes", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/postcodes/:postcode/verwijderen", Allowed.roles(Role.BEHEERDER));
    TABLE.put("GET /beheer/privacy", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/privacy", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/privacy/export", Allowed.roles(Role.BEHEERDER));
    TABLE.put("POST /beheer/privacy/wissen", Allowed.roles(Role.BEHEERDER));
    // Catalogue editors
    TABLE.put("GET /redactie", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/aanbod/nieuw", Allowed.roles(Role.REDACTEUR));
    TABLE.put("POST /redactie/aanbod", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/aanbod/:id", Allowed.roles(Role.REDACTEUR));
    TABLE.put("POST /redactie/aanbod/:id", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/aanbod/:id/voorbeeld", Allowed.roles(Role.REDACTEUR));
    TABLE.put("POST /redactie/aanbod/:id/status", Allowed.roles(Role.REDACTEUR));
    TABLE.put("POST /redactie/aanbod/:id/gecontroleerd", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/versheid", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/import", Allowed.roles(Role.REDACTEUR));
    TABLE.put("POST /redactie/import", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/export.json", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/export.csv", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/zoekinzicht", Allowed.roles(Role.REDACTEUR));
    TABLE.put("GET /redactie/synoniemen", Allowed.roles(Role.REDACTEUR));
    TABLE.put("POST /redactie/synoniemen", Allowed.roles(Role.REDACTEUR));
    TABLE.put("POST /redactie/synoniemen/:id/verwijderen", Allowed.roles(Role.REDACTEUR));
    // JSON API
    TABLE.put("GET /api/v1/openapi.yaml", Allowed.anyone());
    TABLE.put("GET /api/v1/openapi.json", Allowed.anyone());
    TABLE.put("GET /api/v1/docs", Allowed.anyone());
    TABLE.put("POST /api/v1/token", Allowed.anyone());
    TABLE.put("GET /api/v1/gemeente", Allowed.anyone());
    TABLE.put("GET /api/v1/openingstijden", Allowed.anyone());
    TABLE.put("GET /api/v1/aanbod", Allowed.anyone());
    TABLE.put("GET /api/v1/aanbod/:id", Allowed.anyone());
    TABLE.put(
        "GET /api/v1/chat/gesprekken/:gesprekId/berichten",
        Allowed.anyone()); // owner's chat cookie or handling worker, else 404: ChatTest
    TABLE.put("GET /api/v1/organisaties/:organisatieId", Allowed.token());
    TABLE.put("GET /api/v1/sturing", Allowed.token());
    TABLE.put("POST /api/v1/signalen", Allowed.token());
    TABLE.put("GET /api/v1/signalen", Allowed.token());
    TABLE.put("GET /api/v1/signalen/:signaalId", Allowed.token());
    TABLE.put("POST /api/v1/signalen/:signaalId/aanvullingen", Allowed.token());
  }

  private static final Map<Role, String> LOGINS =
      Map.of(
          Role.MELDER, "school",
          Role.TRIAGE, "triage",
          Role.CHAT, "chat",
          Role.TEAMLEIDER, "teamleider",
          Role.REDACTEUR, "redacteur",
          Role.BEHEERDER, "beheerder");

  private static final TestClock CLOCK = TestClock.startingNow();

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "10000"), CLOCK);

  @Test
  void every_route_is_in_the_table_and_the_table_has_no_route_that_does_not_exist() {
    Set<String> routes = new TreeSet<>();
    collect(server.app().router(), "", routes);
    assertThat(routes).as("routes without an entry in the table").isSubsetOf(TABLE.keySet());
    assertThat(TABLE.keySet()).as("entries for routes that do not exist").isSubsetOf(routes);
  }

  private static void collect(Router router, String prefix, Set<String> into) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (route.getSubRouter() != null) {
        collect(
            route.getSubRouter(),
            prefix + (path == null ? "" : path.replaceAll("/?\\*?$", "")),
            into);
        continue;
      }
      Set<HttpMethod> methods = route.methods();
      if (path == null || methods == null || methods.isEmpty() || path.endsWith("*")) {
        continue; // platform handlers for every request (headers, session, guards), not endpoints
      }
      for (HttpMethod method : methods) {
        into.add(method.name() + " " + prefix + path);
      }
    }
  }

  @Test
  void each_route_lets_in_exactly_who_the_table_says() {
    Map<Role, WebUser> users = new LinkedHashMap<>();
    LOGINS.forEach((role, login) -> users.put(role, Staff.signIn(server, CLOCK, login)));
    List<String> wrong = new ArrayList<>();
    TABLE.forEach(
        (route, allowed) -> {
          if (route.equals("POST /logout")) {
            return; // signs the user out: tried on its own below
          }
          String method = route.substring(0, route.indexOf(' '));
          String path =
              route
                  .substring(route.indexOf(' ') + 1)
                  .replaceAll(":[A-Za-z]+", UUID.randomUUID().toString());
          check(wrong, route, "anonymous", call(server.user(), method, path), allowed.everyone());
          users.forEach(
              (role, user) ->
                  check(
                      wrong,
                      route,
                      role.code(),
                      call(user, method, path),
                      allowed.everyone() || allowed.roles().contains(role)));
        });
    assertThat(wrong).isEmpty();
    users
        .values()
        .forEach(
            user -> assertThat(Staff.post(user, "/logout", Map.of()).statusCode()).isEqualTo(303));
    assertThat(Staff.post(server.user(), "/logout", Map.of()).statusCode()).isEqualTo(303);
  }

  private static HttpResponse<String> call(WebUser user, String method, String path) {
    if (method.equals("GET") && path.equals("/inbox/live")) {
      try (WebUser.EventStream stream = user.stream(path)) {
        return new StreamResponse(stream.statusCode(), stream.headers());
      }
    }
    if (method.equals("GET")) {
      return user.get(path);
    }
    if (user.cookie("XSRF-TOKEN") == null) {
      user.get("/");
    }
    if (user.cookie("XSRF-TOKEN") == null) {
      throw new AssertionError(
          "no CSRF token before " + method + " " + path + ": " + user.get("/").headers().map());
    }
    return Staff.post(user, path, Map.of());
  }

  /** The status and headers of an event stream, closed as soon as they came. */
  private record StreamResponse(int statusCode, java.net.http.HttpHeaders headers)
      implements HttpResponse<String> {
    @Override
    public java.net.http.HttpRequest request() {
      return null;
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public String body() {
      return "";
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.URI uri() {
      return null;
    }

    @Override
    public java.net.http.HttpClient.Version version() {
      return java.net.http.HttpClient.Version.HTTP_1_1;
    }
  }

  private static void check(
      List<String> wrong,
      String route,
      String who,
      HttpResponse<String> response,
      boolean allowed) {
    int status = response.statusCode();
    String location = response.headers().firstValue("location").orElse("");
    boolean denied =
        status == 401 || status == 403 || (status == 302 && location.startsWith("/login?terug="));
    if (status >= 500) {
      wrong.add(
          route + " failed for " + who + " with " + status + " on an empty or made-up request");
    }
    if (allowed && denied) {
      wrong.add(route + " refused " + who + " (" + status + ")");
    }
    if (!allowed && !denied) {
      wrong.add(route + " let in " + who + " (" + status + ")");
    }
  }
}
