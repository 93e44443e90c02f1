package nl.wijkportaal.inbox;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Tells every node's inbox screens that an item came in or changed, over the (clustered) event bus.
 * The message holds no personal data: who may see the item is decided by the screen that receives
 * it, from the database.
 */
public final class InboxEvents {

  /**
   * Published after a new item is stored: {@code
   * {"id","referentie","kanaal","wijk","buitenGemeente","urgentie","state"}}.
   */
  public static final String ITEM_CREATED = "inbox.item.created";

  /**
   * Published after an item changed: {@code {"id","state","change"}} ({@code state} only when it
   * changed).
   */
  public static final String ITEM_CHANGED = "inbox.item.changed";

  private final Vertx vertx;

  public InboxEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  void created(Receipt receipt, String kanaal) {
    vertx
        .eventBus()
        .publish(
            ITEM_CREATED,
            new JsonObject()
                .put("id", receipt.id().toString())
                .put("referentie", receipt.referentie())
                .put("kanaal", kanaal)
                .put("wijk", receipt.wijk().orElse(null))
                .put("buitenGemeente", receipt.buitenGemeente())
                .put("urgentie", receipt.urgentie())
                .put("state", receipt.state().code()));
  }

  void changed(UUID id, ItemState state, String change) {
    JsonObject message = new JsonObject().put("id", id.toString()).put("change", change);
    if (state != null) {
      message.put("state", state.code());
    }
    vertx.eventBus().publish(ITEM_CHANGED, message);
  }
}
