package nl.wijkportaal.catalogue;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a resident's search, from fixed SQL fragments with bound parameters.
 * A facet leaves out its own dimension, so its counts show what choosing another value gives.
 */
final class OfferFilter {

  enum Dimension { LEEFGEBIED, DOELGROEP, WIJK, GRATIS, TAAL, NONE }

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

  /** SQL after {@code FROM offer o ...} and the parameters it binds, starting at $1. */
  Where where(Dimension skip) {
    List<String> conditions = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    conditions.add("o.status = 'gepubliceerd'");
    if (!text.isEmpty()) {
      params.add(text);
      String textParam = "$" + params.size();
      if (!tsquery.isEmpty()) {
        params.add(tsquery);
        // A UNION of index scans: written as one OR, PostgreSQL scans every offer (15x slower at 10,000).
        // The Dutch texts stemmed as Dutch, the English ones as English, and the typo-tolerant words.
        conditions.add("o.id IN (SELECT id FROM offer WHERE search_vector @@ to_tsquery('dutch', $" + params.size()
            + ") UNION SELECT id FROM offer WHERE search_vector_en @@ to_tsquery('english', $" + params.size()
            + ") UNION SELECT id FROM offer WHERE " + textParam + " <% search_text)");
      } else {
        conditions.add(textParam + " <% o.search_text");
      }
    }
    if (skip != Dimension.LEEFGEBIED && !query.leefgebieden().isEmpty()) {
      params.add(query.leefgebieden().toArray(String[]::new));
      conditions.add("o.leefgebieden && $" + params.size() + "::text[]");
    }
    if (skip != Dimension.DOELGROEP && !query.doelgroepen().isEmpty()) {
      // An offer for everyone is for each group too.
      List<String> groups = new ArrayList<>(query.doelgroepen());
      if (!groups.contains("iedereen")) {
        groups.add("iedereen");
      }
      params.add(groups.toArray(String[]::new));
      conditions.add("o.doelgroepen && $" + params.size() + "::text[]");
    }
    if (skip != Dimension.WIJK && !query.wijken().isEmpty()) {
      params.add(query.wijken().toArray(String[]::new));
      conditions.add("(o.whole_city OR o.wijken && $" + params.size() + "::text[])");
    }
    if (skip != Dimension.GRATIS && query.onlyFree()) {
      conditions.add("o.cost_free");
    }
    if (skip != Dimension.TAAL && !query.languages().isEmpty()) {
      params.add(query.languages().toArray(String[]::new));
      conditions.add("o.languages && $" + params.size() + "::text[]");
    }
    if (query.age().isPresent()) {
      params.add(query.age().get());
      conditions.add("(o.age_min IS NULL OR o.age_min <= $" + params.size() + ") AND (o.age_max IS NULL OR o.age_max >= $" + params.size() + ")");
    }
    return new Where(String.join(" AND ", conditions), params);
  }

  /**
   * The relevance of a row: how well the words match; a row found only through a typo ranks
   * after every real match, by how close it comes (word_similarity is costly, so only there).
   */
  String rank(Where where) {
    if (text.isEmpty()) {
      return "0";
    }
    if (tsquery.isEmpty()) {
      return "word_similarity($1, o.search_text)";
    }
    return "(CASE WHEN o.search_vector @@ to_tsquery('dutch', $2) OR o.search_vector_en @@ to_tsquery('english', $2)"
        + " THEN 1 + greatest(ts_rank(o.search_vector, to_tsquery('dutch', $2)), ts_rank(o.search_vector_en, to_tsquery('english', $2)))"
        + " ELSE word_similarity($1, o.search_text) END)";
  }

  /** 1 for an offer in one of the chosen wijken, 0 for a whole-city one: help nearby first. */
  String nearby(Where where) {
    return query.wijken().isEmpty() ? "0" : "(CASE WHEN o.whole_city THEN 0 ELSE 1 END)";
  }

  List<String> allWijken() {
    return allWijken;
  }

  /** A WHERE clause and its parameters. */
  record Where(String sql, List<Object> params) {
    Tuple tuple(Object... more) {
      Tuple tuple = Tuple.tuple();
      params.forEach(tuple::addValue);
      for (Object o : more) {
        tuple.addValue(o);
      }
      return tuple;
    }

    int next() {
      return params.size() + 1;
    }
  }
}
