package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * For the benchmark: {@code EXPLAIN (ANALYZE, BUFFERS)} of the statement a search on the search
 * page runs, built exactly as the product builds it (same filter, synonyms, parameters).
 */
public final class SearchExplain {

  private SearchExplain() {}

  /** {@code queryString} as in {@code /aanbod?...}, without the '?'. */
  public static Future<String> explain(Pool pool, String queryString, List<String> wijken) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (String pair : queryString.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.add(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    OfferQuery query = CatalogueRoutes.query(params, wijken);
    SearchTerms terms = SearchTerms.of(query.text());
    CatalogueRepository repository = new CatalogueRepository(pool);
    return repository
        .synonyms()
        .compose(
            rows -> {
              List<List<String>> groups = rows.stream().map(SynonymGroup::terms).toList();
              OfferFilter filter =
                  new OfferFilter(query, terms.tsquery(groups, true), terms.text(), wijken);
              OfferFilter.Statement statement =
                  filter.statement(CatalogueRepository.searchColumns(), true, query.pageSize(), 0);
              return pool.withConnection(
                      c ->
                          c.query("SET pg_trgm.word_similarity_threshold = 0.55")
                              .execute()
                              .compose(x -> c.query("SET random_page_cost = 1.1").execute())
                              .compose(
                                  x ->
                                      c.preparedQuery(
                                              "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql())
                                          .execute(statement.tuple())))
                  .map(
                      plan -> {
                        List<String> lines = new ArrayList<>();
                        lines.add(
                            "-- /aanbod?"
                                + queryString
                                + "  params "
                                + statement.params().stream()
                                    .map(
                                        p ->
                                            p instanceof Object[] a
                                                ? List.of(a).toString()
                                                : String.valueOf(p))
                                    .toList());
                        lines.add(statement.sql());
                        for (Row r : plan) {
                          lines.add(r.getString(0));
                        }
                        return String.join("\n", lines);
                      });
            });
  }
}
