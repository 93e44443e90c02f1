package nl.wijkportaal.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.wijkportaal.support.LogCapture;
import nl.wijkportaal.support.RawHttp;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Bad input, everywhere: every route of the router (read from it, as {@code RouteTableTest} does,
 * so a new route is covered without anyone remembering) as each caller it lets in, fed malformed
 * and over-long percent-escapes; every form found on the pages those callers see (and every POST
 * route without one) fed over-long strings, SQL, template and script payloads, formula cells, NUL
 * and control characters, bytes that are not UTF-8, missing and extra fields and a 10 MB body;
 * every JSON operation of the contract fed malformed JSON, wrong types, missing and extra fields,
 * deep nesting, lone surrogates and the same strings.
 *
 * <p>Each answer: never a 5xx, never a stack trace, within a few seconds, a 4xx for what is
 * malformed (problem+json on the API). Afterwards every page the callers can open shows what was
 * stored escaped, and the log holds no error. The figures go to {@code
 * target/bad-input-figures.txt} (and the README).
 */
class BadInputTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static final Pattern STACK_TRACE =
      Pattern.compile("\\bat (?:java|javax|io|nl|org|com)\\.[\\w.$]+\\(|\\w+(?:Exception|Error): ");
  private static final String SCRIPT = "<script>alert('wp-xss')</script>";
  private static final String TEMPLATE = "wp{{7*7}}${7*7}<%= 7*7 %>wp";
  private static final long SLOW_MS = 5_000;
  private static final int TEN_MB = 10 * 1024 * 1024;

  /** Text payloads put into every field of a form or string of a JSON body. */
  private static final Map<String, String> TEXTS = new LinkedHashMap<>();

  static {
    TEXTS.put("100,000 characters", "a".repeat(100_000));
    TEXTS.put("SQL", "x' OR '1'='1'; DROP TABLE inbox_item; --");
    TEXTS.put("template", TEMPLATE);
    TEXTS.put("script", SCRIPT + "\"><img src=x onerror=alert(1)>");
    TEXTS.put("formula cell", "=HYPERLINK(\"http://evil.example\",\"wp\")");
    TEXTS.put("formula +cmd", "+1+cmd|' /C calc'!A0");
    TEXTS.put("NUL", "wp\u0000wp");
    TEXTS.put("control characters", "wp\u0001\u0007\u001b[31mwp\u007f");
    TEXTS.put("replacement character", "wp\uFFFDwp");
    TEXTS.put("right-to-left override", "wp\u202Egnp.exe");
  }

  /**
   * {@code tokenFresh}: the CSRF cookie holds the token the session has (no GET since it was read).
   * A caller belongs to one lane and is used by that lane's thread only.
   */
  private record Caller(
      String name,
      Map<String, String> cookies,
      Map<String, String> headers,
      AtomicBoolean tokenFresh) {
    String cookieHeader() {
      return cookies.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; "));
    }

    String csrf() {
      return cookies.getOrDefault("XSRF-TOKEN", "");
    }
  }

  private record Form(String action, boolean multipart, List<String> fields) {}

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          Map.of(
              "WIJKPORTAAL_LOGIN_MAX_ATTEMPTS_PER_ADDRESS",
              "1000000",
              "WIJKPORTAAL_LOGIN_MAX_ATTEMPTS",
              "1000000",
              "WIJKPORTAAL_SUBMISSIONS_PER_ADDRESS",
              "1000000",
              "WIJKPORTAAL_SIGNALS_PER_CLIENT",
              "1000000"),
          CLOCK);

  private static RawHttp http;

  /**
   * The suite sends from {@link #LANES} threads at once, each lane with callers of its own (their
   * own sessions, so a lane's CSRF tokens stay its own); a lane sends one request after another.
   */
  private static final int LANES = 2;

  private static final List<Map<String, Caller>> LANE_CALLERS = new ArrayList<>();
  private static final ThreadLocal<Map<String, Caller>> CALLERS = new ThreadLocal<>();
  private static final Map<String, String> IDS = new LinkedHashMap<>();
  private static String bearer;

  // Figures
  private static final AtomicInteger requests = new AtomicInteger();
  private static final AtomicInteger badInputs = new AtomicInteger();

  /** Requests that prepare or read back, not bad input themselves. */
  private static final Set<String> HELPERS =
      Set.of("fresh token", "crawl", "read back", "empty request");

  private static final Set<String> KINDS = new ConcurrentSkipListSet<>();
  private static final Set<String> ROUTE_CALLERS = new ConcurrentSkipListSet<>();
  private static final List<String> WRONG = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    http = new RawHttp(server.port());
    HttpResponse<String> token =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    "demo-school",
                    "client_secret",
                    Staff.PASSWORD));
    bearer = new JsonObject(token.body()).getString("access_token");

    for (int lane = 0; lane < LANES; lane++) {
      Map<String, Caller> callers = new LinkedHashMap<>();
      WebUser anonymous = server.user();
      anonymous.get("/");
      callers.put("anonymous", caller("anonymous", anonymous));
      for (String login :
          List.of("school", "triage", "chat", "teamleider", "redacteur", "beheerder")) {
        callers.put(login, caller(login, Staff.signIn(server, CLOCK, login)));
      }
      callers.put(
          "bearer",
          new Caller(
              "bearer",
              new LinkedHashMap<>(),
              Map.of("Authorization", "Bearer " + bearer),
              new AtomicBoolean()));
      LANE_CALLERS.add(callers);
    }
    CALLERS.set(LANE_CALLERS.get(0));

    JsonObject signal =
        new JsonObject(exampleBody(contractOperation("/signalen", "post")).encode());
    HttpResponse<String> created =
        server
            .user()
            .postJson(
                "/api/v1/signalen", signal.encode(), Map.of("Authorization", "Bearer " + bearer));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    IDS.put("item", new JsonObject(created.body()).getString("id"));
    var pool = server.app().pool();
    var offer =
        pool.query("SELECT id, slug FROM offer WHERE status = 'gepubliceerd' ORDER BY slug LIMIT 1")
            .execute()
            .await()
            .iterator()
            .next();
    IDS.put("offer", offer.getUUID("id").toString());
    IDS.put("slug", offer.getString("slug"));
    IDS.put(
        "organisation",
        pool.query("SELECT organisation_id FROM api_client WHERE client_id = 'demo-school'")
            .execute()
            .await()
            .iterator()
            .next()
            .getUUID(0)
            .toString());
    // Accounts and clients the suite does not use itself: an action on them cannot end its
    // sessions.
    IDS.put(
        "account",
        pool.query("SELECT id FROM account WHERE email LIKE 'huisarts@%'")
            .execute()
            .await()
            .iterator()
            .next()
            .getUUID(0)
            .toString());
    IDS.put("client", "demo-corporatie");
    IDS.put(
        "postcode",
        pool.query("SELECT postcode FROM postcode_wijk ORDER BY postcode LIMIT 1")
            .execute()
            .await()
            .iterator()
            .next()
            .getString(0));
  }

  private static Caller caller(String name, WebUser user) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String cookie : List.of("wijkportaal_sessie", "XSRF-TOKEN", "taal")) {
      if (user.cookie(cookie) != null) {
        cookies.put(cookie, user.cookie(cookie));
      }
    }
    return new Caller(name, cookies, Map.of(), new AtomicBoolean());
  }

  // ---- the suite

  @Test
  void
      no_route_answers_bad_input_with_a_5xx_a_stack_trace_or_a_wait_and_stored_input_is_shown_escaped()
          throws Exception {
    long started = System.nanoTime();
    Set<String> routes = new TreeSet<>();
    collect(server.app().router(), "", routes);
    Map<String, List<String>> allowed = new LinkedHashMap<>();
    Map<String, List<Form>> forms = new LinkedHashMap<>();
    try (LogCapture log = new LogCapture()) {
      Map<String, List<String>> allowedByRoute = new ConcurrentHashMap<>();
      inLanes(routes, route -> allowedByRoute.put(route, allowedCallers(route)));
      routes.forEach(route -> allowed.put(route, allowedByRoute.get(route)));
      // Every form the callers see on the pages they may open, in the order of the routes.
      Map<String, Map<String, List<Form>>> formsByRoute = new ConcurrentHashMap<>();
      inLanes(
          routes,
          route -> {
            if (route.startsWith("GET ") && !route.equals("GET /inbox/live")) {
              Map<String, List<Form>> found = new LinkedHashMap<>();
              for (String name : allowed.get(route)) {
                RawHttp.Response page =
                    send(
                        CALLERS.get().get(name),
                        "GET",
                        concrete(route.substring(4), null),
                        Map.of(),
                        null,
                        "crawl");
                found.put(name, forms(page.body()));
              }
              formsByRoute.put(route, found);
            }
          });
      for (String route : routes) {
        formsByRoute
            .getOrDefault(route, Map.of())
            .forEach(
                (name, list) -> forms.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list));
      }
      // What to send is planned in the order of the routes (which payloads a form gets depends on
      // it); each route's requests are then sent by one lane, in that order.
      Map<String, Runnable> work = new LinkedHashMap<>();
      int rotation = 0;
      for (String route : routes) {
        List<String> callers = allowed.get(route);
        // The live stream never ends; the bridge's old chunking probe answers 404 to every
        // request before any body is read (ChatBridge), so there is nothing there to feed.
        if (callers.isEmpty()
            || route.equals("GET /inbox/live")
            || route.endsWith(" /eventbus/chunking_test")) {
          continue;
        }
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + 1);
        callers.forEach(c -> ROUTE_CALLERS.add(route + " as " + c));
        List<Runnable> steps = new ArrayList<>();
        int addressRotation = rotation++;
        steps.add(() -> addresses(method, template, callers, addressRotation));
        if (method.equals("POST") && !template.equals("/logout")) {
          for (String name : callers) {
            List<Form> matching = matchingForms(forms.getOrDefault(name, List.of()), template);
            if (matching.isEmpty() && !template.startsWith("/api/")) {
              matching =
                  List.of(new Form(concrete(template, null), false, List.of("tekst", "naam", "q")));
            }
            for (Form form : matching) {
              // The first caller of a form gets every payload; another role the same form a share.
              boolean seen = !FORMS_TRIED.add(template + " " + form.fields());
              int formRotation = rotation++;
              steps.add(() -> formBodies(CALLERS.get().get(name), form, formRotation, seen));
            }
          }
          if (template.startsWith("/api/v1/") && !template.equals("/api/v1/token")) {
            steps.add(() -> jsonBodies(template, callers));
          }
        }
        if (template.startsWith("/api/v1/")
            && method.equals("GET")
            && contractOperation(template.substring(7).replaceAll(":(\\w+)", "{$1}"), "get")
                != null) {
          steps.add(() -> apiQueries(template, callers));
        }
        work.put(route, () -> steps.forEach(Runnable::run));
      }
      inLanes(work.keySet(), route -> work.get(route).run());
      escapedWhereShown(routes, allowed);
      // Errors of the request path (the mail client's own connection chatter is not one).
      List<String> errors =
          log.errorsAndStackTraces().stream()
              .filter(
                  e ->
                      e.contains(" nl.wijkportaal.")
                          || e.contains(" io.vertx.ext.web")
                          || e.contains(" io.vertx.core.http")
                          || e.contains(" io.vertx.openapi"))
              .toList();
      WRONG.addAll(errors.stream().map(e -> "logged: " + e).toList());
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    String figures =
        "Bad-input suite (BadInputTest), "
            + java.time.LocalDate.now(ZoneOffset.UTC)
            + "\n"
            + "bad inputs sent: "
            + badInputs.get()
            + " (requests in all, with sign-ins, crawling and reading back: "
            + requests.get()
            + ")\n"
            + "kinds of bad input: "
            + KINDS.size()
            + "\n"
            + "routes: "
            + routes.size()
            + " ("
            + allowed.values().stream().filter(l -> !l.isEmpty()).count()
            + " with a caller they let in)\n"
            + "route x caller pairs tried: "
            + ROUTE_CALLERS.size()
            + "\n"
            + "forms found and tried: "
            + forms.values().stream().mapToInt(List::size).sum()
            + "\n"
            + "seconds: "
            + seconds
            + "\n"
            + "routes no caller may use (with made-up data): "
            + allowed.entrySet().stream()
                .filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList()
            + "\n"
            + "kinds: "
            + String.join(", ", KINDS)
            + "\n";
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "bad-input-figures.txt"), figures);
    System.out.println(figures);
    assertThat(WRONG)
        .as("answers that were not a clear 4xx (or a normal answer) within " + SLOW_MS + " ms")
        .isEmpty();
    assertThat(ROUTE_CALLERS.size()).isGreaterThan(100);
  }

  // ---- who a route lets in

  private static List<String> allowedCallers(String route) {
    String method = route.substring(0, route.indexOf(' '));
    String path = concrete(route.substring(route.indexOf(' ') + 1), null);
    if (route.equals("GET /inbox/live")) {
      return List.of();
    }
    if (route.equals("POST /logout")) {
      return List.of("anonymous");
    }
    List<String> in = new ArrayList<>();
    for (Caller caller : CALLERS.get().values()) {
      Map<String, String> headers =
          method.equals("POST")
              ? Map.of("Content-Type", "application/x-www-form-urlencoded")
              : Map.of();
      byte[] body =
          method.equals("POST")
              ? ("X-XSRF-TOKEN=" + enc(caller.csrf())).getBytes(StandardCharsets.UTF_8)
              : null;
      RawHttp.Response response = send(caller, method, path, headers, body, "empty request");
      String location = String.valueOf(response.header("location"));
      boolean denied =
          response.status() == 401
              || response.status() == 403
              || (response.status() == 302 && location.startsWith("/login?terug="));
      if (!denied) {
        in.add(caller.name());
        if (caller.name().equals("anonymous")) {
          return in; // open to everyone: tried as a visitor without an account
        }
      }
    }
    return in;
  }

  // ---- addresses

  private static void addresses(
      String method, String template, List<String> callers, int rotation) {
    Caller caller = CALLERS.get().get(callers.get(rotation % callers.size()));
    String path = concrete(template, null);
    Map<String, String> headers =
        method.equals("POST")
            ? Map.of("Content-Type", "application/x-www-form-urlencoded")
            : Map.of();
    byte[] body =
        method.equals("POST")
            ? ("X-XSRF-TOKEN=" + enc(caller.csrf())).getBytes(StandardCharsets.UTF_8)
            : null;
    expect(send(caller, method, path + "?%zz", headers, body, "query: broken escape"), 400);
    expect(
        send(caller, method, path + "?x=%E0%A4%A", headers, body, "query: truncated escape"), 400);
    expect(send(caller, method, path + "?taal=%FF%FE", headers, body, "query: not UTF-8"), 400);
    expect(
        send(caller, method, path + "?x=%ED%A0%80", headers, body, "query: encoded lone surrogate"),
        400);
    expect(
        send(
            caller,
            method,
            path + "?q=" + "%25".repeat(1_000),
            headers,
            body,
            "query: 1,000 escaped percent signs"),
        -1);
    expect(
        send(
            caller,
            method,
            path + "?q=" + "%00%01%1B",
            headers,
            body,
            "query: NUL and control characters"),
        -1);
    expect(
        send(
            caller,
            method,
            path + "?q=" + enc(TEXTS.get("SQL")) + "&pagina=-1&aantal=99999999999",
            headers,
            body,
            "query: SQL and out-of-range numbers"),
        -1);
    expect(
        send(
            caller,
            method,
            path + "?q=" + "a".repeat(100_000),
            headers,
            body,
            "query: 100,000 characters"),
        414);
    if (template.contains(":")) {
      expect(
          send(caller, method, concrete(template, "%zz"), headers, body, "path: broken escape"),
          400);
      expect(
          send(caller, method, concrete(template, "%C0%AF"), headers, body, "path: overlong UTF-8"),
          400);
      expect(send(caller, method, concrete(template, "x%00y"), headers, body, "path: NUL"), -1);
      expect(
          send(caller, method, concrete(template, enc("1' OR '1'='1")), headers, body, "path: SQL"),
          -1);
      expect(
          send(
              caller,
              method,
              concrete(template, "..%2F..%2Fetc%2Fpasswd"),
              headers,
              body,
              "path: traversal"),
          -1);
    }
  }

  // ---- forms

  private static final Set<String> FORMS_TRIED = new java.util.HashSet<>();

  private static void formBodies(Caller caller, Form form, int rotation, boolean sample) {
    String csrf = "X-XSRF-TOKEN=" + enc(caller.csrf());
    if (form.multipart()) {
      for (Map.Entry<String, byte[]> file : files().entrySet()) {
        String boundary = "----wp-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"X-XSRF-TOKEN\"\r\n\r\n"
                    + caller.csrf()
                    + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (String field : form.fields()) {
          body.writeBytes(
              ("--"
                      + boundary
                      + "\r\nContent-Disposition: form-data; name=\""
                      + field
                      + "\"; filename=\"aanbod.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
          body.writeBytes(file.getValue());
          body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        expect(
            send(
                caller,
                "POST",
                form.action(),
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
                body.toByteArray(),
                "file: " + file.getKey()),
            -1);
      }
      return;
    }
    Map<String, String> type = Map.of("Content-Type", "application/x-www-form-urlencoded");
    int n = 0;
    for (Map.Entry<String, String> text : TEXTS.entrySet()) {
      if (sample && (n++ + rotation) % 3 != 0) {
        continue;
      }
      String body =
          csrf
              + form.fields().stream()
                  .map(f -> "&" + enc(f) + "=" + enc(text.getValue()))
                  .collect(Collectors.joining());
      expect(
          send(
              caller,
              "POST",
              form.action(),
              type,
              body.getBytes(StandardCharsets.UTF_8),
              "form: " + text.getKey()),
          -1);
    }
    String firstField = form.fields().isEmpty() ? "x" : form.fields().get(0);
    expect(
        send(
            caller,
            "POST",
            form.action(),
            type,
            (csrf + "&" + enc(firstField) + "=%zz").getBytes(StandardCharsets.UTF_8),
            "form: broken escape"),
        400);
    expect(
        send(
            caller,
            "POST",
            form.action(),
            type,
            (csrf + "&" + enc(firstField) + "=%ED%A0%80").getBytes(StandardCharsets.UTF_8),
            "form: encoded lone surrogate"),
        400);
    expect(
        send(
            caller,
            "POST",
            form.action(),
            type,
            (csrf + "&" + enc(firstField) + "=%FF").getBytes(StandardCharsets.UTF_8),
            "form: not UTF-8"),
        400);
    expect(
        send(
            caller,
            "POST",
            form.action(),
            type,
            csrf.getBytes(StandardCharsets.UTF_8),
            "form: every field missing"),
        -1);
    String extra =
        csrf
            + form.fields().stream()
                .map(f -> "&" + enc(f) + "=1&" + enc(f) + "=2")
                .collect(Collectors.joining())
            + "&onbekend_veld=1&"
            + "x".repeat(300)
            + "=y";
    expect(
        send(
            caller,
            "POST",
            form.action(),
            type,
            extra.getBytes(StandardCharsets.UTF_8),
            "form: repeated and extra fields"),
        -1);
    if (rotation % 3 == 0) {
      byte[] big =
          (csrf + "&" + enc(firstField) + "=" + "a".repeat(TEN_MB))
              .getBytes(StandardCharsets.UTF_8);
      expect(send(caller, "POST", form.action(), type, big, "form: 10 MB body"), 413);
    }
  }

  private static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "CSV with formula cells",
        "slug,title,summary\nproef-formule,=HYPERLINK(\"http://evil.example\"),+1+cmd|' /C calc'!A0\nproef-twee,-2+3,@SUM(A1)\n"
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        "CSV with script and NUL",
        ("slug,title\nproef-script," + SCRIPT.replace(",", " ") + "\nproef-nul,a\u0000b\n")
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        "not UTF-8", new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, 0x41, (byte) 0xC0, (byte) 0xAF});
    files.put(
        "deeply nested JSON",
        ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
    files.put(
        "10 MB",
        ("slug,title\n" + "proef-x,y\n".repeat(TEN_MB / 10)).getBytes(StandardCharsets.UTF_8));
    return files;
  }

  private static List<Form> matchingForms(List<Form> forms, String template) {
    Pattern route = Pattern.compile(template.replaceAll(":[A-Za-z]+", "[^/]+"));
    Map<String, Form> unique = new LinkedHashMap<>();
    for (Form form : forms) {
      if (route.matcher(form.action()).matches()) {
        unique.putIfAbsent(form.action() + form.fields(), form);
      }
    }
    return List.copyOf(unique.values());
  }

  private static final Pattern FORM =
      Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");
  private static final Pattern FIELD =
      Pattern.compile(
          "<(?:input|textarea|select)\\b[^>]*\\bname=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

  private static List<Form> forms(String html) {
    List<Form> found = new ArrayList<>();
    Matcher form = FORM.matcher(html);
    while (form.find()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      Matcher a = ATTRIBUTE.matcher(form.group(1));
      while (a.find()) {
        attributes.put(a.group(1).toLowerCase(Locale.ROOT), a.group(2).replace("&amp;", "&"));
      }
      String action = attributes.getOrDefault("action", "");
      if (!"post".equalsIgnoreCase(attributes.get("method"))
          || !action.startsWith("/")
          || action.startsWith("//")) {
        continue;
      }
      Set<String> fields = new LinkedHashSet<>();
      Matcher f = FIELD.matcher(form.group(2));
      while (f.find()) {
        if (!f.group(1).equals("X-XSRF-TOKEN")) {
          fields.add(f.group(1).replace("&amp;", "&"));
        }
      }
      found.add(
          new Form(
              action.replaceFirst("\\?.*$", ""),
              String.valueOf(attributes.get("enctype")).contains("multipart"),
              List.copyOf(fields)));
    }
    return found;
  }

  // ---- JSON

  private static void jsonBodies(String template, List<String> callers) {
    JsonObject operation =
        contractOperation(template.substring(7).replaceAll(":(\\w+)", "{$1}"), "post");
    if (operation == null || operation.getJsonObject("requestBody") == null) {
      return;
    }
    Caller caller = CALLERS.get().get(callers.contains("bearer") ? "bearer" : callers.get(0));
    String path = concrete(template, null);
    JsonObject base = exampleBody(operation);
    Map<String, String> json = new LinkedHashMap<>(Map.of("Content-Type", "application/json"));
    if (!caller.name().equals("bearer")) {
      json.put("X-XSRF-TOKEN", caller.csrf());
    }
    expectProblem(
        send(caller, "POST", path, json, bytes("{\"betrokkene\": {\"naam\": "), "JSON: malformed"));
    expectProblem(send(caller, "POST", path, json, bytes("[]"), "JSON: an array for an object"));
    expectProblem(send(caller, "POST", path, json, bytes("{}"), "JSON: every field missing"));
    expectProblem(send(caller, "POST", path, json, bytes("null"), "JSON: null"));
    expectProblem(
        send(
            caller,
            "POST",
            path,
            json,
            bytes("{\"a\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}"),
            "JSON: nested 50,000 deep"));
    expect(
        send(
            caller,
            "POST",
            path,
            json,
            bytes(base.copy().put("onbekendVeld", "x").encode()),
            "JSON: an extra field"),
        -1);
    expectProblem(
        send(
            caller,
            "POST",
            path,
            json,
            bytes("{\"tekst\": \"" + "a".repeat(TEN_MB) + "\"}"),
            "JSON: 10 MB body"));
    expectProblem(
        send(
            caller,
            "POST",
            path,
            json,
            new byte[] {
              '{', '"', 't', 'e', 'k', 's', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'
            },
            "JSON: not UTF-8"));
    for (String field : base.fieldNames()) {
      for (Object wrong :
          new Object[] {
            12345, true, new JsonArray().add(1), new JsonObject().put("a", 1), "a".repeat(100_000)
          }) {
        if (wrong
                .getClass()
                .equals(base.getValue(field) == null ? null : base.getValue(field).getClass())
            && !(wrong instanceof String)) {
          continue; // not a wrong type for this field
        }
        JsonObject body = base.copy().put(field, wrong);
        RawHttp.Response answer =
            send(caller, "POST", path, json, bytes(body.encode()), "JSON: a wrong type or length");
        if (answer.status() < 400 || answer.status() >= 500) {
          WRONG.add(
              template
                  + ": "
                  + field
                  + " = "
                  + RawHttp.abbreviate(String.valueOf(wrong))
                  + " answered "
                  + answer.status());
        }
      }
      JsonObject missing = base.copy();
      missing.remove(field);
      expect(
          send(caller, "POST", path, json, bytes(missing.encode()), "JSON: one field missing"), -1);
    }
    for (Map.Entry<String, String> text : TEXTS.entrySet()) {
      JsonObject body = replaceStrings(base.copy(), text.getValue());
      expect(
          send(
              caller,
              "POST",
              path,
              json,
              bytes(body.encode()),
              "JSON: " + text.getKey() + " in every text"),
          -1);
    }
    String surrogate = replaceStrings(base.copy(), "LONE").encode().replace("LONE", "wp\\ud800wp");
    expectProblem(send(caller, "POST", path, json, bytes(surrogate), "JSON: lone surrogate"));
    String nul = replaceStrings(base.copy(), "NUL").encode().replace("NUL", "wp\\u0000wp");
    expectProblem(send(caller, "POST", path, json, bytes(nul), "JSON: escaped NUL"));
  }

  private static void apiQueries(String template, List<String> callers) {
    Caller caller = CALLERS.get().get(callers.contains("bearer") ? "bearer" : callers.get(0));
    String path = concrete(template, null);
    for (Map.Entry<String, String> text : TEXTS.entrySet()) {
      expect(
          send(
              caller,
              "GET",
              path
                  + "?q="
                  + enc(text.getValue())
                  + "&wijk="
                  + enc(text.getValue())
                  + "&vanaf="
                  + enc(text.getValue()),
              Map.of(),
              null,
              "API query: " + text.getKey()),
          -1);
    }
    expect(
        send(
            caller,
            "GET",
            path + "?pagina=abc&aantal=1e9&leeftijd=-1&gratis=misschien",
            Map.of(),
            null,
            "API query: wrong types"),
        -1);
    expect(
        send(
            caller,
            "GET",
            path + "?" + "leefgebied=wonen&".repeat(200),
            Map.of(),
            null,
            "API query: 200 repeated values"),
        -1);
  }

  private static JsonObject replaceStrings(JsonObject json, String value) {
    for (String key : json.fieldNames()) {
      Object v = json.getValue(key);
      if (v instanceof String s && !s.matches("\\d{4}-\\d{2}-\\d{2}") && !isEnumLike(s)) {
        json.put(key, value);
      } else if (v instanceof JsonObject o) {
        replaceStrings(o, value);
      }
    }
    return json;
  }

  private static boolean isEnumLike(String s) {
    return s.matches("[a-z_]+") && s.length() < 30 && !s.equals("x");
  }

  /**
   * A body the contract accepts, made from its schema: required fields and every property with a
   * plain value.
   */
  private static JsonObject exampleBody(JsonObject operation) {
    JsonObject schema =
        resolve(
            operation
                .getJsonObject("requestBody")
                .getJsonObject("content")
                .getJsonObject("application/json")
                .getJsonObject("schema"));
    return (JsonObject) example(schema, "");
  }

  private static Object example(JsonObject schema, String name) {
    schema = resolve(schema);
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    String type = schema.getString("type", "object");
    switch (type) {
      case "object" -> {
        JsonObject out = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String key : properties.fieldNames()) {
          out.put(key, example(properties.getJsonObject(key), key));
        }
        return out;
      }
      case "array" -> {
        return new JsonArray().add(example(schema.getJsonObject("items"), name));
      }
      case "boolean" -> {
        return true;
      }
      case "integer", "number" -> {
        return schema.getInteger("minimum", 1);
      }
      default -> {
        if ("date".equals(schema.getString("format"))) {
          return "2014-03-02";
        }
        if ("email".equals(schema.getString("format")) || name.equals("email")) {
          return "melder@school.example";
        }
        return switch (name) {
          case "postcode" -> "8011 AB";
          case "huisnummer" -> "12A";
          case "telefoon" -> "038 123 4567";
          default -> "Tekst van de proef";
        };
      }
    }
  }

  private static JsonObject contract;

  private static JsonObject contractOperation(String path, String method) {
    if (contract == null) {
      try {
        String yaml =
            new String(
                BadInputTest.class
                    .getClassLoader()
                    .getResourceAsStream("openapi/wijkportaal.yaml")
                    .readAllBytes(),
                StandardCharsets.UTF_8);
        contract =
            new JsonObject(
                new Yaml(new SafeConstructor(new LoaderOptions())).<Map<String, Object>>load(yaml));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    JsonObject item = contract.getJsonObject("paths").getJsonObject(path);
    return item == null ? null : item.getJsonObject(method);
  }

  private static JsonObject resolve(JsonObject schema) {
    while (schema.containsKey("$ref")) {
      String[] parts = schema.getString("$ref").replaceFirst("^#/", "").split("/", -1);
      JsonObject node = contract;
      for (String part : parts) {
        node = node.getJsonObject(part);
      }
      schema = node;
    }
    if (schema.containsKey("allOf")) {
      JsonObject merged =
          new JsonObject().put("type", "object").put("properties", new JsonObject());
      for (Object part : schema.getJsonArray("allOf")) {
        merged
            .getJsonObject("properties")
            .mergeIn(resolve((JsonObject) part).getJsonObject("properties", new JsonObject()));
      }
      return merged;
    }
    return schema;
  }

  // ---- what is stored is shown escaped

  private static void escapedWhereShown(Set<String> routes, Map<String, List<String>> allowed)
      throws InterruptedException {
    inLanes(routes, route -> readBack(route, allowed.get(route)));
    // The export a spreadsheet opens: no formula runs.
    RawHttp.Response csv =
        send(
            CALLERS.get().get("redacteur"),
            "GET",
            "/redactie/export.csv",
            Map.of(),
            null,
            "read back");
    for (String line : csv.body().split("\n", -1)) {
      for (String cell : line.split(",", -1)) {
        String c = cell.startsWith("\"") ? cell.substring(1) : cell;
        if (c.startsWith("=")
            || c.startsWith("@")
            || c.startsWith("+1+cmd")
            || c.startsWith("-2+3")) {
          WRONG.add("the CSV export has a formula cell: " + RawHttp.abbreviate(c));
        }
      }
    }
  }

  /** Every page of the route its callers can open shows what was stored escaped. */
  private static void readBack(String route, List<String> callers) {
    if (!route.startsWith("GET ") || route.equals("GET /inbox/live")) {
      return;
    }
    for (String name : callers) {
      RawHttp.Response page =
          send(
              CALLERS.get().get(name),
              "GET",
              concrete(route.substring(4), null),
              Map.of(),
              null,
              "read back");
      if (!String.valueOf(page.header("content-type")).startsWith("text/html")) {
        continue; // JSON and CSV carry data as data; the CSV is checked below
      }
      if (page.body().contains("<script>alert('wp-xss')")
          || page.body().contains("onerror=alert(1)>")) {
        WRONG.add(route + " as " + name + " shows a stored script unescaped");
      }
      if (page.body().contains("wp49") || page.body().contains("wp{{7*7}}49")) {
        WRONG.add(route + " as " + name + " evaluated a stored template");
      }
    }
  }

  // ---- lanes

  /**
   * Runs {@code work} for each key on {@link #LANES} threads, each with its lane's callers; a lane
   * takes the next key when it is done with one. Returns when all are done; a step that threw is
   * rethrown.
   */
  private static void inLanes(Collection<String> keys, Consumer<String> work)
      throws InterruptedException {
    List<String> queue = List.copyOf(keys);
    AtomicInteger next = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(LANES);
    try {
      List<Future<?>> lanes = new ArrayList<>();
      for (Map<String, Caller> callers : LANE_CALLERS) {
        lanes.add(
            threads.submit(
                () -> {
                  CALLERS.set(callers);
                  try {
                    for (int i; (i = next.getAndIncrement()) < queue.size(); ) {
                      work.accept(queue.get(i));
                    }
                  } finally {
                    CALLERS.remove();
                  }
                }));
      }
      for (Future<?> lane : lanes) {
        try {
          lane.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  // ---- sending and judging

  private static RawHttp.Response send(
      Caller caller,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      String kind) {
    if (method.equals("POST")
        && !caller.name().equals("bearer")
        && body != null
        && !caller.tokenFresh().get()) {
      RawHttp.Response start = send(caller, "GET", "/", Map.of(), null, "fresh token");
      if (start.status() != 200) {
        WRONG.add(caller.name() + " has no start page (" + start.status() + ") before " + path);
      }
      caller.tokenFresh().set(true);
    }
    if (method.equals("POST") && !caller.name().equals("bearer") && body != null) {
      body = withToken(body, caller.csrf());
    }
    // A page may hand out a new token, and a post may use up the one it checked: the next post
    // reads the token its session holds from the start page again.
    caller.tokenFresh().set(false);
    Map<String, String> all = new LinkedHashMap<>(caller.headers());
    all.putAll(headers);
    if (!caller.cookies().isEmpty()) {
      all.put("Cookie", caller.cookieHeader());
    }
    RawHttp.Response response;
    try {
      response = http.send(method, path, all, body);
    } catch (RuntimeException e) {
      WRONG.add(
          method
              + " "
              + RawHttp.abbreviate(path)
              + " ("
              + kind
              + ") as "
              + caller.name()
              + ": no answer: "
              + e.getMessage());
      return new RawHttp.Response(0, Map.of(), List.of(), "", 0);
    }
    requests.incrementAndGet();
    if (!HELPERS.contains(kind)) {
      badInputs.incrementAndGet();
      KINDS.add(kind);
    }
    for (String cookie : response.setCookies()) {
      String pair = cookie.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      // The CSRF token is taken from the start page before each post (freshToken): an error
      // answer may hand out a token its session never stored.
      boolean take =
          name.equals("wijkportaal_sessie")
              || (name.equals("XSRF-TOKEN") && kind.equals("fresh token"));
      if (take && !caller.name().equals("bearer") && !cookie.contains("Max-Age=0")) {
        caller.cookies().put(name, pair.substring(eq + 1));
      }
    }
    String where = method + " " + RawHttp.abbreviate(path) + " (" + kind + ") as " + caller.name();
    if (response.status() >= 500) {
      WRONG.add(where + ": " + response.status());
    }
    if (STACK_TRACE.matcher(response.body()).find()) {
      WRONG.add(where + ": a stack trace in the answer");
    }
    if (response.millis() > SLOW_MS) {
      WRONG.add(where + ": " + response.millis() + " ms");
    }
    if (response.status() >= 400
        && path.startsWith("/api/v1/")
        && !path.startsWith("/api/v1/token")
        && response.status() != 414
        && !String.valueOf(response.header("content-type"))
            .startsWith("application/problem+json")) {
      WRONG.add(
          where
              + ": "
              + response.status()
              + " without problem+json ("
              + response.header("content-type")
              + ")");
    }
    if (String.valueOf(response.header("content-type")).startsWith("text/html")
        && response.body().contains("<script>alert('wp-xss')")) {
      WRONG.add(where + ": shows the script unescaped");
    }
    LAST.set(where);
    return response;
  }

  /** What the lane's thread sent last, for the message of {@link #expect}. */
  private static final ThreadLocal<String> LAST = ThreadLocal.withInitial(() -> "");

  /** {@code status} exact, or -1: anything below 500 (a normal answer or a clear refusal). */
  private static void expect(RawHttp.Response response, int status) {
    if (status > 0 && response.status() != 0 && response.status() != status) {
      WRONG.add(LAST.get() + ": expected " + status + " but was " + response.status());
    }
  }

  private static void expectProblem(RawHttp.Response response) {
    if (response.status() != 0 && (response.status() < 400 || response.status() >= 500)) {
      WRONG.add(LAST.get() + ": expected a 4xx problem but was " + response.status());
    }
  }

  private static String concrete(String template, String override) {
    Matcher m = Pattern.compile(":([A-Za-z]+)").matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          override != null
              ? override
              : switch (m.group(1)) {
                case "slug" -> IDS.get("slug");
                case "signaalId" -> IDS.get("item");
                case "organisatieId" -> IDS.get("organisation");
                case "clientId" -> IDS.get("client");
                case "postcode" -> IDS.get("postcode");
                case "token" -> "proefproefproefproefproefproefproefproef123";
                case "stap" -> "wie";
                case "actie" -> "notitie";
                case "id" ->
                    template.startsWith("/inbox/items")
                            || template.startsWith("/signaleren/meldingen")
                        ? IDS.get("item")
                        : template.startsWith("/redactie/aanbod")
                            ? IDS.get("offer")
                            : template.startsWith("/beheer/organisaties")
                                ? IDS.get("organisation")
                                : template.startsWith("/beheer/accounts")
                                    ? IDS.get("account")
                                    : template.startsWith("/inbox/herinneringen")
                                        ? "1"
                                        : UUID.randomUUID().toString();
                default -> UUID.randomUUID().toString();
              };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
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
        continue;
      }
      for (HttpMethod method : methods) {
        into.add(method.name() + " " + prefix + path);
      }
    }
  }

  /**
   * The body with the caller's current CSRF token where it says {@code X-XSRF-TOKEN=} (form) or in
   * the multipart field.
   */
  private static byte[] withToken(byte[] body, String token) {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String replaced =
        text.replaceFirst(
                "X-XSRF-TOKEN=[^&]*", Matcher.quoteReplacement("X-XSRF-TOKEN=" + enc(token)))
            .replaceFirst(
                "(name=\"X-XSRF-TOKEN\"\r\n\r\n)[^\r]*", "$1" + Matcher.quoteReplacement(token));
    return replaced.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
