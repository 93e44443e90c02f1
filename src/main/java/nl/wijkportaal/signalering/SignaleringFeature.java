package nl.wijkportaal.signalering;

import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.identity.IdentityFeature;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.api.ApiOperations;

/** The vindplek's front door wired from the platform: the melders' pages and the signals API. */
public final class SignaleringFeature implements Feature {

  private final Platform platform;
  private final IdentityFeature identity;
  private final SignaalService signalen;

  public SignaleringFeature(Platform platform, IdentityFeature identity, InboxFeature inbox) {
    this.platform = platform;
    this.identity = identity;
    this.signalen = new SignaalService(inbox.intake(), platform.clock());
  }

  @Override
  public List<Consumer<Router>> pages() {
    SignaalRoutes routes =
        new SignaalRoutes(
            signalen,
            platform.pages(),
            new ItemDates(platform.messages()),
            platform.clientAddress());
    return List.of(router -> routes.mount(router, identity.access().require(Role.MELDER)));
  }

  @Override
  public List<ApiOperations> api() {
    return List.of(
        new SignaalApi(
            signalen,
            identity.apiAuth(),
            platform.clientAddress(),
            platform.messages(),
            new ClientLimits(
                platform.rateLimits(),
                platform.config().intake().signalsPerClient(),
                platform.config().intake().signalsPerClientRaised(),
                Duration.ofHours(1))));
  }
}
