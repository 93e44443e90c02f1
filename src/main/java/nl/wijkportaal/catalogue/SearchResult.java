package nl.wijkportaal.catalogue;

import java.util.List;
import java.util.Map;

/**
 * One page of offers for a search, with the count per filter value (facets) and, when nothing
 * matched, the nearest offers so a resident is never left with nothing.
 */
public record SearchResult(
    List<Offer> offers, long total, Map<String, Map<String, Long>> facets, List<Offer> nearest) {}
