package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
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
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.store.ByteBuffersDirectory;
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
 * catalogue_version.version} (a trigger, V24), on whichever node or tool made it: a search that
 * sees a newer version than its copy waits for a new copy, so a search after a change always sees
 * it. Building runs on a worker thread, never on an event loop.
 */
final class SearchIndex {

  private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

  /** Fewer full-text matches than this, and typo-tolerant matches are added. */
  static final int TYPO_BELOW = 5;

  private static final String NL = "nl_";
  private static final String EN = "en_";
  private static final String TYPO = "typo";
  private static final String[] PARTS = {"title", "summary", "description"};

  /** ts_rank's default weights for A (title), B (summary) and C (description). */
  private static final float[] WEIGHTS = {1.0f, 0.4f, 0.2f};

  private static final int PREFIX_TERMS = 64;
  private static final int TYPO_TERMS = 50;

  private final CatalogueRepository repository;
  private final Vertx vertx;
  private final List<String> allWijken;
  private final Analyzer dutch = new Stemmed(DutchAnalyzer.getDefaultStopSet(), true);
  private final Analyzer english = new Stemmed(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
  private final Analyzer typo = new WordBeginnings(true);
  private final Analyzer asTyped = new WordBeginnings(false);

  private volatile Snapshot current;
  private Building building;

  private record Building(long version, Future<Snapshot> future) {}

  SearchIndex(CatalogueRepository repository, Vertx vertx, List<String> allWijken) {
    this.repository = repository;
    this.vertx = vertx;
    this.allWijken = List.copyOf(allWijken);
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
    return snapshot().compose(s -> vertx.executeBlocking(() -> s.search(request, nearest), false));
  }

  /** The copy of the catalogue's current version, built first when there is a newer one. */
  Future<Snapshot> snapshot() {
    return repository
        .catalogueVersion()
        .compose(
            version -> {
              Snapshot s = current;
              return s != null && s.version >= version ? Future.succeededFuture(s) : build(version);
            });
  }

  private synchronized Future<Snapshot> build(long version) {
    if (building != null && building.version() >= version) {
      return building.future();
    }
    Future<Snapshot> future =
        repository
            .publishedOffers()
            .compose(
                offers ->
                    vertx.executeBlocking(
                        () -> {
                          long started = System.nanoTime();
                          Snapshot s = new Snapshot(version, offers, allWijken);
                          LOG.info(
                              "Catalogue search index: {} published offers indexed in {} ms",
                              offers.size(),
                              (System.nanoTime() - started) / 1_000_000);
                          return s;
                        },
                        false))
            .onSuccess(this::replace);
    Building b = new Building(version, future);
    building = b;
    future.onComplete(done -> finished(b));
    return future;
  }

  private synchronized void replace(Snapshot s) {
    if (current == null || s.version > current.version) {
      current = s;
    }
  }

  private synchronized void finished(Building b) {
    if (building == b) {
      building = null;
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
        marked++;
      }
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE;
    }
  }

  /** An immutable copy of the published catalogue and its index. */
  final class Snapshot {
    final long version;
    private final List<Offer> offers;
    private final String[] sortTitle;
    private final IndexSearcher searcher;
    private final List<String> wijken;

    Snapshot(long version, List<Offer> offers, List<String> wijken) throws IOException {
      this.version = version;
      this.offers = List.copyOf(offers);
      this.wijken = wijken;
      this.sortTitle =
          this.offers.stream().map(o -> o.title().toLowerCase(Locale.ROOT)).toArray(String[]::new);
      Map<String, Analyzer> perField = new LinkedHashMap<>();
      for (String part : PARTS) {
        perField.put(NL + part, dutch);
        perField.put(EN + part, english);
      }
      perField.put(TYPO, typo);
      ByteBuffersDirectory directory = new ByteBuffersDirectory();
      IndexWriterConfig config =
          new IndexWriterConfig(new PerFieldAnalyzerWrapper(new StandardAnalyzer(), perField))
              // No merges: documents keep the order they were added in, so a document's number is
              // its place in {@code offers}.
              .setMergePolicy(NoMergePolicy.INSTANCE)
              .setRAMBufferSizeMB(256);
      try (IndexWriter writer = new IndexWriter(directory, config)) {
        for (Offer o : this.offers) {
          Document doc = new Document();
          add(doc, NL, o.title(), o.summary(), o.description());
          add(doc, EN, o.titleEn(), o.summaryEn(), o.descriptionEn());
          doc.add(new TextField(TYPO, o.title() + " " + o.summary(), Field.Store.NO));
          writer.addDocument(doc);
        }
        writer.commit();
      }
      this.searcher = new IndexSearcher(DirectoryReader.open(directory));
    }

    private static void add(Document doc, String language, String... texts) {
      for (int i = 0; i < PARTS.length; i++) {
        if (texts[i] != null && !texts[i].isBlank()) {
          doc.add(new TextField(language + PARTS[i], texts[i], Field.Store.NO));
        }
      }
    }

