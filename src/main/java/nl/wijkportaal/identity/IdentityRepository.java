package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * SQL on the identity tables: organisations, wijkteams, accounts, links, throttles, API clients,
 * keys.
 */
public final class IdentityRepository {

  private static final String ACCOUNT_SELECT =
      """
      SELECT a.id, a.email, a.name, a.password_hash, a.totp_secret, a.totp_pending_secret, a.totp_last_step,
             a.active, a.version, a.security_stamp, o.id AS org_id, o.name AS org_name, o.kind AS org_kind,
             o.active AS org_active, o.version AS org_version,
             COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM account_role r WHERE r.account_id = a.id), '{}') AS roles,
             COALESCE((SELECT array_agg(w.wijkteam ORDER BY w.wijkteam) FROM account_wijkteam w WHERE w.account_id = a.id), '{}') AS wijkteams
      FROM account a JOIN organisation o ON o.id = a.organisation_id
      """;
  private static final String ACCOUNT_BY_EMAIL =
      ACCOUNT_SELECT + " WHERE lower(a.email) = lower($1)";
  private static final String ACCOUNT_BY_ID = ACCOUNT_SELECT + " WHERE a.id = $1";
  private static final String ACCOUNTS_OF_ORGANISATION =
      ACCOUNT_SELECT + " WHERE o.id = $1 ORDER BY lower(a.name)";
  private static final String INSERT_ACCOUNT =
      "INSERT INTO account (id, organisation_id, email, name, created_at) VALUES ($1, $2, $3, $4, $5)";
  private static final String DELETE_ROLES = "DELETE FROM account_role WHERE account_id = $1";
  private static final String INSERT_ROLES =
      "INSERT INTO account_role (account_id, role) SELECT $1, unnest($2::text[])";
  private static final String DELETE_WIJKTEAMS =
      "DELETE FROM account_wijkteam WHERE account_id = $1";
  private static final String INSERT_WIJKTEAMS =
      "INSERT INTO account_wijkteam (account_id, wijkteam) SELECT $1, unnest($2::text[])";
  private static final String BUMP_VERSION =
      "UPDATE account SET version = version + 1, security_stamp = security_stamp + 1 WHERE id = $1 AND version = $2";
  private static final String SET_ACTIVE =
      "UPDATE account SET active = $2, version = version + 1, security_stamp = security_stamp + 1 WHERE id = $1 AND version = $3";
  private static final String SET_PASSWORD =
      "UPDATE account SET password_hash = $2, version = version + 1, security_stamp = security_stamp + 1 WHERE id = $1";
  private static final String SET_PENDING_TOTP =
      "UPDATE account SET totp_pending_secret = $2 WHERE id = $1";
  private static final String CONFIRM_TOTP =
      "UPDATE account SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2, "
          + "version = version + 1, security_stamp = security_stamp + 1 WHERE id = $1 AND totp_pending_secret = $3";
  private static final String SET_TOTP =
      "UPDATE account SET totp_secret = $2, totp_pending_secret = NULL, security_stamp = security_stamp + 1 WHERE id = $1";
  private static final String RESET_TOTP =
      "UPDATE account SET totp_secret = NULL, totp_pending_secret = NULL, version = version + 1, "
          + "security_stamp = security_stamp + 1 WHERE id = $1";
  private static final String ACCEPT_STEP =
      "UPDATE account SET totp_last_step = $2, last_login_at = $3 WHERE id = $1 AND totp_last_step < $2";
  private static final String RECORD_LOGIN = "UPDATE account SET last_login_at = $2 WHERE id = $1";
  private static final String DELETE_RECOVERY = "DELETE FROM recovery_code WHERE account_id = $1";
  private static final String INSERT_RECOVERY =
      "INSERT INTO recovery_code (account_id, code_hash) SELECT $1, unnest($2::text[])";
  private static final String USE_RECOVERY =
      "UPDATE recovery_code SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL";
  private static final String COUNT_RECOVERY =
      "SELECT count(*) FROM recovery_code WHERE account_id = $1 AND used_at IS NULL";

