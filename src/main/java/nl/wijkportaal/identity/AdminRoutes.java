package nl.wijkportaal.identity;

import io.vertx.ext.web.Router;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.web.Pages;

/**
 * The beheerder's pages under {@code /beheer}, for beheerders only: organisations with their
 * accounts and API clients ({@link OrganisationPages}), one account's roles and wijkteams ({@link
 * AccountPages}) and the audit log ({@link AuditPages}). Forms post back and redirect
 * (post/redirect/get); every change goes through {@link AdminService}.
 */
public final class AdminRoutes {

  private final AdminService admin;
  private final AuditLog audit;
  private final Access access;
  private final Pages pages;
  private final ClientAddress clientAddress;

  public AdminRoutes(
      AdminService admin, AuditLog audit, Access access, Pages pages, ClientAddress clientAddress) {
    this.admin = admin;
    this.audit = audit;
    this.access = access;
    this.pages = pages;
    this.clientAddress = clientAddress;
  }

  public void mount(Router router) {
    router.route("/beheer*").handler(access.require(Role.BEHEERDER));
    AdminViews views = new AdminViews(pages);
    OrganisationPages organisations = new OrganisationPages(admin, views, clientAddress);
    router.get("/beheer").handler(organisations::index);
    router.post("/beheer/organisaties").handler(organisations::createOrganisation);
    router.post("/beheer/wijkteams").handler(organisations::saveWijkteam);
    router.get("/beheer/organisaties/:id").handler(organisations::organisation);
    router.post("/beheer/organisaties/:id/accounts").handler(organisations::invite);
    router.post("/beheer/organisaties/:id/api-clients").handler(organisations::createApiClient);
    router.post("/beheer/api-clients/:clientId/status").handler(organisations::apiClientStatus);
    AccountPages accounts = new AccountPages(admin, views, clientAddress);
    router.get("/beheer/accounts/:id").handler(accounts::account);
    router.post("/beheer/accounts/:id/toegang").handler(accounts::changeAccess);
    router.post("/beheer/accounts/:id/status").handler(accounts::accountStatus);
    router.post("/beheer/accounts/:id/2fa-reset").handler(accounts::resetTwoFactor);
    router.post("/beheer/accounts/:id/uitnodiging").handler(accounts::reinvite);
    new AuditPages(audit, pages).mount(router);
  }
}
