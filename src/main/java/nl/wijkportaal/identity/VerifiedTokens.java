package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's bearer check with each token's signature verified once per node: a partner system sends
 * the same token with every request for its lifetime (15 minutes), and the RSA verification took a
 * third of a signal's CPU in session 7's profile. A token is remembered only after the full check
 * of {@code delegate} (signature with a configured key, issuer, audience, expiry), by its exact
 * text, so any other token (another signature, another claim) is checked in full. Its expiry is
 * checked again on every use; the keys change only with a restart, which forgets everything.
 * Whether its client and organisation are still active is not remembered: {@link ApiAuth} reads
 * that on every request.
 */
final class VerifiedTokens implements JWTAuth {

  /** At most this many tokens are remembered; when full, all are forgotten at once. */
  static final int MAX = 2_000;

  private final JWTAuth delegate;
  private final int leewaySeconds;
  private final Clock clock;
  private final Map<String, User> verified = new ConcurrentHashMap<>();

  VerifiedTokens(JWTAuth delegate, int leewaySeconds, Clock clock) {
    this.delegate = delegate;
    this.leewaySeconds = leewaySeconds;
    this.clock = clock;
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token) || token.getToken() == null) {
      return delegate.authenticate(credentials);
    }
    String text = token.getToken();
    User known = verified.get(text);
    if (known != null) {
      if (!expired(known)) {
        return Future.succeededFuture(copy(known));
      }
      verified.remove(text);
    }
    return delegate
        .authenticate(credentials)
        .map(
            user -> {
              if (!expired(user)) {
                if (verified.size() >= MAX) {
                  verified.clear();
                }
                verified.put(text, copy(user));
              }
              return user;
            });
  }

  /** Expired (or not yet valid) now, with the same leeway as the full check. */
  private boolean expired(User user) {
    long now = clock.millis() / 1000;
    Long exp = user.attributes().getLong("exp");
    Long nbf = user.attributes().getLong("nbf");
    return exp == null || now - leewaySeconds >= exp || (nbf != null && nbf > now + leewaySeconds);
  }

  /** A user of its own for each request: the handlers may add to it. */
  private static User copy(User user) {
    return User.create(user.principal().copy(), user.attributes().copy());
  }

  @Override
  public String generateToken(JsonObject claims, JWTOptions options) {
    return delegate.generateToken(claims, options);
  }

  @Override
  public String generateToken(JsonObject claims) {
    return delegate.generateToken(claims);
  }
}
