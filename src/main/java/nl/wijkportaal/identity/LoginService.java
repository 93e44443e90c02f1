package nl.wijkportaal.identity;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.ratelimit.Limit;

/**
 * Signing in: a password, then a TOTP code or a recovery code, for every account. Failures count
 * per login name (a name that does not exist counts the same, so the answer never tells whether an
 * account exists) and per client address; every outcome is audited.
 */
public final class LoginService {

  /** What the password step decided. */
  public sealed interface PasswordOutcome {}

  /** Wrong name or password, said the same way for both. */
  public record Rejected() implements PasswordOutcome, CodeOutcome {}

  /** Too many failures for this name: try again after {@code until}. */
  public record Locked(Instant until) implements PasswordOutcome, CodeOutcome {}

  /** Too many attempts from this address. */
  public record Throttled(Duration retryAfter) implements PasswordOutcome, CodeOutcome {}

  /** The password was right; the second factor comes next. */
  public record NeedsCode(UUID accountId) implements PasswordOutcome {}

  /** The password was right, and the account has no second factor yet: enrol first. */
  public record NeedsEnrolment(UUID accountId) implements PasswordOutcome {}

  /** What the second step decided. */
  public sealed interface CodeOutcome {}

  /** Signed in. */
  public record SignedIn(Account account, boolean usedRecoveryCode, long recoveryCodesLeft)
      implements CodeOutcome {}

  /** A new second factor: the secret, its QR code, shown once. */
  public record Enrolment(String secret, String qrDataUri) {}

  /**
   * Enrolment confirmed, which also signs in: the account as it is now, and its recovery codes
   * (shown once).
   */
  public record Enrolled(Account account, List<String> recoveryCodes) {}

  private final IdentityRepository repository;
  private final Passwords passwords;
  private final TwoFactor twoFactor;
  private final AuditLog audit;
  private final Limit perAddress;
  private final AppConfig.Limits limits;
  private final Clock clock;
  private final Vertx vertx;

  /**
   * {@code vertx} runs the QR code image (ZXing, ImageIO) on a worker thread, off the event loop.
   */
  public LoginService(
      IdentityRepository repository,
      Passwords passwords,
      TwoFactor twoFactor,
      AuditLog audit,
      Limit perAddress,
      AppConfig.Limits limits,
      Clock clock,
      Vertx vertx) {
    this.repository = repository;
    this.passwords = passwords;
    this.twoFactor = twoFactor;
    this.audit = audit;
    this.perAddress = perAddress;
    this.limits = limits;
    this.clock = clock;
    this.vertx = vertx;
  }

  public Future<PasswordOutcome> password(String email, String password, String address) {
    String name = email == null ? "" : email.trim();
    String loginHash = loginHash(name);
    return perAddress
        .tryConsume(address)
        .compose(
            decision -> {
              if (!decision.allowed()) {
                return audit
                    .record(AuditEntry.of("login.throttled").from(address))
                    .map(v -> (PasswordOutcome) new Throttled(decision.retryAfter()));
              }
              return repository
                  .lockedUntil(loginHash, clock.instant())
                  .compose(
                      locked -> {
                        if (locked.isPresent()) {
                          return audit
                              .record(AuditEntry.of("login.refused_locked").from(address))
                              .map(v -> (PasswordOutcome) new Locked(locked.get()));
                        }
                        return checkPassword(
                            name, password == null ? "" : password, loginHash, address);
                      });
            });
  }

  private Future<PasswordOutcome> checkPassword(
      String email, String password, String loginHash, String address) {
    return repository
        .accountByEmail(email)
        .compose(
            found -> {
              Optional<Account> account = found.filter(Account::canSignIn);
              return passwords
                  .verify(password, account.flatMap(Account::passwordHash))
                  .compose(
                      ok -> {
                        if (!ok) {
                          return failure(loginHash, address, found, "login.failure")
                              .map(o -> (PasswordOutcome) o);
                        }
                        Account a = account.get();
                        // Argon2 takes a while: failures queued meanwhile may have locked the name.
                        return lockedNow(loginHash, address, a)
                            .map(
                                locked ->
                                    locked.isPresent()
                                        ? locked.get()
                                        : a.totpSecret().isPresent()
                                            ? new NeedsCode(a.id())
                                            : new NeedsEnrolment(a.id()));
                      });
            });
  }

