package nl.wijkportaal.triage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.wijkportaal.catalogue.Codes;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Postcode;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.FieldViews;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * {@code /inbox/nieuw}: a worker registers a phone call, a walk-in at the balie or a home visit.
 * The item gets the same fields and clock as any other, and is claimed by the worker who registered
 * it. A form with errors comes back with everything that was typed.
 */
final class RegisterPage {

  /** How the person found the wijkteam: the aanmelding's codes, so the KPI counts one list. */
  static final List<String> GEVONDEN_VIA =
      List.of("huisarts", "school", "website", "familie_vrienden", "wijkteam", "anders");

  private static final List<String> TOESTEMMING = List.of("ja", "nee", "niet_gevraagd");

  /** Where the error summary sends someone for a group: its first option. */
  private static final Map<String, String> ANCHORS =
      Map.of(
          "kanaal", FieldViews.anchor("kanaal", Triage.STAFF_KANALEN),
          "leefgebieden", FieldViews.anchor("leefgebieden", Codes.LEEFGEBIEDEN),
          "urgentie", FieldViews.anchor("urgentie", DeadlineRules.URGENTIES),
          "veiligheidszorg", FieldViews.anchor("veiligheidszorg", List.of("ja")),
          "betrokkeneGeinformeerd",
              FieldViews.anchor("betrokkeneGeinformeerd", List.of("ja", "nee")),
          "toestemming", FieldViews.anchor("toestemming", TOESTEMMING),
          "gevondenVia", FieldViews.anchor("gevondenVia", GEVONDEN_VIA));

