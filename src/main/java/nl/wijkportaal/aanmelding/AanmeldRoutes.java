package nl.wijkportaal.aanmelding;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.catalogue.CatalogueService;
import nl.wijkportaal.catalogue.OfferQuery;
import nl.wijkportaal.catalogue.OfferView;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.db.DatabaseUnavailable;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.http.WellFormedRequest;
import nl.wijkportaal.platform.ratelimit.Decision;
import nl.wijkportaal.platform.ratelimit.Limit;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resident asks the wijkteam for help, without an account: a start page, one small group of
 * questions per page (answers kept in the session), a page to check everything, and a receipt with
 * the reference and the private status link. Works without JavaScript.
 */
public final class AanmeldRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AanmeldRoutes.class);

  /** The receipt, kept in the session for the one page that shows it. */
  static final String RECEIPT = "aanmelding.ontvangen";

  /** A field people never see (visually hidden, out of the tab order): only robots fill it. */
  static final String HONEYPOT = "website";

  private static final String BACK_TO_CHECK = "controleren";
  private static final int SUGGESTIONS = 3;

  private static final String STEP = "aanmelding/step";

  private final Intake intake;
  private final CatalogueService catalogue;
  private final OfferView offers;
  private final Messages messages;
  private final Pages pages;
  private final ClientAddress clientAddress;
  private final Limit submissions;
  private final String publicUrl;
  private final Clock clock;
  private final StepPage stepPage;
  private final ItemDates dates;
  private final StatusPages status;

  public AanmeldRoutes(
      Intake intake,
      CatalogueService catalogue,
      OfferView offers,
      Messages messages,
      Pages pages,
      ClientAddress clientAddress,
      Limit submissionsPerAddress,
      String publicUrl,
      Clock clock) {
    this.intake = intake;
    this.catalogue = catalogue;
    this.offers = offers;
    this.messages = messages;
    this.pages = pages;
    this.clientAddress = clientAddress;
    this.submissions = submissionsPerAddress;
    this.publicUrl = publicUrl;
    this.clock = clock;
    this.stepPage = new StepPage(messages, intake);
    this.dates = new ItemDates(messages);
    this.status = new StatusPages(intake, pages, clientAddress, dates);
  }

  public void mount(Router router) {
    router.get("/aanmelden").handler(this::start);
    router.post("/aanmelden").handler(this::submit);
    // Before /aanmelden/:stap, which would take "ontvangen" for a step.
    router.get("/aanmelden/ontvangen").handler(this::received);
    status.mount(router);
    router.get("/aanmelden/:stap").handler(this::step);
    router.post("/aanmelden/:stap").handler(this::answer);
  }

  // ---- start

  private void start(RoutingContext ctx) {
    Aanmelding answers = Aanmelding.in(ctx.session());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("first", Step.VOOR_WIE.path());
    model.put(
        "resume",
        answers.isEmpty() ? null : answers.firstUnanswered().orElse(Step.CONTROLEREN).path());
    pages.render(ctx, "aanmelding/start", "aanmelding.start.title", model);
  }

  // ---- the questions

  private void step(RoutingContext ctx) {
    Optional<Step> wanted = Step.of(ctx.pathParam("stap"));
    if (wanted.isEmpty()) {
      ctx.fail(404);
      return;
    }
    Step step = wanted.get();
    Aanmelding answers = Aanmelding.in(ctx.session());
    Optional<Step> missing = answers.firstUnanswered();
    List<Step> steps = answers.steps();
    if (!answers.applies(step)) {
      Redirect.seeOther(ctx, missing.orElse(Step.CONTROLEREN).path());
      return;
    }
    if (missing.isPresent() && steps.indexOf(missing.get()) < steps.indexOf(step)) {
      // An expired session or a bookmark: start where the answers stop.
      Redirect.seeOther(ctx, missing.get().path() + (answers.isEmpty() ? "?verlopen=1" : ""));
      return;
    }
    if (step == Step.CONTROLEREN) {
      check(ctx, answers);
      return;
    }
    if (kept(ctx, step) && pages.sendKept(ctx, STEP, step.slug(), null, null)) {
      return;
    }
    // A returning resident's page of choices, found by the answers that make it: no model built.
    ByAnswers byAnswers = byAnswers(ctx, step, answers);
    if (byAnswers != null && pages.sendKept(ctx, STEP, byAnswers, null, null)) {
      return;
    }
    boolean backToCheck = BACK_TO_CHECK.equals(ctx.request().getParam("terug"));
    StepForm form = StepForm.showing(Questions.of(step, answers.forSomeoneElse()), answers);
    show(
        ctx,
        200,
        step,
        answers,
        form,
        backToCheck,
        ctx.request().getParam("verlopen") != null,
        byAnswers);
  }

  /**
   * What a returning resident's page of choices follows from, besides the language, the address and
   * the layout that {@link Pages#sendKept} checks: the step, whether they write for someone else
   * (the pages, their number, the way back), whether they chose a crisis (the crisis numbers) and
   * the options they chose on this page (checked). Nothing they typed. The page's model is a
   * function of these ({@link StepPage#model} for a valid form of choices shown without a query
   * string: no deadline, no suggested offers), so the kept page is found without building it.
   */
  private record ByAnswers(
      Step step, boolean forSomeoneElse, boolean crisis, List<List<String>> chosen) {}

  /**
   * The key of {@link ByAnswers} for a step of choices only, shown to a resident with a session at
   * an address without a query string ({@link Pages#keepable}); null for any other page.
   */
  private ByAnswers byAnswers(RoutingContext ctx, Step step, Aanmelding answers) {
    if (ctx.session() == null
        || !pages.keepable(ctx)
        || ctx.get(WellFormedRequest.MALFORMED) != null) {
      return null;
    }
    List<Field> fields = Questions.of(step, answers.forSomeoneElse());
    List<List<String>> chosen = new ArrayList<>(fields.size());
    for (Field f : fields) {
      if (!f.choice()) {
        return null;
      }
      chosen.add(answers.chosen(f.name()));
    }
    return new ByAnswers(step, answers.forSomeoneElse(), answers.crisis(), chosen);
  }

  private void answer(RoutingContext ctx) {
    Optional<Step> posted = Step.of(ctx.pathParam("stap")).filter(s -> s != Step.CONTROLEREN);
    if (posted.isEmpty()) {
      ctx.fail(404);
      return;
    }
    Step step = posted.get();
    Aanmelding answers = Aanmelding.in(ctx.session());
    if (!answers.applies(step)) {
      Redirect.seeOther(ctx, answers.firstUnanswered().orElse(Step.CONTROLEREN).path());
      return;
    }
    boolean backToCheck = BACK_TO_CHECK.equals(ctx.request().getFormAttribute("terug"));
    StepForm form =
        StepForm.posted(
            Questions.of(step, answers.forSomeoneElse()), ctx.request().formAttributes(), today());
    if (!form.valid()) {
      show(ctx, 400, step, answers, form, backToCheck, false, null);
      return;
    }
    form.applyTo(answers);
    answers.keepIn(Sessions.start(ctx));
    if (backToCheck) {
      // A changed answer can open a page not yet answered ("for someone else"): that first.
      Optional<Step> missing = answers.firstUnanswered();
      Redirect.seeOther(
          ctx,
          missing.map(s -> s.path() + "?terug=" + BACK_TO_CHECK).orElse(Step.CONTROLEREN.path()));
    } else {
      Redirect.seeOther(ctx, answers.after(step).path());
    }
  }

  private void show(
      RoutingContext ctx,
      int status,
      Step step,
      Aanmelding answers,
      StepForm form,
      boolean backToCheck,
      boolean expired,
      ByAnswers byAnswers) {
    Locale locale = Language.of(ctx);
    Map<String, Object> model = stepPage.model(step, answers, form, locale, backToCheck);
    model.put("expired", expired);
    String heading = (String) model.get("heading");
    String title = form.valid() ? heading : messages.get(locale, "aanmelding.title.error", heading);
    Future<List<Map<String, Object>>> suggested =
        step == Step.VRAAG ? suggestions(answers, locale) : Future.succeededFuture(List.of());
    suggested
        .onSuccess(
            found -> {
              model.put("offers", found);
              // Shown with the offers only: a page without them does not depend on the topics.
              model.put("moreOffers", found.isEmpty() ? null : moreOffers(answers));
              if (status == 200 && kept(ctx, step)) {
                pages.renderKept(ctx, STEP, step.slug(), null, null, null, title, model);
              } else if (status == 200 && byAnswers != null) {
                pages.renderKept(ctx, STEP, byAnswers, null, null, null, title, model);
              } else if (status == 200 && choicesOnly(step, answers)) {
                // A returning resident's page of choices: few variants, nothing they typed.
                pages.renderByModel(ctx, STEP, title, model);
              } else {
                pages.renderTitled(ctx, status, STEP, title, model);
              }
            })
        .onFailure(ctx::fail);
  }

  /**
   * Whether the step's page is the same for every visitor who asks for it: one who has answered
   * nothing (no session, so no answers; without a query string, so neither "back to the check" nor
   * "expired") sees the first question, whose page holds nothing of theirs but the CSRF token
   * ({@link Pages#renderKept} puts each request's own in). Only the first question: the later ones
   * hold suggested offers or deadlines of today.
   */
  private boolean kept(RoutingContext ctx, Step step) {
    return step == Step.VOOR_WIE && ctx.session() == null && pages.keepable(ctx);
  }

  /**
   * Whether every question of the step is a choice among fixed options: its page, with the answers
   * checked, holds nothing the resident typed, so it may be kept by its model ({@link
   * Pages#renderByModel}).
   */
  private static boolean choicesOnly(Step step, Aanmelding answers) {
    return Questions.of(step, answers.forSomeoneElse()).stream().allMatch(Field::choice);
  }

  /**
   * "Dit kun je misschien ook zelf regelen": a few offers for the chosen leefgebieden; never in the
   * way.
   */
  private Future<List<Map<String, Object>>> suggestions(Aanmelding answers, Locale locale) {
    OfferQuery query =
        new OfferQuery(
            "",
            answers.chosen("leefgebieden"),
            List.of(),
            List.of(),
            false,
            List.of(),
            Optional.empty(),
            1,
            SUGGESTIONS);
    return catalogue
        .search(query, false, false)
        .map(result -> result.offers().stream().map(o -> offers.card(o, locale)).toList())
        .otherwise(
            failure -> {
              LOG.warn("No offers to suggest on the aanmelding: {}", failure.toString());
              return List.of();
            });
  }

  private static String moreOffers(Aanmelding answers) {
    QueryStringEncoder link = new QueryStringEncoder("/aanbod");
    answers.chosen("leefgebieden").forEach(code -> link.addParam("leefgebied", code));
    return link.toString();
  }

  private void check(RoutingContext ctx, Aanmelding answers) {
    Locale locale = Language.of(ctx);
    List<Map<String, Object>> sections = new ArrayList<>();
    for (Step step : answers.steps()) {
      if (step == Step.CONTROLEREN) {
        continue;
      }
      StepForm shown = StepForm.showing(Questions.of(step, answers.forSomeoneElse()), answers);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Field f : Questions.of(step, answers.forSomeoneElse())) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label", messages.get(locale, f.labelKey()));
        row.put("value", shownValue(f, shown, locale));
        row.put("long", f.kind() == Field.Kind.AREA);
        row.put("change", step.path() + "?terug=" + BACK_TO_CHECK + "#" + f.anchor());
        rows.add(row);
      }
      String heading = stepPage.heading(step, answers, locale);
      // A page of one question: its row says it all.
      boolean sameAsRow = rows.size() == 1 && heading.equals(rows.get(0).get("label"));
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("heading", sameAsRow ? null : heading);
      section.put("rows", rows);
      sections.add(section);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("sections", sections);
    model.put("crisisChosen", answers.crisis());
    model.put("previous", answers.before(Step.CONTROLEREN).map(Step::path).orElse("/aanmelden"));
    model.put("honeypot", HONEYPOT);
    pages.render(ctx, "aanmelding/check", "aanmelding.step.controleren", model);
  }

  private String shownValue(Field f, StepForm shown, Locale locale) {
    if (f.choice()) {
      List<String> labels =
          shown.chosen(f.name()).stream()
              .map(o -> messages.get(locale, f.optionLabelKey(o)))
              .toList();
      return labels.isEmpty()
          ? messages.get(locale, "aanmelding.check.empty")
          : String.join(", ", labels);
    }
    String text = shown.text(f.name());
    return text.isEmpty() ? messages.get(locale, "aanmelding.check.empty") : text;
  }

  // ---- sending

  private void submit(RoutingContext ctx) {
    String trap = ctx.request().getFormAttribute(HONEYPOT);
    if (trap != null && !trap.isBlank()) {
      // Whatever filled it gets a thank-you like anyone else, and nothing is stored.
      Session session = Sessions.start(ctx);
      Aanmelding.forget(session);
      session.put(RECEIPT, new JsonObject().put("neutraal", true).encode());
      Redirect.seeOther(ctx, "/aanmelden/ontvangen");
      return;
    }
    Aanmelding answers = Aanmelding.in(ctx.session());
    Optional<Step> missing = answers.firstUnanswered();
    if (missing.isPresent()) {
      Redirect.seeOther(ctx, missing.get().path() + (answers.isEmpty() ? "?verlopen=1" : ""));
      return;
    }
    String address = clientAddress.of(ctx);
    NewItem item = answers.item(Language.of(ctx));
    submissions
        .tryConsume(address)
        .otherwise(
            failure -> {
              // A request for help outweighs a missed limit: let it through rather than refuse.
              LOG.warn(
                  "The submission limit could not answer; letting the aanmelding through: {}",
                  failure.toString());
              return Decision.allow();
            })
        .onSuccess(
            decision -> {
              if (!decision.allowed()) {
                limited(ctx, decision);
                return;
              }
              intake
                  .submit(item, Actor.resident(address))
                  .onSuccess(receipt -> stored(ctx, receipt, item))
                  .onFailure(failure -> notStored(ctx, failure));
            })
        .onFailure(ctx::fail);
  }

  private void stored(RoutingContext ctx, Receipt receipt, NewItem item) {
    JsonObject shown =
        new JsonObject()
            .put("referentie", receipt.referentie())
            .put("dueAt", receipt.dueAt().toInstant().toString())
            .put("urgentie", receipt.urgentie())
            .put("token", receipt.statusToken().orElse(null))
            .put("email", item.bewonerEmail());
    Session session = Sessions.start(ctx);
    Aanmelding.forget(session);
    session.put(RECEIPT, shown.encode());
    Redirect.seeOther(ctx, "/aanmelden/ontvangen");
  }

  /** Too many from this address: the answers stay, and the phone always works. */
  private void limited(RoutingContext ctx, Decision decision) {
    ctx.response().putHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
    pages.render(
        ctx,
        429,
        "aanmelding/limited",
        "aanmelding.limited.title",
        Map.of("back", Step.CONTROLEREN.path()));
  }

  private void notStored(RoutingContext ctx, Throwable failure) {
    if (!DatabaseUnavailable.is(failure)) {
      ctx.fail(failure);
      return;
    }
    LOG.warn("Aanmelding not stored, the database is unavailable: {}", failure.toString());
    ctx.response()
        .putHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
    pages.render(
        ctx,
        503,
        "aanmelding/unavailable",
        "aanmelding.unavailable.title",
        Map.of("back", Step.CONTROLEREN.path()));
  }

  // ---- the receipt

  private void received(RoutingContext ctx) {
    String kept = ctx.session() == null ? null : ctx.session().remove(RECEIPT);
    JsonObject receipt;
    try {
      receipt = kept == null ? null : new JsonObject(kept);
    } catch (RuntimeException e) {
      receipt = null;
    }
    if (receipt == null) {
      Redirect.seeOther(ctx, "/aanmelden");
      return;
    }
    Map<String, Object> model = new LinkedHashMap<>();
    if (receipt.getBoolean("neutraal", false)) {
      model.put("neutral", true);
      pages.render(ctx, "aanmelding/received", "aanmelding.received.title", model);
      return;
    }
    Locale locale = Language.of(ctx);
    String statusPath = "/aanmelden/status/" + receipt.getString("token");
    model.put("referentie", receipt.getString("referentie"));
    model.put("due", dates.dateTime(Instant.parse(receipt.getString("dueAt")), locale));
    model.put("crisis", "crisis".equals(receipt.getString("urgentie")));
    model.put("statusPath", statusPath);
    model.put("statusUrl", publicUrl + statusPath);
    model.put("email", receipt.getString("email"));
    pages.render(ctx, "aanmelding/received", "aanmelding.received.title", model);
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(WorkingDayCalendar.ZONE));
  }
}
