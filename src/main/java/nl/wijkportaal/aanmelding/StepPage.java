package nl.wijkportaal.aanmelding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.platform.web.Messages;

/**
 * The model of one page of questions, in the shape of the templates {@code aanmelding/step}, {@code
 * aanmelding/text} and {@code aanmelding/choices}: labels always shown, hints and the "why we ask"
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
    List<Map<String, Object>> shown = new ArrayList<>();
    for (Field f : fields) {
      shown.add(field(f, form, locale, inLegend));
    }
    model.put("fields", shown);
    List<Map<String, String>> errors = new ArrayList<>();
    for (Field f : form.withProblems()) {
      errors.add(Map.of("field", f.anchor(), "message", problem(f, form, locale)));
    }
    model.put("errors", errors);
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

  private Map<String, Object> field(Field f, StepForm form, Locale locale, boolean inLegend) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("label", messages.get(locale, f.labelKey()));
    m.put("optional", !f.required() && !f.choice());
    m.put("hint", f.hintKey() == null ? null : messages.get(locale, f.hintKey()));
    m.put("why", f.whyKey() == null ? null : messages.get(locale, f.whyKey()));
    Optional<String> error = form.problem(f.name()).map(p -> problem(f, form, locale));
    m.put("error", error.orElse(null));
    List<String> describedBy = new ArrayList<>();
    if (f.hintKey() != null) {
      describedBy.add(f.name() + "-hint");
    }
    if (f.whyKey() != null) {
      describedBy.add(f.name() + "-why");
    }
    if (error.isPresent()) {
      describedBy.add(f.name() + "-error");
    }
    m.put("describedBy", describedBy.isEmpty() ? null : String.join(" ", describedBy));
    if (f.choice()) {
      m.put("choice", true);
      m.put("multiple", f.kind() == Field.Kind.SOME);
      m.put("pageHeading", inLegend);
      List<String> chosen = form.chosen(f.name());
      List<Map<String, Object>> options = new ArrayList<>();
      for (String option : f.options()) {
        Map<String, Object> o = new LinkedHashMap<>();
        // Names of their own: Handlebars looks a missing name up in the field around it.
        o.put("optionId", f.optionId(option));
        o.put("optionValue", option);
        o.put("optionLabel", messages.get(locale, f.optionLabelKey(option)));
        o.put("optionHint", optionHint(f, option, locale));
        o.put("optionChecked", chosen.contains(option));
        options.add(o);
      }
      m.put("options", options);
      // Whoever chooses a crisis reads the crisis numbers right there.
      m.put("crisisAfter", f.name().equals("urgentie"));
    } else {
      m.put("value", form.text(f.name()));
      m.put("area", f.kind() == Field.Kind.AREA);
      m.put("rows", f.maxLength() > Questions.NOTE_LENGTH ? 8 : 4);
      m.put("type", f.inputType());
      m.put("autocomplete", f.autocomplete());
      m.put("spellcheck", f.kind() == Field.Kind.AREA);
    }
    return m;
  }

  /** Under an urgency, by when we get in touch: the real deadline, not a promise in a text. */
  private String optionHint(Field f, String option, Locale locale) {
    return switch (f.name()) {
      case "urgentie" ->
          messages.get(
              locale,
              "aanmelding.urgentie." + option + ".hint",
              dates.dateTime(intake.dueFor("aanmelding", option).toInstant(), locale));
      case "voorWie" ->
          option.equals("ander") ? messages.get(locale, "aanmelding.voorWie.ander.hint") : null;
      default -> null;
    };
  }

  private String problem(Field f, StepForm form, Locale locale) {
    StepForm.Problem p = form.problem(f.name()).orElseThrow();
    return messages.get(locale, p.key(), p.args());
  }
}
