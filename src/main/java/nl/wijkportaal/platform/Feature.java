package nl.wijkportaal.platform;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.jobs.ScheduledJobs;

/**
 * What a feature hands the composition root once it has wired itself from the {@link Platform}: its
 * page mounts, API operations, scheduled jobs and retention. Each feature package has one class
 * that implements this; the root lists them and knows nothing of what is inside.
 */
public interface Feature {

  /**
   * Page routes, mounted after the platform's handlers (body, session, language, who is signed in,
   * CSRF) in the order the root lists the features. A page that needs a role mounts its own guard.
   */
  default List<Consumer<Router>> pages() {
    return List.of();
  }

  /**
   * Routes that run before body, session, language and CSRF handling (a WebSocket upgrade fails
   * once anything has let the request end).
   */
  default List<Consumer<Router>> early() {
    return List.of();
  }

  /** Paths of form posts that may carry a file larger than any form (an editor's import). */
  default List<String> largeUploads() {
    return List.of();
  }

  /** Operations of the JSON API, in the order they are attached (a security scheme first). */
  default List<ApiOperations> api() {
    return List.of();
  }

  /** Work to run on one node of the cluster, each at its own interval. */
  default List<ScheduledJobs.Job> jobs() {
    return List.of();
  }

  /**
   * Deletes or anonymises what this feature keeps past its retention period as of {@code now}, and
   * says what it did (empty when it keeps nothing personal). The root's one retention job asks
   * every feature.
   */
  default Future<String> retention(Instant now) {
    return Future.succeededFuture("");
  }

  /** Stops what the feature keeps open of its own (before the pool closes). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
