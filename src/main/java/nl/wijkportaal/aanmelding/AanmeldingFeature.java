package nl.wijkportaal.aanmelding;

import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.catalogue.CatalogueFeature;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;

/** The resident's front door wired from the platform: the steps, the receipt, the status page. */
public final class AanmeldingFeature implements Feature {

  private final AanmeldRoutes routes;

  public AanmeldingFeature(Platform platform, InboxFeature inbox, CatalogueFeature catalogue) {
    this.routes =
        new AanmeldRoutes(
            inbox.intake(),
            catalogue.catalogue(),
            catalogue.offerView(),
            platform.messages(),
            platform.pages(),
            platform.clientAddress(),
            inbox.submissionsPerAddress(),
            platform.publicUrl(),
            platform.clock());
  }

  @Override
  public List<Consumer<Router>> pages() {
    return List.of(routes::mount);
  }
}
