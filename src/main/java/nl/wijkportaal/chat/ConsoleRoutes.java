package nl.wijkportaal.chat;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.catalogue.CatalogueService;
import nl.wijkportaal.catalogue.Codes;
import nl.wijkportaal.catalogue.OfferQuery;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.inbox.Action;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.FieldViews;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * The chat worker's console: availability, the queue oldest first, accepting, the open chats, and
 * per chat sending, canned answers, catalogue cards, transfer, end and turning it into an
 * aanmelding. Works without JavaScript; the script makes it live. The teamleider keeps the canned
 * answers on a page of its own.
 */
public final class ConsoleRoutes {

  private static final int OFFER_RESULTS = 5;
  private static final int SEARCH_MAX = 100;

  private final ChatService chat;
  private final CatalogueService catalogue;
  private final Pages pages;
  private final Messages messages;
  private final ClientAddress clientAddress;
  private final String phone;
  private final java.time.Clock clock;

  public ConsoleRoutes(
      ChatService chat,
      CatalogueService catalogue,
      Pages pages,
      Messages messages,
      ClientAddress clientAddress,
      String phone,
      java.time.Clock clock) {
    this.chat = chat;
    this.catalogue = catalogue;
    this.pages = pages;
    this.messages = messages;
    this.clientAddress = clientAddress;
    this.phone = phone;
    this.clock = clock;
  }

  /** {@code worker}: role chat; {@code teamleider}: role teamleider (canned answers). */
  public void mount(
      Router router, Handler<RoutingContext> worker, Handler<RoutingContext> teamleider) {
    router.route("/chat-console/standaardantwoorden").handler(teamleider);
    router.route("/chat-console/standaardantwoorden/*").handler(teamleider);
    router.get("/chat-console/standaardantwoorden").handler(this::cannedAdmin);
    router.post("/chat-console/standaardantwoorden").handler(this::addCanned);
    router.post("/chat-console/standaardantwoorden/:id/verwijderen").handler(this::deleteCanned);

    router.route("/chat-console").handler(worker);
    router.route("/chat-console/*").handler(worker);
    router.get("/chat-console").handler(this::console);
    router.post("/chat-console/beschikbaarheid").handler(this::availability);
    router.post("/chat-console/gesprekken/:id/aannemen").handler(this::accept);
    router.get("/chat-console/gesprekken/:id").handler(this::conversation);
    router.post("/chat-console/gesprekken/:id/bericht").handler(this::send);
    router.post("/chat-console/gesprekken/:id/standaardantwoord").handler(this::sendCanned);
    router.post("/chat-console/gesprekken/:id/aanbod").handler(this::sendOffer);
    router.post("/chat-console/gesprekken/:id/overdragen").handler(this::transfer);
    router.post("/chat-console/gesprekken/:id/einde").handler(this::end);
    router.post("/chat-console/gesprekken/:id/aanmelding").handler(this::convert);
  }

  private static Party worker(RoutingContext ctx) {
    SignedInUser user = SignedInUser.of(ctx).orElseThrow();
    return Party.worker(user.account().id(), user.account().name());
  }

  // ---- the console ----

  /** The worker's availability as radios of the shared choices partial; the legend says it now. */
  private Map<String, Object> availabilityField(Locale locale, String availability) {
    Map<String, Object> values =
        availability == null ? Map.of() : Map.of("beschikbaarheid", availability);
    Map<String, Object> field =
        new FieldViews(messages, locale, "console.", values, Map.of())
            .choices(
                "beschikbaarheid",
                false,
                List.of("online", "pauze", "offline"),
                "console.availability.");
    field.put(
        "label",
        messages.get(
            locale,
            "console.availability.now",
            messages.get(locale, "console.availability." + availability)));
    return field;
  }

  /** The leefgebieden of a chat turned into an aanmelding, as checkboxes of the choices partial. */
  private Map<String, Object> leefgebiedenField(Locale locale) {
    Map<String, Object> field =
        new FieldViews(messages, locale, "console.", Map.of(), Map.of())
            .choices("leefgebieden", true, Codes.LEEFGEBIEDEN, "leefgebied.");
    field.put("label", messages.get(locale, "console.convert.leefgebieden"));
    return field;
  }