  private static final String INSERT_LINK =
      "INSERT INTO account_link (token_hash, account_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
  private static final String EXPIRE_LINKS =
      "UPDATE account_link SET used_at = $3 WHERE purpose = $2 AND used_at IS NULL AND account_id IS NOT DISTINCT FROM $1";
  private static final String VALID_LINK =
      "SELECT account_id FROM account_link WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3";
  private static final String USE_LINK =
      "UPDATE account_link SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING account_id";

  private static final String LOCKED_UNTIL =
      "SELECT locked_until FROM login_throttle WHERE login_hash = $1 AND locked_until > $2";
  // One statement, so two nodes counting failures at once never lose one.
  private static final String RECORD_FAILURE =
      """
      INSERT INTO login_throttle AS t (login_hash, failures, window_start, locked_until)
      VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $2 + $5 * interval '1 minute' END)
      ON CONFLICT (login_hash) DO UPDATE SET
        failures = CASE WHEN t.window_start <= $2 - $3 * interval '1 minute' OR t.locked_until IS NOT NULL THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start <= $2 - $3 * interval '1 minute' OR t.locked_until IS NOT NULL THEN $2 ELSE t.window_start END,
        locked_until = CASE
          WHEN t.locked_until > $2 THEN t.locked_until
          WHEN (CASE WHEN t.window_start <= $2 - $3 * interval '1 minute' OR t.locked_until IS NOT NULL THEN 1 ELSE t.failures + 1 END) >= $4
            THEN $2 + $5 * interval '1 minute'
          END
      RETURNING locked_until
      """;
  private static final String CLEAR_FAILURES = "DELETE FROM login_throttle WHERE login_hash = $1";

  private static final String ORGANISATIONS =
      "SELECT id, name, kind, active, version FROM organisation ORDER BY kind <> 'swt', lower(name)";
  private static final String ORGANISATION =
      "SELECT id, name, kind, active, version FROM organisation WHERE id = $1";
  private static final String ORGANISATION_BY_NAME =
      "SELECT id, name, kind, active, version FROM organisation WHERE lower(name) = lower($1)";
  private static final String INSERT_ORGANISATION =
      "INSERT INTO organisation (id, name, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";

  private static final String WIJKTEAMS = "SELECT code, name FROM wijkteam ORDER BY code";
  private static final String UPSERT_WIJKTEAM =
      "INSERT INTO wijkteam (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name";

  private static final String CLIENT_SELECT =
      "SELECT id, client_id, organisation_id, name, secret_hash, scopes, active, version FROM api_client";
  private static final String CLIENT_BY_CLIENT_ID = CLIENT_SELECT + " WHERE client_id = $1";

  /** An API caller: the client, active, of this organisation, active (ApiAuth, per request). */
  private static final String ACTIVE_CALLER =
      "SELECT c.client_id, c.name, o.kind FROM api_client c "
          + "JOIN organisation o ON o.id = c.organisation_id "
          + "WHERE c.client_id = $1 AND c.organisation_id = $2 AND c.active AND o.active";

  private static final String CLIENTS_OF_ORGANISATION =
      CLIENT_SELECT + " WHERE organisation_id = $1 ORDER BY client_id";
  private static final String INSERT_CLIENT =
      "INSERT INTO api_client (id, client_id, organisation_id, name, secret_hash, scopes, created_at) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (client_id) DO NOTHING";
  private static final String SET_CLIENT_ACTIVE =
      "UPDATE api_client SET active = $2, version = version + 1 WHERE id = $1";

  private static final String ACTIVE_ADMINS =
      "SELECT count(*) FROM account a JOIN account_role r ON r.account_id = a.id "
          + "WHERE r.role = 'beheerder' AND a.active AND a.password_hash IS NOT NULL";

  private static final String SIGNING_KEYS =
      "SELECT kid, private_pem, public_pem FROM jwt_signing_key ORDER BY created_at DESC";
  private static final String INSERT_SIGNING_KEY =
      "INSERT INTO jwt_signing_key (kid, private_pem, public_pem, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (kid) DO NOTHING";

  private final Pool pool;

  private final KeptAccounts kept = new KeptAccounts();

  public IdentityRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  // --- accounts

  public Future<Optional<Account>> accountByEmail(String email) {
    return one(pool, ACCOUNT_BY_EMAIL, Tuple.of(email), IdentityRepository::account);
  }

