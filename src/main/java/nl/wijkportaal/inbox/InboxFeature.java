package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.identity.Access;
import nl.wijkportaal.identity.IdentityFeature;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.jobs.ScheduledJobs.Job;
import nl.wijkportaal.platform.ratelimit.Limit;

/**
 * The inbox wired from the platform: the item model every front door writes to (intake, the triage
 * service, feedback mail), live updates and presence, postcodes, the scheduled reminders, and a
 * resident's AVG requests. The front doors store items through {@link #intake}; the triage pages
 * and the dashboard change them through {@link #triage}.
 */
public final class InboxFeature implements Feature {

  private final Platform platform;
  private final Access access;
  private final InboxRepository inbox;
  private final PostcodeWijken postcodes;
  private final ItemFeedback feedback;
  private final Intake intake;
  private final Triage triage;
  private final Presence presence;
  private final LiveUpdates live;
  private final InboxJobs jobs;
  private final PersonRequests personRequests;
  private final Limit submissionsPerAddress;

  private InboxFeature(Platform platform, IdentityFeature identity) {
    this.platform = platform;
    this.access = identity.access();
    AppConfig config = platform.config();
    this.inbox = new InboxRepository(platform.pool());
    this.postcodes = new PostcodeWijken(platform.pool());
    this.feedback =
        new ItemFeedback(
            inbox,
            platform.outbox(),
            platform.messages(),
            platform.publicUrl(),
            config.municipality().crisisNumbers());
    InboxEvents events = new InboxEvents(platform.vertx());
    this.intake =
        new Intake(
            inbox, platform.deadlines(), platform.audit(), feedback, events, platform.clock());
    this.triage = new Triage(inbox, intake, platform.audit(), feedback, events, platform.clock());
    this.presence = new Presence(platform.vertx());
    this.live = new LiveUpdates(platform.vertx(), platform.pool());
    this.submissionsPerAddress =
        platform
            .rateLimits()
            .limit(
                "intake.address",
                config.intake().submissionsPerAddress(),
                Duration.ofMinutes(config.intake().submissionWindowMinutes()));
    Anonymiser anonymiser = new Anonymiser(platform.pool(), platform.audit(), platform.clock());
    this.jobs =
        new InboxJobs(
            platform.pool(),
            anonymiser,
            platform.audit(),
            platform.outbox(),
            platform.messages(),
            platform.publicUrl(),
            Period.ofMonths(config.intake().retentionMonths()),
            platform.clock());
    this.personRequests = new PersonRequests(platform.pool(), anonymiser, platform.audit());
  }

  /** Wires the inbox; on a demo installation loads the demo postcodes. */
  public static Future<InboxFeature> wire(Platform platform, IdentityFeature identity) {
    InboxFeature feature = new InboxFeature(platform, identity);
    if (!platform.config().demo()) {
      return Future.succeededFuture(feature);
    }
    return feature.postcodes.loadDemo().map(loaded -> feature);
  }

  /** Where every front door stores what a person submits. */
  public Intake intake() {
    return intake;
  }

  /** The triage service: every change of an item's state. */
  public Triage triage() {
    return triage;
  }

  /** The mail to the melder or resident about their item. */
  public ItemFeedback feedback() {
    return feedback;
  }

  /** Who has an item open, across the cluster. */
  public Presence presence() {
    return presence;
  }

  /** The front doors' shared limit on submissions per address. */
  public Limit submissionsPerAddress() {
    return submissionsPerAddress;
  }

  @Override
  public List<Consumer<Router>> pages() {
    var pages = platform.pages();
    var clientAddress = platform.clientAddress();
    return List.of(
        router ->
            new PostcodeRoutes(postcodes, platform.audit(), pages, clientAddress)
                .mount(router, access.require(Role.BEHEERDER)),
        router ->
            new LiveRoutes(live, clientAddress)
                .mount(router, access.require(Role.TRIAGE, Role.TEAMLEIDER)),
        router ->
            new PrivacyRoutes(
                    personRequests, pages, clientAddress, new ItemDates(platform.messages()))
                .mount(router, access.require(Role.BEHEERDER)));
  }

  @Override
  public List<Job> jobs() {
    return List.of(
        new Job("inbox.overdue", Duration.ofMinutes(15), jobs::notifyOverdue),
        new Job("inbox.follow-up", Duration.ofHours(1), jobs::remindFollowUps));
  }

  /** Personal data of items closed longer than the configured months; idempotency keys. */
  @Override
  public Future<String> retention(Instant now) {
    return Future.join(
            jobs.enforceRetention(),
            inbox.deleteIdempotencyKeysBefore(now.minus(Intake.IDEMPOTENCY_WINDOW)))
        .map(done -> done.<String>resultAt(0) + "; idempotency keys pruned");
  }
}
