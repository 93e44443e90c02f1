package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import nl.wijkportaal.platform.Feature;
import nl.wijkportaal.platform.Platform;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.db.Notices;
import nl.wijkportaal.platform.mail.DemoMailboxRoutes;
import nl.wijkportaal.platform.ratelimit.Limit;

/**
 * Identity wired from the platform: sign-in, accounts, administration, API tokens. The other
 * features get from it who is signed in ({@link #access}, the guards of their pages) and which
 * partner system calls ({@link #apiAuth}).
 */
public final class IdentityFeature implements Feature {

  private final Platform platform;
  private final IdentityRepository identities;
  private final Access access;
  private final ApiAuth apiAuth;
  private final LoginService login;
  private final ActivationService activation;
  private final AdminService admin;
  private final TokenService tokens;
  private final Limit tokensPerAddress;
  private final Staff staff;
  private final Notices accountNotices;

  private IdentityFeature(
      Platform platform,
      IdentityRepository identities,
      Passwords passwords,
      ActivationService activation,
      TokenService tokens) {
    this.platform = platform;
    this.identities = identities;
    this.activation = activation;
    this.tokens = tokens;
    AppConfig config = platform.config();
    AppConfig.Identity id = config.identity();
    AppConfig.Limits limits = config.limits();
    Duration loginWindow = Duration.ofMinutes(limits.loginWindowMinutes());
    this.login =
        new LoginService(
            identities,
            passwords,
            new TwoFactor(platform.clock(), config.municipality().name()),
            platform.audit(),
            platform
                .rateLimits()
                .limit("login.address", limits.loginAttemptsPerAddress(), loginWindow),
            limits,
            platform.clock(),
            platform.vertx());
    // Partner systems get their own bucket: a school's NAT must not lock out its staff's sign-ins.
    this.tokensPerAddress =
        platform.rateLimits().limit("token.address", limits.loginAttemptsPerAddress(), loginWindow);
    this.access = new Access(identities, platform.clock(), id);
    this.admin =
        new AdminService(
            identities,
            passwords,
            platform.audit(),
            platform.outbox(),
            platform.messages(),
            platform.clock(),
            platform.publicUrl(),
            Duration.ofHours(id.inviteValidHours()));
    this.apiAuth = new ApiAuth(tokens, identities);
    this.staff = new Staff(identities);
    this.accountNotices =
        Notices.listen(
            platform.vertx(),
            platform.database(),
            KeptAccounts.CHANNEL,
            identities::accountsChanged);
    identities.keepAccountsWhile(accountNotices::listening);
  }

  /**
   * Wires identity; on a demo installation loads the demo accounts, otherwise issues the first
   * administrator's set-up link when there is none yet.
   */
  public static Future<IdentityFeature> wire(Platform platform) {
    AppConfig config = platform.config();
    AppConfig.Identity id = config.identity();
    IdentityRepository identities = new IdentityRepository(platform.pool());
    Passwords passwords = new Passwords(platform.vertx(), id.passwordHashMemoryKib());
    ActivationService activation =
        new ActivationService(identities, passwords, platform.audit(), platform.clock());
    Future<?> firstUse =
        config.demo()
            ? new DemoIdentities(identities, passwords, platform.clock())
                .load(id.demoPassword(), id.demoTotpSecret())
            : activation.issueSetupLinkIfNeeded(config.http().publicUrl());
    return firstUse
        .compose(
            done ->
                TokenService.create(
                    platform.vertx(),
                    config,
                    identities,
                    passwords,
                    platform.audit(),
                    platform.clock()))
        .map(tokens -> new IdentityFeature(platform, identities, passwords, activation, tokens));
  }

  /** Who works where: inbox staff, teamleiders of a wijk, the wijkteams. */
  public Staff staff() {
    return staff;
  }

  /** Who is signed in, and the guards that let only some roles through. */
  public Access access() {
    return access;
  }

  /** The bearer check of partner systems' API calls. */
  public ApiAuth apiAuth() {
    return apiAuth;
  }

  @Override
  public List<Consumer<Router>> pages() {
    var pages = platform.pages();
    var clientAddress = platform.clientAddress();
    var audit = platform.audit();
    var clock = platform.clock();
    return List.of(
        new LoginRoutes(login, pages, clientAddress, audit, clock)::mount,
        new AccountRoutes(
                activation,
                access,
                pages,
                clientAddress,
                clock,
                platform.mail().demoServer().isPresent())
            ::mount,
        new AdminRoutes(admin, audit, access, pages, clientAddress)::mount,
        router ->
            platform
                .mail()
                .demoServer()
                .ifPresent(
                    server ->
                        new DemoMailboxRoutes(pages, server)
                            .mount(router, access.require(Role.BEHEERDER))),
        new TokenRoutes(tokens, clientAddress, tokensPerAddress)::mount);
  }

  @Override
  public List<ApiOperations> api() {
    // The bearer scheme before the operations that use it.
    return List.of(apiAuth, new OrganisationApi(apiAuth, identities));
  }

  @Override
  public Future<Void> close() {
    return accountNotices.close();
  }
}