  public Future<Optional<Account>> account(UUID id) {
    return one(pool, ACCOUNT_BY_ID, Tuple.of(id), IdentityRepository::account);
  }

  /**
   * The account as {@link #account} reads it, from this node's {@link KeptAccounts} while nothing
   * behind it changed: for identifying a session on every request.
   */
  Future<Optional<Account>> signedIn(UUID id) {
    return kept.account(id, this::account);
  }

  /** Keeps signed-in accounts from now on, while {@code listening} says change notices arrive. */
  void keepAccountsWhile(BooleanSupplier listening) {
    kept.keepWhile(listening);
  }

  /** Something behind an account changed (a notice, or notices may have been missed). */
  void accountsChanged() {
    kept.changed();
  }

  /** A write to an account, its roles, wijkteams or organisation: this node keeps none from now. */
  private <T> Future<T> changing(Future<T> write) {
    return write.andThen(done -> kept.changed());
  }

  public Future<List<Account>> accountsOf(UUID organisationId) {
    return all(
        pool, ACCOUNTS_OF_ORGANISATION, Tuple.of(organisationId), IdentityRepository::account);
  }

  public Future<Void> insertAccount(
      SqlClient client, UUID id, UUID organisationId, String email, String name, Instant now) {
    return changing(
        client
            .preparedQuery(INSERT_ACCOUNT)
            .execute(Tuple.of(id, organisationId, email, name, time(now)))
            .mapEmpty());
  }

  /** Replaces roles and wijkteams; false when someone else changed the account first. */
  public Future<Boolean> replaceRolesAndWijkteams(
      SqlClient tx, UUID id, Set<Role> roles, List<String> wijkteams, int version) {
    return changing(
        tx.preparedQuery(BUMP_VERSION)
            .execute(Tuple.of(id, version))
            .compose(
                bumped -> {
                  if (bumped.rowCount() == 0) {
                    return Future.succeededFuture(false);
                  }
                  return setRolesAndWijkteams(tx, id, roles, wijkteams).map(true);
                }));
  }

  public Future<Void> setRolesAndWijkteams(
      SqlClient tx, UUID id, Set<Role> roles, List<String> wijkteams) {
    String[] roleCodes = roles.stream().map(Role::code).toArray(String[]::new);
    return changing(
        tx.preparedQuery(DELETE_ROLES)
            .execute(Tuple.of(id))
            .compose(
                r ->
                    tx.preparedQuery(INSERT_ROLES)
                        .execute(Tuple.tuple().addUUID(id).addArrayOfString(roleCodes)))
            .compose(r -> tx.preparedQuery(DELETE_WIJKTEAMS).execute(Tuple.of(id)))
            .compose(
                r ->
                    tx.preparedQuery(INSERT_WIJKTEAMS)
                        .execute(
                            Tuple.tuple()
                                .addUUID(id)
                                .addArrayOfString(wijkteams.toArray(String[]::new))))
            .mapEmpty());
  }

  public Future<Boolean> setActive(UUID id, boolean active, int version) {
    return changing(
        pool.preparedQuery(SET_ACTIVE)
            .execute(Tuple.of(id, active, version))
            .map(r -> r.rowCount() == 1));
  }

  public Future<Void> setPassword(SqlClient client, UUID id, String hash) {
    return changing(client.preparedQuery(SET_PASSWORD).execute(Tuple.of(id, hash)).mapEmpty());
  }

  public Future<Void> setPendingTotp(UUID id, String secret) {
    return changing(pool.preparedQuery(SET_PENDING_TOTP).execute(Tuple.of(id, secret)).mapEmpty());
  }

  public Future<Boolean> confirmTotp(SqlClient tx, UUID id, String pendingSecret, long step) {
    return changing(
        tx.preparedQuery(CONFIRM_TOTP)
            .execute(Tuple.of(id, step, pendingSecret))
            .map(r -> r.rowCount() == 1));
  }

  /** Sets a known second factor directly: only for the demo accounts, whose secret is published. */
  public Future<Void> setTotpSecret(SqlClient client, UUID id, String secret) {
    return changing(client.preparedQuery(SET_TOTP).execute(Tuple.of(id, secret)).mapEmpty());
  }

