package nl.wijkportaal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password hashes: OWASP's Argon2id cost unless configured otherwise (the test servers hash with
 * less), and a stored hash checked with the parameters written in it.
 */
class PasswordsTest {

  private static Vertx vertx;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void the_default_configuration_hashes_with_owasps_argon2id_cost() {
    int memory = ConfigLoader.load(Map.of()).identity().passwordHashMemoryKib();
    String hash = new Passwords(vertx, memory).hash("Een-lang-wachtwoord-2026").await();
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void a_hash_made_under_another_cost_still_checks() {
    Passwords owasp = new Passwords(vertx, Passwords.DEFAULT_MEMORY_KIB);
    Passwords cheap = new Passwords(vertx, AppConfig.Identity.MIN_PASSWORD_HASH_MEMORY_KIB);
    String stored = owasp.hash("Een-lang-wachtwoord-2026").await();
    String cheaply = cheap.hash("Een-lang-wachtwoord-2026").await();
    assertThat(cheaply).startsWith("$argon2id$v=19$m=1024,t=2,p=1$");

    assertThat(cheap.verify("Een-lang-wachtwoord-2026", Optional.of(stored)).await()).isTrue();
    assertThat(cheap.verify("Een-ander-wachtwoord-2026", Optional.of(stored)).await()).isFalse();
    assertThat(owasp.verify("Een-lang-wachtwoord-2026", Optional.of(cheaply)).await()).isTrue();
    assertThat(owasp.verify("Een-lang-wachtwoord-2026", Optional.empty()).await()).isFalse();
  }

  @Test
  void less_memory_than_the_floor_is_refused() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of("WIJKPORTAAL_PASSWORD_HASH_MEMORY_KIB", "512")))
        .isInstanceOf(ConfigException.class);
  }
}
