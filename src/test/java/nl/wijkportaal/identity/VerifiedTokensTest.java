package nl.wijkportaal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bearer token's signature is verified once per node; its expiry on every use; any other token in
 * full.
 */
class VerifiedTokensTest {

  private static Vertx vertx;
  private static JWTAuth jwt;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("test-secret-key"))
                .setJWTOptions(new JWTOptions().setLeeway(5)));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** The full check, counted. */
  private static final class Counted implements JWTAuth {
    final AtomicInteger checks = new AtomicInteger();

    @Override
    public Future<User> authenticate(Credentials credentials) {
      checks.incrementAndGet();
      return jwt.authenticate(credentials);
    }

    @Override
    public String generateToken(JsonObject claims, JWTOptions options) {
      return jwt.generateToken(claims, options);
    }

    @Override
    public String generateToken(JsonObject claims) {
      return jwt.generateToken(claims);
    }
  }

  private static final class Shifted extends Clock {
    Duration ahead = Duration.ZERO;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(ahead);
    }
  }

  private static String token(String sub) {
    return jwt.generateToken(
        new JsonObject().put("sub", sub), new JWTOptions().setExpiresInSeconds(60));
  }

  @Test
  void a_token_is_verified_once_and_then_known_until_it_expires() {
    Counted full = new Counted();
    Shifted clock = new Shifted();
    VerifiedTokens tokens = new VerifiedTokens(full, 5, clock);
    String token = token("client-a");

    User first = tokens.authenticate(new TokenCredentials(token)).await();
    User second = tokens.authenticate(new TokenCredentials(token)).await();
    assertThat(full.checks).hasValue(1);
    assertThat(second.principal().getString("sub")).isEqualTo("client-a");
    assertThat(second.principal()).isEqualTo(first.principal());
    assertThat(second).isNotSameAs(first);

    // Past its expiry (and the leeway) the token is no longer answered from memory.
    clock.ahead = Duration.ofSeconds(66);
    tokens.authenticate(new TokenCredentials(token)).otherwise((User) null).await();
    assertThat(full.checks).hasValue(2);
  }

  @Test
  void any_other_token_is_checked_in_full_and_a_forged_one_refused() {
    Counted full = new Counted();
    VerifiedTokens tokens = new VerifiedTokens(full, 5, Clock.systemUTC());
    String token = token("client-b");
    tokens.authenticate(new TokenCredentials(token)).await();

    String forged =
        token.substring(0, token.lastIndexOf('.') + 1)
            + "AAAA"
            + token.substring(token.lastIndexOf('.') + 5);
    Future<User> refused = tokens.authenticate(new TokenCredentials(forged));
    assertThat(refused.otherwise((User) null).await()).isNull();
    assertThat(full.checks).hasValue(2);

    tokens.authenticate(new TokenCredentials(token("client-c"))).await();
    assertThat(full.checks).hasValue(3);
  }
}
