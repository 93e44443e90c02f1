package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.db.Rows;
import nl.wijkportaal.platform.municipality.TimeRange;

/** SQL on the catalogue tables: offers, their locations and history, synonyms, the search log. */
public final class CatalogueRepository {

  private static final String OFFER_COLUMNS =
      "o.id, o.slug, o.status, o.title, o.summary, o.description, o.title_en, o.summary_en, o.description_en, "
          + "o.leefgebieden, o.doelgroepen, o.age_min, o.age_max, o.niveau, o.whole_city, o.wijken, o.cost_free, "
          + "o.cost_text, o.join_how, o.languages, o.accessibility, o.contact_phone, o.contact_email, o.website, "
          + "o.last_checked_at, o.updated_at, o.version, p.id AS p_id, p.name AS p_name, p.website AS p_website, "
          + "p.phone AS p_phone, p.email AS p_email";
  private static final String FROM = " FROM offer o JOIN provider p ON p.id = o.provider_id";
  private static final String BY_SLUG = "SELECT " + OFFER_COLUMNS + FROM + " WHERE o.slug = $1";
  private static final String BY_ID = "SELECT " + OFFER_COLUMNS + FROM + " WHERE o.id = $1";
  private static final String LOCATIONS =
      "SELECT offer_id, name, address, postcode, city, wijk, hours, note FROM offer_location WHERE offer_id = ANY($1) ORDER BY offer_id, position";

  /**
   * An offer's locations as one JSON column, in their order (a search reads its page in one
   * statement).
   */
  private static final String LOCATIONS_JSON =
      "(SELECT json_agg(json_build_object('name', l.name, 'address', l.address, 'postcode', l.postcode, 'city', l.city, "
          + "'wijk', l.wijk, 'hours', l.hours, 'note', l.note) ORDER BY l.position) FROM offer_location l WHERE l.offer_id = o.id) AS locations";

  private static final String CATALOGUE_VERSION = "SELECT version FROM catalogue_version";
  private static final String PUBLISHED =
      "SELECT "
          + OFFER_COLUMNS
          + ", "
          + LOCATIONS_JSON
          + FROM
          + " WHERE o.status = 'gepubliceerd' ORDER BY o.id";
  private static final String PUBLISHED_AMONG =
      "SELECT "
          + OFFER_COLUMNS
          + ", "
          + LOCATIONS_JSON
          + FROM
          + " WHERE o.status = 'gepubliceerd' AND o.id = ANY($1) ORDER BY o.id";

  /**
   * The change feed since a version (V25), in one statement so the version, what is kept and the
   * changes agree: the offers changed after {@code $1} (at most {@code $2} + 1 of them), and
   * whether a change named none (a TRUNCATE: anything may have changed).
   */
  private static final String CHANGES_SINCE =
      "SELECT v.version, v.kept_from, "
          + "(SELECT array_agg(c.offer_id) FROM (SELECT DISTINCT offer_id FROM catalogue_change "
          + "WHERE version > $1 AND offer_id IS NOT NULL LIMIT $2 + 1) c) AS offers, "
          + "EXISTS (SELECT 1 FROM catalogue_change WHERE version > $1 AND offer_id IS NULL) AS everything "
          + "FROM catalogue_version v";

