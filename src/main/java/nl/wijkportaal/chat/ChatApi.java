package nl.wijkportaal.chat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.api.Api;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.http.ClientAddress;

/**
 * {@code GET /api/v1/chat/gesprekken/{gesprekId}/berichten?na=N}: "messages after N" as JSON, which
 * every chat client uses to catch up, for the resident (by the chat cookie) and for the worker
 * handling the chat (by the staff session; each read audited).
 *
 * <p>The published contract declares both cookies as the operation's alternative security schemes;
 * the router's copy leaves them out ({@link Api#SECURITY_IN_HANDLER}): its authentication handlers
 * would answer 401 to a caller without a cookie, and this operation answers 404 to anyone whose
 * conversation it is not, so that no one learns which conversations exist. This handler is the
 * check.
 */
public final class ChatApi implements ApiOperations {

  public static final String OPERATION = "listChatBerichten";

  private final ChatService chat;
  private final ClientAddress clientAddress;

  public ChatApi(ChatService chat, ClientAddress clientAddress) {
    this.chat = chat;
    this.clientAddress = clientAddress;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.getRoute(OPERATION).addHandler(this::messagesAfter);
  }

  private void messagesAfter(RoutingContext ctx) {
    Optional<UUID> id = ChatRoutes.uuid(ctx.pathParam("gesprekId"));
    int after;
    try {
      after = Integer.parseInt(Optional.ofNullable(ctx.queryParams().get("na")).orElse("0"));
    } catch (NumberFormatException e) {
      after = -1;
    }
    if (after < 0) {
      ctx.fail(400);
      return;
    }
    Optional<Party> party = ChatRoutes.party(ctx);
    if (id.isEmpty() || party.isEmpty()) {
      ctx.fail(404);
      return;
    }
    int from = after;
    chat.visibleTo(id.get(), party.get())
        .compose(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
                return Future.succeededFuture();
              }
              Future<Void> audited =
                  party.get().isWorker()
                      ? chat.auditRead(id.get(), party.get(), clientAddress.of(ctx))
                      : Future.succeededFuture();
              return audited
                  .compose(v -> chat.after(id.get(), from))
                  .map(
                      list -> {
                        Conversation c = found.get();
                        JsonArray items = new JsonArray();
                        list.forEach(m -> items.add(m.toJson()));
                        JsonObject body =
                            new JsonObject()
                                .put("gesprek", c.id().toString())
                                .put("status", c.state())
                                .put("medewerker", c.workerName())
                                .put("laatste", c.lastSeq())
                                .put("berichten", items);
                        ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                            .end(body.encode());
                        return null;
                      });
            })
        .onFailure(
            failure -> {
              if (!ctx.failed() && !ctx.response().ended()) {
                ctx.fail(failure);
              }
            });
  }
}
