package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an editor (redacteur) does with offers: write, preview, publish, archive, confirm they are
 * still correct, import a provider's list (all rows or none), keep the synonyms. Every change lands
 * in the offer's history; a stale edit is refused ({@link Stale}), never silently applied. Refusals
 * are domain exceptions; the pages decide what status they answer with.
 */
public final class EditorService {

  public static final Duration FRESHNESS = Duration.ofDays(183);

  /** The rows of an import that cannot be taken, each with its field errors (message keys). */
  public static final class ImportRejected extends RuntimeException {
    /** Rows whose errors are named; a file with more bad rows says how many more there are. */
    public static final int SHOWN_ROWS = 25;

    private final Map<Integer, Map<String, String>> rows;
    private final int total;

    public ImportRejected(Map<Integer, Map<String, String>> rows) {
      super("import rejected: " + rows.size() + " rows", null, false, false);
      Map<Integer, Map<String, String>> first = new LinkedHashMap<>();
      rows.entrySet().stream().limit(SHOWN_ROWS).forEach(e -> first.put(e.getKey(), e.getValue()));
      this.rows = first;
      this.total = rows.size();
    }

    /** The first {@link #SHOWN_ROWS} rejected rows, in file order. */
    public Map<Integer, Map<String, String>> rows() {
      return rows;
    }

    /** How many rows were rejected in all. */
    public int total() {
      return total;
    }
  }

  /** Field errors of one offer (message keys per field). */
  public static final class Rejected extends RuntimeException {
    private final Map<String, String> errors;

    public Rejected(Map<String, String> errors) {
      super("offer rejected: " + errors.keySet(), null, false, false);
      this.errors = errors;
    }

    public Map<String, String> errors() {
      return errors;
    }
  }

  /** The offer changed since the editor read it: saving would overwrite someone else's change. */
  public static final class Stale extends RuntimeException {
    public Stale() {
      super("stale version", null, false, false);
    }
  }

  private final CatalogueRepository repository;
  private final List<String> wijken;
  private final Clock clock;
  private final Synonyms synonyms;

  public EditorService(CatalogueRepository repository, List<String> wijken, Clock clock) {
    this(repository, wijken, clock, new Synonyms(repository, null));
  }

  /**
   * {@code synonyms}: the residents' search's copy, emptied (on every node) when an editor changes
   * them.
   */
  public EditorService(
      CatalogueRepository repository, List<String> wijken, Clock clock, Synonyms synonyms) {
    this.repository = repository;
    this.wijken = List.copyOf(wijken);
    this.clock = clock;
    this.synonyms = synonyms;
  }

  public List<String> wijken() {
    return wijken;
  }

  /** Every offer, or those of one status, by title. */
  public Future<List<Offer>> offers(String status) {
    return repository.forEditors(status);
  }

  /** One offer, whatever its status. */
  public Future<Optional<Offer>> offer(UUID id) {
    return repository.byId(id);
  }

  /** The offer's changes, newest first. */
  public Future<List<OfferChange>> history(UUID id) {
    return repository.history(id);
  }

