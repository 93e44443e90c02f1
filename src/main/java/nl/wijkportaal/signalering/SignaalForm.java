package nl.wijkportaal.signalering;

import io.vertx.core.MultiMap;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.identity.Account;

/**
 * The melder's HTML form: what was typed, read into a {@link Signaal} (the melder is the signed-in
 * account), and the page model that shows it back, with the rules' violations as messages beside
 * their fields. Nothing typed is lost when the form comes back.
 */
final class SignaalForm {

  /** Text fields in page order; the rules name them by their API path. */
  private static final List<String> TEXT_FIELDS =
      List.of(
          "melderTelefoon",
          "naam",
          "geboortedatum",
          "postcode",
          "huisnummer",
          "telefoon",
          "omschrijving",
          "hulpBetrokken");

  private static final List<String> CHOICES =
      List.of("urgentie", "veiligheidszorg", "betrokkeneGeinformeerd", "toestemming");

  /** 14-3-2012, 14/03/2012, 14.3.2012 or 14 3 2012, as people write a date here. */
  private static final Pattern DUTCH_DATE =
      Pattern.compile("(\\d{1,2})[-/. ](\\d{1,2})[-/. ](\\d{4})");

  private final Map<String, String> values;
  private final List<String> leefgebieden;
  private final Signaal signaal;

  private SignaalForm(Map<String, String> values, List<String> leefgebieden, Signaal signaal) {
    this.values = values;
    this.leefgebieden = leefgebieden;
    this.signaal = signaal;
  }

  static SignaalForm blank() {
    Map<String, String> values = new LinkedHashMap<>();
    TEXT_FIELDS.forEach(f -> values.put(f, ""));
    CHOICES.forEach(f -> values.put(f, ""));
    return new SignaalForm(values, List.of(), null);
  }

  static SignaalForm submitted(MultiMap form, Account melder) {
    Map<String, String> typed = new LinkedHashMap<>();
    for (String field : TEXT_FIELDS) {
      typed.put(field, strip(form.get(field)));
    }
    for (String field : CHOICES) {
      typed.put(field, strip(form.get(field)));
    }
    LinkedHashSet<String> chosen = new LinkedHashSet<>();
    form.getAll("leefgebieden").forEach(code -> chosen.add(code.strip()));
    List<String> leefgebieden = List.copyOf(chosen);
    Signaal signaal =
        new Signaal(
            new Signaal.Betrokkene(
                blankToNull(typed.get("naam")),
                isoDate(typed.get("geboortedatum")),
                blankToNull(typed.get("postcode")),
                blankToNull(typed.get("huisnummer")),
                blankToNull(typed.get("telefoon"))),
            leefgebieden,
            blankToNull(typed.get("urgentie")),
            blankToNull(typed.get("omschrijving")),
            blankToNull(typed.get("hulpBetrokken")),
            yesNo(typed.get("betrokkeneGeinformeerd")),
            blankToNull(typed.get("toestemming")),
            yesNo(typed.get("veiligheidszorg")),
            new Signaal.Melder(
                melder.name(), blankToNull(typed.get("melderTelefoon")), melder.email()));
    // Shown back as typed, apart from characters that cannot be shown (the rules refuse those).
    Map<String, String> shown = new LinkedHashMap<>();
    typed.forEach(
        (field, value) ->
            shown.put(field, SignaalRules.hasControlCharacters(value, true) ? "" : value));
    return new SignaalForm(shown, leefgebieden, signaal);
  }

  Signaal signaal() {
    return signaal;
  }

  /** The form field a rule's path belongs to: {@code betrokkene.naam} → {@code naam}. */
  static String field(String path) {
    if (path.startsWith("betrokkene.")) {
      return path.substring("betrokkene.".length());
    }
    return path.startsWith("melder.") ? "melderTelefoon" : path;
  }