  private static final String PRUNE_CHANGES =
      "WITH gone AS (DELETE FROM catalogue_change WHERE changed_at < now() - interval '1 day' RETURNING version) "
          + "UPDATE catalogue_version SET kept_from = greatest(kept_from, (SELECT max(version) FROM gone))";
  private static final String SYNONYMS_FOR =
      "SELECT terms FROM synonym_group WHERE terms && $1::text[]";
  private static final String ALL_SYNONYMS =
      "SELECT id, terms FROM synonym_group ORDER BY terms[1]";
  private static final String INSERT_SYNONYMS =
      "INSERT INTO synonym_group (id, terms, updated_at) VALUES ($1, $2, $3)";
  private static final String DELETE_SYNONYMS = "DELETE FROM synonym_group WHERE id = $1";
  private static final String LOG_SEARCH =
      "INSERT INTO search_log (query, results, searched_at) VALUES ($1, $2, $3)";
  private static final String FREQUENT_SEARCHES =
      "SELECT query, count(*) AS n, sum(CASE WHEN results = 0 THEN 1 ELSE 0 END) AS empty FROM search_log "
          + "WHERE searched_at > $1 GROUP BY query HAVING count(*) >= $2 ORDER BY n DESC, query LIMIT 50";
  private static final String ZERO_RESULT_SEARCHES =
      "SELECT query, count(*) AS n FROM search_log WHERE searched_at > $1 AND results = 0 "
          + "GROUP BY query HAVING count(*) >= $2 ORDER BY n DESC, query LIMIT 50";
  private static final String PRUNE_SEARCH_LOG = "DELETE FROM search_log WHERE searched_at < $1";
  private static final String UPSERT_PROVIDER =
      "INSERT INTO provider (id, name, website, phone, email, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
          + "ON CONFLICT (lower(name)) DO UPDATE SET website = coalesce(EXCLUDED.website, provider.website), "
          + "phone = coalesce(EXCLUDED.phone, provider.phone), email = coalesce(EXCLUDED.email, provider.email) RETURNING id";
  private static final String INSERT_OFFER =
      "INSERT INTO offer (id, slug, status, title, summary, description, title_en, summary_en, description_en, provider_id, "
          + "leefgebieden, doelgroepen, age_min, age_max, niveau, whole_city, wijken, cost_free, cost_text, join_how, languages, "
          + "accessibility, contact_phone, contact_email, website, last_checked_at, created_at, updated_at) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $27)";
  private static final String UPDATE_OFFER =
      "UPDATE offer SET slug = $2, title = $3, summary = $4, description = $5, title_en = $6, summary_en = $7, description_en = $8, "
          + "provider_id = $9, leefgebieden = $10, doelgroepen = $11, age_min = $12, age_max = $13, niveau = $14, whole_city = $15, "
          + "wijken = $16, cost_free = $17, cost_text = $18, join_how = $19, languages = $20, accessibility = $21, contact_phone = $22, "
          + "contact_email = $23, website = $24, last_checked_at = $25, updated_at = $25, version = version + 1 "
          + "WHERE id = $1 AND version = $26";
  private static final String DELETE_LOCATIONS = "DELETE FROM offer_location WHERE offer_id = $1";
  private static final String INSERT_LOCATION =
      "INSERT INTO offer_location (id, offer_id, position, name, address, postcode, city, wijk, hours, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  private static final String SET_STATUS =
      "UPDATE offer SET status = $2, updated_at = $4, version = version + 1 WHERE id = $1 AND version = $3";
  private static final String MARK_CHECKED =
      "UPDATE offer SET last_checked_at = $2, version = version + 1 WHERE id = $1 AND version = $3";
  private static final String HISTORY =
      "INSERT INTO offer_history (offer_id, version, action, changed_at, changed_by, snapshot) "
          + "SELECT id, version, $2, $3, $4, to_jsonb(o) - 'search_vector' - 'search_vector_en' - 'search_text' FROM offer o WHERE id = $1";
  private static final String HISTORY_OF =
      "SELECT version, action, changed_at, changed_by FROM offer_history WHERE offer_id = $1 ORDER BY id DESC LIMIT 100";
  private static final String EDITOR_LIST =
      "SELECT "
          + OFFER_COLUMNS
          + FROM
          + " WHERE ($1::text IS NULL OR o.status = $1) ORDER BY lower(o.title) LIMIT 500";
  private static final String STALE =
      "SELECT "
          + OFFER_COLUMNS
          + FROM
          + " WHERE o.status = 'gepubliceerd' AND o.last_checked_at < $1 ORDER BY o.last_checked_at LIMIT 500";
  private static final String ALL_PUBLISHED_AND_CONCEPT =
      "SELECT " + OFFER_COLUMNS + FROM + " WHERE o.status <> 'gearchiveerd' ORDER BY o.slug";
  private static final String SLUG_TAKEN = "SELECT id FROM offer WHERE slug = $1";
  private static final String COUNT = "SELECT count(*) FROM offer";

  private final Pool pool;

  public CatalogueRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  // --- residents' search

