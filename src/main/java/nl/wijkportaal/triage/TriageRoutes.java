package nl.wijkportaal.triage;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import nl.wijkportaal.catalogue.CatalogueService;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * {@code /inbox}: the SWT's shared triage inbox in the browser. The list with its filters, saved
 * views and reminders ({@link InboxPage}), registering a phone call, walk-in or home visit ({@link
 * RegisterPage}), and one item with the actions its state allows ({@link ItemPage}, {@link
 * ItemActions}). Only SWT staff with role triage or teamleider.
 */
public final class TriageRoutes {

  private static final String VIEWER = "triage.viewer";

  private final ClientAddress clientAddress;
  private final InboxPage inbox;
  private final RegisterPage register;
  private final ItemPage item;
  private final ItemActions actions;

  public TriageRoutes(
      Triage triage,
      Presence presence,
      CatalogueService catalogue,
      Pages pages,
      Messages messages,
      ClientAddress clientAddress,
      Clock clock) {
    this.clientAddress = clientAddress;
    ItemDates dates = new ItemDates(messages);
    this.inbox = new InboxPage(triage, pages, messages, clock);
    this.register = new RegisterPage(triage, pages, messages, clock);
    this.item = new ItemPage(triage, presence, catalogue, pages, messages, dates, clock);
    this.actions = new ItemActions(triage, item, messages);
  }

  /** {@code staff}: lets through accounts with role triage or teamleider (identity's check). */
  public void mount(Router router, Handler<RoutingContext> staff) {
    Handler<RoutingContext> swt = this::swtOnly;
    router.get("/inbox").handler(staff).handler(swt).handler(inbox::show);
    router.post("/inbox/weergaven").handler(staff).handler(swt).handler(inbox::saveView);
    router
        .post("/inbox/weergaven/:id/verwijderen")
        .handler(staff)
        .handler(swt)
        .handler(inbox::deleteView);
    router
        .post("/inbox/herinneringen/:id/gedaan")
        .handler(staff)
        .handler(swt)
        .handler(inbox::reminderDone);
    router.get("/inbox/nieuw").handler(staff).handler(swt).handler(register::form);
    router.post("/inbox/nieuw").handler(staff).handler(swt).handler(register::submit);
    router.get("/inbox/items/:id").handler(staff).handler(swt).handler(item::show);
    router.get("/inbox/items/:id/toegang").handler(staff).handler(swt).handler(item::accessLog);
    router.get("/inbox/items/:id/aanwezig").handler(staff).handler(swt).handler(item::heartbeat);
    router.post("/inbox/items/:id/:actie").handler(staff).handler(swt).handler(actions::act);
  }

  /**
   * The role alone is not enough: a partner's account can never hold triage (beheer refuses it),
   * but should one ever, the inbox still stays closed to anyone outside the SWT.
   */
  private void swtOnly(RoutingContext ctx) {
    Account account = SignedInUser.of(ctx).orElseThrow().account();
    if (!Viewer.mayUse(account)) {
      ctx.fail(403);
      return;
    }
    ctx.put(VIEWER, Viewer.of(account, clientAddress.of(ctx)));
    ctx.next();
  }

  static Viewer viewer(RoutingContext ctx) {
    return ctx.get(VIEWER);
  }

  static Labels labels(RoutingContext ctx, Messages messages) {
    return new Labels(messages, Language.of(ctx));
  }
}
