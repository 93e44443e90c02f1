package nl.wijkportaal.platform.ratelimit;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * One named rate limit: at most {@link #capacity()} attempts per key, refilled evenly over {@link
 * #period()}. A key is whatever is limited, such as a client address or an account.
 */
public interface Limit {

  String name();

  int capacity();

  Duration period();

  /**
   * Counts one attempt for the key. Fails (rather than guessing) when the cluster cannot answer;
   * the caller decides whether that means refuse or allow.
   */
  Future<Decision> tryConsume(String key);
}