  public Future<Void> resetTotp(SqlClient tx, UUID id) {
    return changing(
        tx.preparedQuery(RESET_TOTP)
            .execute(Tuple.of(id))
            .compose(r -> tx.preparedQuery(DELETE_RECOVERY).execute(Tuple.of(id)))
            .mapEmpty());
  }

  /** Accepts a TOTP time step once: atomically, so a replayed code loses even on another node. */
  public Future<Boolean> acceptStep(UUID id, long step, Instant now) {
    return changing(
        pool.preparedQuery(ACCEPT_STEP)
            .execute(Tuple.of(id, step, time(now)))
            .map(r -> r.rowCount() == 1));
  }

  public Future<Void> recordLogin(UUID id, Instant now) {
    return changing(pool.preparedQuery(RECORD_LOGIN).execute(Tuple.of(id, time(now))).mapEmpty());
  }

  public Future<Void> replaceRecoveryCodes(SqlClient tx, UUID id, List<String> hashes) {
    return tx.preparedQuery(DELETE_RECOVERY)
        .execute(Tuple.of(id))
        .compose(
            r ->
                tx.preparedQuery(INSERT_RECOVERY)
                    .execute(
                        Tuple.tuple().addUUID(id).addArrayOfString(hashes.toArray(String[]::new))))
        .mapEmpty();
  }

  public Future<Boolean> useRecoveryCode(UUID id, String hash, Instant now) {
    return pool.preparedQuery(USE_RECOVERY)
        .execute(Tuple.of(id, hash, time(now)))
        .map(r -> r.rowCount() == 1);
  }

  public Future<Long> unusedRecoveryCodes(UUID id) {
    return pool.preparedQuery(COUNT_RECOVERY)
        .execute(Tuple.of(id))
        .map(r -> r.iterator().next().getLong(0));
  }

  // --- one-time links

  public Future<Void> insertLink(
      SqlClient client,
      String tokenHash,
      UUID accountId,
      String purpose,
      Instant now,
      Instant expires) {
    return client
        .preparedQuery(EXPIRE_LINKS)
        .execute(Tuple.of(accountId, purpose, time(now)))
        .compose(
            r ->
                client
                    .preparedQuery(INSERT_LINK)
                    .execute(Tuple.of(tokenHash, accountId, purpose, time(now), time(expires))))
        .mapEmpty();
  }