  public Future<List<List<String>>> synonymsFor(List<String> words) {
    if (words.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(SYNONYMS_FOR)
        .execute(Tuple.tuple().addArrayOfString(words.toArray(String[]::new)))
        .map(rows -> Rows.all(rows, r -> List.of(r.getArrayOfStrings("terms"))));
  }

  /** The catalogue's version: raised by every change to an offer, its locations or provider. */
  Future<Long> catalogueVersion() {
    return pool.preparedQuery(CATALOGUE_VERSION)
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Every published offer with its provider and locations: what residents can find. */
  Future<List<Offer>> publishedOffers() {
    // Read through a cursor, 500 rows at a time: decoding ten thousand offers at once held an event
    // loop for seconds on a loaded machine; between batches it serves other requests.
    return pool.withTransaction(
        conn ->
            conn.prepare(PUBLISHED)
                .compose(statement -> readAll(statement.cursor(), new ArrayList<>())));
  }

  private static Future<List<Offer>> readAll(Cursor cursor, List<Offer> into) {
    return cursor
        .read(500)
        .compose(
            rows -> {
              into.addAll(offersWithLocations(rows));
              return cursor.hasMore() ? readAll(cursor, into) : cursor.close().map(closed -> into);
            });
  }

  private static List<Offer> offersWithLocations(RowSet<Row> rows) {
    List<Offer> offers = new ArrayList<>(rows.size());
    for (Row r : rows) {
      List<OfferLocation> locations = new ArrayList<>();
      if (r.getValue("locations") instanceof JsonArray array) {
        array.forEach(o -> locations.add(location((JsonObject) o)));
      }
      offers.add(offer(r, List.copyOf(locations)));
    }
    return offers;
  }

  /** The published offers among these (an unpublished or deleted one is not among the result). */
  Future<List<Offer>> publishedOffers(List<UUID> ids) {
    return pool.preparedQuery(PUBLISHED_AMONG)
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(CatalogueRepository::offersWithLocations);
  }

  /** What changed since {@code version}: see {@link #changesSince}. */
  record Changes(long version, long keptFrom, List<UUID> offers, boolean everything) {}

  /**
   * The catalogue's version and the offers changed after {@code since}, at most {@code max} + 1 of
   * them (more than {@code max}: read everything again).
   */
  Future<Changes> changesSince(long since, int max) {
    return pool.preparedQuery(CHANGES_SINCE)
        .execute(Tuple.of(since, max))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              UUID[] ids = r.getArrayOfUUIDs("offers");
              return new Changes(
                  r.getLong("version"),
                  r.getLong("kept_from"),
                  ids == null ? List.of() : List.of(ids),
                  r.getBoolean("everything"));
            });
  }

  /**
   * Forgets changes of the feed older than a day by the database's clock (a node further behind
   * reads everything again).
   */
  public Future<Integer> pruneChanges() {
    return pool.query(PRUNE_CHANGES).execute().map(RowSet::rowCount);
  }

  static String searchColumns() {
    return OFFER_COLUMNS + ", " + LOCATIONS_JSON;
  }

  public Future<Void> logSearch(String query, int results, Instant at) {
    return pool.preparedQuery(LOG_SEARCH)
        .execute(Tuple.of(query, results, Rows.time(at)))
        .mapEmpty();
  }

  /** Searches used at least {@code minimum} times since {@code since}, most used first. */
  public Future<List<SearchCount>> frequentSearches(Instant since, int minimum) {
    return Rows.all(
        pool,
        FREQUENT_SEARCHES,
        Tuple.of(Rows.time(since), minimum),
        r -> new SearchCount(r.getString("query"), r.getLong("n"), r.getLong("empty")));
  }

  /** Searches that found nothing at least {@code minimum} times since {@code since}. */
  public Future<List<SearchCount>> zeroResultSearches(Instant since, int minimum) {
    return Rows.all(
        pool,
        ZERO_RESULT_SEARCHES,
        Tuple.of(Rows.time(since), minimum),
        r -> new SearchCount(r.getString("query"), r.getLong("n"), r.getLong("n")));
  }

  public Future<Integer> pruneSearchLog(Instant before) {
    return pool.preparedQuery(PRUNE_SEARCH_LOG)
        .execute(Tuple.of(Rows.time(before)))
        .map(RowSet::rowCount);
  }

  // --- single offers

  public Future<Optional<Offer>> bySlug(String slug) {
    return pool.preparedQuery(BY_SLUG)
        .execute(Tuple.of(slug))
        .compose(rows -> withLocations(pool, offers(rows)))
        .map(offers -> offers.stream().findFirst());
  }

  public Future<Optional<Offer>> byId(UUID id) {
    return pool.preparedQuery(BY_ID)
        .execute(Tuple.of(id))
        .compose(rows -> withLocations(pool, offers(rows)))
        .map(offers -> offers.stream().findFirst());
  }

