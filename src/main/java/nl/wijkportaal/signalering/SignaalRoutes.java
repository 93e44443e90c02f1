package nl.wijkportaal.signalering;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.inbox.Addition;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.Postcode;
import nl.wijkportaal.inbox.SignaalDetail;
import nl.wijkportaal.inbox.SignaalSummary;
import nl.wijkportaal.platform.db.DatabaseUnavailable;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.InvalidInput;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;

/**
 * The melders' pages under {@code /signaleren}: the signal form, the organisation's signals and one
 * signal, with its content and an addition form only for whoever submitted it. Forms post back and
 * redirect; a refused or unsaved form comes back with everything typed.
 */
public final class SignaalRoutes {

  static final String BASE = "/signaleren";
  static final String LIST = BASE + "/meldingen";

  /** Session key of the one-time message on the signal page after a submit or an addition. */
  private static final String FLASH = "signalen.flash";

  private static final int PAGE_SIZE = 20;

  private final SignaalService signalen;
  private final Pages pages;
  private final ItemDates dates;
  private final ClientAddress addresses;

  public SignaalRoutes(
      SignaalService signalen, Pages pages, ItemDates dates, ClientAddress addresses) {
    this.signalen = signalen;
    this.pages = pages;
    this.dates = dates;
    this.addresses = addresses;
  }

  /** Mounts every page behind {@code guard} (melders only), which runs first on each of them. */
  public void mount(Router router, Handler<RoutingContext> guard) {
    router.route(BASE + "*").handler(guard);
    router.get(BASE).handler(this::form);
    router.post(BASE).handler(this::submit);
    router.get(LIST).handler(this::list);
    router.get(LIST + "/:id").handler(this::signal);
    router.post(LIST + "/:id/aanvullen").handler(this::add);
  }

  // ---- the form

  private void form(RoutingContext ctx) {
    renderForm(ctx, 200, SignaalForm.blank(), List.of(), false);
  }

  private void submit(RoutingContext ctx) {
    Account me = me(ctx);
    SignaalForm form = SignaalForm.submitted(ctx.request().formAttributes(), me);
    List<SignaalRules.Violation> violations = form.violations(signalen.check(form.signaal()));
    if (!violations.isEmpty()) {
      renderForm(ctx, 400, form, violations, false);
      return;
    }
    signalen
        .submit(
            form.signaal(),
            form.signaal().toJson(),
            Indiener.account(me, addresses.of(ctx)),
            Language.of(ctx))
        .onSuccess(receipt -> flashThenShow(ctx, "ontvangen", receipt.id()))
        .onFailure(
            e -> {
              if (DatabaseUnavailable.is(e)) {
                // Not stored: the melder keeps what they typed and can simply send it again.
                ctx.response()
                    .putHeader(
                        "Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
                renderForm(ctx, 503, form, List.of(), true);
              } else {
                ctx.fail(e);
              }
            });
  }

  private void renderForm(
      RoutingContext ctx,
      int status,
      SignaalForm form,
      List<SignaalRules.Violation> violations,
      boolean unavailable) {
    Account me = me(ctx);
    Map<String, Object> model = form.model(violations, pages.messages(), Language.of(ctx));
    model.put("melder", Map.of("name", me.name(), "organisation", me.organisation().name()));
    model.put("unavailable", unavailable);
    pages.render(ctx, status, "signalering/form", "signalen.form.title", model);
  }

  // ---- the organisation's signals

  private void list(RoutingContext ctx) {
    Account me = me(ctx);
    Indiener by = Indiener.account(me, addresses.of(ctx));
    String wanted = ctx.request().getParam("pagina");
    int page =
        wanted != null && wanted.matches("\\d{1,5}") ? Math.max(1, Integer.parseInt(wanted)) : 1;
    Locale locale = Language.of(ctx);
    signalen
        .list(by, page, PAGE_SIZE)
        .map(
            result -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              for (SignaalSummary s : result.signals()) {
                Map<String, Object> row = summary(ctx, s, locale);
                row.put("own", by.owns(s));
                rows.add(row);
              }
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("organisation", me.organisation().name());
              model.put("rows", rows);
              model.put("page", result.number());
              model.put("pages", result.pages());
              model.put("paged", result.pages() > 1);
              model.put(
                  "previous",
                  result.number() > 1 ? LIST + "?pagina=" + (result.number() - 1) : null);
              model.put(
                  "next",
                  result.number() < result.pages()
                      ? LIST + "?pagina=" + (result.number() + 1)
                      : null);
              return model;
            })
        .onSuccess(model -> pages.render(ctx, "signalering/list", "signalen.list.title", model))
        .onFailure(ctx::fail);
  }

