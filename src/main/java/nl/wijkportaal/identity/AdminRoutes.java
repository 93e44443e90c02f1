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
    new OrganisationPages(admin, views, clientAddress).mount(router);
    new AccountPages(admin, views, clientAddress).mount(router);
    new AuditPages(audit, pages).mount(router);
  }
}
