package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.ConfigException;

/**
 * Short-lived API tokens for partner systems (OAuth 2.0 client credentials): an RS256 JWT with the
 * organisation and scopes, signed by the newest key, verified by every configured key, so a key can
 * be rotated without downtime. A demo installation generates its key once and keeps it in the
 * database so all its nodes share it.
 */
public final class TokenService {

  public static final String AUDIENCE = "wijkportaal-api";
  static final String DEMO_KID = "demo-1";
  private static final String ALGORITHM = "RS256";

  /** The result of a token request. */
  public record Issued(String accessToken, long expiresInSeconds) {}

  private final JWTAuth signer;

  /** How far a token's times may be off the node's clock. */
  static final int LEEWAY_SECONDS = 5;

  private final JWTAuth verifier;
  private final String issuer;
  private final int lifetimeMinutes;
  private final IdentityRepository repository;
  private final Passwords passwords;
  private final AuditLog audit;

  private TokenService(
      JWTAuth signer,
      JWTAuth verifier,
      String issuer,
      int lifetimeMinutes,
      IdentityRepository repository,
      Passwords passwords,
      AuditLog audit) {
    this.signer = signer;
    this.verifier = verifier;
    this.issuer = issuer;
    this.lifetimeMinutes = lifetimeMinutes;
    this.repository = repository;
    this.passwords = passwords;
    this.audit = audit;
  }

  public static Future<TokenService> create(
      Vertx vertx,
      AppConfig config,
      IdentityRepository repository,
      Passwords passwords,
      AuditLog audit,
      Clock clock) {
    return keys(vertx, config, repository, clock)
        .map(
            keys -> {
              AppConfig.JwtKey signing =
                  keys.stream()
                      .filter(k -> k.privateKeyPem().isPresent())
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new ConfigException(
                                  "identity.jwtKeys needs at least one key with a private key"));
              JWTOptions checks =
                  new JWTOptions()
                      .setIssuer(config.http().publicUrl())
                      .setAudience(List.of(AUDIENCE))
                      .setLeeway(LEEWAY_SECONDS);
              JWTAuthOptions signerOptions =
                  new JWTAuthOptions()
                      .addPubSecKey(
                          new PubSecKeyOptions()
                              .setAlgorithm(ALGORITHM)
                              .setBuffer(signing.privateKeyPem().get())
                              .setId(signing.kid()))
                      .setJWTOptions(checks);
              JWTAuthOptions verifierOptions = new JWTAuthOptions().setJWTOptions(checks);
              for (AppConfig.JwtKey key : keys) {
                verifierOptions.addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(ALGORITHM)
                        .setBuffer(key.publicKeyPem())
                        .setId(key.kid()));
              }
              return new TokenService(
                  JWTAuth.create(vertx, signerOptions),
                  JWTAuth.create(vertx, verifierOptions),
                  config.http().publicUrl(),
                  config.identity().tokenLifetimeMinutes(),
                  repository,
                  passwords,
                  audit);
            });
  }

  /** The keys from the configuration; on a demo installation without any, its own database key. */
  private static Future<List<AppConfig.JwtKey>> keys(
      Vertx vertx, AppConfig config, IdentityRepository repository, Clock clock) {
    if (!config.identity().jwtKeys().isEmpty()) {
      return Future.succeededFuture(config.identity().jwtKeys());
    }
    if (!config.demo()) {
      return Future.failedFuture(
          new ConfigException(
              "Configure identity.jwtKeys (kid, privateKeyPem, publicKeyPem) in the WIJKPORTAAL_CONFIG file: a production node does not generate its own signing key."));
    }
    return repository
        .signingKeys()
        .compose(
            stored -> {
              if (!stored.isEmpty()) {
                return Future.succeededFuture(stored);
              }
              return vertx
                  .executeBlocking(TokenService::generate, false)
                  .compose(
                      pair ->
                          repository.insertSigningKey(DEMO_KID, pair[0], pair[1], clock.instant()))
                  .compose(v -> repository.signingKeys());
            })
        .map(
            rows -> {
              List<AppConfig.JwtKey> keys = new ArrayList<>();
              rows.forEach(r -> keys.add(new AppConfig.JwtKey(r[0], Optional.of(r[1]), r[2])));
              return keys;
            });
  }

  /** A new RSA key pair as PEM (PKCS#8 private, X.509 public). */
  static String[] generate() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    return new String[] {
      pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
      pem("PUBLIC KEY", pair.getPublic().getEncoded())
    };
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * Exchanges a client id and secret for a token; empty when they do not match an active client.
   */
  public Future<Optional<Issued>> issue(String clientId, String secret, String address) {
    return repository
        .apiClient(clientId)
        .compose(
            found -> {
              Optional<ApiClient> client = found.filter(ApiClient::active);
              return passwords
                  .verify(secret, client.map(ApiClient::secretHash))
                  .compose(
                      ok -> {
                        if (!ok) {
                          AuditEntry refused = AuditEntry.of("token.refused").from(address);
                          return audit
                              .record(
                                  found
                                      .map(c -> refused.object("api_client", c.id().toString()))
                                      .orElse(refused))
                              .map(v -> Optional.<Issued>empty());
                        }
                        ApiClient c = client.get();
                        String jti = UUID.randomUUID().toString();
                        String token =
                            signer.generateToken(
                                new JsonObject()
                                    .put("org", c.organisationId().toString())
                                    .put("scope", String.join(" ", c.scopes()))
                                    .put("jti", jti),
                                new JWTOptions()
                                    .setAlgorithm(ALGORITHM)
                                    .setIssuer(issuer)
                                    .setAudience(List.of(AUDIENCE))
                                    .setSubject(c.clientId())
                                    .setExpiresInMinutes(lifetimeMinutes));
                        return audit
                            .record(
                                AuditEntry.of("token.issued")
                                    .apiClient(c.clientId(), c.name())
                                    .organisation(c.organisationId().toString())
                                    .object("api_client", c.id().toString())
                                    .from(address)
                                    .detail("jti", jti))
                            .map(v -> Optional.of(new Issued(token, lifetimeMinutes * 60L)));
                      });
            });
  }

  public JWTAuth verifier() {
    return verifier;
  }
}
