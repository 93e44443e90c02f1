package nl.wijkportaal.portal;

import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.api.ApiOperations;

/** The residents' home and contact pages and the municipality's API, wired from the platform. */
public final class PortalFeature implements Feature {

  private final Platform platform;

  public PortalFeature(Platform platform) {
    this.platform = platform;
  }

  @Override
  public List<Consumer<Router>> pages() {
    return List.of(new PortalRoutes(platform.pages(), platform.openingHours())::mount);
  }

  @Override
  public List<ApiOperations> api() {
    return List.of(new GemeenteApi(platform.openingHours()));
  }
}