    SearchResult search(Request request, int nearestCount) throws IOException {
      OfferQuery q = request.query();
      float[] rank = new float[offers.size()];
      Arrays.fill(rank, Float.NaN);
      if (request.words().isEmpty()) {
        Arrays.fill(rank, 0f);
      } else {
        Optional<Query> fullText = fullText(request.words(), true);
        int found = fullText.isPresent() ? collect(fullText.get(), rank, 1f) : 0;
        if (found < TYPO_BELOW) {
          Optional<Query> typos = typos(request.words(), true);
          if (typos.isPresent()) {
            collect(typos.get(), rank, 0f);
          }
        }
      }
      List<Predicate<Offer>> filters = new ArrayList<>();
      Map<String, Predicate<Offer>> byDimension = filters(q);
      filters.addAll(byDimension.values());
      Predicate<Offer> age = ageFits(q);
      List<Integer> hits = new ArrayList<>();
      List<Integer> matched = new ArrayList<>();
      for (int doc = 0; doc < rank.length; doc++) {
        if (!Float.isNaN(rank[doc]) && age.test(offers.get(doc))) {
          matched.add(doc);
          Offer o = offers.get(doc);
          if (filters.stream().allMatch(f -> f.test(o))) {
            hits.add(doc);
          }
        }
      }
      boolean nearbyFirst = !q.wijken().isEmpty();
      hits.sort(
          Comparator.<Integer>comparingDouble(d -> -rank[d])
              .thenComparing(d -> nearbyFirst && !offers.get(d).wholeCity() ? 0 : 1)
              .thenComparing(d -> sortTitle[d])
              .thenComparing(d -> offers.get(d).id()));
      List<Offer> page =
          hits.stream()
              .skip(Math.min(request.offset(), hits.size()))
              .limit(request.limit())
              .map(offers::get)
              .toList();
      Map<String, Map<String, Long>> facets =
          request.withFacets() ? facets(matched, byDimension) : Map.of();
      List<Offer> nearest =
          hits.isEmpty() && !request.words().isEmpty() ? nearest(request, nearestCount) : List.of();
      return new SearchResult(page, hits.size(), facets, nearest);
    }

    /** Marks the documents the query matches with {@code base + score}, unless marked already. */
    private int collect(Query query, float[] rank, float base) throws IOException {
      Marker marker = new Marker(rank, base);
      searcher.search(query, marker);
      return marker.marked;
    }

    /** The offers closest to the words, however far: any word, full text or a typo away. */
    private List<Offer> nearest(Request request, int count) throws IOException {
      float[] rank = new float[offers.size()];
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
        if (!Float.isNaN(rank[d])) {
          docs.add(d);
        }
      }
      Comparator<Integer> byTitle = Comparator.comparing(d -> sortTitle[d]);
      if (docs.isEmpty()) {
        // Nothing resembles the words: the first offers by title, without sorting them all.
        PriorityQueue<Integer> first = new PriorityQueue<>(byTitle.reversed());
        for (int d = 0; d < rank.length; d++) {
          first.add(d);
          if (first.size() > count) {
            first.poll();
          }
        }
        return first.stream().sorted(byTitle).map(offers::get).toList();
      }
      docs.sort(Comparator.<Integer>comparingDouble(d -> -rank[d]).thenComparing(byTitle));
      return docs.stream().limit(count).map(offers::get).toList();
    }

    /**
     * Dutch full text or English full text: every word ({@code everyWord}) or any, each through one
     * of its alternatives, each alternative's pieces all as prefixes.
     */
    private Optional<Query> fullText(List<List<List<String>>> words, boolean everyWord) {
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
    private Optional<Query> typos(List<List<List<String>>> words, boolean everyWord) {
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
        filters.put(
            "leefgebied", o -> o.leefgebieden().stream().anyMatch(q.leefgebieden()::contains));
      }
      if (!q.doelgroepen().isEmpty()) {
        // An offer for everyone is for each group too.
        filters.put(
            "doelgroep",
            o ->
                o.doelgroepen().stream()
                    .anyMatch(g -> g.equals("iedereen") || q.doelgroepen().contains(g)));
      }
      if (!q.wijken().isEmpty()) {
        filters.put(
            "wijk", o -> o.wholeCity() || o.wijken().stream().anyMatch(q.wijken()::contains));
      }
      if (q.onlyFree()) {
        filters.put("gratis", Offer::costFree);
      }
      if (!q.languages().isEmpty()) {
        filters.put("gesprokenTaal", o -> o.languages().stream().anyMatch(q.languages()::contains));
      }
      return filters;
    }

    private Predicate<Offer> ageFits(OfferQuery q) {
      if (q.age().isEmpty()) {
        return o -> true;
      }
      int age = q.age().get();
      return o ->
          (o.ageMin() == null || o.ageMin() <= age) && (o.ageMax() == null || o.ageMax() >= age);
    }

    /** Per dimension, how many matches each value has with every other chosen filter applied. */
    private Map<String, Map<String, Long>> facets(
        List<Integer> matched, Map<String, Predicate<Offer>> filters) {
      Map<String, Function<Offer, List<String>>> values = new LinkedHashMap<>();
      values.put("leefgebied", Offer::leefgebieden);
      values.put("doelgroep", Offer::doelgroepen);
      values.put("wijk", o -> o.wholeCity() ? wijken : o.wijken());
      values.put("gesprokenTaal", Offer::languages);
      values.put("gratis", o -> List.of(o.costFree() ? "ja" : "nee"));
      Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
      values.forEach(
          (dimension, of) -> {
            List<Predicate<Offer>> others =
                filters.entrySet().stream()
                    .filter(e -> !e.getKey().equals(dimension))
                    .map(Map.Entry::getValue)
                    .toList();
            Map<String, Long> counts = new TreeMap<>();
            for (int d : matched) {
              Offer o = offers.get(d);
              if (others.stream().allMatch(f -> f.test(o))) {
                for (String v : of.apply(o)) {
                  counts.merge(v, 1L, Long::sum);
                }
              }
            }
            facets.put(dimension, counts);
          });
      return facets;
    }
  }
}