  /** The offer with this slug, read inside a transaction (import). */
  public Future<Optional<Offer>> bySlugIn(SqlClient client, String slug) {
    return client
        .preparedQuery(BY_SLUG)
        .execute(Tuple.of(slug))
        .map(rows -> Rows.first(rows).map(r -> offer(r, List.of())));
  }

  public Future<List<Offer>> forEditors(String status) {
    return pool.preparedQuery(EDITOR_LIST)
        .execute(Tuple.of(status))
        .map(CatalogueRepository::offers);
  }

  public Future<List<Offer>> notCheckedSince(Instant since) {
    return pool.preparedQuery(STALE)
        .execute(Tuple.of(Rows.time(since)))
        .map(CatalogueRepository::offers);
  }

  public Future<List<Offer>> exportable() {
    return pool.preparedQuery(ALL_PUBLISHED_AND_CONCEPT)
        .execute()
        .compose(rows -> withLocations(pool, offers(rows)));
  }

  public Future<Boolean> slugTaken(SqlClient client, String slug, UUID except) {
    return client
        .preparedQuery(SLUG_TAKEN)
        .execute(Tuple.of(slug))
        .map(rows -> rows.size() > 0 && !rows.iterator().next().getUUID(0).equals(except));
  }

  public Future<Long> count() {
    return pool.query(COUNT).execute().map(r -> r.iterator().next().getLong(0));
  }

  /** The offer's last 100 changes, newest first. */
  public Future<List<OfferChange>> history(UUID id) {
    return Rows.all(
        pool,
        HISTORY_OF,
        Tuple.of(id),
        r ->
            new OfferChange(
                r.getInteger("version"),
                r.getString("action"),
                Rows.instant(r, "changed_at"),
                r.getString("changed_by")));
  }

  // --- editing

  public Future<UUID> insert(
      SqlClient tx,
      UUID id,
      OfferDraft d,
      String status,
      Instant checkedAt,
      Instant now,
      String actor) {
    return provider(tx, d, now)
        .compose(
            providerId ->
                tx.preparedQuery(INSERT_OFFER)
                    .execute(
                        Tuple.tuple()
                            .addUUID(id)
                            .addString(d.slug())
                            .addString(status)
                            .addString(d.title())
                            .addString(d.summary())
                            .addString(d.description())
                            .addString(d.titleEn())
                            .addString(d.summaryEn())
                            .addString(d.descriptionEn())
                            .addUUID(providerId)
                            .addArrayOfString(d.leefgebieden().toArray(String[]::new))
                            .addArrayOfString(d.doelgroepen().toArray(String[]::new))
                            .addInteger(d.ageMin())
                            .addInteger(d.ageMax())
                            .addString(d.niveau())
                            .addBoolean(d.wholeCity())
                            .addArrayOfString(d.wijken().toArray(String[]::new))
                            .addBoolean(d.costFree())
                            .addString(d.costText())
                            .addString(d.join())
                            .addArrayOfString(d.languages().toArray(String[]::new))
                            .addString(d.accessibility())
                            .addString(d.contactPhone())
                            .addString(d.contactEmail())
                            .addString(d.website())
                            .addOffsetDateTime(Rows.time(checkedAt))
                            .addOffsetDateTime(Rows.time(now))))
        .compose(v -> locations(tx, id, d.locations() == null ? List.of() : d.locations()))
        .compose(v -> history(tx, id, "aangemaakt", now, actor))
        .map(id);
  }

