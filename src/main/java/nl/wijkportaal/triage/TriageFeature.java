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
 * The SWT's work on items wired from the platform: the triage service (every change a worker makes
 * to an item), the inbox pages (the list, an item and its actions, registering), live updates and
 * presence.
 */
public final class TriageFeature implements Feature {

  private final Triage triage;
  private final Presence presence;
  private final TriageRoutes routes;
  private final LiveRoutes live;
  private final Access access;

  public TriageFeature(
      Platform platform, IdentityFeature identity, InboxFeature inbox, CatalogueFeature catalogue) {
    this.access = identity.access();
    this.triage =
        new Triage(
            platform.pool(),
            inbox.intake(),
            platform.audit(),
            inbox.feedback(),
            inbox.events(),
            identity.staff(),
            platform.clock());
    this.presence = new Presence(platform.vertx());
    this.routes =
        new TriageRoutes(
            triage,
            presence,
            catalogue.catalogue(),
            platform.pages(),
            platform.messages(),
            platform.clientAddress(),
            platform.clock());
    this.live =
        new LiveRoutes(
            new LiveUpdates(platform.vertx(), platform.pool()), platform.clientAddress());
  }

  /** The triage service: every change a worker makes to an item. */
  public Triage triage() {
    return triage;
  }

  /** Who has an item open, across the cluster. */
  public Presence presence() {
    return presence;
  }

  @Override
  public List<Consumer<Router>> pages() {
    return List.of(
        router -> routes.mount(router, access.require(Role.TRIAGE, Role.TEAMLEIDER)),
        router -> live.mount(router, access.require(Role.TRIAGE, Role.TEAMLEIDER)));
  }
}
