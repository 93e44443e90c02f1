package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.identity.Access;
import nl.wijkportaal.identity.IdentityFeature;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;

/**
 * The catalogue of the sociale basis wired from the platform: search, offer pages, wegwijzer, the
 * editors' pages and the catalogue API. Other features search it through {@link #catalogue} and
 * show offers with {@link #offerView}.
 */
public final class CatalogueFeature implements Feature {

  /** Residents type names into search boxes: what the search log kept goes after 90 days. */
  private static final Duration SEARCH_LOG_RETENTION = Duration.ofDays(90);

  private final Platform platform;
  private final Access access;
  private final CatalogueRepository offers;
  private final CatalogueService catalogue;
  private final EditorService editor;
  private final OfferView offerView;

  private CatalogueFeature(Platform platform, IdentityFeature identity) {
    this.platform = platform;
    this.access = identity.access();
    List<String> wijken = wijken(platform.config().municipality());
    this.offers = new CatalogueRepository(platform.pool());
    Synonyms synonyms = new Synonyms(offers, platform.vertx());
    this.catalogue =
        new CatalogueService(offers, wijken, platform.clock(), synonyms, platform.vertx());
    this.offerView = new OfferView(platform.messages(), platform.clock());
    this.editor = new EditorService(offers, wijken, platform.clock(), synonyms);
  }

  /** Wires the catalogue; on a demo installation an empty catalogue gets the demo offers. */
  public static Future<CatalogueFeature> wire(Platform platform, IdentityFeature identity) {
    CatalogueFeature feature = new CatalogueFeature(platform, identity);
    if (!platform.config().demo()) {
      feature.catalogue.warmUp();
      return Future.succeededFuture(feature);
    }
    return new CatalogueDemo(feature.offers, platform.clock())
        .load(platform.vertx())
        .map(
            loaded -> {
              feature.catalogue.warmUp();
              return feature;
            });
  }

  private static List<String> wijken(MunicipalitySettings municipality) {
    return municipality.locations().stream().map(l -> l.wijk()).toList();
  }

  public CatalogueService catalogue() {
    return catalogue;
  }

  public EditorService editor() {
    return editor;
  }

  public OfferView offerView() {
    return offerView;
  }

  @Override
  public List<Consumer<Router>> pages() {
    var messages = platform.messages();
    var pages = platform.pages();
    return List.of(
        new CatalogueRoutes(catalogue, offerView, messages, pages)::mount,
        new WegwijzerRoutes(catalogue, offerView, messages, pages)::mount,
        router ->
            new EditorRoutes(editor, messages, pages)
                .mount(router, access.require(Role.REDACTEUR)));
  }

  @Override
  public List<String> largeUploads() {
    return List.of("/redactie/import");
  }

  @Override
  public List<ApiOperations> api() {
    return List.of(new CatalogueApi(catalogue));
  }

  @Override
  public Future<String> retention(Instant now) {
    return offers
        .pruneSearchLog(now.minus(SEARCH_LOG_RETENTION))
        .compose(pruned -> offers.pruneChanges())
        .map("search log and catalogue change feed pruned");
  }
}