  /**
   * The page model: {@code values}, {@code fields} (text fields), {@code groups} (choices), {@code
   * errors} (the summary, linking to each field) and {@code fieldErrors}.
   */
  Map<String, Object> model(
      List<SignaalRules.Violation> violations, Function<String, String> text) {
    Map<String, String> fieldErrors = new LinkedHashMap<>();
    for (SignaalRules.Violation v : violations) {
      String field = field(v.field());
      fieldErrors.putIfAbsent(field, message(field, v.code(), text));
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("melderTelefoon", input("melderTelefoon", "tel", "tel", fieldErrors, text));
    fields.put("naam", input("naam", "text", "off", fieldErrors, text));
    fields.put("geboortedatum", input("geboortedatum", "text", "off", fieldErrors, text));
    fields.put("postcode", input("postcode", "text", "off", fieldErrors, text));
    fields.put("huisnummer", input("huisnummer", "text", "off", fieldErrors, text));
    fields.put("telefoon", input("telefoon", "tel", "off", fieldErrors, text));
    fields.put("omschrijving", area("omschrijving", 8, fieldErrors, text));
    fields.put("hulpBetrokken", area("hulpBetrokken", 3, fieldErrors, text));

    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put(
        "leefgebieden",
        group(
            "leefgebieden",
            "leefgebied",
            "checkbox",
            SignaalRules.LEEFGEBIEDEN,
            "leefgebied.",
            leefgebieden,
            fieldErrors,
            text));
    groups.put(
        "urgentie",
        group(
            "urgentie",
            "urgentie",
            "radio",
            SignaalRules.URGENTIES,
            "signalen.urgentie.",
            chosen("urgentie"),
            fieldErrors,
            text));
    groups.put(
        "veiligheidszorg",
        group(
            "veiligheidszorg",
            "veiligheidszorg",
            "radio",
            List.of("ja", "nee"),
            "signalen.antwoord.",
            chosen("veiligheidszorg"),
            fieldErrors,
            text));
    groups.put(
        "betrokkeneGeinformeerd",
        group(
            "betrokkeneGeinformeerd",
            "betrokkeneGeinformeerd",
            "radio",
            List.of("ja", "nee"),
            "signalen.antwoord.",
            chosen("betrokkeneGeinformeerd"),
            fieldErrors,
            text));
    groups.put(
        "toestemming",
        group(
            "toestemming",
            "toestemming",
            "radio",
            SignaalRules.TOESTEMMINGEN,
            "signalen.toestemming.",
            chosen("toestemming"),
            fieldErrors,
            text));

    // The summary links to the field itself: a group's first choice, so the link lands on something
    // to fix.
    List<Map<String, String>> summary = new ArrayList<>();
    fieldErrors.forEach(
        (field, message) -> {
          Object group = groups.get(field);
          String anchor = group == null ? field : firstOption(group);
          summary.add(Map.of("field", anchor, "message", message));
        });
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("values", values);
    model.put("fields", fields);
    model.put("groups", groups);
    model.put("errors", summary);
    model.put("fieldErrors", fieldErrors);
    return model;
  }

  /**
   * A message that says how to fix this field; a general one for a code the field has no own text
   * for.
   */
  static String message(String field, String code, Function<String, String> text) {
    String specific = text.apply("signalen.form.error." + field + "." + code);
    return specific.startsWith("??") ? text.apply("signalen.error." + code) : specific;
  }

  private List<String> chosen(String field) {
    String value = values.get(field);
    return value == null || value.isEmpty() ? List.of() : List.of(value);
  }

  private Map<String, Object> input(
      String id,
      String type,
      String autocomplete,
      Map<String, String> errors,
      Function<String, String> text) {
    Map<String, Object> f = field(id, errors, text);
    f.put("type", type);
    f.put("autocomplete", autocomplete);
    return f;
  }

  private Map<String, Object> area(
      String id, int rows, Map<String, String> errors, Function<String, String> text) {
    Map<String, Object> f = field(id, errors, text);
    f.put("area", true);
    f.put("rows", rows);
    return f;
  }

  private Map<String, Object> field(
      String id, Map<String, String> errors, Function<String, String> text) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", id);
    f.put("label", text.apply("signalen.field." + id));
    f.put("value", values.getOrDefault(id, ""));
    String hint = optional(text, "signalen.hint." + id);
    f.put("hint", hint);
    f.put("error", errors.get(id));
    f.put("describedBy", describedBy(id, hint != null, errors.containsKey(id)));
    return f;
  }

  private static Map<String, Object> group(
      String id,
      String optionPrefix,
      String type,
      List<String> codes,
      String labelPrefix,
      List<String> checked,
      Map<String, String> errors,
      Function<String, String> text) {
    List<Map<String, Object>> options = new ArrayList<>();
    for (String code : codes) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", optionPrefix + "-" + code);
      o.put("name", id);
      o.put("type", type);
      o.put("value", code);
      o.put("label", text.apply(labelPrefix + code));
      o.put("checked", checked.contains(code));
      options.add(o);
    }
    String hint = optional(text, "signalen.hint." + id);
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("id", id);
    g.put("legend", text.apply("signalen.field." + id));
    g.put("hint", hint);
    g.put("error", errors.get(id));
    g.put("describedBy", describedBy(id, hint != null, errors.containsKey(id)));
    g.put("options", options);
    return g;
  }

  @SuppressWarnings("unchecked")
  private static String firstOption(Object group) {
    List<Map<String, Object>> options =
        (List<Map<String, Object>>) ((Map<String, Object>) group).get("options");
    return (String) options.get(0).get("id");
  }

  private static String describedBy(String id, boolean hint, boolean error) {
    String ids = ((hint ? id + "-hint " : "") + (error ? id + "-error" : "")).trim();
    return ids.isEmpty() ? null : ids;
  }

  /** A text that may not exist for every field (hints). */
  private static String optional(Function<String, String> text, String key) {
    String value = text.apply(key);
    return value.startsWith("??") ? null : value;
  }

  /**
   * A date as people type it, as ISO for the rules; anything else stays as typed (and fails them).
   */
  static String isoDate(String typed) {
    if (typed == null || typed.isEmpty()) {
      return null;
    }
    Matcher m = DUTCH_DATE.matcher(typed);
    if (m.matches()) {
      try {
        return LocalDate.of(
                Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(1)))
            .toString();
      } catch (DateTimeException e) {
        return typed;
      }
    }
    return typed;
  }

  private static Boolean yesNo(String value) {
    return "ja".equals(value) ? Boolean.TRUE : "nee".equals(value) ? Boolean.FALSE : null;
  }

  private static String strip(String value) {
    return value == null ? "" : value.strip();
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
