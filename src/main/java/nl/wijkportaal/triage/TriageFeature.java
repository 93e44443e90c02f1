package nl.wijkportaal.triage;

import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.catalogue.CatalogueFeature;
import nl.wijkportaal.identity.Access;
import nl.wijkportaal.identity.IdentityFeature;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;

/**
 * The SWT's inbox pages wired from the platform: the list, an item and its actions, registering.
 */
public final class TriageFeature implements Feature {

  private final TriageRoutes routes;
  private final Access access;

  public TriageFeature(
      Platform platform, IdentityFeature identity, InboxFeature inbox, CatalogueFeature catalogue) {
    this.access = identity.access();
    this.routes =
        new TriageRoutes(
            inbox.triage(),
            inbox.presence(),
            catalogue.catalogue(),
            platform.pages(),
            platform.messages(),
            platform.clientAddress(),
            platform.clock());
  }

  @Override
  public List<Consumer<Router>> pages() {
    return List.of(router -> routes.mount(router, access.require(Role.TRIAGE, Role.TEAMLEIDER)));
  }
}
