package nl.wijkportaal.bench;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.context.MapValueResolver;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The ceiling the benchmark compares the product with: a bare Vert.x 5 server on the same database
 * that answers each page with one query and one Handlebars render (or one JSON encoding), without
 * sessions, CSRF, language, facets, synonyms or typo tolerance. Test tree only, never in the jar.
 * {@code java ... BareServer <dbPort> <httpPort> [poolSize]}.
 */
public final class BareServer {

  /** The embedded database's password, handed over by the benchmark (never on the command line). */
  static final String PASSWORD_VARIABLE = "WIJKPORTAAL_BENCH_DB_PASSWORD";

  /** The reference query: one indexed full-text match, ranked, with the total, 20 rows. */
  static final String SEARCH_COLUMNS =
      "SELECT o.slug, o.title, o.summary, %s AS rank, count(*) OVER () AS total FROM offer o";

  private BareServer() {}

  public static void main(String[] args) {
    int dbPort = Integer.parseInt(args[0]);
    int httpPort = Integer.parseInt(args[1]);
    int poolSize = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Vertx vertx = Vertx.vertx();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize).setMaxWaitQueueSize(1_000))
            .connectingTo(
                new PgConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(dbPort)
                    .setDatabase("postgres")
                    .setUser("postgres")
                    .setPassword(System.getenv(PASSWORD_VARIABLE))
                    .setCachePreparedStatements(true)
                    // As the product's pool: the item page's statement is longer than the
                    // default limit (2,048 characters), which would parse and plan it anew each
                    // time.
                    .setPreparedStatementCacheSqlLimit(16_384))
            .using(vertx)
            .build();
    Templates templates = new Templates();
    // The staff pages' one session (BarePages.SESSIONS), read once before the first request.
    BarePages.signIn(pool).await();
    vertx
        .deployVerticle(
            () -> new Http(pool, templates, httpPort),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .onSuccess(id -> System.out.println("bare server listening on 127.0.0.1:" + httpPort))
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }

  /** One compiled template per name; Handlebars templates are thread-safe once compiled. */
  static final class Templates {
    private final Template search;
    private final Template page;
    final BarePages.PersonalStep step;

    Templates() {
      Handlebars hb = new Handlebars(new ClassPathTemplateLoader("/bench", ".hbs"));
      try {
        search = hb.compile("bare-search");
        page = hb.compile("bare-page");
        step = new BarePages.PersonalStep(hb.compile("bare-step"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String render(Template t, Map<String, Object> model) {
      try {
        return t.apply(Context.newBuilder(model).resolver(MapValueResolver.INSTANCE).build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static final class Http extends VerticleBase {
    private final Pool pool;
    private final Templates templates;
    private final int port;

    Http(Pool pool, Templates templates, int port) {
      this.pool = pool;
      this.templates = templates;
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1");
    }

    private void handle(HttpServerRequest req) {
      String path = req.path();
      switch (path) {
        case "/aanbod" -> search(req, false);
        case "/api/v1/aanbod" -> search(req, true);
        case BarePages.PersonalStep.PATH -> templates.step.handle(req);
        default -> {
          BarePages.Handler page = BarePages.HANDLERS.get(path);
          if (page == null) {
            req.response().setStatusCode(404).end();
          } else {
            page.handle(pool, req)
                .onSuccess(
                    p -> {
                      if (p.json() != null) {
                        req.response()
                            .putHeader("content-type", "application/json")
                            .end(p.json().encode());
                      } else {
                        Map<String, Object> model = new LinkedHashMap<>();
                        model.put("title", p.title());
                        model.put("rows", p.rows());
                        html(req, templates.render(templates.page, model));
                      }
                    })
                .onFailure(
                    e ->
                        req.response()
                            .setStatusCode(e instanceof BarePages.Refused ? 403 : 500)
                            .end(String.valueOf(e)));
          }
        }
      }
    }

    private void search(HttpServerRequest req, boolean json) {
      MultiMap params = req.params();
      String q = params.get("q") == null ? "" : params.get("q");
      List<String> where = new ArrayList<>();
      Tuple tuple = Tuple.tuple();
      where.add("o.status = 'gepubliceerd'");
      String rank = "0";
      if (!q.isBlank()) {
        tuple.addString(q);
        where.add("o.search_vector @@ plainto_tsquery('dutch', $1)");
        rank = "ts_rank(o.search_vector, plainto_tsquery('dutch', $1))";
      }
      array(params, "leefgebied", tuple, where, "o.leefgebieden && $%d::text[]");
      array(params, "doelgroep", tuple, where, "o.doelgroepen && $%d::text[]");
      array(params, "wijk", tuple, where, "(o.whole_city OR o.wijken && $%d::text[])");
      array(params, "gesprokenTaal", tuple, where, "o.languages && $%d::text[]");
      if ("ja".equals(params.get("gratis")) || "true".equals(params.get("gratis"))) {
        where.add("o.cost_free");
      }
      if (params.get("leeftijd") != null && params.get("leeftijd").matches("\\d{1,3}")) {
        tuple.addInteger(Integer.parseInt(params.get("leeftijd")));
        int n = tuple.size();
        where.add(
            "(o.age_min IS NULL OR o.age_min <= $"
                + n
                + ") AND (o.age_max IS NULL OR o.age_max >= $"
                + n
                + ")");
      }
      String sql =
          String.format(SEARCH_COLUMNS, rank)
              + " WHERE "
              + String.join(" AND ", where)
              + " ORDER BY rank DESC, lower(o.title), o.slug LIMIT 20";
      pool.preparedQuery(sql)
          .execute(tuple)
          .onSuccess(
              rows -> {
                long total = rows.size() == 0 ? 0 : rows.iterator().next().getLong("total");
                if (json) {
                  JsonArray list = new JsonArray();
                  rows.forEach(
                      r ->
                          list.add(
                              new JsonObject()
                                  .put("slug", r.getString("slug"))
                                  .put("titel", r.getString("title"))
                                  .put("samenvatting", r.getString("summary"))
                                  .put("url", "/aanbod/" + r.getString("slug"))));
                  req.response()
                      .putHeader("content-type", "application/json")
                      .end(new JsonObject().put("resultaten", list).put("totaal", total).encode());
                } else {
                  Map<String, Object> model = new LinkedHashMap<>();
                  model.put("q", q);
                  model.put("total", total);
                  model.put(
                      "offers",
                      maps(
                          rows,
                          r ->
                              Map.of(
                                  "slug",
                                  r.getString("slug"),
                                  "title",
                                  r.getString("title"),
                                  "summary",
                                  r.getString("summary"))));
                  html(req, templates.render(templates.search, model));
                }
              })
          .onFailure(e -> req.response().setStatusCode(500).end(String.valueOf(e)));
    }

    private static void array(
        MultiMap params, String name, Tuple tuple, List<String> where, String condition) {
      List<String> values = params.getAll(name);
      if (!values.isEmpty()) {
        tuple.addArrayOfString(values.toArray(String[]::new));
        where.add(String.format(condition, tuple.size()));
      }
    }

    private static void html(HttpServerRequest req, String html) {
      req.response().putHeader("content-type", "text/html; charset=utf-8").end(html);
    }
  }

  static List<Map<String, Object>> maps(RowSet<Row> rows, Function<Row, Map<String, Object>> f) {
    List<Map<String, Object>> list = new ArrayList<>();
    rows.forEach(r -> list.add(f.apply(r)));
    return list;
  }
}
