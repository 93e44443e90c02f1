package nl.wijkportaal.aanmelding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.platform.web.FieldViews;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Form.Problem;
import nl.wijkportaal.platform.web.Messages;

/**
 * The model of one page of questions, in the shape of the templates {@code aanmelding/step}, {@code
 * partials/field} and {@code partials/choices}: labels always shown, hints and the "why we ask"
 * linked with {@code aria-describedby}, problems in a summary that links to each field and beside
 * the field itself.
 */
final class StepPage {

  private final Messages messages;
  private final Intake intake;
  private final ItemDates dates;

  StepPage(Messages messages, Intake intake) {
    this.messages = messages;
    this.intake = intake;
    this.dates = new ItemDates(messages);
  }

  /** The page title and heading: a single question is its own heading. */
  String heading(Step step, Aanmelding answers, Locale locale) {
    List<Field> fields = Questions.of(step, answers.forSomeoneElse());
    if (headingInLegend(step, fields)) {
      return messages.get(locale, fields.get(0).labelKey());
    }
    String about = step == Step.OVER_WIE && answers.forSomeoneElse() ? ".ander" : "";
    return messages.get(locale, "aanmelding.step." + step.slug() + about);
  }

  Map<String, Object> model(
      Step step, Aanmelding answers, StepForm form, Locale locale, boolean backToCheck) {
    List<Field> fields = Questions.of(step, answers.forSomeoneElse());
    List<Step> steps = answers.steps();
    boolean inLegend = headingInLegend(step, fields);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("step", step.slug());
    model.put("action", step.path());
    model.put("number", steps.indexOf(step) + 1);
    model.put("steps", steps.size());
    model.put("heading", heading(step, answers, locale));
    model.put("headingInLegend", inLegend);
    model.put("intro", introKey(step, answers).map(key -> messages.get(locale, key)).orElse(null));
    model.put("backToCheck", backToCheck);
    model.put(
        "previous",
        backToCheck
            ? Step.CONTROLEREN.path()
            : answers.before(step).map(Step::path).orElse("/aanmelden"));
    Map<String, String> errors = new LinkedHashMap<>();
    Map<String, String> anchors = new LinkedHashMap<>();
    for (Field f : form.withProblems()) {
      Problem p = form.problem(f.name()).orElseThrow();
      errors.put(f.name(), messages.get(locale, p.key(), p.args()));
      anchors.put(f.name(), f.anchor());
    }
    FieldViews views = new FieldViews(messages, locale, "aanmelding.", form.shown(), errors);
    List<Map<String, Object>> shown = new ArrayList<>();
    for (Field f : fields) {
      shown.add(field(f, views, locale, inLegend));
    }
    model.put("fields", shown);
    model.putAll(Form.errorModel(errors, anchors));
    model.put("crisisChosen", answers.crisis() && step != Step.VRAAG);
    model.put("privacyStatement", step == Step.PRIVACY);
    model.put("privacyVersion", Aanmelding.PRIVACY_VERSION);
    return model;
  }

  private static boolean headingInLegend(Step step, List<Field> fields) {
    return fields.size() == 1 && fields.get(0).choice() && step != Step.PRIVACY;
  }

  private static Optional<String> introKey(Step step, Aanmelding answers) {
    return switch (step) {
      case CONTACT ->
          Optional.of(
              answers.forSomeoneElse()
                  ? "aanmelding.step.contact.intro.ander"
                  : "aanmelding.step.contact.intro");
      case OVER_WIE -> Optional.of("aanmelding.step.over-wie.intro");
      default -> Optional.empty();
    };
  }

  private Map<String, Object> field(Field f, FieldViews views, Locale locale, boolean inLegend) {
    Map<String, Object> m;
    if (f.choice()) {
      boolean urgentie = f.name().equals("urgentie");
      m =
          views.choices(
              f.name(),
              f.kind() == Field.Kind.SOME,
              f.options(),
              f.optionLabelPrefix(),
              option ->
                  urgentie
                      ? deadline(option, locale)
                      : messages.find(locale, f.optionLabelKey(option) + ".hint").orElse(null));
      m.put("choice", true);
      m.put("pageHeading", inLegend);
      // Whoever chooses a crisis reads the crisis numbers right there.
      m.put("crisisAfter", urgentie);
    } else if (f.kind() == Field.Kind.AREA) {
      m = views.area(f.name(), f.maxLength() > Questions.NOTE_LENGTH ? 8 : 4);
    } else {
      m = views.input(f.name(), f.inputType(), f.autocomplete());
      m.put("spellcheckOff", true);
    }
    // A label of its own ("Naam van de persoon"), not the field's usual one.
    m.put("label", messages.get(locale, f.labelKey()));
    m.put("optional", !f.required() && !f.choice());
    if (f.whyKey() != null) {
      FieldViews.withWhy(m, messages.get(locale, f.whyKey()));
    }
    return m;
  }

  /** By when we get in touch for this urgency: the real deadline, not a promise in a text. */
  private String deadline(String urgentie, Locale locale) {
    return messages.get(
        locale,
        "aanmelding.urgentie." + urgentie + ".hint",
        dates.dateTime(intake.dueFor("aanmelding", urgentie).toInstant(), locale));
  }
}
