package nl.wijkportaal.catalogue;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A resident's search as one SQL statement, from fixed SQL fragments with bound parameters: the
 * offers matching the words (and the age) are collected once ({@code m}); the page, the total and
 * every facet are counted over those rows. A facet leaves out its own dimension, so its counts show
 * what choosing another value gives.
 *
 * <p>Words match through Dutch or English full text (stemmed, prefixes, synonyms). Only when that
 * finds fewer than {@link #TYPO_BELOW} offers are the words also matched typo-tolerant (trigrams),
 * which costs far more per offer than a full-text match; a typo match ranks after every real match,
 * by how close it comes.
 */
final class OfferFilter {

  enum Dimension {
    LEEFGEBIED,
    DOELGROEP,
    WIJK,
    GRATIS,
    TAAL
  }

  /** Fewer full-text matches than this, and typo-tolerant matches are added. */
  static final int TYPO_BELOW = 5;

  /** What the search collects of each matching offer: narrow columns for the filters and facets. */
  private static final String NARROW =
      "o.id, o.title, o.leefgebieden, o.doelgroepen, o.whole_city, o.wijken, o.languages, o.cost_free";

  private final OfferQuery query;
  private final String tsquery;
  private final String text;
  private final List<String> allWijken;

  OfferFilter(OfferQuery query, String tsquery, String text, List<String> allWijken) {
    this.query = query;
    this.tsquery = tsquery;
    this.text = text;
    this.allWijken = List.copyOf(allWijken);
  }

  /**
   * The whole search: one row per offer of the page (in order), each carrying the total and, {@code
   * withFacets}, the counts per filter value (JSON); one row with only those when the page is
   * empty. {@code pageColumns}: the offer's columns as the repository reads them.
   */
  Statement statement(String pageColumns, boolean withFacets, int limit, int offset) {
    // $1 the words as typed (typo matching), $2 the tsquery: only when used, as PostgreSQL
    // refuses a parameter it cannot type.
    List<Object> params = new ArrayList<>();
    if (!text.isEmpty()) {
      params.add(text);
      if (!tsquery.isEmpty()) {
        params.add(tsquery);
      }
    }
    String base = "o.status = 'gepubliceerd'";
    if (query.age().isPresent()) {
      params.add(query.age().get());
      int n = params.size();
      base +=
          " AND (o.age_min IS NULL OR o.age_min <= $"
              + n
              + ") AND (o.age_max IS NULL OR o.age_max >= $"
              + n
              + ")";
    }
    Map<Dimension, String> filters = filters(params);

    StringBuilder sql = new StringBuilder("WITH ");
    if (text.isEmpty()) {
      sql.append("m AS MATERIALIZED (SELECT ")
          .append(NARROW)
          .append(", 0::float8 AS rank FROM offer o WHERE ")
          .append(base)
          .append(")");
    } else if (tsquery.isEmpty()) {
      sql.append("m AS MATERIALIZED (SELECT ")
          .append(NARROW)
          .append(", word_similarity($1, o.search_text)::float8 AS rank FROM offer o WHERE ")
          .append(base)
          .append(" AND $1 <% o.search_text)");
    } else {
      // The Dutch texts stemmed as Dutch, the English ones as English: a BitmapOr of two GIN
      // indexes.
      String fullText =
          "(o.search_vector @@ to_tsquery('dutch', $2) OR o.search_vector_en @@ to_tsquery('english', $2))";
      sql.append("ft AS MATERIALIZED (SELECT ")
          .append(NARROW)
          // Ranked by the text it matched in: ts_rank is the costliest step per offer, so one, not
          // both.
          .append(
              ", 1 + (CASE WHEN o.search_vector @@ to_tsquery('dutch', $2) THEN ts_rank(o.search_vector, to_tsquery('dutch', $2))")
          .append(
              " ELSE ts_rank(o.search_vector_en, to_tsquery('english', $2)) END)::float8 AS rank")
          .append(" FROM offer o WHERE ")
          .append(base)
          .append(" AND ")
          .append(fullText)
          .append("), ")
          // A one-time condition: PostgreSQL does not touch the trigram index when full text found
          // enough.
          .append("typo AS MATERIALIZED (SELECT ")
          .append(NARROW)
          .append(", word_similarity($1, o.search_text)::float8 AS rank FROM offer o")
          .append(" WHERE (SELECT count(*) FROM ft) < ")
          .append(TYPO_BELOW)
          .append(" AND ")
          .append(base)
          .append(" AND $1 <% o.search_text AND o.id NOT IN (SELECT id FROM ft)), ")
          .append("m AS (SELECT * FROM ft UNION ALL SELECT * FROM typo)");
    }
    String all = where(filters, null);
    String nearby = query.wijken().isEmpty() ? "0" : "(CASE WHEN m.whole_city THEN 0 ELSE 1 END)";
    sql.append(", hit AS MATERIALIZED (SELECT m.id, m.rank, ")
        .append(nearby)
        .append(" AS nearby, lower(m.title) AS sort_title FROM m WHERE ")
        .append(all)
        .append(")");
    params.add(limit);
    params.add(offset);
    sql.append(
            ", page AS (SELECT * FROM hit ORDER BY rank DESC, nearby DESC, sort_title, id LIMIT $")
        .append(params.size() - 1)
        .append(" OFFSET $")
        .append(params.size())
        .append(")");
    sql.append(", summary AS (SELECT (SELECT count(*) FROM hit) AS total");
    if (withFacets) {
      params.add(allWijken.toArray(String[]::new));
      int wijkenParam = params.size();
      sql.append(", json_build_object(")
          .append("'leefgebied', ")
          .append(facet("unnest(m.leefgebieden)", filters, Dimension.LEEFGEBIED))
          .append(", ")
          .append("'doelgroep', ")
          .append(facet("unnest(m.doelgroepen)", filters, Dimension.DOELGROEP))
          .append(", ")
          .append("'wijk', ")
          .append(
              facet(
                  "unnest(CASE WHEN m.whole_city THEN $"
                      + wijkenParam
                      + "::text[] ELSE m.wijken END)",
                  filters,
                  Dimension.WIJK))
          .append(", ")
          .append("'gesprokenTaal', ")
          .append(facet("unnest(m.languages)", filters, Dimension.TAAL))
          .append(", ")
          .append("'gratis', ")
          .append(
              facet("CASE WHEN m.cost_free THEN 'ja' ELSE 'nee' END", filters, Dimension.GRATIS))
          .append(") AS facets");
    } else {
      sql.append(", NULL::json AS facets");
    }
    sql.append(")");
    // Only the page's offers are read whole (their long texts would otherwise be read for every
    // hit).
    // The id last keeps the order of equal titles the same from page to page.
    sql.append(" SELECT summary.total, summary.facets, ")
        .append(pageColumns)
        .append(
            " FROM summary LEFT JOIN (page JOIN offer o ON o.id = page.id JOIN provider p ON p.id = o.provider_id) ON true")
        .append(" ORDER BY page.rank DESC, page.nearby DESC, page.sort_title, o.id");
    return new Statement(sql.toString(), params);
  }

  /**
   * The conditions of the chosen filters, on the collected rows {@code m}; their values added to
   * {@code params}.
   */
  private Map<Dimension, String> filters(List<Object> params) {
    Map<Dimension, String> filters = new EnumMap<>(Dimension.class);
    if (!query.leefgebieden().isEmpty()) {
      params.add(query.leefgebieden().toArray(String[]::new));
      filters.put(Dimension.LEEFGEBIED, "m.leefgebieden && $" + params.size() + "::text[]");
    }
    if (!query.doelgroepen().isEmpty()) {
      // An offer for everyone is for each group too.
      List<String> groups = new ArrayList<>(query.doelgroepen());
      if (!groups.contains("iedereen")) {
        groups.add("iedereen");
      }
      params.add(groups.toArray(String[]::new));
      filters.put(Dimension.DOELGROEP, "m.doelgroepen && $" + params.size() + "::text[]");
    }
    if (!query.wijken().isEmpty()) {
      params.add(query.wijken().toArray(String[]::new));
      filters.put(Dimension.WIJK, "(m.whole_city OR m.wijken && $" + params.size() + "::text[])");
    }
    if (query.onlyFree()) {
      filters.put(Dimension.GRATIS, "m.cost_free");
    }
    if (!query.languages().isEmpty()) {
      params.add(query.languages().toArray(String[]::new));
      filters.put(Dimension.TAAL, "m.languages && $" + params.size() + "::text[]");
    }
    return filters;
  }

  private static String where(Map<Dimension, String> filters, Dimension skip) {
    String conditions =
        filters.entrySet().stream()
            .filter(e -> e.getKey() != skip)
            .map(Map.Entry::getValue)
            .collect(Collectors.joining(" AND "));
    return conditions.isEmpty() ? "true" : conditions;
  }

  private static String facet(String value, Map<Dimension, String> filters, Dimension dimension) {
    return "(SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT v, count(*) AS n FROM (SELECT "
        + value
        + " AS v FROM m WHERE "
        + where(filters, dimension)
        + ") f GROUP BY v) c)";
  }

  /** An SQL statement and its parameters, $1 first. */
  record Statement(String sql, List<Object> params) {
    Tuple tuple() {
      Tuple tuple = Tuple.tuple();
      params.forEach(tuple::addValue);
      return tuple;
    }
  }
}
