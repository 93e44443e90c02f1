package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding offers: the resident's words expanded with the editors' synonyms, Dutch stemming
 * and typo tolerance in PostgreSQL, filters with counts, and the nearest offers when nothing
 * matched. Only published offers are ever found here.
 */
public final class CatalogueService {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogueService.class);
  private static final int NEAREST = 5;

  private final CatalogueRepository repository;
  private final List<String> wijken;
  private final Clock clock;

  public CatalogueService(CatalogueRepository repository, List<String> wijken, Clock clock) {
    this.repository = repository;
    this.wijken = List.copyOf(wijken);
    this.clock = clock;
  }

  public List<String> wijken() {
    return wijken;
  }

  /**
   * One page of a search. {@code logged}: only a resident's search on the search page counts
   * for the editors' search insight, not suggestions while typing nor the wegwijzer.
   */
  public Future<SearchResult> search(OfferQuery query, boolean withFacets, boolean logged) {
    SearchTerms terms = SearchTerms.of(query.text());
    if (!query.text().isBlank() && terms.isEmpty()) {
      // Only signs, or words too long to be words: nothing matches, rather than everything.
      return Future.succeededFuture(new SearchResult(List.of(), 0, Map.of(), List.of()));
    }
    return repository
        .synonymsFor(terms.words())
        .compose(
            synonyms -> {
              OfferFilter filter = new OfferFilter(query, terms.tsquery(synonyms, true), terms.text(), wijken);
              int offset = (query.page() - 1) * query.pageSize();
              Future<CatalogueRepository.SearchPage> page = repository.search(filter, query.pageSize(), offset);
              Future<Map<String, Map<String, Long>>> facets = withFacets ? facets(filter) : Future.succeededFuture(Map.of());
              return Future.all(page, facets)
                  .compose(
                      all -> {
                        CatalogueRepository.SearchPage found = all.resultAt(0);
                        Future<List<Offer>> nearest =
                            found.total() == 0 && !terms.isEmpty()
                                ? repository.nearest(terms.text(), terms.tsquery(synonyms, false), NEAREST)
                                : Future.succeededFuture(List.of());
                        if (logged) {
                          log(terms, query, found.total());
                        }
                        return nearest.map(n -> new SearchResult(found.offers(), found.total(), all.resultAt(1), n));
                      });
            });
  }

  private Future<Map<String, Map<String, Long>>> facets(OfferFilter filter) {
    Future<Map<String, Long>> leefgebied = repository.facet(filter, OfferFilter.Dimension.LEEFGEBIED);
    Future<Map<String, Long>> doelgroep = repository.facet(filter, OfferFilter.Dimension.DOELGROEP);
    Future<Map<String, Long>> wijk = repository.facet(filter, OfferFilter.Dimension.WIJK);
    Future<Map<String, Long>> taal = repository.facet(filter, OfferFilter.Dimension.TAAL);
    Future<Map<String, Long>> gratis = repository.facet(filter, OfferFilter.Dimension.GRATIS);
    return Future.all(leefgebied, doelgroep, wijk, taal, gratis)
        .map(
            all -> {
              Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
              facets.put("leefgebied", leefgebied.result());
              facets.put("doelgroep", doelgroep.result());
              facets.put("wijk", wijk.result());
              facets.put("gesprokenTaal", taal.result());
              facets.put("gratis", gratis.result());
              return facets;
            });
  }

  /** Only the first page of a search counts, and only words that cannot be a name or address. */
  private void log(SearchTerms terms, OfferQuery query, long total) {
    if (query.page() != 1) {
      return;
    }
    terms.loggable()
        .ifPresent(
            q -> repository.logSearch(q, (int) Math.min(total, Integer.MAX_VALUE), clock.instant())
                .onFailure(e -> LOG.warn("Search not logged: {}", e.toString())));
  }

  public Future<Optional<Offer>> published(String slug) {
    return repository.bySlug(slug).map(o -> o.filter(Offer::published));
  }

  public Future<Optional<Offer>> publishedById(UUID id) {
    return repository.byId(id).map(o -> o.filter(Offer::published));
  }
}
