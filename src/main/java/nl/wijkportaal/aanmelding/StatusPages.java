package nl.wijkportaal.aanmelding;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.Addition;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.ResidentStatus;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.InvalidInput;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form.Problem;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;

/**
 * The resident's private status link: the resident's view of the state and its dates, what they
 * added, and forms to add information or withdraw. A token that is not one gets the plain 404 page,
 * which says nothing about any item. Every page here goes out with {@code Cache-Control: no-store}
 * (Pages) and {@code Referrer-Policy: no-referrer} (SecurityHeaders): the address is the key.
 */
final class StatusPages {

  static final int ADDITION_LENGTH = 4000;
  private static final Set<String> DONE =
      Set.of("aangevuld", "ingetrokken", "gesloten", "heropend");

  private final Intake intake;
  private final Pages pages;
  private final ClientAddress clientAddress;
  private final ItemDates dates;

  StatusPages(Intake intake, Pages pages, ClientAddress clientAddress, ItemDates dates) {
    this.intake = intake;
    this.pages = pages;
    this.clientAddress = clientAddress;
    this.dates = dates;
  }

  void mount(Router router) {
    router.get("/aanmelden/status/:token").handler(this::show);
    router.post("/aanmelden/status/:token/aanvullen").handler(this::add);
    router.post("/aanmelden/status/:token/intrekken").handler(this::withdraw);
    router.post("/aanmelden/status/:token/heropenen").handler(this::reopen);
  }

  private void show(RoutingContext ctx) {
    String done = ctx.request().getParam("klaar");
    render(ctx, 200, done != null && DONE.contains(done) ? done : null, Map.of(), "");
  }

  private void add(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    StepForm form =
        StepForm.posted(
            List.of(Field.area("aanvulling", ADDITION_LENGTH)), ctx.request().formAttributes());
    if (!form.valid()) {
      render(
          ctx,
          400,
          null,
          Map.of("aanvulling", form.problem("aanvulling").orElseThrow()),
          form.text("aanvulling"));
      return;
    }
    intake
        .addFromResident(token, form.text("aanvulling"), actor(ctx))
        .onSuccess(added -> afterChange(ctx, token, added, "aangevuld"))
        .onFailure(
            failure -> {
              // The limit on additions is a field error beside the text, which stays typed.
              if (failure instanceof InvalidInput refused) {
                render(
                    ctx,
                    400,
                    null,
                    Map.of("aanvulling", new Problem("validation." + refused.code())),
                    form.text("aanvulling"));
              } else {
                ctx.fail(failure);
              }
            });
  }

  private void withdraw(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (!"ja".equals(ctx.request().getFormAttribute("bevestig"))) {
      render(ctx, 400, null, Map.of("bevestig", new Problem("aanmelding.error.bevestig")), "");
      return;
    }
    intake
        .withdraw(token, actor(ctx))
        .onSuccess(withdrawn -> afterChange(ctx, token, withdrawn, "ingetrokken"))
        .onFailure(ctx::fail);
  }

  /** Nazorg: "ik heb weer hulp nodig" within three months of closing reopens the request. */
  private void reopen(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    intake
        .reopenByResident(token, actor(ctx))
        .onSuccess(reopened -> afterChange(ctx, token, reopened, "heropend"))
        .onFailure(ctx::fail);
  }

  /**
   * Back to the status page with what happened; a closed request says so, an unknown token is a
   * 404.
   */
  private void afterChange(RoutingContext ctx, String token, boolean changed, String done) {
    if (changed) {
      Redirect.seeOther(ctx, "/aanmelden/status/" + token + "?klaar=" + done);
      return;
    }
    intake
        .knows(token)
        .onSuccess(
            known -> {
              if (known) {
                Redirect.seeOther(ctx, "/aanmelden/status/" + token + "?klaar=gesloten");
              } else {
                ctx.fail(404);
              }
            })
        .onFailure(ctx::fail);
  }

  private void render(
      RoutingContext ctx, int code, String done, Map<String, Problem> problems, String typed) {
    String token = ctx.pathParam("token");
    intake
        .status(token, actor(ctx))
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
                return;
              }
              pages.render(
                  ctx,
                  code,
                  "aanmelding/status",
                  "aanmelding.status.title",
                  model(ctx, token, found.get(), done, problems, typed));
            })
        .onFailure(ctx::fail);
  }

  private Map<String, Object> model(
      RoutingContext ctx,
      String token,
      ResidentStatus status,
      String done,
      Map<String, Problem> problems,
      String typed) {
    Locale locale = Language.of(ctx);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("action", "/aanmelden/status/" + token);
    model.put("referentie", status.referentie());
    model.put("state", pages.text(ctx, "inbox.resident.state." + status.view()));
    model.put("received", dates.dateTime(status.receivedAt(), locale));
    boolean waiting = status.open() && status.firstContactAt().isEmpty();
    model.put("due", waiting ? dates.dateTime(status.dueAt(), locale) : null);
    model.put("firstContact", status.firstContactAt().map(t -> dates.date(t, locale)).orElse(null));
    model.put("closed", status.closedAt().map(t -> dates.date(t, locale)).orElse(null));
    model.put("open", status.open());
    model.put("vraag", status.vraag().orElse(null));
    model.put("mayReopen", intake.mayReopen(status));
    model.put("reopened", "heropend".equals(done));
    model.put("crisis", status.open() && "crisis".equals(status.urgentie()));
    List<Map<String, Object>> additions = new ArrayList<>();
    for (Addition a : status.additions()) {
      if (a.door().equals("bewoner")) {
        additions.add(Map.of("when", dates.dateTime(a.addedAt(), locale), "text", a.tekst()));
      }
    }
    model.put("additions", additions);
    model.put("added", "aangevuld".equals(done));
    model.put("withdrawn", "ingetrokken".equals(done));
    model.put("alreadyClosed", "gesloten".equals(done));
    List<Map<String, String>> errors = new ArrayList<>();
    problems.forEach(
        (field, p) ->
            errors.add(Map.of("field", field, "message", pages.text(ctx, p.key(), p.args()))));
    model.put("errors", errors);
    model.put(
        "additionError", problems.containsKey("aanvulling") ? errors.get(0).get("message") : null);
    model.put(
        "confirmError", problems.containsKey("bevestig") ? errors.get(0).get("message") : null);
    model.put("typed", typed);
    model.put("maxLength", ADDITION_LENGTH);
    return model;
  }

  private Actor actor(RoutingContext ctx) {
    return Actor.resident(clientAddress.of(ctx));
  }
}
