package nl.wijkportaal.identity;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time links: an invited person sets their password, and on a new installation the first
 * administrator creates their account from a set-up link printed to the log (there is never a
 * default password).
 */
public final class ActivationService {

  private static final Logger LOG = LoggerFactory.getLogger(ActivationService.class);
  static final Duration SETUP_VALID = Duration.ofHours(24);

  private final IdentityRepository repository;
  private final Passwords passwords;
  private final AuditLog audit;
  private final Clock clock;

  public ActivationService(
      IdentityRepository repository, Passwords passwords, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.passwords = passwords;
    this.audit = audit;
    this.clock = clock;
  }

  /** The invited account behind a valid link. */
  public Future<Optional<Account>> invited(String token) {
    return repository
        .validLink(Secrets.sha256(token), "invite", clock.instant())
        .compose(
            link ->
                link.flatMap(a -> a).isEmpty()
                    ? Future.succeededFuture(Optional.<Account>empty())
                    : repository.account(link.get().get()).map(a -> a.filter(Account::active)));
  }

  /** Sets the password of an invited account; the link then no longer works. */
  public Future<UUID> activate(String token, String password, String address) {
    return invited(token)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(new Invalid("password", "activate.error.linkInvalid"));
              }
              Account account = found.get();
              Optional<String> weak = Passwords.weakness(password, account.email());
              if (weak.isPresent()) {
                return Future.failedFuture(new Invalid("password", weak.get()));
              }
              return passwords
                  .hash(password)
                  .compose(
                      hash ->
                          repository
                              .pool()
                              .withTransaction(
                                  tx ->
                                      repository
                                          .useLink(
                                              tx, Secrets.sha256(token), "invite", clock.instant())
                                          .compose(
                                              used ->
                                                  used
                                                      ? repository
                                                          .setPassword(tx, account.id(), hash)
                                                          .compose(
                                                              v ->
                                                                  repository.resetTotp(
                                                                      tx, account.id()))
                                                          .compose(
                                                              v ->
                                                                  audit.record(
                                                                      tx,
                                                                      LoginService.as(
                                                                              AuditEntry.of(
                                                                                  "account.password_set"),
                                                                              account)
                                                                          .from(address)))
                                                          .map(account.id())
                                                      : Future.failedFuture(
                                                          new Invalid(
                                                              "password",
                                                              "activate.error.linkInvalid")))));
            });
  }

  /** On a real installation without an administrator: a fresh set-up link, printed to the log. */
  public Future<Optional<String>> issueSetupLinkIfNeeded(String publicUrl) {
    return repository
        .activeAdministrators()
        .compose(
            admins -> {
              if (admins > 0) {
                return Future.succeededFuture(Optional.<String>empty());
              }
              String token = Secrets.token(32);
              Instant now = clock.instant();
              return repository
                  .pool()
                  .withTransaction(
                      tx ->
                          repository.insertLink(
                              tx, Secrets.sha256(token), null, "setup", now, now.plus(SETUP_VALID)))
                  .map(
                      v -> {
                        String link = publicUrl + "/setup?token=" + token;
                        LOG.warn(
                            "No administrator yet. Create the first one within 24 hours at: {}",
                            link);
                        return Optional.of(link);
                      });
            });
  }

  public Future<Boolean> setupValid(String token) {
    return repository
        .validLink(Secrets.sha256(token), "setup", clock.instant())
        .map(Optional::isPresent);
  }

  /** Creates the SWT organisation (if new) and the first administrator; returns the account id. */
  public Future<UUID> setup(
      String token,
      String organisationName,
      String name,
      String email,
      String password,
      String address) {
    String cleanEmail = email.trim().toLowerCase(Locale.ROOT);
    if (organisationName.isBlank()) {
      return Future.failedFuture(new Invalid("organisation", "beheer.error.nameMissing"));
    }
    if (name.isBlank()) {
      return Future.failedFuture(new Invalid("name", "beheer.error.nameMissing"));
    }
    if (!cleanEmail.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
      return Future.failedFuture(new Invalid("email", "beheer.error.email"));
    }
    Optional<String> weak = Passwords.weakness(password, cleanEmail);
    if (weak.isPresent()) {
      return Future.failedFuture(new Invalid("password", weak.get()));
    }
    UUID orgId = UUID.randomUUID();
    UUID accountId = UUID.randomUUID();
    Instant now = clock.instant();
    return passwords
        .hash(password)
        .compose(
            hash ->
                repository
                    .pool()
                    .withTransaction(
                        tx ->
                            repository
                                .useLink(tx, Secrets.sha256(token), "setup", now)
                                .compose(
                                    used ->
                                        used
                                            ? Future.succeededFuture()
                                            : Future.failedFuture(
                                                new Invalid(
                                                    "password", "activate.error.linkInvalid")))
                                .compose(
                                    v ->
                                        repository.insertOrganisation(
                                            tx,
                                            orgId,
                                            organisationName.trim(),
                                            OrganisationKind.SWT,
                                            now))
                                .compose(
                                    inserted ->
                                        inserted
                                            ? Future.succeededFuture()
                                            : Future.failedFuture(
                                                new Invalid(
                                                    "organisation", "beheer.error.nameTaken")))
                                .compose(
                                    v ->
                                        repository.insertAccount(
                                            tx, accountId, orgId, cleanEmail, name.trim(), now))
                                .compose(
                                    v ->
                                        repository.setRolesAndWijkteams(
                                            tx, accountId, EnumSet.of(Role.BEHEERDER), List.of()))
                                .compose(v -> repository.setPassword(tx, accountId, hash))
                                .compose(
                                    v ->
                                        audit.record(
                                            tx,
                                            AuditEntry.of("account.setup_administrator")
                                                .account(
                                                    accountId.toString(),
                                                    name.trim(),
                                                    Role.BEHEERDER.code())
                                                .object("account", accountId.toString())
                                                .from(address)))
                                .map(accountId)));
  }
}
