package nl.wijkportaal.triage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Who has an item open right now, on any node: each opening (and each heartbeat of an open page) is
 * kept for two minutes in a cluster-wide map, so the item page can say "Sanne bekijkt dit item ook"
 * before two workers do the same work.
 */
public final class Presence {

  /** How long an opening counts without a new heartbeat. */
  public static final Duration WINDOW = Duration.ofMinutes(2);

  private static final String MAP = "inbox.presence";

  private final Vertx vertx;

  public Presence(Vertx vertx) {
    this.vertx = vertx;
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }

  /** Notes that this worker has the item open (again). */
  public Future<Void> opened(UUID item, UUID account, String name) {
    return map().compose(m -> m.put(item + "|" + account, name, WINDOW.toMillis()));
  }

  /** Notes that this worker closed the item (left the page). */
  public Future<Void> closed(UUID item, UUID account) {
    return map().compose(m -> m.remove(item + "|" + account)).mapEmpty();
  }

  /** The names of the others who have the item open. */
  public Future<List<String>> others(UUID item, UUID account) {
    String prefix = item + "|";
    String self = item + "|" + account;
    return map()
        .compose(AsyncMap::entries)
        .map(
            entries -> {
              List<String> names = new ArrayList<>();
              entries.forEach(
                  (key, name) -> {
                    if (key.startsWith(prefix) && !key.equals(self)) {
                      names.add(name);
                    }
                  });
              names.sort(String::compareTo);
              return names;
            });
  }
}