  /**
   * The message box of the field partial: its name {@code tekst}, its ids starting with {@code
   * bericht-} (as the resident's side, whose box is {@code bericht}).
   */
  private Map<String, Object> messageField(Locale locale) {
    Map<String, Object> field =
        new FieldViews(messages, locale, "chat.", Map.of(), Map.of())
            .idPrefix("bericht-")
            .area("tekst", "message", 3);
    field.put("maxlength", chat.config().maxMessageLength());
    return field;
  }

  private void console(RoutingContext ctx) {
    Party me = worker(ctx);
    Locale locale = Language.of(ctx);
    chat.availability(me.workerId())
        .compose(
            availability ->
                chat.queue()
                    .compose(
                        queue ->
                            chat.openFor(me.workerId())
                                .map(
                                    open -> {
                                      Map<String, Object> model = new LinkedHashMap<>();
                                      model.put("availability", availability);
                                      model.put(
                                          "availabilityField",
                                          availabilityField(locale, availability));
                                      List<Map<String, Object>> waiting = new ArrayList<>();
                                      for (Conversation c : queue) {
                                        long minutes =
                                            Math.max(
                                                0,
                                                Duration.between(c.startedAt(), clock.instant())
                                                    .toMinutes());
                                        waiting.add(
                                            Map.of(
                                                "id", c.id().toString(),
                                                "who",
                                                    c.firstName() == null
                                                        ? messages.get(
                                                            locale,
                                                            "console.conversation.anonymous")
                                                        : c.firstName(),
                                                "waited",
                                                    messages.get(
                                                        locale, "console.queue.minutes", minutes)));
                                      }
                                      model.put("queue", waiting);
                                      model.put(
                                          "queueCount",
                                          messages.get(
                                              locale, "console.queue.count", queue.size()));
                                      List<Map<String, Object>> mine = new ArrayList<>();
                                      for (Conversation c : open) {
                                        mine.add(
                                            Map.of(
                                                "id",
                                                c.id().toString(),
                                                "who",
                                                c.firstName() == null
                                                    ? messages.get(
                                                        locale, "console.conversation.anonymous")
                                                    : c.firstName()));
                                      }
                                      model.put("open", mine);
                                      model.put("capacity", chat.config().capacityPerWorker());
                                      model.put("workerId", me.workerId().toString());
                                      String melding = ctx.queryParams().get("melding");
                                      if ("bezet".equals(melding)) {
                                        model.put(
                                            "problem",
                                            messages.get(locale, "console.accepted.taken"));
                                      } else if ("vol".equals(melding)) {
                                        model.put(
                                            "problem",
                                            messages.get(locale, "console.accepted.full"));
                                      } else if ("weg".equals(melding)) {
                                        model.put("problem", messages.get(locale, "console.gone"));
                                      }
                                      return model;
                                    })))
        .onSuccess(model -> pages.render(ctx, "chat/console", "console.title", model))
        .onFailure(ctx::fail);
  }

  private void availability(RoutingContext ctx) {
    String value = Form.of(ctx).text("beschikbaarheid");
    if (!List.of("online", "pauze", "offline").contains(value)) {
      ctx.fail(400);
      return;
    }
    chat.setAvailability(worker(ctx), value)
        .onSuccess(v -> Redirect.seeOther(ctx, "/chat-console"))
        .onFailure(ctx::fail);
  }

  private void accept(RoutingContext ctx) {
    Optional<UUID> id = ChatRoutes.uuid(ctx.pathParam("id"));
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    Party me = worker(ctx);
    chat.accept(id.get(), me)
        .compose(
            accepted -> {
              if (accepted.isPresent()) {
                Redirect.seeOther(ctx, "/chat-console/gesprekken/" + id.get());
                return Future.succeededFuture();
              }
              return chat.find(id.get())
                  .map(
                      c -> {
                        boolean taken = c.isEmpty() || !c.get().waiting();
                        Redirect.seeOther(
                            ctx, "/chat-console?melding=" + (taken ? "bezet" : "vol"));
                        return null;
                      });
            })
        .onFailure(ctx::fail);
  }

