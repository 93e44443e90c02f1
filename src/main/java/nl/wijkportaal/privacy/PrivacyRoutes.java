package nl.wijkportaal.privacy;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.Referentie;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;

/**
 * {@code /beheer/privacy}: the beheerder handles a resident's request to see (export) or erase what
 * is held about them. The search is a POST, so names and dates of birth never end up in an address
 * bar or access log.
 */
public final class PrivacyRoutes {

  /** The most items one request exports or anonymises (the ticked boxes of one person). */
  private static final int MAX_ITEMS = 200;

  private final PersonRequests requests;
  private final Pages pages;
  private final ClientAddress clientAddress;
  private final ItemDates dates;

  public PrivacyRoutes(
      PersonRequests requests, Pages pages, ClientAddress clientAddress, ItemDates dates) {
    this.requests = requests;
    this.pages = pages;
    this.clientAddress = clientAddress;
    this.dates = dates;
  }

  public void mount(Router router, Handler<RoutingContext> beheerder) {
    router.get("/beheer/privacy").handler(beheerder).handler(this::form);
    router.post("/beheer/privacy").handler(beheerder).handler(this::search);
    router.post("/beheer/privacy/export").handler(beheerder).handler(this::export);
    router.post("/beheer/privacy/wissen").handler(beheerder).handler(this::erase);
  }

  private void form(RoutingContext ctx) {
    Map<String, Object> model = new LinkedHashMap<>();
    String done = ctx.queryParams().get("gewist");
    if (done != null && done.matches("\\d{1,4}")) {
      model.put("done", pages.text(ctx, "inbox.privacy.erased", Integer.parseInt(done)));
    }
    render(ctx, 200, model);
  }

  private void search(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String naam = field(form, "naam");
    String geboortedatum = field(form, "geboortedatum");
    String postcode = field(form, "postcode");
    String huisnummer = field(form, "huisnummer");
    String referentie = field(form, "referentie");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put(
        "values",
        Map.of(
            "naam",
            naam,
            "geboortedatum",
            geboortedatum,
            "postcode",
            postcode,
            "huisnummer",
            huisnummer,
            "referentie",
            referentie));
    Optional<LocalDate> born = Form.parseDate(geboortedatum);
    boolean byReference = Referentie.looksValid(referentie);
    Map<String, String> errors = new LinkedHashMap<>();
    if (!byReference) {
      if (born.isEmpty()) {
        errors.put("geboortedatum", "inbox.privacy.error.born");
      }
      if (naam.isEmpty() && (postcode.isEmpty() || huisnummer.isEmpty())) {
        errors.put("naam", "inbox.privacy.error.who");
      }
    }
    if (!errors.isEmpty()) {
      errors(ctx, model, errors);
      render(ctx, 400, model);
      return;
    }
    Subject subject = new Subject(naam, born.orElse(null), postcode, huisnummer);
    requests
        .find(
            subject,
            byReference ? Optional.of(referentie) : Optional.empty(),
            entry(ctx, "person.searched"))
        .onSuccess(
            found -> {
              model.put("searched", true);
              model.put("found", rows(ctx, found));
              render(ctx, 200, model);
            })
        .onFailure(ctx::fail);
  }

  private void export(RoutingContext ctx) {
    List<UUID> items = Form.of(ctx).uuids("item", MAX_ITEMS);
    if (items.isEmpty()) {
      Redirect.seeOther(ctx, "/beheer/privacy");
      return;
    }
    requests
        .export(
            items, entry(ctx, "item.exported").because("inzageverzoek betrokkene (AVG art. 15)"))
        .onSuccess(
            json ->
                Sessions.flushThen(
                    ctx,
                    () ->
                        ctx.response()
                            .putHeader("Content-Type", "application/json; charset=utf-8")
                            .putHeader(
                                "Content-Disposition", "attachment; filename=\"inzage.json\"")
                            .putHeader("Cache-Control", "no-store")
                            .end(json.encodePrettily())))
        .onFailure(ctx::fail);
  }

  private void erase(RoutingContext ctx) {
    Form form = Form.of(ctx);
    List<UUID> items = form.uuids("item", MAX_ITEMS);
    String reason = field(form, "reden");
    if (items.isEmpty()
        || !"ja".equals(field(form, "bevestig"))
        || reason.isEmpty()
        || reason.length() > 300) {
      // The request's items stay on the page, so the beheerder can confirm and try again.
      requests
          .describe(items)
          .onSuccess(
              found -> {
                Map<String, Object> model = new LinkedHashMap<>();
                errors(ctx, model, Map.of("bevestig", "inbox.privacy.error.confirm"));
                model.put("searched", true);
                model.put("found", rows(ctx, found));
                render(ctx, 400, model);
              })
          .onFailure(ctx::fail);
      return;
    }
    requests
        .erase(
            items,
            entry(ctx, "item.anonymised").because("verzoek betrokkene (AVG art. 17): " + reason))
        .onSuccess(n -> Redirect.seeOther(ctx, "/beheer/privacy?gewist=" + n))
        .onFailure(ctx::fail);
  }

  private List<Map<String, Object>> rows(RoutingContext ctx, List<PersonRequests.Found> found) {
    Locale locale = Language.of(ctx);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PersonRequests.Found f : found) {
      rows.add(
          Map.of(
              "id",
              f.id().toString(),
              "referentie",
              f.referentie(),
              "kanaal",
              pages.text(ctx, "triage.kanaal." + f.kanaal()),
              "ontvangen",
              dates.date(f.receivedAt(), locale),
              "state",
              pages.text(ctx, "triage.state." + f.state().code()),
              "anonymised",
              f.anonymised()));
    }
    return rows;
  }

  private void render(RoutingContext ctx, int status, Map<String, Object> model) {
    model.putIfAbsent("values", Map.of());
    model.putIfAbsent("fieldErrors", Map.of());
    pages.render(ctx, status, "beheer/privacy", "inbox.privacy.title", model);
  }

  private void errors(RoutingContext ctx, Map<String, Object> model, Map<String, String> keys) {
    Map<String, String> texts = new LinkedHashMap<>();
    keys.forEach((field, key) -> texts.put(field, pages.text(ctx, key)));
    model.putAll(Form.errorModel(texts, Map.of()));
  }

  private AuditEntry entry(RoutingContext ctx, String action) {
    Account me = SignedInUser.of(ctx).orElseThrow().account();
    return AuditEntry.of(action)
        .account(me.id().toString(), me.name(), "beheerder")
        .organisation(me.organisation().id().toString())
        .from(clientAddress.of(ctx));
  }

  /** A one-line field of at most 200 characters; empty when longer (or unreadable). */
  private static String field(Form form, String name) {
    String v = form.text(name);
    return v.length() > 200 ? "" : v;
  }
}
