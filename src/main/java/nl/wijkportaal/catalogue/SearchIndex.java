package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * The published catalogue in memory, searched with Lucene: a resident's search asks the database
 * only for the catalogue's version (one row) and answers from here. Words match as PostgreSQL's
 * full text did: stemmed Dutch or English (the same Snowball stemmers), each word as a prefix,
 * through itself or one of its synonyms; title counts most, then the summary, then the description.
 * Only when that finds fewer than {@link #TYPO_BELOW} offers are the words also matched
 * typo-tolerant (one edit away from the words and word beginnings of title and summary), ranked
 * after every real match. Filters and their counts (facets, each leaving out its own dimension) are
 * counted over the matches in Java.
 *
 * <p>Every change to an offer, its locations or its provider raises {@code
 * catalogue_version.version} and names the offers it touched in {@code catalogue_change} (triggers,
 * V25), on whichever node or tool made it. A search that sees a newer version than its copy waits
 * while the changed offers are read and replaced in the index (a few milliseconds for an editor's
 * change), so a search after a change sees it. Only when the feed cannot say what changed (a first
 * start, more than {@link #INCREMENTAL_MAX} offers at once, a node further behind than the feed
 * keeps) is everything read again, and then searches are answered from the old copy until the new
 * one is ready. The version reads of searches that arrive together on one event loop are one query
 * ({@link CatalogueVersion}). Searches run on a worker pool as large as the cores, and at most
 * {@link #MAX_WAITING} wait for it: more get a 503 at once.
 */
final class SearchIndex {

  private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

  /** Fewer full-text matches than this, and typo-tolerant matches are added. */
  static final int TYPO_BELOW = 5;

  /**
   * More changed offers than this, and the index is built anew (searches meanwhile use the old).
   */
  static final int INCREMENTAL_MAX = 500;

  /** Searches waiting for a core beyond this get a 503 with Retry-After at once. */
  static final int MAX_WAITING = 256;

  private static final String ID = "id";
  private static final String NL = "nl_";
  private static final String EN = "en_";
  private static final String TYPO = "typo";
  private static final String[] PARTS = {"title", "summary", "description"};

  /** ts_rank's default weights for A (title), B (summary) and C (description). */
  private static final float[] WEIGHTS = {1.0f, 0.4f, 0.2f};

  private static final int PREFIX_TERMS = 64;
  private static final int TYPO_TERMS = 50;

  /** Rewritten queries kept per copy of the index (distinct searches, most recently used). */
  private static final int QUERY_CACHE = 2_048;

  private final CatalogueRepository repository;
  private final List<String> allWijken;
  private final Analyzer dutch = new Stemmed(DutchAnalyzer.getDefaultStopSet(), true);
  private final Analyzer english = new Stemmed(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
  private final Analyzer typo = new WordBeginnings(true);
  private final Analyzer asTyped = new WordBeginnings(false);
  private final CatalogueVersion versions;
  private final WorkerExecutor searchers;
  private final WorkerExecutor indexer;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger builds = new AtomicInteger();

  private volatile Snapshot current;

  /** The update under way (reading the feed and applying it), or null; guarded by this. */
  private Update updating;

  /** A full build under way while searches use the old copy, or null; guarded by this. */
  private Future<Snapshot> rebuilding;

  /** The index of the newest copy: only the indexer's one thread writes to it. */
  private IndexWriter writer;

  private record Update(long version, Future<Snapshot> future) {}

  SearchIndex(CatalogueRepository repository, Vertx vertx, List<String> allWijken) {
    this.repository = repository;
    this.allWijken = List.copyOf(allWijken);
    this.versions = new CatalogueVersion(repository::catalogueVersion);
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.searchers = vertx.createSharedWorkerExecutor("catalogue-search", cores);
    this.indexer = vertx.createSharedWorkerExecutor("catalogue-index", 1);
  }

  /** How many times the whole catalogue was indexed (not counting replaced offers). */
  int builds() {
    return builds.get();
  }

  /** One search: the words' alternatives per word ({@link SearchTerms#alternatives}). */
  record Request(
      OfferQuery query,
      List<List<List<String>>> words,
      boolean withFacets,
      int limit,
      int offset) {}

  /** One page of a search with its total, facets and, for no match, the nearest offers. */
  Future<SearchResult> search(Request request, int nearest) {
    return snapshot()
        .compose(
            s -> {
              if (waiting.incrementAndGet() > MAX_WAITING) {
                waiting.decrementAndGet();
                return Future.failedFuture(
                    new ConnectionPoolTooBusyException(
                        "More than " + MAX_WAITING + " searches waiting"));
              }
              return searchers.executeBlocking(
                  () -> {
                    waiting.decrementAndGet();
                    return s.search(request, nearest);
                  },
                  false);
            });
  }

  /** The catalogue's version read after this call ({@link CatalogueVersion}). */
  Future<Long> version() {
    return versions.read();
  }

  /** The copy of the catalogue's current version, brought up to date first when it changed. */
  Future<Snapshot> snapshot() {
    return versions
        .read()
        .compose(
            version -> {
              Snapshot s = current;
              return s != null && s.version >= version
                  ? Future.succeededFuture(s)
                  : update(version);
            });
  }

  /**
   * Brings the copy up to {@code version}: one update at a time; a search that needs a newer one
   * than the one under way waits for it and asks again.
   */
  private synchronized Future<Snapshot> update(long version) {
    Snapshot s = current;
    if (s != null && s.version >= version) {
      return Future.succeededFuture(s);
    }
    if (rebuilding != null && s != null) {
      return Future.succeededFuture(s); // the old copy until the new one is ready
    }
    if (updating != null) {
      if (updating.version() >= version) {
        return updating.future();
      }
      return updating.future().transform(done -> update(version));
    }
    if (rebuilding != null) {
      // The first build: nothing older to answer from.
      return rebuilding.transform(done -> update(version));
    }
    Future<Snapshot> future =
        s == null
            ? rebuild(version)
            : repository
                .changesSince(s.version, INCREMENTAL_MAX)
                .compose(changes -> apply(s, changes));
    Update u = new Update(version, future);
    updating = u;
    future.onComplete(done -> finished(u));
    return future;
  }

  /** Replaces the changed offers, or, when the feed cannot tell, builds anew in the background. */
  private Future<Snapshot> apply(Snapshot s, CatalogueRepository.Changes changes) {
    if (changes.version() <= s.version) {
      return Future.succeededFuture(s);
    }
    if (changes.everything()
        || changes.keptFrom() > s.version
        || changes.offers().size() > INCREMENTAL_MAX) {
      LOG.info(
          "Catalogue search index: built anew in the background (version {} to {})",
          s.version,
          changes.version());
      rebuild(changes.version());
      return Future.succeededFuture(s);
    }
    if (changes.offers().isEmpty()) {
      return indexer.executeBlocking(() -> install(s.withVersion(changes.version())), true);
    }
    return repository
        .publishedOffers(changes.offers())
        .compose(
            published ->
                indexer.executeBlocking(
                    () -> install(s.updated(changes.version(), changes.offers(), published)),
                    true));
  }

  /** Reads every published offer and indexes them in a new index; the old copy serves meanwhile. */
  private synchronized Future<Snapshot> rebuild(long version) {
    if (rebuilding != null) {
      return rebuilding;
    }
    Future<Snapshot> future =
        repository
            .publishedOffers()
            .compose(
                offers ->
                    indexer.executeBlocking(
                        () -> {
                          long started = System.nanoTime();
                          builds.incrementAndGet();
                          Snapshot s = install(newIndex(version, offers));
                          LOG.info(
                              "Catalogue search index: {} published offers indexed in {} ms",
                              offers.size(),
                              (System.nanoTime() - started) / 1_000_000);
                          return s;
                        },
                        true));
    rebuilding = future;
    future.onComplete(done -> rebuilt(future));
    return future;
  }

  private synchronized Snapshot install(Snapshot s) {
    if (current == null || s.version > current.version) {
      current = s;
    }
    return current;
  }

  private synchronized void finished(Update u) {
    if (u.equals(updating)) {
      updating = null;
    }
  }

  private synchronized void rebuilt(Future<Snapshot> f) {
    if (rebuilding == f) {
      rebuilding = null;
    }
  }

  /** A new index of every published offer: on the indexer's thread. */
  private Snapshot newIndex(long version, List<Offer> offers) throws IOException {
    Map<String, Analyzer> perField = new LinkedHashMap<>();
    for (String part : PARTS) {
      perField.put(NL + part, dutch);
      perField.put(EN + part, english);
    }
    perField.put(TYPO, typo);
    IndexWriterConfig config =
        new IndexWriterConfig(new PerFieldAnalyzerWrapper(new StandardAnalyzer(), perField))
            // Merges, if any, on the indexer's own thread: no threads of Lucene's own.
            .setMergeScheduler(new SerialMergeScheduler())
            .setRAMBufferSizeMB(64);
    IndexWriter w = new IndexWriter(new ByteBuffersDirectory(), config);
    Map<UUID, Offer> byId = new HashMap<>();
    for (Offer o : offers) {
      w.addDocument(document(o));
      byId.put(o.id(), o);
    }
    writer = w;
    return new Snapshot(version, byId, DirectoryReader.open(w));
  }

  private static Document document(Offer o) {
    Document doc = new Document();
    doc.add(new StringField(ID, o.id().toString(), Field.Store.NO));
    doc.add(new SortedDocValuesField(ID, new BytesRef(o.id().toString())));
    add(doc, NL, o.title(), o.summary(), o.description());
    add(doc, EN, o.titleEn(), o.summaryEn(), o.descriptionEn());
    doc.add(new TextField(TYPO, o.title() + " " + o.summary(), Field.Store.NO));
    return doc;
  }

  private static void add(Document doc, String language, String... texts) {
    for (int i = 0; i < PARTS.length; i++) {
      if (texts[i] != null && !texts[i].isBlank()) {
        doc.add(new TextField(language + PARTS[i], texts[i], Field.Store.NO));
      }
    }
  }

  /** Dutch or English: standard words, lower case, accents off, stop words out, Snowball stems. */
  private static final class Stemmed extends Analyzer {
    private final CharArraySet stopWords;
    private final boolean dutch;

    Stemmed(CharArraySet stopWords, boolean dutch) {
      this.stopWords = stopWords;
      this.dutch = dutch;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(source));
      stream = new StopFilter(stream, stopWords);
      stream = new SnowballFilter(stream, dutch ? new DutchStemmer() : new EnglishStemmer());
      return new TokenStreamComponents(source, stream);
    }
  }

  /**
   * The words as typed (lower case, accents off) and, {@code beginnings}, their beginnings of four
   * letters or more: what a typo is matched against. A search's own words are read without them.
   */
  private static final class WordBeginnings extends Analyzer {
    private final boolean beginnings;

    WordBeginnings(boolean beginnings) {
      this.beginnings = beginnings;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(source));
      return new TokenStreamComponents(
          source, beginnings ? new EdgeNGramTokenFilter(stream, 4, 24, true) : stream);
    }
  }

  /** The terms the analyzer makes of a piece of a search: none for a stop word. */
  private static List<String> terms(Analyzer analyzer, String field, String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  /** Gives each document a query matches its rank, unless an earlier query ranked it. */
  private static final class Marker extends SimpleCollector {
    private final float[] rank;
    private final float base;
    private Scorable scorer;
    private int docBase;
    int marked;

    /** The documents this marker marked, in {@code docs[0..marked)}. */
    int[] docs = new int[64];

    Marker(float[] rank, float base) {
      this.rank = rank;
      this.base = base;
    }

    @Override
    public void setScorer(Scorable scorer) {
      this.scorer = scorer;
    }

    @Override
    protected void doSetNextReader(LeafReaderContext context) {
      docBase = context.docBase;
    }

    @Override
    public void collect(int doc) throws IOException {
      int d = docBase + doc;
      if (Float.isNaN(rank[d])) {
        float score = scorer.score();
        // A typo match (base 0) ranks below every real match: under 1 however good.
        rank[d] = base > 0 ? base + score : score / (1 + score);
        if (marked == docs.length) {
          docs = Arrays.copyOf(docs, docs.length * 2);
        }
        docs[marked++] = d;
      }
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE;
    }
  }

  /**
   * The filter values of every document of a copy as numbers (per dimension, the values in order of
   * first appearance), so that the facets count in arrays instead of hashing each value of each
   * match. An offer for the whole city is in every wijk.
   */
  private static final class FacetValues {
    static final List<String> DIMENSIONS =
        List.of("leefgebied", "doelgroep", "wijk", "gesprokenTaal", "gratis");
    static final int WIJK = 2;

    /** Per dimension, the value of each number. */
    final List<List<String>> names = new ArrayList<>();

    /** Per dimension and document, the numbers of its values (null where there is no offer). */
    final int[][][] ords;

    final boolean[] wholeCity;

    /** The numbers of every wijk, for the offers of the whole city. */
    final int[] allWijken;

    FacetValues(Offer[] offers, List<String> allWijken) {
      List<Map<String, Integer>> numbers = new ArrayList<>();
      for (int i = 0; i < DIMENSIONS.size(); i++) {
        names.add(new ArrayList<>());
        numbers.add(new HashMap<>());
      }
      this.ords = new int[DIMENSIONS.size()][offers.length][];
      this.wholeCity = new boolean[offers.length];
      this.allWijken = new int[allWijken.size()];
      for (int w = 0; w < allWijken.size(); w++) {
        this.allWijken[w] = number(WIJK, allWijken.get(w), numbers);
      }
      for (int d = 0; d < offers.length; d++) {
        Offer o = offers[d];
        if (o == null) {
          continue;
        }
        wholeCity[d] = o.wholeCity();
        ords[0][d] = numbers(0, o.leefgebieden(), numbers);
        ords[1][d] = numbers(1, o.doelgroepen(), numbers);
        ords[WIJK][d] = o.wholeCity() ? new int[0] : numbers(WIJK, o.wijken(), numbers);
        ords[3][d] = numbers(3, o.languages(), numbers);
        ords[4][d] = numbers(4, List.of(o.costFree() ? "ja" : "nee"), numbers);
      }
    }

    private int[] numbers(int dimension, List<String> values, List<Map<String, Integer>> numbers) {
      int[] result = new int[values.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = number(dimension, values.get(i), numbers);
      }
      return result;
    }

    private int number(int dimension, String value, List<Map<String, Integer>> numbers) {
      return numbers
          .get(dimension)
          .computeIfAbsent(
              value,
              v -> {
                names.get(dimension).add(v);
                return names.get(dimension).size() - 1;
              });
    }
  }

  /**
   * An immutable copy of the published catalogue and a point-in-time reader of its index; a newer
   * copy shares the index's unchanged segments.
   */
  final class Snapshot {
    final long version;
    private final Map<UUID, Offer> byId;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    /** Per document number, its offer; null for a replaced or deleted document. */
    private final Offer[] offers;

    private final String[] sortTitle;

    /** Per document, its filter values as numbers: what the facets count. */
    private final FacetValues facetValues;

    /**
     * The searches' queries rewritten for this reader (prefixes and typos resolved to the index's
     * terms, which is most of a query's cost), the most recently used kept.
     */
    private final Map<List<Object>, Optional<Query>> queries;

    Snapshot(long version, Map<UUID, Offer> byId, DirectoryReader reader) throws IOException {
      this.version = version;
      this.queries = queryCache();
      this.byId = byId;
      this.reader = reader;
      this.searcher = new IndexSearcher(reader);
      this.offers = new Offer[reader.maxDoc()];
      this.sortTitle = new String[reader.maxDoc()];
      for (LeafReaderContext leaf : reader.leaves()) {
        SortedDocValues ids = leaf.reader().getSortedDocValues(ID);
        Bits live = leaf.reader().getLiveDocs();
        if (ids == null) {
          continue;
        }
        for (int d = ids.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = ids.nextDoc()) {
          if (live == null || live.get(d)) {
            Offer o = byId.get(UUID.fromString(ids.lookupOrd(ids.ordValue()).utf8ToString()));
            offers[leaf.docBase + d] = o;
            sortTitle[leaf.docBase + d] = o == null ? null : o.title().toLowerCase(Locale.ROOT);
          }
        }
      }
      this.facetValues = new FacetValues(offers, allWijken);
    }

    private Snapshot(Snapshot s, long version) {
      this.version = version;
      this.byId = s.byId;
      this.reader = s.reader;
      this.searcher = s.searcher;
      this.offers = s.offers;
      this.sortTitle = s.sortTitle;
      this.facetValues = s.facetValues;
      this.queries = s.queries;
    }

    private static Map<List<Object>, Optional<Query>> queryCache() {
      return Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Object>, Optional<Query>> eldest) {
              return size() > QUERY_CACHE;
            }
          });
    }

    /** The query of this kind for these words, rewritten for this reader; built once. */
    private Optional<Query> query(
        String kind,
        List<List<List<String>>> words,
        boolean everyWord,
        Supplier<Optional<Query>> builder)
        throws IOException {
      List<Object> key = List.of(kind, words, everyWord);
      Optional<Query> known = queries.get(key);
      if (known != null) {
        return known;
      }
      Optional<Query> built = builder.get();
      Optional<Query> rewritten =
          built.isPresent() ? Optional.of(searcher.rewrite(built.get())) : built;
      queries.put(key, rewritten);
      return rewritten;
    }

    /** The same copy under a newer version (a change that touched no offer). */
    Snapshot withVersion(long newer) {
      return new Snapshot(this, newer);
    }

    /**
     * A copy with the changed offers replaced: {@code published} are those of {@code changed} that
     * are published now, the others go. On the indexer's thread.
     */
    Snapshot updated(long newer, List<UUID> changed, List<Offer> published) throws IOException {
      Map<UUID, Offer> next = new HashMap<>(byId);
      for (UUID id : changed) {
        writer.deleteDocuments(new Term(ID, id.toString()));
        next.remove(id);
      }
      for (Offer o : published) {
        writer.updateDocument(new Term(ID, o.id().toString()), document(o));
        next.put(o.id(), o);
      }
      DirectoryReader changedReader = DirectoryReader.openIfChanged(reader, writer);
      return new Snapshot(newer, next, changedReader == null ? reader : changedReader);
    }

    int size() {
      return byId.size();
    }

    SearchResult search(Request request, int nearestCount) throws IOException {
      OfferQuery q = request.query();
      float[] rank = new float[offers.length];
      // The documents the words match (all without words), each once.
      int[] candidates;
      int candidateCount;
      if (request.words().isEmpty()) {
        candidates = new int[rank.length];
        candidateCount = 0;
        for (int d = 0; d < rank.length; d++) {
          if (offers[d] != null) {
            candidates[candidateCount++] = d;
          }
        }
      } else {
        Arrays.fill(rank, Float.NaN);
        Optional<Query> fullText = fullText(request.words(), true);
        Marker found = fullText.isPresent() ? collect(fullText.get(), rank, 1f) : null;
        candidates = found == null ? new int[0] : found.docs;
        candidateCount = found == null ? 0 : found.marked;
        if (candidateCount < TYPO_BELOW) {
          Optional<Query> typos = typos(request.words(), true);
          if (typos.isPresent()) {
            Marker typo = collect(typos.get(), rank, 0f);
            candidates = Arrays.copyOf(candidates, candidateCount + typo.marked);
            System.arraycopy(typo.docs, 0, candidates, candidateCount, typo.marked);
            candidateCount += typo.marked;
          }
        }
      }
      Map<String, Predicate<Offer>> byDimension = filters(q);
      List<Predicate<Offer>> filters = List.copyOf(byDimension.values());
      Predicate<Offer> age = ageFits(q);
      int[] hits = new int[candidateCount];
      int[] matched = new int[candidateCount];
      int hitCount = 0;
      int matchCount = 0;
      for (int i = 0; i < candidateCount; i++) {
        int doc = candidates[i];
        Offer o = offers[doc];
        if (o != null && age.test(o)) {
          matched[matchCount++] = doc;
          if (all(filters, o)) {
            hits[hitCount++] = doc;
          }
        }
      }
      List<Offer> page =
          page(rank, hits, hitCount, !q.wijken().isEmpty(), request.offset(), request.limit());
      Map<String, Map<String, Long>> facets =
          request.withFacets() ? facets(Arrays.copyOf(matched, matchCount), byDimension) : Map.of();
      List<Offer> nearest =
          hitCount == 0 && !request.words().isEmpty() ? nearest(request, nearestCount) : List.of();
      return new SearchResult(page, hitCount, facets, nearest);
    }

    private static boolean all(List<Predicate<Offer>> filters, Offer o) {
      for (Predicate<Offer> f : filters) {
        if (!f.test(o)) {
          return false;
        }
      }
      return true;
    }

    /**
     * The page of the hits in their order (rank, then nearby before whole city when a wijk is
     * chosen, then title, then id), without sorting every hit: only the first {@code offset +
     * limit} are kept while going through them.
     */
    private List<Offer> page(
        float[] rank, int[] hits, int count, boolean nearbyFirst, int offset, int limit) {
      if (offset >= count || limit <= 0) {
        return List.of();
      }
      Comparator<Integer> order =
          (a, b) -> {
            int byRank = Float.compare(rank[b], rank[a]);
            if (byRank != 0) {
              return byRank;
            }
            if (nearbyFirst) {
              int byPlace =
                  Boolean.compare(offers[a].wholeCity(), offers[b].wholeCity()); // nearby first
              if (byPlace != 0) {
                return byPlace;
              }
            }
            int byTitle = sortTitle[a].compareTo(sortTitle[b]);
            return byTitle != 0 ? byTitle : offers[a].id().compareTo(offers[b].id());
          };
      int keep = (int) Math.min((long) offset + limit, count);
      PriorityQueue<Integer> first = new PriorityQueue<>(keep + 1, order.reversed());
      for (int i = 0; i < count; i++) {
        Integer d = hits[i];
        if (first.size() < keep) {
          first.add(d);
        } else if (order.compare(d, first.peek()) < 0) {
          first.poll();
          first.add(d);
        }
      }
      List<Integer> sorted = new ArrayList<>(first);
      sorted.sort(order);
      List<Offer> page = new ArrayList<>(Math.min(limit, sorted.size() - offset));
      for (int i = offset; i < sorted.size() && page.size() < limit; i++) {
        page.add(offers[sorted.get(i)]);
      }
      return page;
    }

    /** Marks the documents the query matches with {@code base + score}, unless marked already. */
    private Marker collect(Query query, float[] rank, float base) throws IOException {
      Marker marker = new Marker(rank, base);
      searcher.search(query, marker);
      return marker;
    }

    /** The offers closest to the words, however far: any word, full text or a typo away. */
    private List<Offer> nearest(Request request, int count) throws IOException {
      float[] rank = new float[offers.length];
      Arrays.fill(rank, Float.NaN);
      Optional<Query> anyWord = fullText(request.words(), false);
      if (anyWord.isPresent()) {
        collect(anyWord.get(), rank, 1f);
      }
      Optional<Query> typos = typos(request.words(), false);
      if (typos.isPresent()) {
        collect(typos.get(), rank, 0f);
      }
      List<Integer> docs = new ArrayList<>();
      for (int d = 0; d < rank.length; d++) {
        if (!Float.isNaN(rank[d]) && offers[d] != null) {
          docs.add(d);
        }
      }
      Comparator<Integer> byTitle = Comparator.comparing(d -> sortTitle[d]);
      if (docs.isEmpty()) {
        // Nothing resembles the words: the first offers by title, without sorting them all.
        PriorityQueue<Integer> first = new PriorityQueue<>(byTitle.reversed());
        for (int d = 0; d < rank.length; d++) {
          if (offers[d] == null) {
            continue;
          }
          first.add(d);
          if (first.size() > count) {
            first.poll();
          }
        }
        return first.stream().sorted(byTitle).map(d -> offers[d]).toList();
      }
      docs.sort(Comparator.<Integer>comparingDouble(d -> -rank[d]).thenComparing(byTitle));
      return docs.stream().limit(count).map(d -> offers[d]).toList();
    }

    /**
     * Dutch full text or English full text: every word ({@code everyWord}) or any, each through one
     * of its alternatives, each alternative's pieces all as prefixes.
     */
    private Optional<Query> fullText(List<List<List<String>>> words, boolean everyWord)
        throws IOException {
      return query("fullText", words, everyWord, () -> buildFullText(words, everyWord));
    }

    private Optional<Query> typos(List<List<List<String>>> words, boolean everyWord)
        throws IOException {
      return query("typos", words, everyWord, () -> buildTypos(words, everyWord));
    }

    private Optional<Query> buildFullText(List<List<List<String>>> words, boolean everyWord) {
      BooleanQuery.Builder either = new BooleanQuery.Builder();
      boolean any = false;
      for (String language : List.of(NL, EN)) {
        Optional<Query> q = language(language, words, everyWord);
        if (q.isPresent()) {
          either.add(q.get(), Occur.SHOULD);
          any = true;
        }
      }
      return any ? Optional.of(either.build()) : Optional.empty();
    }

    private Optional<Query> language(
        String language, List<List<List<String>>> words, boolean everyWord) {
      Analyzer analyzer = language.equals(NL) ? dutch : english;
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      int clauses = 0;
      for (List<List<String>> alternatives : words) {
        BooleanQuery.Builder word = new BooleanQuery.Builder();
        int options = 0;
        for (List<String> pieces : alternatives) {
          BooleanQuery.Builder alternative = new BooleanQuery.Builder();
          int parts = 0;
          for (String piece : pieces) {
            for (String stem : terms(analyzer, language + PARTS[0], piece)) {
              BooleanQuery.Builder anyPart = new BooleanQuery.Builder();
              for (int i = 0; i < PARTS.length; i++) {
                Query prefix =
                    new PrefixQuery(
                        new Term(language + PARTS[i], stem),
                        new MultiTermQuery.TopTermsScoringBooleanQueryRewrite(PREFIX_TERMS));
                anyPart.add(new BoostQuery(prefix, WEIGHTS[i]), Occur.SHOULD);
              }
              alternative.add(anyPart.build(), Occur.MUST);
              parts++;
            }
          }
          if (parts > 0) {
            word.add(alternative.build(), Occur.SHOULD);
            options++;
          }
        }
        // A word that is only a stop word in this language asks nothing, as in PostgreSQL.
        if (options > 0) {
          all.add(word.build(), everyWord ? Occur.MUST : Occur.SHOULD);
          clauses++;
        }
      }
      return clauses > 0 ? Optional.of(all.build()) : Optional.empty();
    }

    /** Each word (or any) an edit away from a word or word beginning of title or summary. */
    private Optional<Query> buildTypos(List<List<List<String>>> words, boolean everyWord) {
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      int clauses = 0;
      for (List<List<String>> alternatives : words) {
        List<String> typed = alternatives.get(0);
        BooleanQuery.Builder word = new BooleanQuery.Builder();
        int parts = 0;
        for (String piece : typed) {
          for (String t : terms(asTyped, TYPO, piece)) {
            if (t.length() >= 4) {
              // One edit, a swap of two letters counting as one: a second edit made Lucene build an
              // automaton that cost most of a search's time, for few more true finds.
              word.add(new FuzzyQuery(new Term(TYPO, t), 1, 1, TYPO_TERMS, true), Occur.MUST);
              parts++;
            }
          }
        }
        if (parts > 0) {
          all.add(word.build(), everyWord ? Occur.MUST : Occur.SHOULD);
          clauses++;
        }
      }
      return clauses > 0 ? Optional.of(all.build()) : Optional.empty();
    }

    /** The chosen filters per dimension, in the facets' names. */
    private Map<String, Predicate<Offer>> filters(OfferQuery q) {
      Map<String, Predicate<Offer>> filters = new LinkedHashMap<>();
      if (!q.leefgebieden().isEmpty()) {
        filters.put("leefgebied", o -> anyOf(o.leefgebieden(), q.leefgebieden()));
      }
      if (!q.doelgroepen().isEmpty()) {
        // An offer for everyone is for each group too.
        filters.put(
            "doelgroep",
            o -> o.doelgroepen().contains("iedereen") || anyOf(o.doelgroepen(), q.doelgroepen()));
      }
      if (!q.wijken().isEmpty()) {
        filters.put("wijk", o -> o.wholeCity() || anyOf(o.wijken(), q.wijken()));
      }
      if (q.onlyFree()) {
        filters.put("gratis", Offer::costFree);
      }
      if (!q.languages().isEmpty()) {
        filters.put("gesprokenTaal", o -> anyOf(o.languages(), q.languages()));
      }
      return filters;
    }

    /** Whether any of the offer's values is among the chosen (both a handful). */
    private static boolean anyOf(List<String> values, Collection<String> chosen) {
      for (int i = 0; i < values.size(); i++) {
        if (chosen.contains(values.get(i))) {
          return true;
        }
      }
      return false;
    }

    private Predicate<Offer> ageFits(OfferQuery q) {
      if (q.age().isEmpty()) {
        return o -> true;
      }
      int age = q.age().get();
      return o ->
          (o.ageMin() == null || o.ageMin() <= age) && (o.ageMax() == null || o.ageMax() >= age);
    }

    /**
     * Per dimension, how many matches each value has with every other chosen filter applied: one
     * pass, each filter tried once per match; a match counts in a dimension when no filter but that
     * dimension's own turned it away. Counted in arrays by the values' numbers ({@link
     * FacetValues}); an offer for the whole city counts once and is added to every wijk at the end.
     */
    private Map<String, Map<String, Long>> facets(
        int[] matched, Map<String, Predicate<Offer>> filters) {
      FacetValues values = facetValues;
      int dimensions = FacetValues.DIMENSIONS.size();
      // The bit of each dimension's filter (0: not chosen).
      int[] bit = new int[dimensions];
      List<Predicate<Offer>> chosen = new ArrayList<>();
      List<Integer> chosenBits = new ArrayList<>();
      for (int i = 0; i < dimensions; i++) {
        Predicate<Offer> f = filters.get(FacetValues.DIMENSIONS.get(i));
        if (f != null) {
          bit[i] = 1 << i;
          chosen.add(f);
          chosenBits.add(bit[i]);
        }
      }
      long[][] counts = new long[dimensions][];
      for (int i = 0; i < dimensions; i++) {
        counts[i] = new long[values.names.get(i).size()];
      }
      long wholeCity = 0;
      for (int d : matched) {
        Offer o = offers[d];
        int failed = 0;
        for (int f = 0; f < chosen.size(); f++) {
          if (!chosen.get(f).test(o)) {
            failed |= chosenBits.get(f);
          }
        }
        if (Integer.bitCount(failed) > 1) {
          continue;
        }
        for (int i = 0; i < dimensions; i++) {
          if (failed == 0 || failed == bit[i]) {
            if (i == FacetValues.WIJK && values.wholeCity[d]) {
              wholeCity++;
            } else {
              long[] count = counts[i];
              for (int v : values.ords[i][d]) {
                count[v]++;
              }
            }
          }
        }
      }
      for (int v : values.allWijken) {
        counts[FacetValues.WIJK][v] += wholeCity;
      }
      Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
      for (int i = 0; i < dimensions; i++) {
        Map<String, Long> sorted = new TreeMap<>();
        List<String> names = values.names.get(i);
        for (int v = 0; v < counts[i].length; v++) {
          if (counts[i][v] > 0) {
            sorted.put(names.get(v), counts[i][v]);
          }
        }
        facets.put(FacetValues.DIMENSIONS.get(i), sorted);
      }
      return facets;
    }
  }
}