  /** The account a valid, unused link belongs to (empty UUID-less optional for a set-up link). */
  public Future<Optional<Optional<UUID>>> validLink(String tokenHash, String purpose, Instant now) {
    return pool.preparedQuery(VALID_LINK)
        .execute(Tuple.of(tokenHash, purpose, time(now)))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(Optional.ofNullable(rows.iterator().next().getUUID(0))));
  }

  public Future<Boolean> useLink(SqlClient tx, String tokenHash, String purpose, Instant now) {
    return tx.preparedQuery(USE_LINK)
        .execute(Tuple.of(tokenHash, purpose, time(now)))
        .map(r -> r.rowCount() == 1);
  }

  // --- throttling of failed sign-ins

  public Future<Optional<Instant>> lockedUntil(String loginHash, Instant now) {
    return pool.preparedQuery(LOCKED_UNTIL)
        .execute(Tuple.of(loginHash, time(now)))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getOffsetDateTime(0).toInstant()));
  }

  /**
   * Counts a failure; returns the lock's end when this failure (or an earlier one) locked the name.
   */
  public Future<Optional<Instant>> recordFailure(
      String loginHash, Instant now, int windowMinutes, int maxFailures, int lockMinutes) {
    return pool.preparedQuery(RECORD_FAILURE)
        .execute(Tuple.of(loginHash, time(now), windowMinutes, maxFailures, lockMinutes))
        .map(
            rows ->
                Optional.ofNullable(rows.iterator().next().getOffsetDateTime(0))
                    .map(OffsetDateTime::toInstant));
  }

  public Future<Void> clearFailures(String loginHash) {
    return pool.preparedQuery(CLEAR_FAILURES).execute(Tuple.of(loginHash)).mapEmpty();
  }

  // --- organisations and wijkteams

  public Future<List<Organisation>> organisations() {
    return all(pool, ORGANISATIONS, Tuple.tuple(), IdentityRepository::organisation);
  }

  public Future<Optional<Organisation>> organisation(UUID id) {
    return one(pool, ORGANISATION, Tuple.of(id), IdentityRepository::organisation);
  }

  public Future<Optional<Organisation>> organisationByName(String name) {
    return one(pool, ORGANISATION_BY_NAME, Tuple.of(name), IdentityRepository::organisation);
  }

  /** Inserts the organisation; false when one with that name exists already. */
  public Future<Boolean> insertOrganisation(
      SqlClient client, UUID id, String name, OrganisationKind kind, Instant now) {
    return changing(
        client
            .preparedQuery(INSERT_ORGANISATION)
            .execute(Tuple.of(id, name, kind.code(), time(now)))
            .map(r -> r.rowCount() == 1));
  }

  public Future<List<Wijkteam>> wijkteams() {
    return all(
        pool,
        WIJKTEAMS,
        Tuple.tuple(),
        r -> new Wijkteam(r.getString("code"), r.getString("name")));
  }

  public Future<Void> upsertWijkteam(SqlClient client, String code, String name) {
    return client.preparedQuery(UPSERT_WIJKTEAM).execute(Tuple.of(code, name)).mapEmpty();
  }

  public Future<Long> activeAdministrators() {
    return pool.query(ACTIVE_ADMINS).execute().map(r -> r.iterator().next().getLong(0));
  }

  // --- API clients

  public Future<Optional<ApiClient>> apiClient(String clientId) {
    return one(pool, CLIENT_BY_CLIENT_ID, Tuple.of(clientId), IdentityRepository::apiClient);
  }

  /**
   * The API client {@code clientId} as a caller (no scopes yet) when it is active and belongs to
   * the active organisation {@code organisationId}: one statement for every API request.
   */
  public Future<Optional<ApiCaller>> activeCaller(String clientId, UUID organisationId) {
    return one(
        pool,
        ACTIVE_CALLER,
        Tuple.of(clientId, organisationId),
        r ->
            new ApiCaller(
                r.getString("client_id"),
                r.getString("name"),
                organisationId,
                OrganisationKind.of(r.getString("kind")).orElseThrow(),
                List.of()));
  }

  public Future<List<ApiClient>> apiClientsOf(UUID organisationId) {
    return all(
        pool, CLIENTS_OF_ORGANISATION, Tuple.of(organisationId), IdentityRepository::apiClient);
  }

  public Future<Boolean> insertApiClient(SqlClient client, ApiClient c, Instant now) {
    return client
        .preparedQuery(INSERT_CLIENT)
        .execute(
            Tuple.of(
                c.id(),
                c.clientId(),
                c.organisationId(),
                c.name(),
                c.secretHash(),
                c.scopes().toArray(String[]::new),
                time(now)))
        .map(r -> r.rowCount() == 1);
  }

  public Future<Void> setApiClientActive(UUID id, boolean active) {
    return pool.preparedQuery(SET_CLIENT_ACTIVE).execute(Tuple.of(id, active)).mapEmpty();
  }

  // --- signing keys of a demo installation

  public Future<List<String[]>> signingKeys() {
    return all(
        pool,
        SIGNING_KEYS,
        Tuple.tuple(),
        r -> new String[] {r.getString(0), r.getString(1), r.getString(2)});
  }

  public Future<Void> insertSigningKey(
      String kid, String privatePem, String publicPem, Instant now) {
    return pool.preparedQuery(INSERT_SIGNING_KEY)
        .execute(Tuple.of(kid, privatePem, publicPem, time(now)))
        .mapEmpty();
  }

  // --- mapping

  private static Organisation organisation(Row r) {
    return new Organisation(
        r.getUUID("id"),
        r.getString("name"),
        OrganisationKind.of(r.getString("kind")).orElseThrow(),
        r.getBoolean("active"),
        r.getInteger("version"));
  }

  private static Account account(Row r) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String code : r.getArrayOfStrings("roles")) {
      Role.of(code).ifPresent(roles::add);
    }
    Organisation organisation =
        new Organisation(
            r.getUUID("org_id"),
            r.getString("org_name"),
            OrganisationKind.of(r.getString("org_kind")).orElseThrow(),
            r.getBoolean("org_active"),
            r.getInteger("org_version"));
    return new Account(
        r.getUUID("id"),
        organisation,
        r.getString("email"),
        r.getString("name"),
        Optional.ofNullable(r.getString("password_hash")),
        Optional.ofNullable(r.getString("totp_secret")),
        Optional.ofNullable(r.getString("totp_pending_secret")),
        r.getLong("totp_last_step"),
        r.getBoolean("active"),
        roles,
        List.copyOf(Arrays.asList(r.getArrayOfStrings("wijkteams"))),
        r.getInteger("version"),
        r.getInteger("security_stamp"));
  }

  private static ApiClient apiClient(Row r) {
    return new ApiClient(
        r.getUUID("id"),
        r.getString("client_id"),
        r.getUUID("organisation_id"),
        r.getString("name"),
        r.getString("secret_hash"),
        List.of(r.getArrayOfStrings("scopes")),
        r.getBoolean("active"),
        r.getInteger("version"));
  }

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static <T> Future<Optional<T>> one(
      SqlClient client, String sql, Tuple args, Function<Row, T> mapper) {
    return client.preparedQuery(sql).execute(args).map(rows -> first(rows).map(mapper));
  }

  private static <T> Future<List<T>> all(
      SqlClient client, String sql, Tuple args, Function<Row, T> mapper) {
    return client
        .preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              List<T> list = new ArrayList<>(rows.size());
              rows.forEach(row -> list.add(mapper.apply(row)));
              return list;
            });
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  // ---- SWT staff, for the features that work with them (Staff) ----

  /** Who may use the inbox: active SWT accounts with role triage or teamleider. */
  private static final String INBOX_STAFF =
      "SELECT DISTINCT a.id, a.name, a.email FROM account a JOIN organisation og ON og.id = a.organisation_id"
          + " JOIN account_role r ON r.account_id = a.id"
          + " WHERE a.active AND og.kind = 'swt' AND r.role IN ('triage', 'teamleider')";

  /** Active accounts of an active SWT organisation with a role. */
  private static final String ACTIVE_SWT_WITH_ROLE =
      "SELECT a.id, a.name, a.email FROM account a JOIN organisation o ON o.id = a.organisation_id AND o.kind = 'swt' AND o.active"
          + " WHERE a.active AND EXISTS (SELECT 1 FROM account_role r WHERE r.account_id = a.id AND r.role = $1)"
          + " ORDER BY a.id";

  /** The active teamleiders of each of the wijkteams asked for, in one query. */
  private static final String TEAMLEIDERS_OF =
      "SELECT w.wijkteam, a.id, a.name, a.email FROM account a JOIN organisation o ON o.id = a.organisation_id AND o.kind = 'swt' AND o.active"
          + " JOIN account_wijkteam w ON w.account_id = a.id"
          + " WHERE a.active AND w.wijkteam = ANY($1::text[])"
          + " AND EXISTS (SELECT 1 FROM account_role r WHERE r.account_id = a.id AND r.role = 'teamleider')"
          + " ORDER BY w.wijkteam, a.id";

  private static Staff.Member member(Row r) {
    return new Staff.Member(r.getUUID("id"), r.getString("name"), r.getString("email"));
  }

  public Future<List<Staff.Member>> inboxStaff() {
    return all(
        pool, INBOX_STAFF + " ORDER BY a.name, a.id", Tuple.tuple(), IdentityRepository::member);
  }

  public Future<Boolean> usesInbox(UUID accountId) {
    return one(pool, INBOX_STAFF + " AND a.id = $1", Tuple.of(accountId), r -> true)
        .map(Optional::isPresent);
  }

  public Future<List<Staff.Member>> withRole(Role role) {
    return all(pool, ACTIVE_SWT_WITH_ROLE, Tuple.of(role.code()), IdentityRepository::member);
  }

  /** Pairs of wijkteam code and teamleider. */
  public Future<List<Map.Entry<String, Staff.Member>>> teamleidersOf(Collection<String> wijkteams) {
    return all(
        pool,
        TEAMLEIDERS_OF,
        Tuple.tuple().addArrayOfString(wijkteams.toArray(String[]::new)),
        r -> Map.entry(r.getString("wijkteam"), member(r)));
  }
}
