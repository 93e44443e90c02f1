package nl.wijkportaal.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import nl.wijkportaal.platform.config.DatabaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel of PostgreSQL's {@code LISTEN}/{@code NOTIFY} on a connection of its own, for what a
 * node keeps in memory and must drop as soon as anyone changes the rows behind it: another node, a
 * job, a migration or a statement typed by hand. PostgreSQL does not keep a notice for a listener
 * that is not connected, so the listener is told {@code changed} on every notice and also whenever
 * notices may have been missed (on every subscription, first or again, and on every loss), and
 * {@link #listening} is false from a loss until the channel is subscribed again: while it is false
 * nothing may be kept. A lost connection is tried again every second until {@link #close}.
 */
public final class Notices {

  private static final Logger LOG = LoggerFactory.getLogger(Notices.class);
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private volatile boolean listening;
  private volatile boolean closed;

  private Notices(Vertx vertx, PgSubscriber subscriber) {
    this.vertx = vertx;
    this.subscriber = subscriber;
  }

  /** Listens on {@code channel}; {@code changed} runs on every notice and every possible miss. */
  public static Notices listen(Vertx vertx, DatabaseUrl url, String channel, Runnable changed) {
    Notices notices = new Notices(vertx, PgSubscriber.subscriber(vertx, Pools.connectOptions(url)));
    notices
        .subscriber
        .channel(channel)
        .subscribeHandler(
            subscribed -> {
              changed.run();
              notices.listening = true;
            })
        .handler(payload -> changed.run());
    notices.subscriber.closeHandler(
        lost -> {
          notices.listening = false;
          changed.run();
          notices.retry();
        });
    notices.connect();
    return notices;
  }

  /** Whether notices arrive now: from the channel's subscription until the connection is lost. */
  public boolean listening() {
    return listening;
  }

  public Future<Void> close() {
    closed = true;
    listening = false;
    return subscriber.close();
  }

  private void connect() {
    subscriber
        .connect()
        .onFailure(
            e -> {
              LOG.warn("Listening for database notices failed: {}", e.toString());
              retry();
            });
  }

  private void retry() {
    if (!closed) {
      vertx.setTimer(RETRY_MS, t -> connect());
    }
  }
}