  /** Saves an edit; false when the offer changed since {@code version} was read. */
  public Future<Boolean> update(
      SqlClient tx, UUID id, OfferDraft d, int version, Instant now, String actor) {
    return provider(tx, d, now)
        .compose(
            providerId ->
                tx.preparedQuery(UPDATE_OFFER)
                    .execute(
                        Tuple.tuple()
                            .addUUID(id)
                            .addString(d.slug())
                            .addString(d.title())
                            .addString(d.summary())
                            .addString(d.description())
                            .addString(d.titleEn())
                            .addString(d.summaryEn())
                            .addString(d.descriptionEn())
                            .addUUID(providerId)
                            .addArrayOfString(d.leefgebieden().toArray(String[]::new))
                            .addArrayOfString(d.doelgroepen().toArray(String[]::new))
                            .addInteger(d.ageMin())
                            .addInteger(d.ageMax())
                            .addString(d.niveau())
                            .addBoolean(d.wholeCity())
                            .addArrayOfString(d.wijken().toArray(String[]::new))
                            .addBoolean(d.costFree())
                            .addString(d.costText())
                            .addString(d.join())
                            .addArrayOfString(d.languages().toArray(String[]::new))
                            .addString(d.accessibility())
                            .addString(d.contactPhone())
                            .addString(d.contactEmail())
                            .addString(d.website())
                            .addOffsetDateTime(Rows.time(now))
                            .addInteger(version)))
        .compose(
            rows -> {
              if (rows.rowCount() == 0) {
                return Future.succeededFuture(false);
              }
              Future<Void> locations =
                  d.locations() == null
                      ? Future.succeededFuture()
                      : locations(tx, id, d.locations());
              return locations.compose(v -> history(tx, id, "gewijzigd", now, actor)).map(true);
            });
  }

