package nl.wijkportaal.privacy;

import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.identity.Access;
import nl.wijkportaal.identity.IdentityFeature;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;

/** A resident's AVG requests wired from the platform: find, export and anonymise, for beheer. */
public final class PrivacyFeature implements Feature {

  private final PrivacyRoutes routes;
  private final Access access;

  public PrivacyFeature(Platform platform, IdentityFeature identity, InboxFeature inbox) {
    this.access = identity.access();
    this.routes =
        new PrivacyRoutes(
            new PersonRequests(platform.pool(), inbox.anonymiser(), platform.audit()),
            platform.pages(),
            platform.clientAddress(),
            new ItemDates(platform.messages()));
  }

  @Override
  public List<Consumer<Router>> pages() {
    return List.of(router -> routes.mount(router, access.require(Role.BEHEERDER)));
  }
}
