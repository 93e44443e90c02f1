package nl.wijkportaal.chat;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.catalogue.CatalogueFeature;
import nl.wijkportaal.identity.Access;
import nl.wijkportaal.identity.IdentityFeature;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.jobs.ScheduledJobs.Job;

/**
 * The chat wired from the platform: residents' pages, the chat workers' console, live delivery over
 * the event-bus bridge, "messages after N" in the API; PostgreSQL the guarantee.
 */
public final class ChatFeature implements Feature {

  private final Platform platform;
  private final Access access;
  private final CatalogueFeature catalogue;
  private final ChatService chat;
  private final ChatLimits limits;
  private final ChatBridge bridge;

  public ChatFeature(
      Platform platform, IdentityFeature identity, InboxFeature inbox, CatalogueFeature catalogue) {
    this.platform = platform;
    this.access = identity.access();
    this.catalogue = catalogue;
    this.chat =
        new ChatService(
                platform.pool(),
                platform.vertx(),
                inbox.intake(),
                platform.audit(),
                platform.messages(),
                platform.openingHours(),
                platform.config().chat(),
                platform.clock())
            .mailingThrough(platform.outbox());
    this.limits = new ChatLimits(platform.rateLimits(), platform.config().chat());
    this.bridge =
        new ChatBridge(
            platform.vertx(),
            chat,
            limits,
            access,
            platform.clientAddress(),
            platform.publicUrl(),
            // The session handler's own store, to re-check a worker's socket against its session.
            Sessions.store(platform.vertx(), platform.config().identity().sessionIdleSeconds()));
  }

  /** The conversations: start, deliver, accept, end, convert to an item. */
  public ChatService chat() {
    return chat;
  }

  @Override
  public List<Consumer<Router>> early() {
    return List.of(bridge::mount);
  }

  @Override
  public List<Consumer<Router>> pages() {
    var pages = platform.pages();
    var messages = platform.messages();
    var clientAddress = platform.clientAddress();
    return List.of(
        new ChatRoutes(
                chat,
                pages,
                messages,
                clientAddress,
                new ResidentToken(platform.config().http().secureCookies()),
                limits)
            ::mount,
        router ->
            new ConsoleRoutes(
                    chat,
                    catalogue.catalogue(),
                    pages,
                    messages,
                    clientAddress,
                    platform.config().municipality().phone(),
                    platform.clock())
                .mount(router, access.require(Role.CHAT), access.require(Role.TEAMLEIDER)));
  }

  @Override
  public List<ApiOperations> api() {
    return List.of(new ChatApi(chat, platform.clientAddress()));
  }

  @Override
  public List<Job> jobs() {
    return List.of(new Job("chat.quiet", Duration.ofMinutes(1), chat::closeQuiet));
  }

  /** Transcripts and the personal data of ended chats past their period. */
  @Override
  public Future<String> retention(Instant now) {
    return chat.enforceRetention();
  }
}
