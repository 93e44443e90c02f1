package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the demo municipality's sociale basis ({@code catalogue/demo-catalogue.json}) into an empty
 * catalogue: published offers, their providers and the editors' synonyms. A catalogue that has
 * offers is left alone, so a restart or an editor's work is never overwritten.
 */
public final class CatalogueDemo {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogueDemo.class);
  static final String RESOURCE = "catalogue/demo-catalogue.json";

  private final CatalogueRepository repository;
  private final Clock clock;

  public CatalogueDemo(CatalogueRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  public Future<Void> load(Vertx vertx) {
    return repository
        .count()
        .compose(
            count ->
                count > 0
                    ? Future.succeededFuture()
                    : vertx
                        .fileSystem()
                        .readFile(RESOURCE)
                        .compose(file -> load(new JsonObject(file))));
  }

  Future<Void> load(JsonObject data) {
    Map<String, JsonObject> providers = new HashMap<>();
    data.getJsonArray("providers", new JsonArray())
        .forEach(p -> providers.put(((JsonObject) p).getString("key"), (JsonObject) p));
    Instant now = clock.instant();
    List<Object[]> offers = new ArrayList<>();
    for (Object o : data.getJsonArray("offers")) {
      JsonObject json = (JsonObject) o;
      offers.add(
          new Object[] {
            OfferJson.read(json, providers),
            now.minus(Duration.ofDays(json.getInteger("lastCheckedDaysAgo", 30)))
          });
    }
    return repository
        .pool()
        .withTransaction(
            tx -> {
              Future<Void> chain = Future.succeededFuture();
              for (Object[] offer : offers) {
                chain =
                    chain.compose(
                        v ->
                            repository
                                .insert(
                                    tx,
                                    UUID.randomUUID(),
                                    (OfferDraft) offer[0],
                                    "gepubliceerd",
                                    (Instant) offer[1],
                                    now,
                                    "demo")
                                .mapEmpty());
              }
              for (Object group : data.getJsonArray("synonyms", new JsonArray())) {
                List<String> terms = new ArrayList<>();
                ((JsonArray) group)
                    .forEach(t -> terms.add(SearchTerms.normalise(String.valueOf(t))));
                chain = chain.compose(v -> repository.addSynonyms(tx, terms, now));
              }
              return chain;
            })
        .onSuccess(v -> LOG.info("Demo catalogue loaded: {} offers", offers.size()));
  }
}