  // ---- one conversation ----

  private void conversation(RoutingContext ctx) {
    Party me = worker(ctx);
    Locale locale = Language.of(ctx);
    String search =
        Optional.ofNullable(ctx.queryParams().get("zoekAanbod")).map(String::strip).orElse("");
    if (search.length() > SEARCH_MAX) {
      search = search.substring(0, SEARCH_MAX);
    }
    String query = search;
    withHandled(
        ctx,
        me,
        c ->
            chat.auditRead(c.id(), me, clientAddress.of(ctx))
                .compose(v -> chat.recent(c.id()))
                .compose(
                    list ->
                        chat.canned()
                            .compose(
                                canned ->
                                    chat.colleagues(me.workerId())
                                        .compose(
                                            colleagues ->
                                                offers(query, locale)
                                                    .map(
                                                        offers -> {
                                                          Map<String, Object> model =
                                                              new LinkedHashMap<>();
                                                          model.put("id", c.id().toString());
                                                          model.put(
                                                              "who",
                                                              c.firstName() == null
                                                                  ? messages.get(
                                                                      locale,
                                                                      "console.conversation.anonymous")
                                                                  : c.firstName());
                                                          model.put(
                                                              "messages",
                                                              ChatView.messages(
                                                                  list, true, messages, locale));
                                                          model.put(
                                                              "lastSeq",
                                                              list.isEmpty()
                                                                  ? 0
                                                                  : list.get(list.size() - 1)
                                                                      .seq());
                                                          model.put(
                                                              "clientId",
                                                              UUID.randomUUID().toString());
                                                          model.put(
                                                              "typingText",
                                                              messages.get(
                                                                  locale, "chat.typing.resident"));
                                                          model.put(
                                                              "otherLabel",
                                                              messages.get(
                                                                  locale, "chat.resident"));
                                                          model.put(
                                                              "messageField", messageField(locale));
                                                          model.put(
                                                              "canned",
                                                              canned.stream()
                                                                  .map(
                                                                      a ->
                                                                          Map.of(
                                                                              "id",
                                                                              a.id().toString(),
                                                                              "title",
                                                                              a.title()))
                                                                  .toList());
                                                          model.put(
                                                              "colleagues",
                                                              colleagues.stream()
                                                                  .map(
                                                                      w ->
                                                                          Map.of(
                                                                              "id",
                                                                              w.id().toString(),
                                                                              "name",
                                                                              w.name()))
                                                                  .toList());
                                                          model.put("offers", offers);
                                                          model.put("searched", !query.isEmpty());
                                                          model.put("zoekAanbod", query);
                                                          model.put(
                                                              "converted", c.itemId() != null);
                                                          model.put(
                                                              "leefgebiedenField",
                                                              leefgebiedenField(locale));
                                                          notice(
                                                                  locale,
                                                                  ctx.queryParams().get("melding"))
                                                              .ifPresent(
                                                                  text ->
                                                                      model.put("problem", text));
                                                          String referentie =
                                                              ctx.queryParams().get("aanmelding");
                                                          if (referentie != null
                                                              && referentie.matches(
                                                                  "[A-Z0-9-]{1,30}")) {
                                                            model.put(
                                                                "done",
                                                                messages.get(
                                                                    locale,
                                                                    "console.convert.done",
                                                                    referentie));
                                                          }
                                                          return model;
                                                        }))))
                .onSuccess(
                    model ->
                        pages.render(
                            ctx,
                            "chat/console-conversation",
                            "console.conversation.title",
                            model)));
  }

  /**
   * The text of a notice named in the address after a refused action: {@code console_x_y} is the
   * console's {@code console.x.y}, anything else a refused message ({@code chat.refused.*}). Only a
   * text that exists is shown.
   */
  private Optional<String> notice(Locale locale, String melding) {
    if (melding == null || !melding.matches("[a-z_]{1,40}")) {
      return Optional.empty();
    }
    String key =
        melding.startsWith("console_")
            ? "console." + melding.substring("console_".length()).replace('_', '.')
            : "chat.refused." + melding;
    return messages.has(locale, key) ? Optional.of(messages.get(locale, key)) : Optional.empty();
  }

