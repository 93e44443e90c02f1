package nl.wijkportaal.identity;

import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.web.Pages;

/**
 * What the beheerder's pages of organisations ({@link OrganisationPages}) and of one account
 * ({@link AccountPages}) share: the service every change goes through, the shared views, the page
 * renderer and where a request comes from (for the audit log).
 */
abstract class AdminPage {

  protected final AdminService admin;
  protected final AdminViews views;
  protected final Pages pages;
  protected final ClientAddress clientAddress;

  AdminPage(AdminService admin, AdminViews views, ClientAddress clientAddress) {
    this.admin = admin;
    this.views = views;
    this.pages = views.pages();
    this.clientAddress = clientAddress;
  }
}
