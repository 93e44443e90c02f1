package nl.wijkportaal.aanmelding;

import io.vertx.core.MultiMap;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.inbox.Postcode;

/**
 * One page's answers: as shown (from the session, or as just typed), and once posted, checked the
 * way a resident can act on ("Vul een postcode in zoals 8011 AB"). A page with problems comes back
 * with every typed value in place.
 */
final class StepForm {

  /** What to fix in one field: a text key and its arguments. */
  record Problem(String key, Object... args) {}

  private static final Pattern DATE = Pattern.compile("(\\d{1,2})[-/. ](\\d{1,2})[-/. ](\\d{4})");
  private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
  private static final DateTimeFormatter SHOWN_DATE = DateTimeFormatter.ofPattern("d-M-yyyy");
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
        form.shown.put(f.name(), answers.birthDate().map(SHOWN_DATE::format).orElse(""));
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
    for (Field f : fields) {
      if (f.choice()) {
        form.readChoice(f, posted.getAll(f.name()));
      } else {
        form.readText(f, posted.get(f.name()), today);
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

  private void readChoice(Field f, List<String> given) {
    LinkedHashSet<String> values = new LinkedHashSet<>();
    boolean unknown = false;
    for (String v : given) {
      String value = v.strip();
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

  private void readText(Field f, String given, LocalDate today) {
    String raw = given == null ? "" : given;
    boolean lines = f.kind() == Field.Kind.AREA;
    if (lines) {
      raw = raw.replace("\r\n", "\n").replace('\r', '\n');
    }
    String readable = withoutControlCharacters(raw, lines);
    String value = readable.strip();
    shown.put(f.name(), value);
    if (readable.length() != raw.length()) {
      // Kept without the character, so the rest of what was typed is not lost.
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
        Optional<LocalDate> date = date(value);
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
        return check(
            name, HUISNUMMER.matcher(value).matches(), value.toUpperCase(java.util.Locale.ROOT));
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

  /** 15-3-1980, 15/03/1980, 15.3.1980 or 1980-03-15. */
  private static Optional<LocalDate> date(String value) {
    try {
      Matcher dmy = DATE.matcher(value);
      if (dmy.matches()) {
        return Optional.of(
            LocalDate.of(
                Integer.parseInt(dmy.group(3)),
                Integer.parseInt(dmy.group(2)),
                Integer.parseInt(dmy.group(1))));
      }
      Matcher iso = ISO_DATE.matcher(value);
      if (iso.matches()) {
        return Optional.of(
            LocalDate.of(
                Integer.parseInt(iso.group(1)),
                Integer.parseInt(iso.group(2)),
                Integer.parseInt(iso.group(3))));
      }
    } catch (DateTimeException e) {
      // 31-2-1980: not a date
    }
    return Optional.empty();
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

  /**
   * Leaves out NUL and other control characters; newlines and tabs stay in a text of several lines.
   */
  private static String withoutControlCharacters(String s, boolean lines) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7F;
      if (!control || (lines && (c == '\n' || c == '\t'))) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
