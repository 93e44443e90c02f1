package nl.wijkportaal.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The demo data set is fit to publish and covers the field; the benchmark generator makes valid
 * offers.
 */
class DemoCatalogueTest {

  private static final List<String> WIJKEN = List.of("midden", "noord", "oost", "zuid", "west");

  @Test
  void
      the_demo_catalogue_holds_at_least_80_valid_offers_across_every_leefgebied_doelgroep_and_wijk()
          throws Exception {
    JsonObject data;
    try (InputStream in = getClass().getResourceAsStream("/" + CatalogueDemo.RESOURCE)) {
      data = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Map<String, JsonObject> providers = new HashMap<>();
    data.getJsonArray("providers")
        .forEach(p -> providers.put(((JsonObject) p).getString("key"), (JsonObject) p));
    Set<String> leefgebieden = new HashSet<>();
    Set<String> doelgroepen = new HashSet<>();
    Set<String> wijken = new HashSet<>();
    int count = 0;
    for (Object o : data.getJsonArray("offers")) {
      OfferDraft draft = OfferJson.read((JsonObject) o, providers);
      assertThat(OfferRules.check(draft, WIJKEN)).as(draft.slug()).isEmpty();
      leefgebieden.addAll(draft.leefgebieden());
      doelgroepen.addAll(draft.doelgroepen());
      wijken.addAll(draft.wholeCity() ? WIJKEN : draft.wijken());
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(80);
    assertThat(leefgebieden).containsExactlyInAnyOrderElementsOf(Codes.LEEFGEBIEDEN);
    assertThat(doelgroepen).containsExactlyInAnyOrderElementsOf(Codes.DOELGROEPEN);
    assertThat(wijken).containsExactlyInAnyOrderElementsOf(WIJKEN);
  }

  @Test
  void the_generator_makes_ten_thousand_distinct_valid_offers() {
    List<OfferDraft> drafts = new OfferGenerator(42).generate(10_000);
    assertThat(drafts).hasSize(10_000);
    assertThat(drafts.stream().map(OfferDraft::slug).distinct().count()).isEqualTo(10_000);
    drafts.stream()
        .limit(500)
        .forEach(d -> assertThat(OfferRules.check(d, WIJKEN)).as(d.slug()).isEmpty());
  }
}
