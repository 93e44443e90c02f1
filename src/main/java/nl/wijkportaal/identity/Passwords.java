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

/**
 * Argon2id password (and client secret) hashing with OWASP's parameters, on a small worker pool of
 * its own: each hash costs ~60 ms and ~19 MiB, so only a few run at once and none on an event loop.
 * Also the password rules: a minimum length and no common password.
 */
public final class Passwords {

  public static final int MIN_LENGTH = 12;
  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID);
  // Verified against when the account does not exist, so a wrong name costs as long as a wrong
  // password.
  private static final String DUMMY_HASH =
      Password.hash("not-a-real-password-0000").with(ARGON2).getResult();
  private static final Set<String> COMMON = load("/identity/common-passwords.txt");

  private final WorkerExecutor workers;

  public Passwords(Vertx vertx) {
    this.workers = vertx.createSharedWorkerExecutor("password-hashing", 2);
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> Password.hash(password).with(ARGON2).getResult(), false);
  }

  /** Checks a password; with no stored hash it still does the work, and answers false. */
  public Future<Boolean> verify(String password, Optional<String> hash) {
    String stored = hash.orElse(DUMMY_HASH);
    return workers.executeBlocking(
        () -> Password.check(password, stored).with(ARGON2) && hash.isPresent(), false);
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