  /** A new offer, as a concept: residents do not see it until it is published. */
  public Future<UUID> create(OfferDraft draft, String editor) {
    Map<String, String> errors = OfferRules.check(draft, wijken);
    if (!errors.isEmpty()) {
      return Future.failedFuture(new Rejected(errors));
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    return repository
        .pool()
        .withTransaction(
            tx ->
                repository
                    .slugTaken(tx, draft.slug(), null)
                    .compose(
                        taken ->
                            taken
                                ? Future.failedFuture(
                                    new Rejected(Map.of("slug", "catalogue.error.slugTaken")))
                                : repository.insert(tx, id, draft, "concept", now, now, editor)));
  }

  public Future<Void> update(UUID id, OfferDraft draft, int version, String editor) {
    Map<String, String> errors = OfferRules.check(draft, wijken);
    if (!errors.isEmpty()) {
      return Future.failedFuture(new Rejected(errors));
    }
    return repository
        .pool()
        .withTransaction(
            tx ->
                repository
                    .slugTaken(tx, draft.slug(), id)
                    .compose(
                        taken ->
                            taken
                                ? Future.failedFuture(
                                    new Rejected(Map.of("slug", "catalogue.error.slugTaken")))
                                : repository
                                    .update(tx, id, draft, version, clock.instant(), editor)
                                    .compose(EditorService::orConflict)));
  }

  /** Publishes, archives or returns an offer to concept. */
  public Future<Void> setStatus(UUID id, String status, int version, String editor) {
    if (!Codes.STATUSES.contains(status)) {
      // Only a hand-made request names another status: the page answers 400, no message.
      return Future.failedFuture(new Rejected(Map.of("status", "catalogue.error.status")));
    }
    return repository
        .pool()
        .withTransaction(
            tx ->
                repository
                    .setStatus(tx, id, status, version, clock.instant(), editor)
                    .compose(EditorService::orConflict));
  }

  /** "Still correct": the offer was checked today. */
  public Future<Void> markChecked(UUID id, int version, String editor) {
    return repository
        .pool()
        .withTransaction(
            tx ->
                repository
                    .markChecked(tx, id, version, clock.instant(), editor)
                    .compose(EditorService::orConflict));
  }

  public Future<List<Offer>> stale() {
    return repository.notCheckedSince(clock.instant().minus(FRESHNESS));
  }

  /**
   * Imports offers as concepts, or updates those whose slug exists (their status stays): every row
   * is checked first, and one bad row rejects the whole import.
   */
  public Future<Integer> importOffers(List<OfferDraft> drafts, String editor) {
    Map<Integer, Map<String, String>> bad = new LinkedHashMap<>();
    Map<String, Integer> slugs = new LinkedHashMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      Map<String, String> errors = new LinkedHashMap<>(OfferRules.check(drafts.get(i), wijken));
      Integer earlier = slugs.putIfAbsent(String.valueOf(drafts.get(i).slug()), i + 1);
      if (earlier != null) {
        errors.put("slug", "catalogue.error.slugTwice");
      }
      if (!errors.isEmpty()) {
        bad.put(i + 1, errors);
      }
    }
    if (drafts.isEmpty()) {
      bad.put(0, Map.of("file", "catalogue.error.emptyImport"));
    }
    if (!bad.isEmpty()) {
      return Future.failedFuture(new ImportRejected(bad));
    }
    Instant now = clock.instant();
    return repository
        .pool()
        .withTransaction(
            tx -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (OfferDraft draft : drafts) {
                chain =
                    chain.compose(
                        n ->
                            repository
                                .bySlugIn(tx, draft.slug())
                                .compose(
                                    existing ->
                                        existing.isPresent()
                                            // A concurrent edit (the version moved on) fails the
                                            // whole import: all rows or none.
                                            ? repository
                                                .update(
                                                    tx,
                                                    existing.get().id(),
                                                    draft,
                                                    existing.get().version(),
                                                    now,
                                                    editor)
                                                .compose(EditorService::orConflict)
                                                .map(v -> n + 1)
                                            : repository
                                                .insert(
                                                    tx,
                                                    UUID.randomUUID(),
                                                    draft,
                                                    "concept",
                                                    now,
                                                    now,
                                                    editor)
                                                .map(id -> n + 1)));
              }
              return chain;
            });
  }

  public Future<List<Offer>> export() {
    return repository.exportable();
  }

  public Future<List<SynonymGroup>> synonymGroups() {
    return repository.synonyms();
  }

  public Future<Void> addSynonyms(List<String> terms) {
    List<String> clean = new ArrayList<>();
    for (String term : terms) {
      String t = SearchTerms.normalise(term).replaceAll("[@.]", " ").trim();
      if (!t.isEmpty() && !clean.contains(t)) {
        clean.add(t);
      }
    }
    if (clean.size() < 2) {
      return Future.failedFuture(new Rejected(Map.of("terms", "catalogue.error.synonyms")));
    }
    return repository
        .addSynonyms(repository.pool(), clean, clock.instant())
        .onSuccess(v -> synonyms.changed());
  }

  public Future<Boolean> deleteSynonyms(UUID id) {
    return repository.deleteSynonyms(id).onSuccess(deleted -> synonyms.changed());
  }

  /** Searches used at least 5 times in the last 90 days. */
  public Future<List<SearchCount>> frequentSearches() {
    return repository.frequentSearches(clock.instant().minus(Duration.ofDays(90)), 5);
  }

  /** Searches that found nothing at least 5 times in the last 90 days. */
  public Future<List<SearchCount>> zeroResultSearches() {
    return repository.zeroResultSearches(clock.instant().minus(Duration.ofDays(90)), 5);
  }

  private static Future<Void> orConflict(boolean ok) {
    return ok ? Future.succeededFuture() : Future.failedFuture(new Stale());
  }
}
