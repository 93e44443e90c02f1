package nl.wijkportaal.platform.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A limit whose buckets live in this JVM: for a single node. */
final class LocalLimit implements Limit {

  private final String name;
  private final int capacity;
  private final Duration period;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  LocalLimit(String name, int capacity, Duration period) {
    this.name = name;
    this.capacity = capacity;
    this.period = period;
  }

  @Override
  public Future<Decision> tryConsume(String key) {
    if (key == null) {
      return Future.failedFuture(
          new IllegalArgumentException("Rate limit " + name + " needs a key"));
    }
    ConsumptionProbe[] probe = new ConsumptionProbe[1];
    // Consume inside compute, so a sweep cannot drop the bucket between lookup and use.
    buckets.compute(
        key,
        (k, bucket) -> {
          Bucket b = bucket != null ? bucket : newBucket();
          probe[0] = b.tryConsumeAndReturnRemaining(1);
          return b;
        });
    return Future.succeededFuture(Decision.of(probe[0]));
  }

  /**
   * Forgets every key whose bucket has filled up again: a full bucket is the same as a new one, so
   * nothing is lost, and keys that stopped coming do not pile up.
   */
  void sweep() {
    for (String key : buckets.keySet()) {
      buckets.computeIfPresent(key, (k, b) -> b.getAvailableTokens() >= capacity ? null : b);
    }
  }

  int size() {
    return buckets.size();
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period))
        .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public Duration period() {
    return period;
  }
}
