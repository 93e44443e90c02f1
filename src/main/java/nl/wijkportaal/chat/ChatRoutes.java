package nl.wijkportaal.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.inbox.Action;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.ratelimit.Decision;
import nl.wijkportaal.platform.web.FieldViews;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * The resident's chat pages. They work without JavaScript: a form to send, a link to see new
 * messages; the script only makes the same page live. The "messages after N" JSON that every client
 * uses to catch up is in the API: {@link ChatApi}.
 */
public final class ChatRoutes {

  private static final int NAME_MAX = 50;
  private static final int CONTACT_MAX = 200;
  private static final String RECEIPT = "chat.receipt";

  private final ChatService chat;
  private final Pages pages;
  private final Messages messages;
  private final ClientAddress clientAddress;
  private final ResidentToken tokens;
  private final ChatLimits limits;

  public ChatRoutes(
      ChatService chat,
      Pages pages,
      Messages messages,
      ClientAddress clientAddress,
      ResidentToken tokens,
      ChatLimits limits) {
    this.chat = chat;
    this.pages = pages;
    this.messages = messages;
    this.clientAddress = clientAddress;
    this.tokens = tokens;
    this.limits = limits;
  }

  public void mount(Router router) {
    router.get("/chat").handler(this::start);
    router.post("/chat").handler(this::begin);
    router.post("/chat/vraag").handler(this::leaveQuestion);
    router.get("/chat/vraag/ontvangen").handler(this::received);
    router.get("/chat/gesprek/:id").handler(this::conversation);
    router.post("/chat/gesprek/:id/bericht").handler(this::send);
    router.post("/chat/gesprek/:id/einde").handler(this::end);
    router.post("/chat/gesprek/:id/score").handler(this::score);
    router.post("/chat/gesprek/:id/verslag").handler(this::transcript);
  }

  // ---- start ----

  private void start(RoutingContext ctx) {
    Optional<String> token = ResidentToken.hashOf(ctx);
    Future<Optional<Conversation>> current =
        token.isPresent() ? chat.latestFor(token.get()) : Future.succeededFuture(Optional.empty());
    current
        .compose(
            c ->
                chat.canStart()
                    .map(
                        open -> {
                          Map<String, Object> model = new LinkedHashMap<>();
                          c.filter(conv -> !conv.ended())
                              .ifPresent(
                                  conv -> model.put("current", "/chat/gesprek/" + conv.id()));
                          startModel(ctx, model, open);
                          pages.render(ctx, "chat/start", "chat.title", model);
                          return null;
                        }))
        .onFailure(ctx::fail);
  }

  private void startModel(RoutingContext ctx, Map<String, Object> model, boolean open) {
    startModel(ctx, model, open, Map.of(), Map.of());
  }

  /**
   * The start page: the start form when the chat is open, else the form to leave the question;
   * {@code values} and {@code errors} (per field) show a refused form back.
   */
  private void startModel(
      RoutingContext ctx,
      Map<String, Object> model,
      boolean open,
      Map<String, Object> values,
      Map<String, String> errors) {
    Locale locale = Language.of(ctx);
    model.put("open", open);
    model.put("withinHours", chat.withinHours());
    model.put("hoursText", pages.statusText(locale));
    model.put("retentionDays", chat.config().retentionDays());
    model.put("maxLength", chat.config().maxMessageLength());
    FieldViews views = new FieldViews(messages, locale, "chat.", values, errors);
    Map<String, Object> fields = new LinkedHashMap<>();
    if (open) {
      Map<String, Object> voornaam = views.input("voornaam", "text", "given-name");
      voornaam.put("optional", true);
      fields.put("voornaam", voornaam);
      fields.put("vraag", views.area("vraag", 4));
    } else {
      fields.put("vraag", views.area("vraag", 4));
      Map<String, Object> leefgebied =
          views.select("leefgebied", nl.wijkportaal.catalogue.Codes.LEEFGEBIEDEN, "leefgebied.");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> options = (List<Map<String, Object>>) leefgebied.get("options");
      Map<String, Object> choose = new LinkedHashMap<>();
      choose.put("optionValue", "");
      choose.put("optionLabel", messages.get(locale, "chat.field.choose"));
      choose.put("optionChecked", !(values.get("leefgebied") instanceof String v) || v.isEmpty());
      options.add(0, choose);
      fields.put("leefgebied", leefgebied);
      Map<String, Object> naam = views.input("naam", "text", "name");
      naam.put("optional", true);
      fields.put("naam", naam);
      fields.put("telefoon", views.input("telefoon", "tel", "tel"));
      Map<String, Object> email = views.input("email", "email", "email");
      email.put("spellcheckOff", true);
      fields.put("email", email);
    }
    model.put("fields", fields);
  }

