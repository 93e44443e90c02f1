package nl.wijkportaal.platform.ratelimit;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.github.bucket4j.grid.hazelcast.HazelcastEntryProcessor;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out named rate limits (token buckets of bucket4j): kept in this JVM on a single node, and
 * in Hazelcast when Vert.x runs clustered, so an attacker gains nothing by spreading attempts over
 * the nodes.
 *
 * <p>Wiring: {@link #prepare(Config)} on the Hazelcast config before the cluster starts, then
 * {@link #create(Vertx)} once in the composition root (not on an event loop).
 */
public final class RateLimits {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

  /** The Hazelcast map of every cluster-wide bucket; it holds nothing that may not be lost. */
  static final String MAP_NAME = "wijkportaal.ratelimit";

  /**
   * First Hazelcast serializer type id for bucket4j's classes (it uses a few after this one). Every
   * node must use the same number.
   */
  static final int SERIALIZER_TYPE_ID_BASE = 10_000;

  /** How often local buckets that filled up again are forgotten. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  /**
   * A cluster-wide bucket disappears from Hazelcast once it would be full again, plus this margin
   * for clocks of nodes that differ a little.
   */
  private static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(10);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]*");

  private final Vertx vertx;
  private final AsyncProxyManager<String> cluster;
  private final Map<String, Limit> limits = new ConcurrentHashMap<>();
  private final long sweepTimer;

  private RateLimits(Vertx vertx, AsyncProxyManager<String> cluster) {
    this.vertx = vertx;
    this.cluster = cluster;
    // Local buckets exist on a cluster too (nodeLocal), so the sweep always runs.
    this.sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL.toMillis(), id -> sweep());
  }

  /**
   * Registers bucket4j's own Hazelcast serializers. Without them Hazelcast falls back to slow Java
   * serialization of every request; with them on some nodes and not on others the nodes cannot read
   * each other's requests. So: call it on every node's config, before the Hazelcast instance
   * starts. Calling it twice is harmless.
   */
  public static Config prepare(Config hazelcast) {
    SerializationConfig serialization = hazelcast.getSerializationConfig();
    if (!hasBucket4jSerializers(serialization)) {
      HazelcastProxyManager.addCustomSerializers(serialization, SERIALIZER_TYPE_ID_BASE);
    }
    return hazelcast;
  }

  /** Local buckets for a single Vert.x, Hazelcast buckets for a clustered one. */
  public static RateLimits create(Vertx vertx) {
    if (!vertx.isClustered()) {
      return new RateLimits(vertx, null);
    }
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    if (!(manager instanceof HazelcastClusterManager hazelcast)) {
      throw new IllegalStateException(
          "Cluster-wide rate limits need Hazelcast, not " + manager.getClass().getName());
    }
    HazelcastInstance instance = hazelcast.getHazelcastInstance();
    if (!hasBucket4jSerializers(instance.getConfig().getSerializationConfig())) {
      LOG.warn(
          "Rate limits run on Java serialization: call RateLimits.prepare(config) before Hazelcast starts");
    }
    IMap<String, byte[]> map = instance.getMap(MAP_NAME);
    AsyncProxyManager<String> buckets =
        Bucket4jHazelcast.entryProcessorBasedBuilder(map)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    KEEP_AFTER_REFILL))
            .build()
            .asAsync();
    return new RateLimits(vertx, buckets);
  }

  /**
   * The limit of this name: {@code capacity} attempts per key, refilled evenly over {@code period}
   * (greedy: after a burst, one attempt comes back every period/capacity). Asking again for the
   * same name returns the same limit; other settings for a name in use are a mistake.
   */
  public Limit limit(String name, int capacity, Duration period) {
    return named(name, capacity, period, cluster == null);
  }

  /**
   * A limit counted in this JVM even when the cluster shares the others: for a check in the path of
   * every chat message, where a round trip into the cluster would cost more than the count is
   * worth. A client that spreads its attempts over the nodes gets at most the capacity per node.
   */
  public Limit nodeLocal(String name, int capacity, Duration period) {
    return named(name, capacity, period, true);
  }

  private Limit named(String name, int capacity, Duration period, boolean local) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Rate limit name must be lower-case words like login.address: " + name);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "Rate limit " + name + " needs a capacity of at least 1: " + capacity);
    }
    if (period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "Rate limit " + name + " needs a positive period: " + period);
    }
    Limit limit =
        limits.computeIfAbsent(
            name,
            n ->
                local
                    ? new LocalLimit(n, capacity, period)
                    : new HazelcastLimit(vertx, cluster, n, capacity, period));
    if (limit.capacity() != capacity || !limit.period().equals(period)) {
      throw new IllegalArgumentException(
          "Rate limit "
              + name
              + " exists with "
              + limit.capacity()
              + " per "
              + limit.period()
              + ", not "
              + capacity
              + " per "
              + period);
    }
    return limit;
  }

  /** Whether the buckets are shared by the cluster. */
  public boolean clustered() {
    return cluster != null;
  }

  /** Stops the sweeping of local buckets; the limits answer on, but forget nothing any more. */
  public void close() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
  }

  void sweep() {
    for (Limit limit : limits.values()) {
      if (limit instanceof LocalLimit local) {
        local.sweep();
      }
    }
  }

  private static boolean hasBucket4jSerializers(SerializationConfig serialization) {
    for (SerializerConfig c : serialization.getSerializerConfigs()) {
      if (c.getTypeClass() == HazelcastEntryProcessor.class
          || HazelcastEntryProcessor.class.getName().equals(c.getTypeClassName())) {
        return true;
      }
    }
    return false;
  }
}
