package nl.wijkportaal.insight;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.ratelimit.Limit;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;
import nl.wijkportaal.triage.TriageRefusal;

/**
 * {@code /klacht}: a resident files a complaint about the SWT's service without an account (one
 * page, works without JavaScript), and gets a receipt page and a receipt mail with the handling
 * term. {@code /inbox/klachten/:id}: the teamleider's page of a complaint's Awb clock, to extend
 * the term once or to close it as admissible or not, resolved or not.
 */
public final class KlachtRoutes {

  static final String HONEYPOT = "website";
  private static final String RECEIPT = "klacht.ontvangen";
  private static final List<String> FIELDS =
      List.of("naam", "email", "telefoon", "referentie", "postcode", "omschrijving");

  private final Complaints complaints;
  private final Pages pages;
  private final ItemDates dates;
  private final ClientAddress clientAddress;
  private final Limit submissions;

  public KlachtRoutes(
      Complaints complaints,
      Pages pages,
      ItemDates dates,
      ClientAddress clientAddress,
      Limit submissions) {
    this.complaints = complaints;
    this.pages = pages;
    this.dates = dates;
    this.clientAddress = clientAddress;
    this.submissions = submissions;
  }

  /** {@code teamleider}: lets through accounts with role teamleider (identity's check). */
  public void mount(Router router, Handler<RoutingContext> teamleider) {
    router.get("/klacht").handler(ctx -> form(ctx, 200, Map.of(), Map.of()));
    router.post("/klacht").handler(this::submit);
    router.get("/klacht/ontvangen").handler(this::received);
    router.get("/inbox/klachten/:id").handler(teamleider).handler(this::clock);
    router.post("/inbox/klachten/:id/verlengen").handler(teamleider).handler(this::extend);
    router.post("/inbox/klachten/:id/afhandelen").handler(teamleider).handler(this::decide);
  }

  // ---- The resident ----

  private void form(
      RoutingContext ctx,
      int status,
      Map<String, String> values,
      Map<String, Form.Problem> problems) {
    Map<String, Object> model = new LinkedHashMap<>();
    Map<String, String> shown = new LinkedHashMap<>();
    FIELDS.forEach(f -> shown.put(f, values.getOrDefault(f, "")));
    model.put("values", shown);
    model.put("honeypot", HONEYPOT);
    if (!problems.isEmpty()) {
      Map<String, String> byField = new LinkedHashMap<>();
      problems.forEach((field, p) -> byField.put(field, pages.text(ctx, p.key())));
      model.putAll(Form.errorModel(byField, Map.of()));
    }
    pages.render(ctx, status, "insight/klacht", "insight.klacht.title", model);
  }

  private void submit(RoutingContext ctx) {
    Form form = Form.of(ctx, "omschrijving");
    Map<String, String> values = new LinkedHashMap<>();
    for (String f : FIELDS) {
      String v = form.text(f);
      values.put(f, v.length() > 5000 ? v.substring(0, 5000) : v);
    }
    Locale taal = Language.of(ctx);
    Complaints.Complaint c =
        new Complaints.Complaint(
            values.get("naam"),
            values.get("email"),
            values.get("telefoon"),
            values.get("referentie"),
            values.get("postcode"),
            values.get("omschrijving"),
            taal);
    Map<String, Form.Problem> problems = Complaints.check(c);
    if (!problems.isEmpty()) {
      form(ctx, 400, values, problems);
      return;
    }
    if (!form.text(HONEYPOT).isEmpty()) {
      // A robot gets the same thank-you page, and nothing is stored.
      Sessions.start(ctx).put(RECEIPT, new JsonObject().put("neutraal", true).encode());
      Redirect.seeOther(ctx, "/klacht/ontvangen");
      return;
    }
    String address = clientAddress.of(ctx);
    submissions
        .tryConsume(address)
        .compose(
            decision -> {
              if (!decision.allowed()) {
                ctx.response()
                    .putHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
                form(
                    ctx,
                    429,
                    values,
                    Map.of("omschrijving", new Form.Problem("insight.klacht.error.tooMany")));
                return io.vertx.core.Future.succeededFuture();
              }
              return complaints
                  .submit(c, Actor.resident(address))
                  .map(
                      receipt -> {
                        Sessions.start(ctx)
                            .put(
                                RECEIPT,
                                new JsonObject()
                                    .put("referentie", receipt.referentie())
                                    .put("termijn", receipt.dueAt().toInstant().toString())
                                    .encode());
                        Redirect.seeOther(ctx, "/klacht/ontvangen");
                        return null;
                      });
            })
        .onFailure(ctx::fail);
  }

  private void received(RoutingContext ctx) {
    Session session = ctx.session();
    Object stored = session == null ? null : session.get(RECEIPT);
    if (!(stored instanceof String text)) {
      Redirect.seeOther(ctx, "/klacht");
      return;
    }
    JsonObject receipt = new JsonObject(text);
    Map<String, Object> model = new LinkedHashMap<>();
    if (!receipt.getBoolean("neutraal", false)) {
      model.put("referentie", receipt.getString("referentie"));
      model.put(
          "termijn",
          dates.date(java.time.Instant.parse(receipt.getString("termijn")), Language.of(ctx)));
    }
    pages.render(ctx, "insight/klacht-ontvangen", "insight.klacht.received.title", model);
  }

  // ---- The teamleider ----

