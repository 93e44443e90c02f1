package nl.wijkportaal.identity;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import nl.wijkportaal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2id password (and client secret) hashing with OWASP's parameters (19 MiB, 2 iterations, 1
 * lane), on a small worker pool of its own: each hash costs ~60 ms and ~19 MiB, so only a few run
 * at once and none on an event loop. Also the password rules: a minimum length and no common
 * password.
 *
 * <p>The memory is a setting ({@code identity.passwordHashMemoryKib}, OWASP's 19,456 KiB by
 * default, at least {@link AppConfig.Identity#MIN_PASSWORD_HASH_MEMORY_KIB}): the test suite hashes
 * with less. A stored hash is checked with the parameters written in it, so hashes made under
 * another setting keep working.
 */
public final class Passwords {

  private static final Logger LOG = LoggerFactory.getLogger(Passwords.class);

  public static final int MIN_LENGTH = 12;

  /** OWASP's Argon2id memory for 2 iterations: the default. */
  public static final int DEFAULT_MEMORY_KIB = 19_456;

  private static final int ITERATIONS = 2;
  private static final Set<String> COMMON = load("/identity/common-passwords.txt");

  private final Argon2Function argon2;
  // Verified against when the account does not exist, so a wrong name costs as long as a wrong
  // password.
  private final String dummyHash;
  private final WorkerExecutor workers;

  public Passwords(Vertx vertx, int memoryKib) {
    if (memoryKib < DEFAULT_MEMORY_KIB) {
      LOG.warn(
          "Passwords are hashed with {} KiB, less than OWASP's {} KiB: for tests only",
          memoryKib,
          DEFAULT_MEMORY_KIB);
    }
    this.argon2 = Argon2Function.getInstance(memoryKib, ITERATIONS, 1, 32, Argon2.ID);
    this.dummyHash = Password.hash("not-a-real-password-0000").with(argon2).getResult();
    this.workers = vertx.createSharedWorkerExecutor("password-hashing", 2);
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> Password.hash(password).with(argon2).getResult(), false);
  }

  /**
   * Checks a password against a hash with the parameters written in that hash; with no stored hash
   * it still does the work (at the configured cost), and answers false.
   */
  public Future<Boolean> verify(String password, Optional<String> hash) {
    String stored = hash.orElse(dummyHash);
    return workers.executeBlocking(
        () ->
            Password.check(password, stored).with(Argon2Function.getInstanceFromHash(stored))
                && hash.isPresent(),
        false);
  }

  /** The message key of the first rule the new password breaks, if any. */
  public static Optional<String> weakness(String password, String email) {
    if (password == null || password.length() < MIN_LENGTH) {
      return Optional.of("password.tooShort");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower)) {
      return Optional.of("password.common");
    }
    String local = email == null ? "" : localPart(email.toLowerCase(Locale.ROOT));
    if (local.length() >= 4 && lower.contains(local)) {
      return Optional.of("password.containsName");
    }
    if (lower.chars().distinct().count() < 5) {
      return Optional.of("password.common");
    }
    return Optional.empty();
  }

  private static Set<String> load(String resource) {
    Set<String> words = new HashSet<>();
    try (InputStream in = Passwords.class.getResourceAsStream(resource);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader
          .lines()
          .map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> l.toLowerCase(Locale.ROOT))
          .forEach(words::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }

  /** What comes before the {@code @} of an e-mail address. */
  private static String localPart(String email) {
    int at = email.indexOf('@');
    return at < 0 ? email : email.substring(0, at);
  }
}
