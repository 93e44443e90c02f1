package nl.wijkportaal.insight;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.catalogue.CatalogueFeature;
import nl.wijkportaal.chat.ChatFigures;
import nl.wijkportaal.identity.IdentityFeature;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.triage.TriageFeature;

/**
 * Insight wired from the platform: the steering figures (pages, CSV, API), complaints with the Awb
 * clock and the experience question, whose link the inbox puts in its closing mail.
 */
public final class InsightFeature implements Feature {

  private final Platform platform;
  private final IdentityFeature identity;
  private final InboxFeature inbox;
  private final TriageFeature triage;
  private final Sturing sturing;
  private final Complaints complaints;
  private final Experience experience;

  private InsightFeature(
      Platform platform,
      IdentityFeature identity,
      InboxFeature inbox,
      TriageFeature triage,
      CatalogueFeature catalogue) {
    this.platform = platform;
    this.identity = identity;
    this.inbox = inbox;
    this.triage = triage;
    this.sturing =
        new Sturing(platform.pool(), catalogue.editor(), new ChatFigures(), platform.clock());
    this.complaints =
        new Complaints(inbox.intake(), triage.triage(), inbox.feedback(), platform.pool());
    this.experience = new Experience(platform.pool(), platform.publicUrl(), platform.clock());
    inbox.feedback().closingInvitation(experience::invite);
  }

  /**
   * Wires insight; on a demo installation an empty inbox gets a year of generated history, so the
   * inbox and the dashboard are not empty.
   */
  public static Future<InsightFeature> wire(
      Platform platform,
      IdentityFeature identity,
      InboxFeature inbox,
      TriageFeature triage,
      CatalogueFeature catalogue) {
    InsightFeature feature = new InsightFeature(platform, identity, inbox, triage, catalogue);
    if (!platform.config().demo()) {
      return Future.succeededFuture(feature);
    }
    return new DemoHistory(platform.pool(), platform.deadlines(), platform.clock())
        .loadIfEmpty(platform.vertx(), platform.config().intake().demoHistoryItems())
        .map(loaded -> feature);
  }

  /** The steering figures. */
  public Sturing sturing() {
    return sturing;
  }

  @Override
  public List<Consumer<Router>> pages() {
    var pages = platform.pages();
    var clientAddress = platform.clientAddress();
    var access = identity.access();
    return List.of(
        router ->
            new SturingRoutes(
                    sturing, triage.triage(), pages, platform.messages(), platform.clock())
                .mount(router, access.require(Role.TEAMLEIDER, Role.BEHEERDER)),
        router ->
            new KlachtRoutes(
                    complaints,
                    pages,
                    new ItemDates(platform.messages()),
                    clientAddress,
                    inbox.submissionsPerAddress())
                .mount(router, access.require(Role.TEAMLEIDER)),
        new ErvaringRoutes(experience, inbox.intake(), pages, clientAddress)::mount);
  }

  @Override
  public List<ApiOperations> api() {
    return List.of(
        new SturingApi(
            sturing, triage.triage(), identity.apiAuth(), platform.messages(), platform.clock()));
  }
}
