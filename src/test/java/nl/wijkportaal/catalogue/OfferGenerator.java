package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Makes any number of realistic offers for benchmarks: the demo offers recombined with other
 * wijken, providers and words, each one valid by {@link OfferRules}. Seeded, so two runs make the
 * same catalogue.
 */
public final class OfferGenerator {

  private static final String[] PLACES = {
    "De Kern", "Het Anker", "De Bron", "Kwiebus", "De Linde", "Het Plein", "De Horst", "Zonnehof"
  };
  private static final List<String> WIJKEN = List.of("midden", "noord", "oost", "zuid", "west");

  private final List<OfferDraft> base;
  private final Random random;

  public OfferGenerator(long seed) {
    this.random = new Random(seed);
    JsonObject data = demo();
    Map<String, JsonObject> providers = new HashMap<>();
    data.getJsonArray("providers")
        .forEach(p -> providers.put(((JsonObject) p).getString("key"), (JsonObject) p));
    List<OfferDraft> drafts = new ArrayList<>();
    for (Object o : data.getJsonArray("offers")) {
      drafts.add(OfferJson.read((JsonObject) o, providers));
    }
    this.base = List.copyOf(drafts);
  }

  public List<OfferDraft> generate(int count) {
    List<OfferDraft> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      OfferDraft b = base.get(i % base.size());
      String place = PLACES[random.nextInt(PLACES.length)];
      String wijk = WIJKEN.get(random.nextInt(WIJKEN.size()));
      list.add(
          new OfferDraft(
              b.slug() + "-" + i,
              b.title() + " " + place,
              b.summary(),
              b.description(),
              b.titleEn(),
              b.summaryEn(),
              b.descriptionEn(),
              b.providerName() + " " + (i % 250),
              b.providerWebsite(),
              b.providerPhone(),
              b.providerEmail(),
              b.leefgebieden(),
              b.doelgroepen(),
              b.ageMin(),
              b.ageMax(),
              b.niveau(),
              random.nextInt(5) == 0,
              List.of(wijk),
              b.costFree(),
              b.costText(),
              b.join(),
              b.languages(),
              b.accessibility(),
              b.contactPhone(),
              b.contactEmail(),
              b.website(),
              b.locations()));
    }
    return list;
  }

  /** Stores {@code drafts} as published offers, in transactions of a thousand. */
  public static Future<Void> publish(
      CatalogueRepository repository, List<OfferDraft> drafts, Clock clock) {
    Future<Void> all = Future.succeededFuture();
    for (int start = 0; start < drafts.size(); start += 1000) {
      List<OfferDraft> batch = drafts.subList(start, Math.min(drafts.size(), start + 1000));
      all =
          all.compose(
              v ->
                  repository
                      .pool()
                      .withTransaction(
                          tx -> {
                            Instant now = clock.instant();
                            Future<Void> chain = Future.succeededFuture();
                            for (OfferDraft d : batch) {
                              chain =
                                  chain.compose(
                                      x ->
                                          repository
                                              .insert(
                                                  tx,
                                                  UUID.randomUUID(),
                                                  d,
                                                  "gepubliceerd",
                                                  now,
                                                  now,
                                                  "generator")
                                              .mapEmpty());
                            }
                            return chain;
                          }));
    }
    return all;
  }

  private static JsonObject demo() {
    try (InputStream in = OfferGenerator.class.getResourceAsStream("/" + CatalogueDemo.RESOURCE)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