  private static final Pattern PHONE = Pattern.compile("[+]?[0-9 ()-]{6,20}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
  private static final Pattern HOUSE_NUMBER = Pattern.compile("[0-9]{1,5}[ -]?[A-Za-z0-9]{0,4}");
  private static final int QUESTION_MAX = 4000;

  private final Triage triage;
  private final Pages pages;
  private final Messages messages;
  private final Clock clock;

  RegisterPage(Triage triage, Pages pages, Messages messages, Clock clock) {
    this.triage = triage;
    this.pages = pages;
    this.messages = messages;
    this.clock = clock;
  }

  void form(RoutingContext ctx) {
    render(ctx, 200, Map.of(), Map.of(), null);
  }

  void submit(RoutingContext ctx) {
    Form form = Form.of(ctx, "vraag");
    NewItem item =
        read(
            form, TriageRoutes.viewer(ctx), LocalDate.now(clock.withZone(WorkingDayCalendar.ZONE)));
    if (!form.ok()) {
      render(ctx, 400, form.values(), form.problems(), null);
      return;
    }
    triage
        .register(TriageRoutes.viewer(ctx), item)
        .onSuccess(
            receipt ->
                Redirect.seeOther(ctx, "/inbox/items/" + receipt.id() + "?klaar=geregistreerd"))
        .onFailure(
            e -> {
              if (e instanceof TriageRefusal r && r.kind() == TriageRefusal.Kind.INVALID) {
                render(
                    ctx,
                    400,
                    form.values(),
                    Map.of(r.field(), new Form.Problem(r.messageKey())),
                    null);
              } else if (e instanceof TriageRefusal r) {
                render(ctx, 409, form.values(), Map.of(), r.messageKey());
              } else {
                ctx.fail(e);
              }
            });
  }

  /** The item the form describes; its problems are left on {@code form}. */
  private static NewItem read(Form form, Viewer viewer, LocalDate today) {
    String kanaal = form.text("kanaal");
    if (!Triage.STAFF_KANALEN.contains(kanaal)) {
      form.problem("kanaal", "triage.register.error.kanaal");
    }
    String naam = form.required("naam", 200, "triage.register.error.naam");
    Optional<LocalDate> born = birthDate(form, today);
    String postcode = form.text("postcode");
    Optional<String> normalised = Postcode.normalise(postcode);
    if (normalised.isEmpty()) {
      form.problem("postcode", "triage.register.error.postcode");
    }
    String huisnummer = form.text("huisnummer");
    if (!huisnummer.isEmpty() && !HOUSE_NUMBER.matcher(huisnummer).matches()) {
      form.problem("huisnummer", "triage.register.error.huisnummer");
    }
    String telefoon = form.text("telefoon");
    if (!telefoon.isEmpty() && !PHONE.matcher(telefoon).matches()) {
      form.problem("telefoon", "triage.register.error.telefoon");
    }
    String email = form.text("email");
    if (!email.isEmpty() && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
      form.problem("email", "triage.register.error.email");
    }
    String vraag = form.required("vraag", QUESTION_MAX, "triage.register.error.vraag");
    List<String> leefgebieden = form.all("leefgebieden");
    if (leefgebieden.isEmpty() || !Codes.LEEFGEBIEDEN.containsAll(leefgebieden)) {
      form.problem("leefgebieden", "triage.register.error.leefgebieden");
    }
    String urgentie = choice(form, "urgentie", DeadlineRules.URGENTIES);
    String toestemming = choice(form, "toestemming", TOESTEMMING);
    String geinformeerd = choice(form, "betrokkeneGeinformeerd", List.of("ja", "nee"));
    boolean veiligheidszorg = "ja".equals(form.text("veiligheidszorg"));
    String gevondenVia = choice(form, "gevondenVia", GEVONDEN_VIA);
    if (!form.ok()) {
      return null;
    }
    JsonObject betrokkene = new JsonObject().put("naam", naam);
    born.ifPresent(d -> betrokkene.put("geboortedatum", d.toString()));
    betrokkene.put("postcode", Postcode.display(normalised.get()));
    put(betrokkene, "huisnummer", huisnummer);
    put(betrokkene, "telefoon", telefoon);
    put(betrokkene, "email", email);
    JsonObject inhoud =
        new JsonObject()
            .put("kanaal", kanaal)
            .put("vraag", vraag)
            .put("leefgebieden", new JsonArray(leefgebieden))
            .put("urgentie", urgentie)
            .put("veiligheidszorg", veiligheidszorg)
            .put("betrokkene", betrokkene)
            .put("betrokkeneGeinformeerd", "ja".equals(geinformeerd))
            .put("toestemming", toestemming)
            .put("gevondenVia", gevondenVia);
    // No resident e-mail for state mails: those speak of "your aanmelding" and its status
    // link, which a phone call never had. The address stays in what came in, for the worker.
    return NewItem.registeredByStaff(
        kanaal,
        viewer.accountId(),
        leefgebieden,
        urgentie,
        toestemming,
        "ja".equals(geinformeerd),
        veiligheidszorg,
        gevondenVia,
        Language.DUTCH,
        new Subject(naam, born.orElse(null), postcode, blankToNull(huisnummer)),
        inhoud);
  }

  private static String choice(Form form, String field, List<String> allowed) {
    String value = form.text(field);
    if (!allowed.contains(value)) {
      form.problem(field, "triage.register.error." + field);
    }
    return value;
  }

  /** 14-3-2012, 14/03/2012, 14.3.2012 or 2012-03-14; in the past, after 1900. */
  private static Optional<LocalDate> birthDate(Form form, LocalDate today) {
    if (form.text("geboortedatum").isEmpty()) {
      return Optional.empty();
    }
    Optional<LocalDate> d =
        form.date("geboortedatum").filter(b -> b.getYear() >= 1900 && !b.isAfter(today));
    if (d.isEmpty()) {
      form.problem("geboortedatum", "triage.register.error.geboortedatum");
    }
    return d;
  }

  private static void put(JsonObject json, String key, String value) {
    if (!value.isEmpty()) {
      json.put(key, value);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private void render(
      RoutingContext ctx,
      int status,
      Map<String, Object> values,
      Map<String, Form.Problem> problems,
      String alertKey) {
    Labels labels = TriageRoutes.labels(ctx, messages);
    Map<String, String> errors = new LinkedHashMap<>();
    problems.forEach((field, p) -> errors.put(field, labels.text(p.key(), p.args())));
    FieldViews fields =
        new FieldViews(labels.messages(), labels.locale(), "triage.register.", values, errors);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("kanaal", fields.choices("kanaal", false, Triage.STAFF_KANALEN, "triage.kanaal."));
    model.put("naam", fields.input("naam", "text", "off"));
    model.put("geboortedatum", fields.input("geboortedatum", "text", "off"));
    model.put("postcode", fields.input("postcode", "text", "off"));
    model.put("huisnummer", fields.input("huisnummer", "text", "off"));
    model.put("telefoon", fields.input("telefoon", "tel", "off"));
    model.put("email", fields.input("email", "email", "off"));
    model.put("vraag", fields.area("vraag", 6));
    model.put(
        "leefgebieden", fields.choices("leefgebieden", true, Codes.LEEFGEBIEDEN, "leefgebied."));
    model.put(
        "urgentie", fields.choices("urgentie", false, DeadlineRules.URGENTIES, "triage.urgentie."));
    model.put(
        "veiligheidszorg",
        fields.choices("veiligheidszorg", true, List.of("ja"), "triage.register.veiligheidszorg."));
    model.put(
        "betrokkeneGeinformeerd",
        fields.choices("betrokkeneGeinformeerd", false, List.of("ja", "nee"), "triage.answer."));
    model.put(
        "toestemming", fields.choices("toestemming", false, TOESTEMMING, "triage.toestemming."));
    model.put(
        "gevondenVia", fields.choices("gevondenVia", false, GEVONDEN_VIA, "triage.gevondenVia."));
    model.putAll(Form.errorModel(errors, ANCHORS));
    model.put("alert", alertKey == null ? null : labels.text(alertKey));
    pages.render(ctx, status, "triage/register", "triage.register.title", model);
  }
}