  private Future<List<Map<String, Object>>> offers(String search, Locale locale) {
    if (search.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    OfferQuery query =
        new OfferQuery(
            search,
            List.of(),
            List.of(),
            List.of(),
            false,
            List.of(),
            Optional.empty(),
            1,
            OFFER_RESULTS);
    return catalogue
        .search(query, false, false)
        .map(
            found ->
                found.offers().stream()
                    .map(
                        o ->
                            Map.<String, Object>of(
                                "id",
                                o.id().toString(),
                                "title",
                                o.title(locale),
                                "summary",
                                o.summary(locale)))
                    .toList());
  }

  private void send(RoutingContext ctx) {
    Party me = worker(ctx);
    Form form = Form.of(ctx, "tekst");
    String text = form.text("tekst");
    String clientId = form.text("clientId");
    boolean unreadable = form.unreadable();
    withHandled(
        ctx,
        me,
        c ->
            (unreadable
                    ? Future.succeededFuture(
                        (ChatService.SendResult) new ChatService.Refused("ongeldig"))
                    : chat.send(c.id(), me, clientId, text))
                .onSuccess(result -> back(ctx, c, result)));
  }

  private void sendCanned(RoutingContext ctx) {
    Party me = worker(ctx);
    Form form = Form.of(ctx);
    Optional<UUID> cannedId = form.id("antwoord");
    String clientId = form.text("clientId");
    withHandled(
        ctx,
        me,
        c -> {
          if (cannedId.isEmpty()) {
            Redirect.seeOther(ctx, "/chat-console/gesprekken/" + c.id() + "?melding=leeg");
            return Future.succeededFuture();
          }
          return chat.cannedText(cannedId.get(), c, phone)
              .compose(
                  text ->
                      text.isEmpty()
                          ? Future.succeededFuture(
                              (ChatService.SendResult) new ChatService.Refused("leeg"))
                          : chat.send(c.id(), me, clientId, text.get()))
              .onSuccess(result -> back(ctx, c, result));
        });
  }

  private void sendOffer(RoutingContext ctx) {
    Party me = worker(ctx);
    Form form = Form.of(ctx);
    Optional<UUID> offerId = form.id("aanbod");
    String clientId = form.text("clientId");
    withHandled(
        ctx,
        me,
        c -> {
          Locale locale = Locale.forLanguageTag(c.taal());
          Future<Optional<nl.wijkportaal.catalogue.Offer>> offer =
              offerId.isEmpty()
                  ? Future.succeededFuture(Optional.empty())
                  : catalogue.publishedById(offerId.get());
          return offer
              .compose(
                  found ->
                      found.isEmpty()
                          ? Future.succeededFuture(
                              (ChatService.SendResult) new ChatService.Refused("leeg"))
                          : chat.sendCard(
                              c.id(),
                              me,
                              clientId,
                              found.get().title(locale),
                              found.get().summary(locale),
                              "/aanbod/" + found.get().slug()))
              .onSuccess(result -> back(ctx, c, result));
        });
  }

  private void back(RoutingContext ctx, Conversation c, ChatService.SendResult result) {
    String path = "/chat-console/gesprekken/" + c.id();
    if (result instanceof ChatService.Refused refused) {
      Redirect.seeOther(ctx, path + "?melding=" + refused.reason() + "#bericht");
    } else {
      Redirect.seeOther(ctx, path + "#laatste");
    }
  }

  private void transfer(RoutingContext ctx) {
    Party me = worker(ctx);
    Optional<UUID> to = Form.of(ctx).id("collega");
    withHandled(
        ctx,
        me,
        c ->
            (to.isEmpty() ? Future.succeededFuture(false) : chat.transfer(c.id(), me, to.get()))
                .onSuccess(
                    done ->
                        Redirect.seeOther(
                            ctx,
                            done
                                ? "/chat-console"
                                : "/chat-console/gesprekken/"
                                    + c.id()
                                    + "?melding=console_transfer_failed")));
  }

  private void end(RoutingContext ctx) {
    Party me = worker(ctx);
    withHandled(
        ctx,
        me,
        c -> chat.end(c.id(), me).onSuccess(done -> Redirect.seeOther(ctx, "/chat-console")));
  }

  private void convert(RoutingContext ctx) {
    Party me = worker(ctx);
    Form form = Form.of(ctx);
    List<String> leefgebieden =
        form.all("leefgebieden").stream().filter(Codes.LEEFGEBIEDEN::contains).toList();
    String naam = form.text("naam");
    String telefoon = form.text("telefoon");
    String email = form.text("email");
    String postcode = form.text("postcode");
    boolean unreadable = form.unreadable();
    withHandled(
        ctx,
        me,
        c -> {
          String path = "/chat-console/gesprekken/" + c.id();
          if (c.itemId() != null) {
            Redirect.seeOther(ctx, path + "?melding=console_convert_already");
            return Future.succeededFuture();
          }
          boolean contactOk =
              (!telefoon.isEmpty() && telefoon.matches("[0-9+() -]{6,20}"))
                  || (!email.isEmpty()
                      && email.length() <= 200
                      && email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"));
          if (leefgebieden.isEmpty()
              || unreadable
              || !contactOk
              || naam.length() > 200
              || postcode.length() > 10) {
            Redirect.seeOther(ctx, path + "?melding=console_convert_error#omzetten");
            return Future.succeededFuture();
          }
          return chat.convert(
                  c.id(),
                  me,
                  leefgebieden,
                  new ChatService.Contact(naam, telefoon, email, postcode),
                  clientAddress.of(ctx))
              .onSuccess(
                  receipt ->
                      Redirect.seeOther(
                          ctx,
                          receipt.isPresent()
                              ? path + "?aanmelding=" + receipt.get().referentie() + "#laatste"
                              : path + "?melding=console_convert_already"));
        });
  }

  private interface Action {
    Future<?> on(Conversation c);
  }

  /** Runs {@code action} on a chat this worker handles now; otherwise back to the console. */
  private void withHandled(RoutingContext ctx, Party me, Action action) {
    Optional<UUID> id = ChatRoutes.uuid(ctx.pathParam("id"));
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    chat.visibleTo(id.get(), me)
        .compose(
            found -> {
              if (found.isEmpty()) {
                Redirect.seeOther(ctx, "/chat-console?melding=weg");
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

  // ---- canned answers (teamleider) ----

  private void cannedAdmin(RoutingContext ctx) {
    chat.canned()
        .onSuccess(
            list -> {
              Map<String, Object> model = new LinkedHashMap<>();
              model.put(
                  "canned",
                  list.stream()
                      .map(
                          a ->
                              Map.of("id", a.id().toString(), "title", a.title(), "body", a.body()))
                      .toList());
              if (ctx.queryParams().contains("fout")) {
                model.put("problem", messages.get(Language.of(ctx), "console.cannedAdmin.error"));
              }
              pages.render(ctx, "chat/canned", "console.cannedAdmin.title", model);
            })
        .onFailure(ctx::fail);
  }

  private void addCanned(RoutingContext ctx) {
    Form form = Form.of(ctx, "tekst");
    String title = form.required("titel", 80, "form.error.required");
    String body = form.required("tekst", 1000, "form.error.required");
    if (!form.ok()) {
      Redirect.seeOther(ctx, "/chat-console/standaardantwoorden?fout");
      return;
    }
    chat.addCanned(title, body)
        .onSuccess(v -> Redirect.seeOther(ctx, "/chat-console/standaardantwoorden"))
        .onFailure(ctx::fail);
  }

  private void deleteCanned(RoutingContext ctx) {
    Optional<UUID> id = ChatRoutes.uuid(ctx.pathParam("id"));
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    chat.deleteCanned(id.get())
        .onSuccess(v -> Redirect.seeOther(ctx, "/chat-console/standaardantwoorden"))
        .onFailure(ctx::fail);
  }
}
