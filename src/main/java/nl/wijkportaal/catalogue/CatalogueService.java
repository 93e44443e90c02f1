package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding offers: the resident's words expanded with the editors' synonyms, Dutch stemming and typo
 * tolerance ({@link SearchIndex}, in memory), filters with counts, and the nearest offers when
 * nothing matched. Only published offers are ever found here.
 */
public final class CatalogueService {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogueService.class);

  private static final int NEAREST = 5;

  private final CatalogueRepository repository;
  private final List<String> wijken;
  private final Clock clock;
  private final Synonyms synonyms;
  private final SearchLog searchLog;
  private final SearchIndex index;

  public CatalogueService(
      CatalogueRepository repository,
      List<String> wijken,
      Clock clock,
      Synonyms synonyms,
      Vertx vertx) {
    this.repository = repository;
    this.wijken = List.copyOf(wijken);
    this.clock = clock;
    this.synonyms = synonyms;
    this.searchLog = new SearchLog(repository.pool(), vertx);
    this.index = new SearchIndex(repository, vertx, wijken);
  }

  /**
   * Builds the search index in the background at start, so the first resident does not wait for it
   * (a search meanwhile waits for this build rather than starting another).
   */
  void warmUp() {
    index
        .snapshot()
        .onFailure(e -> LOG.warn("Catalogue search index not built at start: {}", e.toString()));
  }

  SearchIndex index() {
    return index;
  }

  public List<String> wijken() {
    return wijken;
  }

  /**
   * One page of a search. {@code logged}: only a resident's search on the search page counts for
   * the editors' search insight, not suggestions while typing nor the wegwijzer.
   */
  public Future<SearchResult> search(OfferQuery query, boolean withFacets, boolean logged) {
    SearchTerms terms = SearchTerms.of(query.text());
    if (!query.text().isBlank() && terms.isEmpty()) {
      // Only signs, or words too long to be words: nothing matches, rather than everything.
      return Future.succeededFuture(new SearchResult(List.of(), 0, Map.of(), List.of()));
    }
    // The synonyms and the catalogue come from memory; the database is asked only whether the
    // catalogue changed.
    return synonyms
        .groups()
        .compose(
            groups -> {
              int offset = (query.page() - 1) * query.pageSize();
              SearchIndex.Request request =
                  new SearchIndex.Request(
                      query, terms.alternatives(groups), withFacets, query.pageSize(), offset);
              return index.search(request, NEAREST);
            })
        .onSuccess(
            found -> {
              if (logged) {
                log(terms, query, found.total());
              }
            });
  }

  /** Only the first page of a search counts, and only words that cannot be a name or address. */
  private void log(SearchTerms terms, OfferQuery query, long total) {
    if (query.page() != 1) {
      return;
    }
    terms
        .loggable()
        .ifPresent(
            q -> searchLog.add(q, (int) Math.min(total, Integer.MAX_VALUE), clock.instant()));
  }

  /**
   * The catalogue's version, read after this call (reads that arrive together on an event loop are
   * one query): raised by every change to an offer, its locations or its provider.
   */
  public Future<Long> version() {
    return index.version();
  }

  public Future<Optional<Offer>> published(String slug) {
    return repository.bySlug(slug).map(o -> o.filter(Offer::published));
  }

  public Future<Optional<Offer>> publishedById(UUID id) {
    return repository.byId(id).map(o -> o.filter(Offer::published));
  }
}
