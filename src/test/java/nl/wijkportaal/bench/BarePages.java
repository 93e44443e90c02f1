package nl.wijkportaal.bench;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.context.MapValueResolver;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bare server's counterpart of each other page ({@link PagesBenchmark}): the same rows of the
 * same database with one query (none where the product's page reads nothing), and one Handlebars
 * render. No language, CSRF or layout; the status page's read is audited in the same statement
 * ({@code /b/status-audited}, as the product must; {@code /b/status} without, for the old
 * comparison). The product's address parameters travel as query parameters here ({@code
 * /b/aanbod?slug=...}).
 *
 * <p>The staff pages do, minimally, what the product's must do for a signed-in worker (session 8):
 * the session is a map lookup ({@link #STAFF_COOKIE}, an unknown one gets a 403), the rows are
 * those the worker may see (the product's visibility rule by account, wijkteams and role, in the
 * statement), and the item page writes the audit entry of its read in the same statement (a
 * data-modifying CTE, only when the item was found), as the product does. {@code /b/inbox-old} and
 * {@code /b/item-old} are the counterparts before session 8 (no session, no access rule, no audit
 * entry), kept so each run prints the old comparison beside the new.
 */
final class BarePages {

  record Page(String title, List<Map<String, Object>> rows, JsonObject json) {}

  interface Handler {
    Future<Page> handle(Pool pool, HttpServerRequest req);
  }

  /** The open states of an item, as the inbox shows them by default. */
  static final String OPEN =
      "('nieuw', 'in_behandeling', 'wacht_op_informatie', 'contact_gelegd', 'doorgezet', 'heropend')";

  static final String OFFER =
      "SELECT o.title, o.summary, o.description, p.name AS provider FROM offer o"
          + " LEFT JOIN provider p ON p.id = o.provider_id WHERE o.slug = $1 AND o.status = 'gepubliceerd'";

  static final String STATUS =
      "SELECT referentie, state, received_at, due_at FROM inbox_item"
          + " WHERE status_token_hash = $1 AND kanaal = 'aanmelding'";

  /**
   * {@link #STATUS} and the audit entry of the read in one statement, committed (fsync on) before
   * the answer: the work the privacy rules ask of the product's status page, done minimally (added
   * in session 8; the unaudited {@code /b/status} is kept beside it for the old comparison).
   */
  static final String STATUS_AUDITED =
      "WITH s AS (SELECT id, referentie, state, received_at, due_at FROM inbox_item"
          + " WHERE status_token_hash = $1 AND kanaal = 'aanmelding'),"
          + " audited AS (INSERT INTO audit_log (occurred_at, actor_type, actor_name, action,"
          + " object_type, object_id, client_address) SELECT now(), 'resident', 'bare',"
          + " 'item.status_read', 'inbox_item', s.id::text, $2 FROM s)"
          + " SELECT referentie, state, received_at, due_at FROM s";

  static final String INBOX_OLD =
      "SELECT i.id, i.referentie, i.kanaal, i.state, i.urgentie, i.wijk, i.due_at, count(*) OVER () AS total"
          + " FROM inbox_item i WHERE i.state IN "
          + OPEN
          + " ORDER BY i.due_at, i.id LIMIT 25 OFFSET $1";

  /** The product's visibility rule: $2 the account, $3 its wijkteams, $4 whether it has triage. */
  private static final String VISIBLE =
      "(i.owner_account_id = $2 OR COALESCE(i.owner_wijkteam, i.wijk) = ANY($3::text[]) OR ($4 AND i.owner_account_id IS NULL))";

  static final String INBOX =
      "SELECT i.id, i.referentie, i.kanaal, i.state, i.urgentie, i.wijk, i.due_at, count(*) OVER () AS total"
          + " FROM inbox_item i WHERE i.state IN "
          + OPEN
          + " AND "
          + VISIBLE
          + " ORDER BY i.due_at, i.id LIMIT 25 OFFSET $1";

  /** The staff session's cookie on the bare server: its value is the key in {@link #SESSIONS}. */
  static final String STAFF_COOKIE = "bare_sessie";

  /** The one staff session the benchmark uses: the demo triage worker. */
  static final String STAFF_SESSION = "benchmark-triage";

  /** A signed-in worker as the bare server needs them: who, their wijkteams, role triage. */
  record Staff(
      UUID accountId, String name, String[] wijkteams, boolean triage, UUID organisation) {}

  /** The bare server's sessions: a map in memory. */
  static final Map<String, Staff> SESSIONS = new ConcurrentHashMap<>();

  /** Puts the demo triage worker's session in {@link #SESSIONS} (at the bare server's start). */
  static Future<Void> signIn(Pool pool) {
    return pool.preparedQuery(
            "SELECT a.id, a.name, a.organisation_id,"
                + " ARRAY(SELECT w.wijkteam FROM account_wijkteam w WHERE w.account_id = a.id ORDER BY 1) AS wijkteams,"
                + " EXISTS (SELECT 1 FROM account_role r WHERE r.account_id = a.id AND r.role = 'triage') AS triage"
                + " FROM account a WHERE a.email = 'triage@demo.wijkportaal.nl'")
        .execute()
        .map(
            rows -> {
              for (Row r : rows) {
                SESSIONS.put(
                    STAFF_SESSION,
                    new Staff(
                        r.getUUID("id"),
                        r.getString("name"),
                        r.getArrayOfStrings("wijkteams"),
                        r.getBoolean("triage"),
                        r.getUUID("organisation_id")));
              }
              return null;
            });
  }

  /** The request's staff session, or null (no cookie, or one the map does not know). */
  private static Staff staff(HttpServerRequest req) {
    Cookie cookie = req.getCookie(STAFF_COOKIE);
    return cookie == null ? null : SESSIONS.get(cookie.getValue());
  }

  /**
   * The rows the product's item page shows, in one statement: the item with its personal data,
   * sender, organisation and owner, its additions, notes, history, possible matches and links, the
   * wijkteams and colleagues of its assign form, and up to 8 published offers that share a
   * leefgebied with it (the closing form's suggestions).
   */
  static final String ITEM_OLD = item(" WHERE i.id = $1");

  /**
   * {@link #ITEM_OLD} for a worker who may see the item, with the audit entry of the read written
   * by the same statement when it was found ($2-$4 as in {@link #VISIBLE}, $5 the worker's name, $6
   * their organisation, $7 the client's address).
   */
  static final String ITEM =
      "WITH d AS ("
          + item(" WHERE i.id = $1 AND " + VISIBLE)
          + "), audited AS (INSERT INTO audit_log (occurred_at, actor_type, actor_id, actor_name, actor_role,"
          + " organisation_id, action, object_type, object_id, client_address, reason, details)"
          + " SELECT now(), 'account', $2::text, $5, 'triage', $6::text, 'item.read', 'inbox_item', d.id::text, $7, 'triage', NULL FROM d)"
          + " SELECT * FROM d";

  private static String item(String where) {
    return "SELECT i.id, i.referentie, i.kanaal, i.state, i.urgentie, i.wijk, i.received_at, i.due_at, p.inhoud,"
        + " o.name AS owner, org.name AS organisation, COALESCE(sa.name, c.name) AS submitted_by,"
        + " (SELECT json_agg(json_build_array(a.added_at, a.door, a.tekst) ORDER BY a.added_at, a.id)"
        + "   FROM inbox_item_addition a WHERE a.item_id = i.id) AS additions,"
        + " (SELECT json_agg(json_build_array(n.created_at, na.name, n.tekst) ORDER BY n.created_at, n.id)"
        + "   FROM inbox_note n JOIN account na ON na.id = n.account_id WHERE n.item_id = i.id) AS notes,"
        + " (SELECT json_agg(json_build_array(e.occurred_at, e.kind, e.from_state, e.to_state, e.actor_name)"
        + "   ORDER BY e.occurred_at, e.id) FROM inbox_item_event e WHERE e.item_id = i.id) AS history,"
        + " (SELECT json_agg(json_build_array(x.referentie, x.state, mm.reason) ORDER BY mm.found_at)"
        + "   FROM inbox_match mm JOIN inbox_item x ON x.id = mm.other_item_id WHERE mm.item_id = i.id) AS matches,"
        + " (SELECT json_agg(json_build_array(x.referentie, x.state) ORDER BY l.linked_at) FROM inbox_link l"
        + "   JOIN inbox_item x ON x.id = CASE WHEN l.item_a = i.id THEN l.item_b ELSE l.item_a END"
        + "   WHERE l.item_a = i.id OR l.item_b = i.id) AS links,"
        + " (SELECT json_agg(json_build_array(w.code, w.name) ORDER BY w.code) FROM wijkteam w) AS wijkteams,"
        + " (SELECT json_agg(json_build_array(s.id, s.name) ORDER BY s.name, s.id) FROM (SELECT DISTINCT a.id, a.name"
        + "   FROM account a JOIN organisation og ON og.id = a.organisation_id JOIN account_role r ON r.account_id = a.id"
        + "   WHERE a.active AND og.kind = 'swt' AND r.role IN ('triage', 'teamleider')) s) AS colleagues,"
        + " (SELECT json_agg(json_build_array(f.title, f.slug)) FROM (SELECT title, slug FROM offer"
        + "   WHERE status = 'gepubliceerd' AND leefgebieden && i.leefgebieden ORDER BY slug LIMIT 8) f) AS offers"
        + " FROM inbox_item i LEFT JOIN inbox_item_person p ON p.item_id = i.id"
        + " LEFT JOIN account o ON o.id = i.owner_account_id LEFT JOIN organisation org ON org.id = i.organisation_id"
        + " LEFT JOIN account sa ON sa.id = i.submitted_by_account LEFT JOIN api_client c ON c.client_id = i.submitted_by_client"
        + where;
  }

  static final Map<String, Handler> HANDLERS =
      Map.of(
          "/b/home", (pool, req) -> Future.succeededFuture(fixed("Wijkportaal", 6)),
          "/b/stap", (pool, req) -> Future.succeededFuture(fixed("Voor wie is de hulp?", 3)),
          "/b/aanbod", BarePages::offer,
          "/b/status", BarePages::status,
          "/b/status-audited", BarePages::statusAudited,
          "/b/inbox", BarePages::inbox,
          "/b/item", BarePages::item,
          "/b/inbox-old", BarePages::inboxOld,
          "/b/item-old", BarePages::itemOld);

  /** A refused request: the bare server answers 403 (the benchmark counts it as an error). */
  static final class Refused extends RuntimeException {
    Refused() {
      super("no session", null, false, false);
    }
  }

  private BarePages() {}

  /**
   * The bare counterpart of a returning resident's aanmelding step ({@code /b/stap/persoonlijk}):
   * the personal part the product's page must do too, minimally and without our framework. The
   * session is found in a map by its cookie and touched (its idle time starts again); the CSRF
   * token is the session's (a new one, random and signed with HMAC-SHA256, when it has none or it
   * is over two hours old, as Vert.x's handler does); the form shows the resident's answer checked,
   * with the token. A visitor without a session gets a new signed token in a cookie with every
   * page, as the product's first visit does. {@code POST} starts a session with the answer (the
   * benchmark's set-up, not measured).
   */
  static final class PersonalStep {
    static final String PATH = "/b/stap/persoonlijk";
    static final String COOKIE = "bare_sessie";
    static final String TOKEN_COOKIE = "XSRF-TOKEN";
    private static final long TOKEN_LIFETIME_MS = 2L * 3600 * 1000;
    private static final List<String> OPTIONS = List.of("zelf", "ander");

    /** A session: the resident's answers and CSRF token, and when it was last used. */
    static final class Session {
      final Map<String, String> answers = new ConcurrentHashMap<>();
      volatile String token;
      volatile long lastAccessed;
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Template template;
    private final ThreadLocal<Mac> mac;

    PersonalStep(Template template) {
      this.template = template;
      this.mac =
          ThreadLocal.withInitial(
              () -> {
                try {
                  Mac m = Mac.getInstance("HmacSHA256");
                  m.init(
                      new SecretKeySpec(
                          "bare-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                  return m;
                } catch (GeneralSecurityException e) {
                  throw new IllegalStateException(e);
                }
              });
    }

    void handle(HttpServerRequest req) {
      Cookie cookie = req.getCookie(COOKIE);
      Session session = cookie == null ? null : sessions.get(cookie.getValue());
      if (req.method() == HttpMethod.POST) {
        req.setExpectMultipart(true);
        req.end()
            .onSuccess(
                v -> {
                  Session started = new Session();
                  String id = randomText(32);
                  started.answers.put("voorWie", String.valueOf(req.getFormAttribute("voorWie")));
                  started.token = token();
                  started.lastAccessed = System.currentTimeMillis();
                  sessions.put(id, started);
                  req.response()
                      .addCookie(Cookie.cookie(COOKIE, id).setPath("/").setHttpOnly(true))
                      .addCookie(Cookie.cookie(TOKEN_COOKIE, started.token).setPath("/"))
                      .setStatusCode(303)
                      .putHeader("location", PATH)
                      .end();
                });
        return;
      }
      String token;
      String chosen = null;
      if (session == null) {
        token = token();
        req.response().addCookie(Cookie.cookie(TOKEN_COOKIE, token).setPath("/"));
      } else {
        session.lastAccessed = System.currentTimeMillis();
        token = session.token;
        long issued = token == null ? -1 : issuedAt(token);
        if (issued < 0 || System.currentTimeMillis() > issued + TOKEN_LIFETIME_MS) {
          token = token();
          session.token = token;
          req.response().addCookie(Cookie.cookie(TOKEN_COOKIE, token).setPath("/"));
        }
        chosen = session.answers.get("voorWie");
      }
      List<Map<String, Object>> options = new ArrayList<>();
      for (String option : OPTIONS) {
        options.add(
            Map.of(
                "value",
                option,
                "label",
                option.equals("zelf") ? "Voor mijzelf" : "Voor iemand anders",
                "checked",
                option.equals(chosen)));
      }
      Map<String, Object> model = new HashMap<>();
      model.put("title", "Voor wie is de hulp?");
      model.put("token", token);
      model.put("options", options);
      try {
        req.response()
            .putHeader("content-type", "text/html; charset=utf-8")
            .end(
                template.apply(
                    Context.newBuilder(model).resolver(MapValueResolver.INSTANCE).build()));
      } catch (IOException e) {
        req.response().setStatusCode(500).end(String.valueOf(e));
      }
    }

    /** A new token: random salt, time of issue, HMAC-SHA256 of both (Vert.x's format). */
    private String token() {
      String saltAndTime = randomText(32) + "." + System.currentTimeMillis();
      byte[] signature = mac.get().doFinal(saltAndTime.getBytes(StandardCharsets.US_ASCII));
      return saltAndTime + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static long issuedAt(String token) {
      int first = token.indexOf('.');
      int second = token.indexOf('.', first + 1);
      try {
        return first < 0 || second < 0 ? -1 : Long.parseLong(token.substring(first + 1, second));
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private String randomText(int bytes) {
      byte[] b = new byte[bytes];
      random.nextBytes(b);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
  }

  /** A page without data: a few fixed rows (the product's home page and a question step). */
  private static Page fixed(String title, int rows) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      list.add(Map.of("name", "regel " + i, "value", "tekst " + i));
    }
    return new Page(title, list, null);
  }

  private static Future<Page> offer(Pool pool, HttpServerRequest req) {
    return pool.preparedQuery(OFFER)
        .execute(Tuple.of(req.getParam("slug")))
        .map(
            rows -> {
              List<Map<String, Object>> list = new ArrayList<>();
              String title = "";
              for (Row r : rows) {
                title = r.getString("title");
                list.add(Map.of("name", "samenvatting", "value", r.getString("summary")));
                list.add(Map.of("name", "beschrijving", "value", r.getString("description")));
                list.add(
                    Map.of("name", "aanbieder", "value", String.valueOf(r.getValue("provider"))));
              }
              return new Page(title, list, null);
            });
  }

  private static Future<Page> status(Pool pool, HttpServerRequest req) {
    return pool.preparedQuery(STATUS)
        .execute(Tuple.of(sha256(req.getParam("token"))))
        .map(BarePages::statusPage);
  }

  private static Page statusPage(Iterable<Row> rows) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Row r : rows) {
      list.add(Map.of("name", "referentie", "value", r.getString("referentie")));
      list.add(Map.of("name", "status", "value", r.getString("state")));
      list.add(Map.of("name", "ontvangen", "value", String.valueOf(r.getValue(2))));
      list.add(Map.of("name", "termijn", "value", String.valueOf(r.getValue(3))));
    }
    return new Page("Uw aanmelding", list, null);
  }

  private static Future<Page> statusAudited(Pool pool, HttpServerRequest req) {
    return pool.preparedQuery(STATUS_AUDITED)
        .execute(
            Tuple.of(sha256(req.getParam("token")), String.valueOf(req.remoteAddress().host())))
        .map(BarePages::statusPage);
  }

  private static Future<Page> inbox(Pool pool, HttpServerRequest req) {
    Staff staff = staff(req);
    if (staff == null) {
      return Future.failedFuture(new Refused());
    }
    int page = req.getParam("pagina") == null ? 1 : Integer.parseInt(req.getParam("pagina"));
    return inboxPage(
        pool,
        INBOX,
        Tuple.of((page - 1) * 25, staff.accountId(), staff.wijkteams(), staff.triage()));
  }

  private static Future<Page> inboxOld(Pool pool, HttpServerRequest req) {
    int page = req.getParam("pagina") == null ? 1 : Integer.parseInt(req.getParam("pagina"));
    return inboxPage(pool, INBOX_OLD, Tuple.of((page - 1) * 25));
  }

  private static Future<Page> inboxPage(Pool pool, String sql, Tuple params) {
    return pool.preparedQuery(sql)
        .execute(params)
        .map(
            rows -> {
              List<Map<String, Object>> list = new ArrayList<>();
              long total = 0;
              for (Row r : rows) {
                total = r.getLong("total");
                list.add(
                    Map.of(
                        "name",
                        r.getString("referentie"),
                        "value",
                        r.getString("kanaal")
                            + " "
                            + r.getString("state")
                            + " "
                            + r.getString("urgentie")
                            + " "
                            + r.getString("wijk")
                            + " "
                            + r.getValue("due_at")));
              }
              return new Page("Inbox (" + total + ")", list, null);
            });
  }

  private static Future<Page> item(Pool pool, HttpServerRequest req) {
    Staff staff = staff(req);
    if (staff == null) {
      return Future.failedFuture(new Refused());
    }
    return itemPage(
        pool,
        ITEM,
        Tuple.of(
            UUID.fromString(req.getParam("id")),
            staff.accountId(),
            staff.wijkteams(),
            staff.triage(),
            staff.name(),
            String.valueOf(staff.organisation()),
            req.remoteAddress() == null ? null : req.remoteAddress().hostAddress()));
  }

  private static Future<Page> itemOld(Pool pool, HttpServerRequest req) {
    return itemPage(pool, ITEM_OLD, Tuple.of(UUID.fromString(req.getParam("id"))));
  }

  private static Future<Page> itemPage(Pool pool, String sql, Tuple params) {
    return pool.preparedQuery(sql)
        .execute(params)
        .map(
            rows -> {
              List<Map<String, Object>> list = new ArrayList<>();
              String title = "";
              for (Row r : rows) {
                title = r.getString("referentie");
                for (String c : List.of("kanaal", "state", "urgentie", "wijk")) {
                  list.add(Map.of("name", c, "value", String.valueOf(r.getValue(c))));
                }
                list.add(
                    Map.of(
                        "name", "ontvangen", "value", String.valueOf(r.getValue("received_at"))));
                list.add(Map.of("name", "termijn", "value", String.valueOf(r.getValue("due_at"))));
                Object inhoud = r.getValue("inhoud");
                if (inhoud instanceof JsonObject json) {
                  json.forEach(
                      e ->
                          list.add(
                              Map.of("name", e.getKey(), "value", String.valueOf(e.getValue()))));
                }
                for (String c : List.of("owner", "organisation", "submitted_by")) {
                  list.add(Map.of("name", c, "value", String.valueOf(r.getValue(c))));
                }
                for (String c :
                    List.of(
                        "additions",
                        "notes",
                        "history",
                        "matches",
                        "links",
                        "wijkteams",
                        "colleagues",
                        "offers")) {
                  if (r.getValue(c) instanceof JsonArray rowsOf) {
                    for (int n = 0; n < rowsOf.size(); n++) {
                      list.add(
                          Map.of(
                              "name",
                              c,
                              "value",
                              String.join(" ", strings(rowsOf.getJsonArray(n)))));
                    }
                  }
                }
              }
              return new Page(title, list, null);
            });
  }

  private static List<String> strings(JsonArray a) {
    List<String> list = new ArrayList<>(a.size());
    for (int n = 0; n < a.size(); n++) {
      list.add(String.valueOf(a.getValue(n)));
    }
    return list;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
