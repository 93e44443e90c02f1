package nl.wijkportaal.platform.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A limit whose buckets live in Hazelcast, so every node of the cluster counts the same attempts.
 */
final class HazelcastLimit implements Limit {

  /** Long enough for a loaded cluster, short enough that a login does not hang on a lost node. */
  private static final long TIMEOUT_MILLIS = 3_000;

  private final Vertx vertx;
  private final AsyncProxyManager<String> buckets;
  private final String name;
  private final int capacity;
  private final Duration period;
  private final Supplier<CompletableFuture<BucketConfiguration>> configuration;

  HazelcastLimit(
      Vertx vertx, AsyncProxyManager<String> buckets, String name, int capacity, Duration period) {
    this.vertx = vertx;
    this.buckets = buckets;
    this.name = name;
    this.capacity = capacity;
    this.period = period;
    BucketConfiguration config =
        BucketConfiguration.builder()
            .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period))
            .build();
    this.configuration = () -> CompletableFuture.completedFuture(config);
  }

  @Override
  public Future<Decision> tryConsume(String key) {
    if (key == null) {
      return Future.failedFuture(
          new IllegalArgumentException("Rate limit " + name + " needs a key"));
    }
    try {
      // One map holds every limit; names cannot contain ':', so the prefix keeps them apart.
      CompletableFuture<ConsumptionProbe> probe =
          buckets.builder().build(name + ":" + key, configuration).tryConsumeAndReturnRemaining(1);
      // Hazelcast completes on its own threads: hand the answer back to the caller's context.
      return Future.fromCompletionStage(probe, vertx.getOrCreateContext())
          .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
          .map(Decision::of);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
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
