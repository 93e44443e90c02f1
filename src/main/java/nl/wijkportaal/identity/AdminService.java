package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.mail.Mail;
import nl.wijkportaal.platform.mail.MailOutbox;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;

/**
 * What a beheerder does: organisations, accounts (invited by a one-time e-mail link, never given a
 * password), roles and wijkteams, deactivation, resetting two-factor, API clients. Every change is
 * audited with the administrator who made it.
 */
public final class AdminService {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  static final List<String> SCOPES = List.of(OrganisationApi.SCOPE);

  /** The SWT's own systems (the municipality's BI) read the steering figures, never signals. */
  public static final String STURING_SCOPE = "sturing";

  static final List<String> SWT_SCOPES = List.of(STURING_SCOPE);

  /** An API client just created, with its secret: shown once, stored only as a hash. */
  public record NewApiClient(ApiClient client, String secret) {}

  private final IdentityRepository repository;
  private final Passwords passwords;
  private final AuditLog audit;
  private final MailOutbox mail;
  private final Clock clock;
  private final String publicUrl;
  private final Duration inviteValid;
  private final Messages messages;

  public AdminService(
      IdentityRepository repository,
      Passwords passwords,
      AuditLog audit,
      MailOutbox mail,
      Messages messages,
      Clock clock,
      String publicUrl,
      Duration inviteValid) {
    this.messages = messages;
    this.repository = repository;
    this.passwords = passwords;
    this.audit = audit;
    this.mail = mail;
    this.clock = clock;
    this.publicUrl = publicUrl;
    this.inviteValid = inviteValid;
  }

  /** What the overview shows: every organisation and every wijkteam. */
  record Overview(List<Organisation> organisations, List<Wijkteam> wijkteams) {}

  /** One organisation with its accounts and API clients, and the wijkteams to choose from. */
  record OrganisationDetail(
      Organisation organisation,
      List<Account> accounts,
      List<ApiClient> clients,
      List<Wijkteam> wijkteams) {}

  /** One account, and the wijkteams to choose from. */
  record AccountDetail(Account account, List<Wijkteam> wijkteams) {}

  Future<Overview> overview() {
    return Future.all(repository.organisations(), repository.wijkteams())
        .map(all -> new Overview(all.resultAt(0), all.resultAt(1)));
  }

