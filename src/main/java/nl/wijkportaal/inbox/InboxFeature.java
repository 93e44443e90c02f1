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
 * The inbox wired from the platform: the item model every front door writes to (intake, feedback
 * mail, the one door for state changes), postcodes, the scheduled reminders and the retention of
 * items. The front doors store items through {@link #intake}; triage changes them.
 */
public final class InboxFeature implements Feature {

  private final Platform platform;
  private final Access access;
  private final InboxRepository inbox;
  private final PostcodeWijken postcodes;
  private final ItemFeedback feedback;
  private final Intake intake;
  private final InboxEvents events;
  private final Anonymiser anonymiser;
  private final InboxJobs jobs;
  private final Limit submissionsPerAddress;

  private InboxFeature(Platform platform, IdentityFeature identity) {
    this.platform = platform;
    this.access = identity.access();
    AppConfig config = platform.config();
    this.inbox = new InboxRepository(platform.pool());
    this.postcodes = new PostcodeWijken(platform.pool(), identity.staff());
    this.feedback =
        new ItemFeedback(
            inbox,
            platform.outbox(),
            platform.messages(),
            platform.publicUrl(),
            config.municipality().crisisNumbers());
    this.events = new InboxEvents(platform.vertx());
    this.intake =
        new Intake(
            inbox, platform.deadlines(), platform.audit(), feedback, events, platform.clock());
    this.submissionsPerAddress =
        platform
            .rateLimits()
            .limit(
                "intake.address",
                config.intake().submissionsPerAddress(),
                Duration.ofMinutes(config.intake().submissionWindowMinutes()));
    this.anonymiser = new Anonymiser(platform.pool(), platform.audit(), platform.clock());
    this.jobs =
        new InboxJobs(
            platform.pool(),
            anonymiser,
            platform.outbox(),
            platform.messages(),
            platform.publicUrl(),
            Period.ofMonths(config.intake().retentionMonths()),
            identity.staff(),
            platform.clock());
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

  /** What the inbox announces on the event bus when an item arrives or changes. */
  public InboxEvents events() {
    return events;
  }

  /** Takes the personal data out of items: for retention and a resident's AVG request. */
  public Anonymiser anonymiser() {
    return anonymiser;
  }

  /** The mail to the melder or resident about their item. */
  public ItemFeedback feedback() {
    return feedback;
  }

  /** Which postcode lies in which wijk (tests put their own). */
  PostcodeWijken postcodes() {
    return postcodes;
  }

  /** The inbox's scheduled work (tests run it on a clock moved by hand). */
  InboxJobs inboxJobs() {
    return jobs;
  }

  /** The front doors' shared limit on submissions per address. */
  public Limit submissionsPerAddress() {
    return submissionsPerAddress;
  }

  @Override
  public List<Consumer<Router>> pages() {
    return List.of(
        router ->
            new PostcodeRoutes(
                    postcodes, platform.audit(), platform.pages(), platform.clientAddress())
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