  private void begin(RoutingContext ctx) {
    Form form = Form.of(ctx, "vraag");
    String name = form.text("voornaam");
    String question = form.text("vraag");
    if (question.isEmpty()) {
      form.problem("vraag", "chat.error.question");
    } else if (question.length() > chat.config().maxMessageLength()) {
      form.problem("vraag", "chat.error.tooLong", chat.config().maxMessageLength());
    }
    if (name.length() > NAME_MAX) {
      form.problem("voornaam", "chat.error.name", NAME_MAX);
    }
    String address = clientAddress.of(ctx);
    chat.canStart()
        .onSuccess(
            open -> {
              if (!open) {
                Redirect.seeOther(ctx, "/chat");
                return;
              }
              if (!form.ok()) {
                showBack(ctx, form, true);
                return;
              }
              limits
                  .starts(address)
                  .onSuccess(
                      decision -> {
                        if (!decision.allowed()) {
                          limited(ctx, decision);
                          return;
                        }
                        String tokenHash = tokens.hashOrIssue(ctx);
                        chat.start(
                                tokenHash, name.isEmpty() ? null : name, question, Language.of(ctx))
                            .onSuccess(c -> Redirect.seeOther(ctx, "/chat/gesprek/" + c.id()))
                            .onFailure(ctx::fail);
                      })
                  .onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }

  // ---- outside hours: leave the question ----

  private void leaveQuestion(RoutingContext ctx) {
    Form form = Form.of(ctx, "vraag");
    String question = form.text("vraag");
    String leefgebied = form.text("leefgebied");
    String naam = form.text("naam");
    String telefoon = form.text("telefoon");
    String email = form.text("email");
    if (question.isEmpty()) {
      form.problem("vraag", "chat.error.question");
    } else if (question.length() > chat.config().maxMessageLength()) {
      form.problem("vraag", "chat.error.tooLong", chat.config().maxMessageLength());
    }
    if (!nl.wijkportaal.catalogue.Codes.LEEFGEBIEDEN.contains(leefgebied)) {
      form.problem("leefgebied", "chat.error.leefgebied");
    }
    if (telefoon.isEmpty() && email.isEmpty() && !form.problems().containsKey("telefoon")) {
      form.problem("telefoon", "chat.error.contact");
    }
    if (!telefoon.isEmpty() && !telefoon.matches("[0-9+() -]{6,20}")) {
      form.problem("telefoon", "chat.error.phone");
    }
    if (!email.isEmpty()
        && (email.length() > CONTACT_MAX || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
      form.problem("email", "chat.error.email");
    }
    if (naam.length() > CONTACT_MAX) {
      form.problem("naam", "chat.error.name", CONTACT_MAX);
    }
    if (!form.ok()) {
      chat.canStart().onSuccess(open -> showBack(ctx, form, open)).onFailure(ctx::fail);
      return;
    }
    String address = clientAddress.of(ctx);
    Locale locale = Language.of(ctx);
    limits
        .starts(address)
        .onSuccess(
            decision -> {
              if (!decision.allowed()) {
                limited(ctx, decision);
                return;
              }
              chat.leaveQuestion(
                      question,
                      leefgebied,
                      new ChatService.Contact(naam, telefoon, email, null),
                      locale,
                      address)
                  .onSuccess(
                      receipt -> {
                        Sessions.start(ctx)
                            .put(
                                RECEIPT,
                                new JsonObject()
                                    .put("referentie", receipt.referentie())
                                    .put("due", chat.dueWords(receipt, locale))
                                    .put("email", email.isEmpty() ? null : email)
                                    .encode());
                        Redirect.seeOther(ctx, "/chat/vraag/ontvangen");
                      })
                  .onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }

  /** The start page again with what was typed and, beside each field, what to fix (400). */
  private void showBack(RoutingContext ctx, Form form, boolean open) {
    Map<String, Object> errorModel = form.errorModel(messages, Language.of(ctx), Map.of());
    @SuppressWarnings("unchecked")
    Map<String, String> fieldErrors = (Map<String, String>) errorModel.get("fieldErrors");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("errors", errorModel.get("errors"));
    startModel(ctx, model, open, form.values(), fieldErrors);
    pages.render(ctx, 400, "chat/start", "chat.title", model);
  }

  private void received(RoutingContext ctx) {
    Object stored = ctx.session() == null ? null : ctx.session().get(RECEIPT);
    if (!(stored instanceof String json)) {
      Redirect.seeOther(ctx, "/chat");
      return;
    }
    JsonObject receipt = new JsonObject(json);
    pages.render(ctx, "chat/received", "chat.received.title", receipt.getMap());
  }

  // ---- the conversation ----

  private void conversation(RoutingContext ctx) {
    withOwn(
        ctx,
        c ->
            chat.recent(c.id())
                .compose(
                    list -> {
                      Locale locale = Language.of(ctx);
                      Map<String, Object> model = new LinkedHashMap<>();
                      model.put("id", c.id().toString());
                      model.put("messages", ChatView.messages(list, false, messages, locale));
                      model.put("lastSeq", list.isEmpty() ? 0 : list.get(list.size() - 1).seq());
                      model.put("clientId", UUID.randomUUID().toString());
                      model.put("typingText", messages.get(locale, "chat.typing.worker"));
                      model.put("otherLabel", messages.get(locale, "chat.worker"));
                      model.put("ended", c.ended());
                      model.put("active", c.active());
                      model.put("workerName", c.workerName());
                      model.put("score", c.score());
                      model.put("maxLength", chat.config().maxMessageLength());
                      model.put("sent", ctx.queryParams().contains("verstuurd"));
                      model.put("scored", ctx.queryParams().contains("bedankt"));
                      model.put("mailed", ctx.queryParams().contains("gemaild"));
                      String fout = ctx.queryParams().get("fout");
                      if (fout != null && fout.matches("[a-z_]{1,20}")) {
                        model.put("problem", messages.get(locale, "chat.refused." + fout));
                      }
                      if (!c.waiting()) {
                        return Future.succeededFuture(model);
                      }
                      return chat.place(c)
                          .map(
                              place -> {
                                model.put("waiting", true);
                                model.put("placeText", chat.placeText(place, locale));
                                return model;
                              });
                    })
                .onSuccess(
                    model ->
                        pages.render(ctx, "chat/conversation", "chat.conversation.title", model)));
  }

  private void send(RoutingContext ctx) {
    Form form = Form.of(ctx, "tekst");
    String text = form.text("tekst");
    String clientId = form.text("clientId");
    boolean unreadable = form.unreadable();
    withOwn(
        ctx,
        c ->
            limits
                .message(ResidentToken.hashOf(ctx).orElseThrow(), clientAddress.of(ctx))
                .compose(
                    decision -> {
                      if (!decision.allowed()) {
                        return Future.succeededFuture(
                            (ChatService.SendResult) new ChatService.Refused("te_snel"));
                      }
                      if (unreadable) {
                        return Future.succeededFuture(
                            (ChatService.SendResult) new ChatService.Refused("ongeldig"));
                      }
                      return chat.send(
                          c.id(), Party.resident(c.residentTokenHash()), clientId, text);
                    })
                .onSuccess(
                    result -> {
                      String back = "/chat/gesprek/" + c.id();
                      if (result instanceof ChatService.Refused refused) {
                        Redirect.seeOther(ctx, back + "?fout=" + refused.reason() + "#bericht");
                      } else {
                        Redirect.seeOther(ctx, back + "?verstuurd#laatste");
                      }
                    }));
  }

  private void end(RoutingContext ctx) {
    withOwn(
        ctx,
        c ->
            chat.end(c.id(), Party.resident(c.residentTokenHash()))
                .onSuccess(ended -> Redirect.seeOther(ctx, "/chat/gesprek/" + c.id() + "#einde")));
  }

  private void score(RoutingContext ctx) {
    int score;
    try {
      score = Integer.parseInt(Form.of(ctx).text("score"));
    } catch (NumberFormatException e) {
      score = 0;
    }
    int given = score;
    withOwn(
        ctx,
        c ->
            chat.score(c.id(), c.residentTokenHash(), given)
                .onSuccess(
                    ok ->
                        Redirect.seeOther(
                            ctx,
                            "/chat/gesprek/"
                                + c.id()
                                + (ok ? "?bedankt" : "?fout=score")
                                + "#einde")));
  }

  private void transcript(RoutingContext ctx) {
    String email = Form.of(ctx).text("email");
    withOwn(
        ctx,
        c -> {
          if (email.length() > CONTACT_MAX || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            Redirect.seeOther(ctx, "/chat/gesprek/" + c.id() + "?fout=email#verslag");
            return Future.succeededFuture();
          }
          return limits
              .transcript(c.residentTokenHash())
              .compose(
                  decision -> {
                    if (!decision.allowed()) {
                      Redirect.seeOther(ctx, "/chat/gesprek/" + c.id() + "?fout=te_vaak#verslag");
                      return Future.succeededFuture();
                    }
                    return chat.mailTranscript(
                            c.id(), c.residentTokenHash(), email, Language.of(ctx))
                        .onSuccess(
                            ok ->
                                Redirect.seeOther(
                                    ctx, "/chat/gesprek/" + c.id() + "?gemaild#verslag"));
                  });
        });
  }

  /** The worker (by session, role chat) or the resident (by cookie) asking. */
  static Optional<Party> party(RoutingContext ctx) {
    Optional<SignedInUser> user = SignedInUser.of(ctx);
    if (user.isPresent() && user.get().has(Role.CHAT)) {
      return Optional.of(Party.worker(user.get().account().id(), user.get().account().name()));
    }
    return ResidentToken.hashOf(ctx).map(Party::resident);
  }

  // ---- helpers ----

  private interface Action {
    Future<?> on(Conversation c);
  }

  /**
   * Runs {@code action} on the path's conversation if this browser's token owns it; 404 otherwise.
   */
  private void withOwn(RoutingContext ctx, Action action) {
    Optional<UUID> id = uuid(ctx.pathParam("id"));
    Optional<String> token = ResidentToken.hashOf(ctx);
    if (id.isEmpty() || token.isEmpty()) {
      ctx.fail(404);
      return;
    }
    chat.visibleTo(id.get(), Party.resident(token.get()))
        .compose(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
                return Future.succeededFuture();
              }
              return action.on(found.get());
            })
        .onFailure(
            failure -> {
              if (!ctx.failed() && !ctx.response().ended()) {
                ctx.fail(failure);
              }
            });
  }

  private void limited(RoutingContext ctx, Decision decision) {
    ctx.response().putHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
    pages.render(ctx, 429, "chat/limited", "chat.limited.title", Map.of());
  }

  static Optional<UUID> uuid(String s) {
    try {
      UUID id = UUID.fromString(s);
      return id.toString().equals(s) ? Optional.of(id) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
