package nl.wijkportaal.triage;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.http.ClientAddress;

/** {@code GET /inbox/live}: the inbox's event stream, for SWT staff who may use the inbox. */
public final class LiveRoutes {

  private final LiveUpdates live;
  private final ClientAddress clientAddress;

  public LiveRoutes(LiveUpdates live, ClientAddress clientAddress) {
    this.live = live;
    this.clientAddress = clientAddress;
  }

  public void mount(Router router, Handler<RoutingContext> staff) {
    router
        .get("/inbox/live")
        .handler(staff)
        .handler(
            ctx -> {
              Account account = SignedInUser.of(ctx).orElseThrow().account();
              if (!Viewer.mayUse(account)) {
                ctx.fail(403);
                return;
              }
              live.stream(ctx.response(), Viewer.of(account, clientAddress.of(ctx)));
            });
  }
}