  // ---- one signal

  private void signal(RoutingContext ctx) {
    UUID id = id(ctx);
    if (id != null) {
      show(ctx, 200, id, Map.of());
    }
  }

  private void add(RoutingContext ctx) {
    UUID id = id(ctx);
    if (id == null) {
      return;
    }
    String typed = ctx.request().getFormAttribute("tekst");
    String tekst = typed == null ? null : typed.strip();
    List<SignaalRules.Violation> violations = SignaalRules.checkAanvulling(tekst);
    if (!violations.isEmpty()) {
      String message =
          SignaalForm.message(
              "tekst", violations.get(0).code(), pages.messages(), Language.of(ctx));
      Map<String, Object> refused = new LinkedHashMap<>();
      refused.put("tekstValue", Form.controlCharacters(tekst, true) ? "" : tekst);
      refused.put("tekstError", message);
      refused.put("errors", List.of(Map.of("field", "tekst", "message", message)));
      show(ctx, 400, id, refused);
      return;
    }
    signalen
        .add(Indiener.account(me(ctx), addresses.of(ctx)), id, tekst)
        .onSuccess(
            outcome -> {
              switch (outcome.uitkomst()) {
                case TOEGEVOEGD -> flashThenShow(ctx, "aangevuld", id);
                case NIET_GEVONDEN -> ctx.fail(404);
                case NIET_EIGEN -> ctx.fail(403);
                case AFGEROND -> show(ctx, 409, id, Map.of("closedNow", true));
              }
            })
        .onFailure(
            failure -> {
              // The limit on additions is a field error beside the text, which stays typed.
              if (failure instanceof InvalidInput refused) {
                String message = pages.text(ctx, "validation." + refused.code());
                Map<String, Object> kept = new LinkedHashMap<>();
                kept.put("tekstValue", tekst);
                kept.put("tekstError", message);
                kept.put("errors", List.of(Map.of("field", "tekst", "message", message)));
                show(ctx, 400, id, kept);
              } else {
                ctx.fail(failure);
              }
            });
  }

  /**
   * The signal page: the summary for every melder of the organisation, the content for its
   * submitter only.
   */
  private void show(RoutingContext ctx, int status, UUID id, Map<String, Object> extra) {
    Indiener by = Indiener.account(me(ctx), addresses.of(ctx));
    signalen
        .one(by, id)
        // Built inside the chain: a mistake here fails the request instead of leaving it hanging.
        .map(found -> found.map(detail -> page(ctx, by, detail)))
        .onSuccess(
            page -> {
              if (page.isEmpty()) {
                ctx.fail(404);
                return;
              }
              Map<String, Object> model = page.get();
              if (status != 200 && !model.containsKey("own")) {
                ctx.fail(
                    403); // a refused addition to a colleague's signal: theirs to add to, not yours
                return;
              }
              model.putAll(extra);
              pages.renderTitled(
                  ctx, status, "signalering/signal", (String) model.get("heading"), model);
            })
        .onFailure(ctx::fail);
  }

  private Map<String, Object> page(RoutingContext ctx, Indiener by, SignaalDetail detail) {
    Locale locale = Language.of(ctx);
    SignaalSummary s = detail.summary();
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("heading", pages.text(ctx, "signalen.signal.title", s.referentie()));
    model.put("signal", summary(ctx, s, locale));
    if (by.owns(s)) {
      Signaal content = Signaal.fromJson(detail.inhoud());
      String flash = takeFlash(ctx, s.id());
      boolean received = "ontvangen".equals(flash);
      model.put("own", true);
      model.put("open", s.state().open());
      model.put("received", received);
      model.put("safety", received && content.veiligheidsadvies());
      model.put("noConsent", received && content.zonderToestemming());
      model.put("added", "aangevuld".equals(flash));
      model.put("content", content(ctx, content, locale));
      model.put("additions", additions(detail.additions(), locale));
      model.put("vraag", detail.vraag().orElse(null));
    }
    return model;
  }

