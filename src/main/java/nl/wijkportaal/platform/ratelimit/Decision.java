package nl.wijkportaal.platform.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * The answer of a rate limit to one attempt: allowed, or refused with how long to wait before the
 * next attempt can succeed ({@link Duration#ZERO} when allowed).
 */
public record Decision(boolean allowed, Duration retryAfter) {

  private static final Decision ALLOWED = new Decision(true, Duration.ZERO);

  public Decision {
    if (retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must be zero or positive: " + retryAfter);
    }
  }

  public static Decision allow() {
    return ALLOWED;
  }

  public static Decision refuse(Duration retryAfter) {
    return new Decision(false, retryAfter);
  }

  /** For a {@code Retry-After} header: whole seconds, rounded up, at least 1 when refused. */
  public long retryAfterSeconds() {
    if (allowed) {
      return 0;
    }
    long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  static Decision of(ConsumptionProbe probe) {
    if (probe.isConsumed()) {
      return ALLOWED;
    }
    // bucket4j can answer 0 when a token arrives at this very nanosecond; a refusal always
    // asks for some wait, so callers can rely on a positive Retry-After.
    return refuse(Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())));
  }
}