  public Future<Boolean> setStatus(
      SqlClient tx, UUID id, String status, int version, Instant now, String actor) {
    return tx.preparedQuery(SET_STATUS)
        .execute(Tuple.of(id, status, version, Rows.time(now)))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.succeededFuture(false)
                    : history(tx, id, status, now, actor).map(true));
  }

  public Future<Boolean> markChecked(
      SqlClient tx, UUID id, int version, Instant now, String actor) {
    return tx.preparedQuery(MARK_CHECKED)
        .execute(Tuple.of(id, Rows.time(now), version))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.succeededFuture(false)
                    : history(tx, id, "gecontroleerd", now, actor).map(true));
  }

  private Future<Void> history(SqlClient tx, UUID id, String action, Instant now, String actor) {
    return tx.preparedQuery(HISTORY)
        .execute(Tuple.of(id, action, Rows.time(now), actor))
        .mapEmpty();
  }

  private Future<UUID> provider(SqlClient tx, OfferDraft d, Instant now) {
    return tx.preparedQuery(UPSERT_PROVIDER)
        .execute(
            Tuple.of(
                UUID.randomUUID(),
                d.providerName(),
                d.providerWebsite(),
                d.providerPhone(),
                d.providerEmail(),
                Rows.time(now)))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  private Future<Void> locations(SqlClient tx, UUID offerId, List<OfferLocation> locations) {
    Future<Void> chain = tx.preparedQuery(DELETE_LOCATIONS).execute(Tuple.of(offerId)).mapEmpty();
    for (int i = 0; i < locations.size(); i++) {
      OfferLocation l = locations.get(i);
      int position = i;
      chain =
          chain.compose(
              v ->
                  tx.preparedQuery(INSERT_LOCATION)
                      .execute(
                          Tuple.tuple()
                              .addUUID(UUID.randomUUID())
                              .addUUID(offerId)
                              .addInteger(position)
                              .addString(l.name())
                              .addString(l.address())
                              .addString(l.postcode())
                              .addString(l.city())
                              .addString(l.wijk())
                              .addValue(hoursJson(l))
                              .addString(l.note()))
                      .mapEmpty());
    }
    return chain;
  }

  // --- synonyms

  public Future<List<SynonymGroup>> synonyms() {
    return Rows.all(
        pool,
        ALL_SYNONYMS,
        Tuple.tuple(),
        r -> new SynonymGroup(r.getUUID("id"), List.of(r.getArrayOfStrings("terms"))));
  }

  public Future<Void> addSynonyms(SqlClient client, List<String> terms, Instant now) {
    return client
        .preparedQuery(INSERT_SYNONYMS)
        .execute(
            Tuple.tuple()
                .addUUID(UUID.randomUUID())
                .addArrayOfString(terms.toArray(String[]::new))
                .addOffsetDateTime(Rows.time(now)))
        .mapEmpty();
  }

  public Future<Boolean> deleteSynonyms(UUID id) {
    return pool.preparedQuery(DELETE_SYNONYMS).execute(Tuple.of(id)).map(r -> r.rowCount() == 1);
  }

  // --- mapping

  private static List<Offer> offers(RowSet<Row> rows) {
    return Rows.all(rows, r -> offer(r, List.of()));
  }

  private static Future<List<Offer>> withLocations(SqlClient client, List<Offer> offers) {
    if (offers.isEmpty()) {
      return Future.succeededFuture(offers);
    }
    UUID[] ids = offers.stream().map(Offer::id).toArray(UUID[]::new);
    return client
        .preparedQuery(LOCATIONS)
        .execute(Tuple.tuple().addArrayOfUUID(ids))
        .map(
            rows -> {
              Map<UUID, List<OfferLocation>> byOffer = new LinkedHashMap<>();
              rows.forEach(
                  r ->
                      byOffer
                          .computeIfAbsent(r.getUUID("offer_id"), k -> new ArrayList<>())
                          .add(location(r)));
              List<Offer> list = new ArrayList<>(offers.size());
              for (Offer o : offers) {
                list.add(withLocations(o, byOffer.getOrDefault(o.id(), List.of())));
              }
              return list;
            });
  }

  private static Offer withLocations(Offer o, List<OfferLocation> locations) {
    return new Offer(
        o.id(),
        o.slug(),
        o.status(),
        o.title(),
        o.summary(),
        o.description(),
        o.titleEn(),
        o.summaryEn(),
        o.descriptionEn(),
        o.provider(),
        o.leefgebieden(),
        o.doelgroepen(),
        o.ageMin(),
        o.ageMax(),
        o.niveau(),
        o.wholeCity(),
        o.wijken(),
        o.costFree(),
        o.costText(),
        o.join(),
        o.languages(),
        o.accessibility(),
        o.contactPhone(),
        o.contactEmail(),
        o.website(),
        o.lastCheckedAt(),
        o.updatedAt(),
        o.version(),
        List.copyOf(locations));
  }

  private static Offer offer(Row r, List<OfferLocation> locations) {
    return new Offer(
        r.getUUID("id"),
        r.getString("slug"),
        r.getString("status"),
        r.getString("title"),
        r.getString("summary"),
        r.getString("description"),
        r.getString("title_en"),
        r.getString("summary_en"),
        r.getString("description_en"),
        new Provider(
            r.getUUID("p_id"),
            r.getString("p_name"),
            r.getString("p_website"),
            r.getString("p_phone"),
            r.getString("p_email")),
        List.of(r.getArrayOfStrings("leefgebieden")),
        List.of(r.getArrayOfStrings("doelgroepen")),
        r.getInteger("age_min"),
        r.getInteger("age_max"),
        r.getString("niveau"),
        r.getBoolean("whole_city"),
        List.of(r.getArrayOfStrings("wijken")),
        r.getBoolean("cost_free"),
        r.getString("cost_text"),
        r.getString("join_how"),
        List.of(r.getArrayOfStrings("languages")),
        r.getString("accessibility"),
        r.getString("contact_phone"),
        r.getString("contact_email"),
        r.getString("website"),
        Rows.instant(r, "last_checked_at"),
        Rows.instant(r, "updated_at"),
        r.getInteger("version"),
        locations);
  }

  private static OfferLocation location(Row r) {
    Object raw = r.getValue("hours");
    return new OfferLocation(
        r.getString("name"),
        r.getString("address"),
        r.getString("postcode"),
        r.getString("city"),
        r.getString("wijk"),
        hours(raw instanceof JsonObject j ? j : new JsonObject(String.valueOf(raw))),
        r.getString("note"));
  }

  private static OfferLocation location(JsonObject l) {
    Object raw = l.getValue("hours");
    return new OfferLocation(
        l.getString("name"),
        l.getString("address"),
        l.getString("postcode"),
        l.getString("city"),
        l.getString("wijk"),
        hours(raw instanceof JsonObject j ? j : new JsonObject(String.valueOf(raw))),
        l.getString("note"));
  }

  private static Map<DayOfWeek, List<TimeRange>> hours(JsonObject json) {
    Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
    for (String day : json.fieldNames()) {
      List<TimeRange> ranges = new ArrayList<>();
      json.getJsonArray(day).forEach(v -> ranges.add(TimeRange.parse(String.valueOf(v))));
      hours.put(DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)), ranges);
    }
    return hours;
  }

  static JsonObject hoursJson(OfferLocation l) {
    JsonObject json = new JsonObject();
    l.hours()
        .forEach(
            (day, ranges) ->
                json.put(
                    day.name().toLowerCase(Locale.ROOT),
                    new JsonArray(ranges.stream().map(TimeRange::toString).toList())));
    return json;
  }
}
