package nl.wijkportaal.aanmelding;

import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.wijkportaal.inbox.Postcode;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Form.Problem;

/**
 * One page's answers: as shown (from the session, or as just typed), and once posted, checked the
 * way a resident can act on ("Vul een postcode in zoals 8011 AB"). A page with problems comes back
 * with every typed value in place.
 */
final class StepForm {

  private static final Pattern HUISNUMMER =
      Pattern.compile("[1-9][0-9]{0,4}( ?-? ?[A-Za-z0-9]{1,4})?");
  private static final Pattern TELEFOON = Pattern.compile("\\+?[0-9][0-9 ()./-]*");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final LocalDate OLDEST = LocalDate.of(1900, 1, 1);

  private final List<Field> fields;

  /** What the page shows: a String per text field, a List of options per choice. */
  private final Map<String, Object> shown = new LinkedHashMap<>();

  /** Checked and normalised, ready for the session. */
  private final Map<String, Object> accepted = new LinkedHashMap<>();

  private final Map<String, Problem> problems = new LinkedHashMap<>();

  private StepForm(List<Field> fields) {
    this.fields = fields;
  }

  /** The answers given before, as the page shows them. */
  static StepForm showing(List<Field> fields, Aanmelding answers) {
    StepForm form = new StepForm(fields);
    for (Field f : fields) {
      if (f.choice()) {
        form.shown.put(f.name(), answers.chosen(f.name()));
      } else if (f.name().equals("geboortedatum")) {
        form.shown.put(f.name(), answers.birthDate().map(Form::shown).orElse(""));
      } else {
        form.shown.put(f.name(), answers.text(f.name()));
      }
    }
    return form;
  }

  /** Reads and checks a posted page without a date of birth on it. */
  static StepForm posted(List<Field> fields, MultiMap posted) {
    return posted(fields, posted, LocalDate.MAX);
  }

  /** Reads and checks a posted page; {@code today} bounds a date of birth. */
  static StepForm posted(List<Field> fields, MultiMap posted, LocalDate today) {
    StepForm form = new StepForm(fields);
    Form read =
        new Form(
            posted,
            fields.stream()
                .filter(f -> f.kind() == Field.Kind.AREA)
                .map(Field::name)
                .collect(Collectors.toSet()));
    for (Field f : fields) {
      if (f.choice()) {
        form.readChoice(f, read);
      } else {
        form.readText(f, read, posted.get(f.name()), today);
      }
    }
    form.checkReachable();
    return form;
  }

  boolean valid() {
    return problems.isEmpty();
  }

  /** Puts the checked answers in the session's aanmelding. */
  void applyTo(Aanmelding aanmelding) {
    if (!valid()) {
      throw new IllegalStateException("a page with problems is not an answer");
    }
    accepted.forEach(
        (name, value) -> {
          if (value instanceof List<?> list) {
            aanmelding.answer(name, list.stream().map(String::valueOf).toList());
          } else {
            aanmelding.answer(name, (String) value);
          }
        });
    if (accepted.containsKey("toestemming")) {
      aanmelding.answer("toestemmingVersie", Aanmelding.PRIVACY_VERSION);
    }
    aanmelding.forgetWhatNoLongerApplies();
  }

  String text(String name) {
    return shown.get(name) instanceof String s ? s : "";
  }

  /** What the page shows: a String per text field, a List per choice. */
  Map<String, Object> shown() {
    return shown;
  }

  List<String> chosen(String name) {
    return shown.get(name) instanceof List<?> l
        ? l.stream().map(String::valueOf).toList()
        : List.of();
  }

  Optional<Problem> problem(String name) {
    return Optional.ofNullable(problems.get(name));
  }

  /** The fields with a problem, in the page's order. */
  List<Field> withProblems() {
    return fields.stream().filter(f -> problems.containsKey(f.name())).toList();
  }

  // ---- reading

