package nl.wijkportaal.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rate limits count per key, refuse with a wait, forget idle keys, and count once for a whole
 * cluster.
 */
class RateLimitsTest {

  @Test
  void a_local_limit_allows_its_capacity_then_refuses_with_a_wait_per_key() {
    Vertx vertx = Vertx.vertx();
    try {
      RateLimits limits = RateLimits.create(vertx);
      assertThat(limits.clustered()).isFalse();
      Limit limit = limits.limit("test.login", 3, Duration.ofMinutes(15));

      for (int i = 0; i < 3; i++) {
        assertThat(limit.tryConsume("192.0.2.1").await().allowed()).isTrue();
      }
      Decision refused = limit.tryConsume("192.0.2.1").await();
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
      assertThat(refused.retryAfterSeconds()).isBetween(1L, 300L);

      assertThat(limit.tryConsume("192.0.2.2").await().allowed())
          .as("another key has its own bucket")
          .isTrue();
      assertThat(limits.limit("test.login", 3, Duration.ofMinutes(15))).isSameAs(limit);
      assertThat(
              limits
                  .limit("test.other", 3, Duration.ofMinutes(15))
                  .tryConsume("192.0.2.1")
                  .await()
                  .allowed())
          .as("another limit counts apart")
          .isTrue();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void a_local_limit_forgets_keys_whose_bucket_filled_up_again() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RateLimits limits = RateLimits.create(vertx);
      LocalLimit quick = (LocalLimit) limits.limit("test.quick", 2, Duration.ofMillis(200));
      LocalLimit slow = (LocalLimit) limits.limit("test.slow", 2, Duration.ofHours(1));
      for (int i = 0; i < 100; i++) {
        quick.tryConsume("198.51.100." + i).await();
      }
      slow.tryConsume("198.51.100.1").await();
      assertThat(quick.size()).isEqualTo(100);

      Thread.sleep(400);
      limits.sweep();
      assertThat(quick.size()).as("refilled buckets are dropped").isZero();
      assertThat(slow.size()).as("a bucket still counting is kept").isEqualTo(1);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void nonsense_settings_are_refused() {
    Vertx vertx = Vertx.vertx();
    try {
      RateLimits limits = RateLimits.create(vertx);
      limits.limit("test.login", 3, Duration.ofMinutes(1));
      assertThatThrownBy(() -> limits.limit("test.login", 4, Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> limits.limit("test:colon", 1, Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> limits.limit("test.zero", 0, Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> limits.limit("test.instant", 1, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> limits.limit("test.login", 3, Duration.ofMinutes(1)).tryConsume(null).await())
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void two_cluster_nodes_share_one_bucket_per_key() {
    String cluster = "wijkportaal-test-" + UUID.randomUUID();
    Vertx one = null;
    Vertx two = null;
    try {
      one = clustered(cluster);
      two = clustered(cluster);
      RateLimits limitsOne = RateLimits.create(one);
      RateLimits limitsTwo = RateLimits.create(two);
      assertThat(limitsOne.clustered()).isTrue();
      Limit onOne = limitsOne.limit("test.aanmelding", 3, Duration.ofMinutes(10));
      Limit onTwo = limitsTwo.limit("test.aanmelding", 3, Duration.ofMinutes(10));

      assertThat(onOne.tryConsume("203.0.113.9").await().allowed()).isTrue();
      assertThat(onOne.tryConsume("203.0.113.9").await().allowed()).isTrue();
      assertThat(onTwo.tryConsume("203.0.113.9").await().allowed()).isTrue();

      Decision refusedOnTwo = onTwo.tryConsume("203.0.113.9").await();
      assertThat(refusedOnTwo.allowed()).as("node two counts what node one consumed").isFalse();
      assertThat(refusedOnTwo.retryAfter()).isPositive();
      assertThat(onOne.tryConsume("203.0.113.9").await().allowed()).isFalse();
      assertThat(onTwo.tryConsume("203.0.113.10").await().allowed()).as("another key").isTrue();
    } finally {
      if (one != null) {
        one.close().await();
      }
      if (two != null) {
        two.close().await();
      }
    }
  }

  /**
   * A node with the shipped loopback-only config, a cluster name of this run only, prepared for
   * bucket4j.
   */
  private static Vertx clustered(String clusterName) {
    Config hazelcast = new ClasspathXmlConfig("config/cluster.xml").setClusterName(clusterName);
    assertThat(hazelcast.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    RateLimits.prepare(hazelcast);
    return Vertx.builder()
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered()
        .await();
  }
}