  /** The organisation's page; empty when there is no such organisation. */
  Future<Optional<OrganisationDetail>> organisation(UUID id) {
    return repository
        .organisation(id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              return Future.all(
                      repository.accountsOf(id),
                      repository.apiClientsOf(id),
                      repository.wijkteams())
                  .map(
                      all ->
                          Optional.of(
                              new OrganisationDetail(
                                  found.get(), all.resultAt(0), all.resultAt(1), all.resultAt(2))));
            });
  }

  /** The account's page; empty when there is no such account. */
  Future<Optional<AccountDetail>> accountDetail(UUID id) {
    return Future.all(repository.account(id), repository.wijkteams())
        .map(
            all -> {
              Optional<Account> found = all.resultAt(0);
              List<Wijkteam> wijkteams = all.resultAt(1);
              return found.map(a -> new AccountDetail(a, wijkteams));
            });
  }

  public Future<Organisation> createOrganisation(
      String name, String kindCode, Account admin, String address) {
    Optional<OrganisationKind> kind = OrganisationKind.of(kindCode);
    if (name.isBlank() || name.length() > 200) {
      return Future.failedFuture(new Invalid("name", "beheer.error.nameMissing"));
    }
    if (kind.isEmpty()) {
      return Future.failedFuture(new Invalid("kind", "beheer.error.kindMissing"));
    }
    UUID id = UUID.randomUUID();
    Pool pool = repository.pool();
    return pool.withTransaction(
        tx ->
            repository
                .insertOrganisation(tx, id, name.trim(), kind.get(), clock.instant())
                .compose(
                    inserted -> {
                      if (!inserted) {
                        return Future.failedFuture(new Invalid("name", "beheer.error.nameTaken"));
                      }
                      return audit
                          .record(
                              tx,
                              by(admin, "organisation.created", address)
                                  .object("organisation", id.toString())
                                  .detail("name", name.trim())
                                  .detail("kind", kind.get().code()))
                          .map(v -> new Organisation(id, name.trim(), kind.get(), true, 0));
                    }));
  }

  /**
   * Adds a wijkteam of the SWT, or renames one; its code (such as {@code midden}) never changes.
   */
  public Future<Void> saveWijkteam(String code, String name, Account admin, String address) {
    String clean = code.trim().toLowerCase(Locale.ROOT);
    if (!clean.matches("[a-z][a-z0-9_]{1,39}")) {
      return Future.failedFuture(new Invalid("code", "beheer.error.wijkteamCode"));
    }
    if (name.isBlank()) {
      return Future.failedFuture(new Invalid("wijkteamName", "beheer.error.nameMissing"));
    }
    return repository
        .pool()
        .withTransaction(
            tx ->
                repository
                    .upsertWijkteam(tx, clean, name.trim())
                    .compose(
                        v ->
                            audit.record(
                                tx,
                                by(admin, "wijkteam.saved", address)
                                    .object("wijkteam", clean)
                                    .detail("name", name.trim()))));
  }

  /** Creates the account and mails its holder a one-time link to set a password. */
  public Future<UUID> invite(
      UUID organisationId,
      String email,
      String name,
      Set<Role> roles,
      List<String> wijkteams,
      Account admin,
      String address) {
    String cleanEmail = email.trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(cleanEmail).matches()) {
      return Future.failedFuture(new Invalid("email", "beheer.error.email"));
    }
    if (name.isBlank()) {
      return Future.failedFuture(new Invalid("name", "beheer.error.nameMissing"));
    }
    return repository
        .organisation(organisationId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(AdminRefusal.notFound());
              }
              Organisation org = found.get();
              Optional<Invalid> wrong = checkAccess(org, roles, wijkteams);
              if (wrong.isPresent()) {
                return Future.failedFuture(wrong.get());
              }
              UUID id = UUID.randomUUID();
              String token = Secrets.token(32);
              Instant now = clock.instant();
              return knownWijkteams(wijkteams)
                  .compose(
                      teams ->
                          repository
                              .accountByEmail(cleanEmail)
                              .compose(
                                  existing ->
                                      existing.isPresent()
                                          ? Future.failedFuture(
                                              new Invalid("email", "beheer.error.emailTaken"))
                                          : repository
                                              .pool()
                                              .withTransaction(
                                                  tx ->
                                                      repository
                                                          .insertAccount(
                                                              tx,
                                                              id,
                                                              org.id(),
                                                              cleanEmail,
                                                              name.trim(),
                                                              now)
                                                          .compose(
                                                              v ->
                                                                  repository.setRolesAndWijkteams(
                                                                      tx, id, roles, teams))
                                                          .compose(
                                                              v ->
                                                                  repository.insertLink(
                                                                      tx,
                                                                      Secrets.sha256(token),
                                                                      id,
                                                                      "invite",
                                                                      now,
                                                                      now.plus(inviteValid)))
                                                          .compose(
                                                              v ->
                                                                  mail.enqueue(
                                                                      tx,
                                                                      inviteMail(
                                                                          cleanEmail,
                                                                          name.trim(),
                                                                          org,
                                                                          token)))
                                                          .compose(
                                                              v ->
                                                                  audit.record(
                                                                      tx,
                                                                      by(
                                                                              admin,
                                                                              "account.invited",
                                                                              address)
                                                                          .object(
                                                                              "account",
                                                                              id.toString())
                                                                          .detail(
                                                                              "roles", codes(roles))
                                                                          .detail(
                                                                              "wijkteams",
                                                                              String.join(
                                                                                  ",", teams))))
                                                          .map(id))));
            });
  }

  /** Sends a new one-time link (for an invitation that expired or a forgotten password). */
  public Future<Void> reinvite(UUID accountId, Account admin, String address) {
    return account(accountId)
        .compose(
            account -> {
              String token = Secrets.token(32);
              Instant now = clock.instant();
              return repository
                  .pool()
                  .withTransaction(
                      tx ->
                          repository
                              .insertLink(
                                  tx,
                                  Secrets.sha256(token),
                                  accountId,
                                  "invite",
                                  now,
                                  now.plus(inviteValid))
                              .compose(
                                  v ->
                                      mail.enqueue(
                                          tx,
                                          inviteMail(
                                              account.email(),
                                              account.name(),
                                              account.organisation(),
                                              token)))
                              .compose(
                                  v ->
                                      audit.record(
                                          tx,
                                          by(admin, "account.reinvited", address)
                                              .object("account", accountId.toString()))));
            });
  }

  public Future<Void> changeAccess(
      UUID accountId,
      Set<Role> roles,
      List<String> wijkteams,
      int version,
      Account admin,
      String address) {
    return account(accountId)
        .compose(
            account -> {
              Optional<Invalid> wrong = checkAccess(account.organisation(), roles, wijkteams);
              if (wrong.isPresent()) {
                return Future.failedFuture(wrong.get());
              }
              if (account.id().equals(admin.id()) && !roles.contains(Role.BEHEERDER)) {
                return Future.failedFuture(new Invalid("roles", "beheer.error.ownAdminRole"));
              }
              return knownWijkteams(wijkteams)
                  .compose(
                      teams ->
                          repository
                              .pool()
                              .withTransaction(
                                  tx ->
                                      repository
                                          .replaceRolesAndWijkteams(
                                              tx, accountId, roles, teams, version)
                                          .compose(
                                              ok ->
                                                  ok
                                                      ? audit.record(
                                                          tx,
                                                          by(
                                                                  admin,
                                                                  "account.roles_changed",
                                                                  address)
                                                              .object(
                                                                  "account", accountId.toString())
                                                              .detail(
                                                                  "oldRoles",
                                                                  codes(account.roles()))
                                                              .detail("newRoles", codes(roles))
                                                              .detail(
                                                                  "oldWijkteams",
                                                                  String.join(
                                                                      ",", account.wijkteams()))
                                                              .detail(
                                                                  "newWijkteams",
                                                                  String.join(",", teams)))
                                                      : Future.failedFuture(
                                                          AdminRefusal.stale()))));
            });
  }

  /** The wijkteams asked for, each once; refused when one of them does not exist. */
  private Future<List<String>> knownWijkteams(List<String> requested) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(requested));
    if (distinct.isEmpty()) {
      return Future.succeededFuture(distinct);
    }
    return repository
        .wijkteams()
        .compose(
            all -> {
              Set<String> known = all.stream().map(Wijkteam::code).collect(Collectors.toSet());
              return known.containsAll(distinct)
                  ? Future.succeededFuture(distinct)
                  : Future.failedFuture(new Invalid("wijkteams", "beheer.error.wijkteamUnknown"));
            });
  }

  public Future<Void> setActive(
      UUID accountId, boolean active, int version, Account admin, String address) {
    if (accountId.equals(admin.id()) && !active) {
      return Future.failedFuture(new Invalid("active", "beheer.error.ownAccount"));
    }
    return repository
        .setActive(accountId, active, version)
        .compose(
            ok ->
                ok
                    ? audit.record(
                        by(admin, active ? "account.activated" : "account.deactivated", address)
                            .object("account", accountId.toString()))
                    : Future.failedFuture(AdminRefusal.stale()));
  }

  public Future<Void> resetTwoFactor(UUID accountId, Account admin, String address) {
    return account(accountId)
        .compose(
            account ->
                repository
                    .pool()
                    .withTransaction(
                        tx ->
                            repository
                                .resetTotp(tx, accountId)
                                .compose(
                                    v ->
                                        audit.record(
                                            tx,
                                            by(admin, "account.2fa_reset", address)
                                                .object("account", accountId.toString())))));
  }

  public Future<NewApiClient> createApiClient(
      UUID organisationId, String name, Account admin, String address) {
    if (name.isBlank()) {
      return Future.failedFuture(new Invalid("clientName", "beheer.error.nameMissing"));
    }
    return repository
        .organisation(organisationId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(AdminRefusal.notFound());
              }
              String clientId =
                  slug(found.get().name())
                      + "-"
                      + Secrets.token(4).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
              String secret = Secrets.token(32);
              return passwords
                  .hash(secret)
                  .compose(
                      hash -> {
                        ApiClient client =
                            new ApiClient(
                                UUID.randomUUID(),
                                clientId,
                                organisationId,
                                name.trim(),
                                hash,
                                found.get().swt() ? SWT_SCOPES : SCOPES,
                                true,
                                0);
                        return repository
                            .pool()
                            .withTransaction(
                                tx ->
                                    repository
                                        .insertApiClient(tx, client, clock.instant())
                                        .compose(
                                            v ->
                                                audit.record(
                                                    tx,
                                                    by(admin, "api_client.created", address)
                                                        .object(
                                                            "api_client", client.id().toString())
                                                        .detail("clientId", clientId)
                                                        .detail(
                                                            "organisation",
                                                            organisationId.toString())))
                                        .map(v -> new NewApiClient(client, secret)));
                      });
            });
  }

  public Future<Void> setApiClientActive(
      String clientId, boolean active, Account admin, String address) {
    return repository
        .apiClient(clientId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(AdminRefusal.notFound());
              }
              return repository
                  .setApiClientActive(found.get().id(), active)
                  .compose(
                      v ->
                          audit.record(
                              by(
                                      admin,
                                      active ? "api_client.activated" : "api_client.deactivated",
                                      address)
                                  .object("api_client", found.get().id().toString())));
            });
  }

  /** Partners hold only the melder role; SWT staff the SWT roles and wijkteams. */
  static Optional<Invalid> checkAccess(Organisation org, Set<Role> roles, List<String> wijkteams) {
    if (roles.isEmpty()) {
      return Optional.of(new Invalid("roles", "beheer.error.rolesMissing"));
    }
    for (Role role : roles) {
      if (role.swtOnly() != org.swt()) {
        return Optional.of(
            new Invalid(
                "roles",
                org.swt() ? "beheer.error.melderIsPartner" : "beheer.error.partnerOnlyMelder"));
      }
    }
    if (!org.swt() && !wijkteams.isEmpty()) {
      return Optional.of(new Invalid("wijkteams", "beheer.error.wijkteamIsSwt"));
    }
    return Optional.empty();
  }

  private Future<Account> account(UUID id) {
    return repository
        .account(id)
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(AdminRefusal.notFound())));
  }

  /**
   * The invitation, in Dutch and English in one mail: we do not know the invitee's language yet.
   */
  private Mail inviteMail(String email, String name, Organisation org, String token) {
    String link = publicUrl + "/account/activeren?token=" + token;
    long hours = inviteValid.toHours();
    String text =
        messages.get(Language.DUTCH, "mail.invite.body", name, org.name(), hours, link)
            + "\n\n--\n\n"
            + messages.get(Language.ENGLISH, "mail.invite.body", name, org.name(), hours, link);
    String subject =
        messages.get(Language.DUTCH, "mail.invite.subject")
            + " / "
            + messages.get(Language.ENGLISH, "mail.invite.subject");
    return new Mail(email, subject, text);
  }

  private static AuditEntry by(Account admin, String action, String address) {
    return AuditEntry.of(action)
        .account(admin.id().toString(), admin.name(), Role.BEHEERDER.code())
        .organisation(admin.organisation().id().toString())
        .from(address);
  }

  private static String codes(Set<Role> roles) {
    return String.join(",", roles.stream().map(Role::code).sorted().toList());
  }

  static Set<Role> roles(List<String> codes) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    codes.forEach(c -> Role.of(c).ifPresent(roles::add));
    return roles;
  }

  private static String slug(String name) {
    String s =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-|-$)", "");
    return s.length() > 24 ? s.substring(0, 24).replaceAll("-$", "") : s;
  }
}
