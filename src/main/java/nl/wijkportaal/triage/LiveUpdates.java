package nl.wijkportaal.triage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import nl.wijkportaal.inbox.InboxEvents;
import nl.wijkportaal.inbox.Viewer;

/**
 * The inbox without reloading: a Server-Sent Events stream per open inbox page. Every node hears
 * every created or changed item over the (clustered) event bus and passes on to each of its own
 * streams only what that viewer may see, checked in the database, and only the item's id, reference
 * and state: the page fetches the rest itself, through the same rules.
 */
public final class LiveUpdates {

  /** A comment line now and then keeps proxies from closing a quiet stream. */
  static final Duration HEARTBEAT = Duration.ofSeconds(25);

  /**
   * A stream ends after this and the browser reconnects through its session: so a worker who signed
   * out, whose session ended or whose account was deactivated stops hearing anything.
   */
  static final Duration LIFETIME = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final TriageRepository repository;

  public LiveUpdates(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.repository = new TriageRepository(pool);
  }

  /** Streams to this viewer until the browser goes away. */
  public void stream(HttpServerResponse response, Viewer viewer) {
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    List<MessageConsumer<JsonObject>> consumers =
        List.of(
            vertx
                .eventBus()
                .consumer(InboxEvents.ITEM_CREATED, m -> pass(response, viewer, m.body(), "nieuw")),
            vertx
                .eventBus()
                .consumer(
                    InboxEvents.ITEM_CHANGED, m -> pass(response, viewer, m.body(), "gewijzigd")));
    // The stream opens only once both subscriptions are known to the whole cluster: a browser
    // that sees it open hears everything that happens from then on, on any node.
    Future.all(consumers.get(0).completion(), consumers.get(1).completion())
        .onComplete(
            registered -> {
              if (!response.closed() && !response.ended()) {
                response.write(": verbonden\nretry: 5000\n\n");
              }
            });
    long heartbeat =
        vertx.setPeriodic(
            HEARTBEAT.toMillis(),
            t -> {
              if (!response.closed() && !response.ended()) {
                response.write(": hartslag\n\n");
              }
            });
    long lifetime =
        vertx.setTimer(
            LIFETIME.toMillis(),
            t -> {
              if (!response.closed() && !response.ended()) {
                response.end();
              }
            });
    Runnable stop =
        () -> {
          vertx.cancelTimer(heartbeat);
          vertx.cancelTimer(lifetime);
          consumers.forEach(MessageConsumer::unregister);
        };
    response.endHandler(v -> stop.run());
    response.closeHandler(v -> stop.run());
    response.exceptionHandler(e -> stop.run());
  }

  private void pass(HttpServerResponse response, Viewer viewer, JsonObject event, String kind) {
    UUID id;
    try {
      id = UUID.fromString(event.getString("id"));
    } catch (RuntimeException e) {
      return;
    }
    repository
        .current(repository.pool(), viewer, id)
        .onSuccess(
            visible -> {
              if (visible.isEmpty() || response.closed() || response.ended()) {
                return;
              }
              JsonObject data =
                  new JsonObject()
                      .put("id", id.toString())
                      .put("state", visible.get().state().code())
                      .put("change", event.getString("change", kind));
              if (event.getString("referentie") != null) {
                data.put("referentie", event.getString("referentie"));
              }
              response.write("event: " + kind + "\ndata: " + data.encode() + "\n\n");
            });
  }
}