  private void readChoice(Field f, Form read) {
    LinkedHashSet<String> values = new LinkedHashSet<>();
    // A value with a control character is never one of the options.
    boolean unknown = read.problems().containsKey(f.name());
    for (String value : read.all(f.name())) {
      if (f.options().contains(value)) {
        values.add(value);
      } else if (!value.isEmpty()) {
        unknown = true;
      }
    }
    List<String> chosen = List.copyOf(values);
    shown.put(f.name(), chosen);
    boolean missing = chosen.isEmpty() && f.required();
    if (unknown || missing || (f.kind() == Field.Kind.ONE && chosen.size() > 1)) {
      problem(f, "aanmelding.error." + f.name());
      return;
    }
    accepted.put(
        f.name(), f.kind() == Field.Kind.ONE ? (chosen.isEmpty() ? "" : chosen.get(0)) : chosen);
  }

  private void readText(Field f, Form read, String given, LocalDate today) {
    boolean lines = f.kind() == Field.Kind.AREA;
    String value = read.text(f.name());
    boolean unreadable = read.problems().containsKey(f.name());
    if (unreadable) {
      // Kept without the character, so the rest of what was typed is not lost.
      value = Form.readable(given, lines).strip();
    }
    if (lines) {
      value = value.replace("\r\n", "\n").replace('\r', '\n');
    }
    shown.put(f.name(), value);
    if (unreadable) {
      problem(f, "aanmelding.error.unreadable");
      return;
    }
    if (value.isEmpty()) {
      if (f.required()) {
        problem(f, "aanmelding.error." + f.name());
      } else {
        accepted.put(f.name(), "");
      }
      return;
    }
    int length = value.codePointCount(0, value.length());
    if (length > f.maxLength()) {
      problem(f, "aanmelding.error.tooLong", f.maxLength(), length);
      return;
    }
    Optional<String> normal = normalise(f.name(), value, today);
    if (normal.isEmpty()) {
      return;
    }
    accepted.put(f.name(), normal.get());
  }

  /** The value as stored, or empty after noting the problem. */
  private Optional<String> normalise(String name, String value, LocalDate today) {
    switch (name) {
      case "postcode" -> {
        Optional<String> postcode = Postcode.normalise(value).map(Postcode::display);
        if (postcode.isEmpty()) {
          problems.put(name, new Problem("aanmelding.error.postcode.format"));
        }
        return postcode;
      }
      case "geboortedatum" -> {
        Optional<LocalDate> date = Form.parseDate(value);
        if (date.isEmpty()) {
          problems.put(name, new Problem("aanmelding.error.geboortedatum.format"));
        } else if (date.get().isAfter(today)) {
          problems.put(name, new Problem("aanmelding.error.geboortedatum.future"));
          return Optional.empty();
        } else if (date.get().isBefore(OLDEST)) {
          problems.put(name, new Problem("aanmelding.error.geboortedatum.format"));
          return Optional.empty();
        }
        return date.map(LocalDate::toString);
      }
      case "huisnummer" -> {
        return check(name, HUISNUMMER.matcher(value).matches(), value.toUpperCase(Locale.ROOT));
      }
      case "telefoon" -> {
        long digits = value.chars().filter(Character::isDigit).count();
        return check(name, TELEFOON.matcher(value).matches() && digits >= 8 && digits <= 15, value);
      }
      case "email" -> {
        return check(name, EMAIL.matcher(value).matches(), value);
      }
      default -> {
        return Optional.of(value);
      }
    }
  }

  private Optional<String> check(String name, boolean ok, String value) {
    if (!ok) {
      problems.put(name, new Problem("aanmelding.error." + name + ".format"));
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** The contact page: a phone number or an e-mail address, and the one the preferred way needs. */
  private void checkReachable() {
    if (fields.stream().noneMatch(f -> f.name().equals("telefoon"))) {
      return;
    }
    boolean phone = !text("telefoon").isEmpty();
    boolean email = !text("email").isEmpty();
    String voorkeur = accepted.get("voorkeur") instanceof String s ? s : "";
    if (!phone && !email) {
      problems.putIfAbsent("telefoon", new Problem("aanmelding.error.bereikbaar"));
    } else if (voorkeur.equals("telefoon") && !phone) {
      problems.putIfAbsent("telefoon", new Problem("aanmelding.error.voorkeur.telefoon"));
    } else if (voorkeur.equals("email") && !email) {
      problems.putIfAbsent("email", new Problem("aanmelding.error.voorkeur.email"));
    }
  }

  private void problem(Field f, String key, Object... args) {
    problems.putIfAbsent(f.name(), new Problem(key, args));
  }
}