  /**
   * Reads the lock once more after a right password or code: failures that were queued while it was
   * checked may have locked the name meanwhile, and a lock then wins (audited).
   */
  private Future<Optional<Locked>> lockedNow(String loginHash, String address, Account account) {
    return repository
        .lockedUntil(loginHash, clock.instant())
        .compose(
            locked -> {
              if (locked.isEmpty()) {
                return Future.succeededFuture(Optional.<Locked>empty());
              }
              return audit
                  .record(
                      AuditEntry.of("login.refused_locked")
                          .from(address)
                          .object("account", account.id().toString())
                          .organisation(account.organisation().id().toString()))
                  .map(v -> Optional.of(new Locked(locked.get())));
            });
  }

  /** Signs in, unless the name got locked while the code was checked. */
  private Future<CodeOutcome> signedInUnlessLocked(
      String loginHash, Account account, String address, boolean recovery) {
    return lockedNow(loginHash, address, account)
        .compose(
            locked ->
                locked.isPresent()
                    ? Future.succeededFuture(locked.get())
                    : signedIn(account, address, recovery));
  }

  public Future<CodeOutcome> code(UUID accountId, String code, String address) {
    return perAddress
        .tryConsume(address)
        .compose(
            decision -> {
              if (!decision.allowed()) {
                return Future.succeededFuture(new Throttled(decision.retryAfter()));
              }
              return repository
                  .account(accountId)
                  .compose(found -> checkCode(found, code, address));
            });
  }

  private Future<CodeOutcome> checkCode(Optional<Account> found, String code, String address) {
    if (found.isEmpty() || !found.get().canSignIn() || found.get().totpSecret().isEmpty()) {
      return Future.succeededFuture(new Rejected());
    }
    Account account = found.get();
    String loginHash = loginHash(account.email());
    Instant now = clock.instant();
    return repository
        .lockedUntil(loginHash, now)
        .compose(
            locked -> {
              if (locked.isPresent()) {
                return Future.succeededFuture((CodeOutcome) new Locked(locked.get()));
              }
              if (TwoFactor.looksLikeRecoveryCode(code)) {
                String hash = Secrets.sha256(TwoFactor.normaliseRecoveryCode(code));
                return repository
                    .useRecoveryCode(account.id(), hash, now)
                    .compose(
                        used ->
                            used
                                ? signedInUnlessLocked(loginHash, account, address, true)
                                : failure(loginHash, address, found, "login.2fa_failure"));
              }
              OptionalLong step = twoFactor.matchingStep(account.totpSecret().get(), code);
              if (step.isEmpty()) {
                return failure(loginHash, address, found, "login.2fa_failure");
              }
              return repository
                  .acceptStep(account.id(), step.getAsLong(), now)
                  .compose(
                      accepted ->
                          accepted
                              ? signedInUnlessLocked(loginHash, account, address, false)
                              : failure(loginHash, address, found, "login.2fa_replay"));
            });
  }

  private Future<CodeOutcome> signedIn(Account account, String address, boolean recovery) {
    return repository
        .clearFailures(loginHash(account.email()))
        .compose(v -> repository.recordLogin(account.id(), clock.instant()))
        .compose(v -> repository.unusedRecoveryCodes(account.id()))
        .compose(
            left ->
                audit
                    .record(
                        as(
                                AuditEntry.of(
                                    recovery ? "login.success_recovery_code" : "login.success"),
                                account)
                            .from(address)
                            .detail("recoveryCodesLeft", left))
                    .map(v -> (CodeOutcome) new SignedIn(account, recovery, left)));
  }