  private Optional<Viewer> viewer(RoutingContext ctx) {
    Account account = SignedInUser.of(ctx).orElseThrow().account();
    return Viewer.mayUse(account)
        ? Optional.of(Viewer.of(account, clientAddress.of(ctx)))
        : Optional.empty();
  }

  private static Optional<UUID> id(RoutingContext ctx) {
    try {
      return Optional.of(UUID.fromString(ctx.pathParam("id")));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private void clock(RoutingContext ctx) {
    show(ctx, 200, Map.of(), null);
  }

  private void show(RoutingContext ctx, int status, Map<String, String> fieldErrors, String alert) {
    Optional<Viewer> v = viewer(ctx);
    Optional<UUID> id = id(ctx);
    if (v.isEmpty() || id.isEmpty()) {
      ctx.fail(v.isEmpty() ? 403 : 404);
      return;
    }
    Locale l = Language.of(ctx);
    complaints
        .clock(v.get(), id.get())
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
                return;
              }
              Complaints.Clock c = found.get();
              boolean open =
                  !List.of("afgesloten", "ingetrokken", "samengevoegd").contains(c.state());
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("id", c.id().toString());
              model.put("referentie", c.referentie());
              model.put("version", c.version());
              model.put("ontvangen", dates.date(c.receivedAt(), l));
              model.put("termijn", dates.date(c.dueAt(), l));
              model.put("verlengd", c.extendedAt().map(t -> dates.date(t, l)).orElse(null));
              model.put("mayExtend", open && c.extendedAt().isEmpty());
              model.put("mayDecide", open);
              model.put(
                  "ontvankelijk",
                  c.ontvankelijk()
                      .map(b -> pages.text(ctx, b ? "insight.label.ja" : "insight.label.nee"))
                      .orElse(null));
              model.put(
                  "opgelost",
                  c.opgelost()
                      .map(b -> pages.text(ctx, b ? "insight.label.ja" : "insight.label.nee"))
                      .orElse(null));
              model.put(
                  "done",
                  ctx.queryParams().get("klaar") == null
                      ? null
                      : pages.text(ctx, "insight.klacht.done"));
              model.put("alert", alert);
              if (!fieldErrors.isEmpty()) {
                model.put(
                    "errors",
                    fieldErrors.entrySet().stream()
                        .map(e -> Map.of("field", e.getKey(), "message", e.getValue()))
                        .toList());
                model.put("fieldErrors", fieldErrors);
              }
              pages.render(ctx, status, "insight/klacht-klok", "insight.klacht.clock.title", model);
            })
        .onFailure(ctx::fail);
  }

  private static int version(RoutingContext ctx) {
    return Form.of(ctx).version();
  }

  private void extend(RoutingContext ctx) {
    Optional<Viewer> v = viewer(ctx);
    Optional<UUID> id = id(ctx);
    if (v.isEmpty() || id.isEmpty()) {
      ctx.fail(v.isEmpty() ? 403 : 404);
      return;
    }
    String reden = Form.of(ctx, "reden").text("reden");
    if (reden.isEmpty() || reden.length() > 300) {
      show(ctx, 400, Map.of("reden", pages.text(ctx, "insight.klacht.error.reden")), null);
      return;
    }
    complaints
        .extend(v.get(), id.get(), version(ctx), reden)
        .onSuccess(x -> Redirect.seeOther(ctx, "/inbox/klachten/" + id.get() + "?klaar=verlengd"))
        .onFailure(e -> refused(ctx, e));
  }

  private void decide(RoutingContext ctx) {
    Optional<Viewer> v = viewer(ctx);
    Optional<UUID> id = id(ctx);
    if (v.isEmpty() || id.isEmpty()) {
      ctx.fail(v.isEmpty() ? 403 : 404);
      return;
    }
    Form form = Form.of(ctx, "reden");
    String ontvankelijk = form.text("ontvankelijk");
    String opgelost = form.text("opgelost");
    String reden = form.text("reden");
    Map<String, String> problems = new LinkedHashMap<>();
    if (!"ja".equals(ontvankelijk) && !"nee".equals(ontvankelijk)) {
      problems.put("ontvankelijk", pages.text(ctx, "insight.klacht.error.ontvankelijk"));
    }
    if ("ja".equals(ontvankelijk) && !"ja".equals(opgelost) && !"nee".equals(opgelost)) {
      problems.put("opgelost", pages.text(ctx, "insight.klacht.error.opgelost"));
    }
    if (reden.isEmpty() || reden.length() > 300) {
      problems.put("besluit-reden", pages.text(ctx, "insight.klacht.error.reden"));
    }
    if (!problems.isEmpty()) {
      show(ctx, 400, problems, null);
      return;
    }
    complaints
        .decide(
            v.get(),
            id.get(),
            version(ctx),
            "ja".equals(ontvankelijk),
            "ja".equals(opgelost),
            reden)
        .onSuccess(
            x -> Redirect.seeOther(ctx, "/inbox/klachten/" + id.get() + "?klaar=afgehandeld"))
        .onFailure(e -> refused(ctx, e));
  }

  private void refused(RoutingContext ctx, Throwable e) {
    if (!(e instanceof TriageRefusal r)) {
      ctx.fail(e);
      return;
    }
    switch (r.kind()) {
      case NOT_FOUND -> ctx.fail(404);
      case INVALID -> show(ctx, 409, Map.of(), pages.text(ctx, r.messageKey()));
      default -> show(ctx, 409, Map.of(), pages.text(ctx, "insight.klacht.error.changed"));
    }
  }
}