  private Map<String, Object> summary(RoutingContext ctx, SignaalSummary s, Locale locale) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", s.id().toString());
    row.put("referentie", s.referentie());
    row.put("received", dates.date(s.receivedAt(), locale));
    row.put("receivedAt", dates.dateTime(s.receivedAt(), locale));
    row.put("status", pages.text(ctx, "inbox.melder.state." + s.view()));
    row.put("submittedBy", s.ingediendDoor());
    row.put("contact", s.swtContact().orElse(null));
    return row;
  }

  /** What the submitter sent, as label and lines, in the order of the form. */
  private List<Map<String, Object>> content(RoutingContext ctx, Signaal s, Locale locale) {
    List<Map<String, Object>> rows = new ArrayList<>();
    Signaal.Betrokkene b = s.betrokkene();
    row(rows, pages.text(ctx, "signalen.field.naam"), b.naam());
    row(
        rows,
        pages.text(ctx, "signalen.field.geboortedatum"),
        s.geboortedatum()
            .map(d -> DateTimeFormatter.ofPattern("d MMMM yyyy", locale).format(d))
            .orElse(b.geboortedatum()));
    row(
        rows,
        pages.text(ctx, "signalen.signal.address"),
        b.postcode() == null
            ? null
            : Postcode.normalise(b.postcode()).map(Postcode::display).orElse(b.postcode())
                + " "
                + b.huisnummer());
    row(rows, pages.text(ctx, "signalen.field.telefoon"), b.telefoon());
    row(
        rows,
        pages.text(ctx, "signalen.field.leefgebieden"),
        String.join(
            ", ",
            s.leefgebieden().stream().map(code -> pages.text(ctx, "leefgebied." + code)).toList()));
    row(rows, pages.text(ctx, "signalen.field.omschrijving"), s.omschrijving());
    row(
        rows,
        pages.text(ctx, "signalen.field.urgentie"),
        s.urgentie() == null ? null : pages.text(ctx, "signalen.urgentie." + s.urgentie()));
    row(rows, pages.text(ctx, "signalen.field.hulpBetrokken"), s.hulpBetrokken());
    row(rows, pages.text(ctx, "signalen.field.veiligheidszorg"), yesNo(ctx, s.veiligheidszorg()));
    row(
        rows,
        pages.text(ctx, "signalen.field.betrokkeneGeinformeerd"),
        yesNo(ctx, s.betrokkeneGeinformeerd()));
    row(
        rows,
        pages.text(ctx, "signalen.field.toestemming"),
        s.toestemming() == null
            ? null
            : pages.text(ctx, "signalen.toestemming." + s.toestemming()));
    if (s.melder() != null) {
      row(rows, pages.text(ctx, "signalen.field.melderTelefoon"), s.melder().telefoon());
    }
    return rows;
  }

  private static void row(List<Map<String, Object>> rows, String label, String value) {
    if (value != null && !value.isBlank()) {
      rows.add(Map.of("label", label, "lines", List.of(value.split("\\R"))));
    }
  }

  private String yesNo(RoutingContext ctx, Boolean value) {
    return value == null ? null : pages.text(ctx, "signalen.antwoord." + (value ? "ja" : "nee"));
  }

  private List<Map<String, Object>> additions(List<Addition> additions, Locale locale) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Addition a : additions) {
      rows.add(
          Map.of(
              "when",
              dates.dateTime(a.addedAt(), locale),
              "lines",
              List.of(a.tekst().split("\\R"))));
    }
    return rows;
  }

  // ---- one-time messages

  /** Remembers what just happened for the next page, then shows the signal (post/redirect/get). */
  private static void flashThenShow(RoutingContext ctx, String what, UUID id) {
    Session session = ctx.session();
    if (session != null) {
      session.put(FLASH, what + ":" + id);
    }
    Redirect.seeOther(ctx, LIST + "/" + id);
  }

  /** The message meant for this signal's page, once; another page's message stays for its page. */
  private static String takeFlash(RoutingContext ctx, UUID id) {
    Session session = ctx.session();
    Object flash = session == null ? null : session.get(FLASH);
    if (!(flash instanceof String text) || !text.endsWith(":" + id)) {
      return null;
    }
    session.remove(FLASH);
    return text.substring(0, text.indexOf(':'));
  }

  // ---- the request

  private static Account me(RoutingContext ctx) {
    return SignedInUser.of(ctx).orElseThrow().account();
  }

  /** The signal id of the path; a path that is no id is a page that does not exist. */
  private static UUID id(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ctx.fail(404);
      return null;
    }
  }
}