  /** Counts a failure against the name, which may lock it; answers Rejected or Locked. */
  private <T> Future<T> failure(
      String loginHash, String address, Optional<Account> account, String action) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant newLockEnds = now.plus(Duration.ofMinutes(limits.loginLockMinutes()));
    return repository
        .recordFailure(
            loginHash,
            now,
            limits.loginWindowMinutes(),
            limits.loginAttemptsPerAccount(),
            limits.loginLockMinutes())
        .compose(
            lockedUntil -> {
              AuditEntry entry = AuditEntry.of(action).from(address);
              if (account.isPresent()) {
                entry =
                    entry
                        .object("account", account.get().id().toString())
                        .organisation(account.get().organisation().id().toString());
              }
              Future<Void> written = audit.record(entry);
              if (lockedUntil.isPresent() && lockedUntil.get().equals(newLockEnds)) {
                AuditEntry lockout =
                    account
                        .map(
                            a ->
                                AuditEntry.of("login.lockout").object("account", a.id().toString()))
                        .orElse(AuditEntry.of("login.lockout"))
                        .from(address)
                        .detail("until", lockedUntil.get().toString());
                written = written.compose(v -> audit.record(lockout));
              }
              @SuppressWarnings("unchecked")
              T outcome =
                  (T) (lockedUntil.isPresent() ? new Locked(lockedUntil.get()) : new Rejected());
              return written.map(v -> outcome);
            });
  }

  public Future<Account> account(UUID id) {
    return repository
        .account(id)
        .map(
            found ->
                found.orElseThrow(() -> new IllegalStateException("account " + id + " is gone")));
  }

  // --- enrolment of the second factor

  public Future<Enrolment> startEnrolment(UUID accountId) {
    return repository
        .account(accountId)
        .compose(
            found -> {
              Account account = found.filter(Account::canSignIn).orElse(null);
              if (account == null || account.totpSecret().isPresent()) {
                return Future.failedFuture(new IllegalStateException("enrolment not allowed"));
              }
              String secret = account.totpPendingSecret().orElseGet(twoFactor::newSecret);
              return repository
                  .setPendingTotp(accountId, secret)
                  .compose(v -> qrCode(secret, account.email()))
                  .map(qr -> new Enrolment(secret, qr));
            });
  }

  /** The QR code image on a worker thread: ZXing and ImageIO are too slow for an event loop. */
  private Future<String> qrCode(String secret, String email) {
    Vertx on = vertx;
    if (on == null) {
      Context context = Vertx.currentContext();
      on = context == null ? null : context.owner();
    }
    if (on == null) {
      return Future.succeededFuture(twoFactor.qrDataUri(secret, email));
    }
    return on.executeBlocking(() -> twoFactor.qrDataUri(secret, email), false);
  }

  /**
   * Confirms enrolment with a first code, which signs the person in as a code would (audited as
   * {@code login.success}, failures cleared, last sign-in kept); returns the account as it is now
   * and the recovery codes, shown once. Empty when the code is not right.
   */
  public Future<Optional<Enrolled>> confirmEnrolment(UUID accountId, String code, String address) {
    return repository
        .account(accountId)
        .compose(
            found -> {
              Account account = found.filter(Account::canSignIn).orElse(null);
              if (account == null || account.totpPendingSecret().isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              String pending = account.totpPendingSecret().get();
              OptionalLong step = twoFactor.matchingStep(pending, code);
              if (step.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              List<String> codes = twoFactor.newRecoveryCodes();
              List<String> hashes =
                  codes.stream()
                      .map(c -> Secrets.sha256(TwoFactor.normaliseRecoveryCode(c)))
                      .toList();
              Pool pool = repository.pool();
              return pool.withTransaction(
                      tx ->
                          repository
                              .confirmTotp(tx, accountId, pending, step.getAsLong())
                              .compose(
                                  ok ->
                                      ok
                                          ? repository
                                              .replaceRecoveryCodes(tx, accountId, hashes)
                                              .map(true)
                                          : Future.succeededFuture(false))
                              .compose(
                                  ok ->
                                      ok
                                          ? audit
                                              .record(
                                                  tx,
                                                  as(AuditEntry.of("account.2fa_enrolled"), account)
                                                      .from(address))
                                              .map(true)
                                          : Future.succeededFuture(false)))
                  .compose(
                      ok ->
                          ok
                              ? account(accountId)
                                  .compose(
                                      now ->
                                          signedIn(now, address, false)
                                              .map(v -> Optional.of(new Enrolled(now, codes))))
                              : Future.succeededFuture(Optional.<Enrolled>empty()));
            });
  }

  static AuditEntry as(AuditEntry entry, Account account) {
    return entry
        .account(
            account.id().toString(),
            account.name(),
            String.join(",", account.roles().stream().map(Role::code).sorted().toList()))
        .organisation(account.organisation().id().toString())
        .object("account", account.id().toString());
  }

  static String loginHash(String email) {
    return Secrets.sha256(email.trim().toLowerCase(Locale.ROOT));
  }
}
