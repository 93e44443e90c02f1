package nl.wijkportaal.signalering;

import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.platform.web.FieldViews;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Messages;

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

  private static final Set<String> LONG_TEXTS = Set.of("omschrijving", "hulpBetrokken");

  private static final List<String> CHOICES =
      List.of("urgentie", "veiligheidszorg", "betrokkeneGeinformeerd", "toestemming");

  private static final List<String> JA_NEE = List.of("ja", "nee");

  private final Map<String, Object> values;
  private final Signaal signaal;

  /** The fields that held a character the form cannot read: refused before any rule. */
  private final List<SignaalRules.Violation> unreadable;

  private SignaalForm(
      Map<String, Object> values, Signaal signaal, List<SignaalRules.Violation> unreadable) {
    this.values = values;
    this.signaal = signaal;
    this.unreadable = unreadable;
  }

  static SignaalForm blank() {
    Map<String, Object> values = new LinkedHashMap<>();
    TEXT_FIELDS.forEach(f -> values.put(f, ""));
    CHOICES.forEach(f -> values.put(f, ""));
    values.put("leefgebieden", List.of());
    return new SignaalForm(values, null, List.of());
  }

  static SignaalForm submitted(MultiMap posted, Account melder) {
    Form form = new Form(posted, LONG_TEXTS);
    Map<String, Object> typed = new LinkedHashMap<>();
    for (String field : TEXT_FIELDS) {
      typed.put(field, form.text(field));
    }
    for (String field : CHOICES) {
      typed.put(field, form.text(field));
    }
    List<String> leefgebieden = form.all("leefgebieden");
    typed.put("leefgebieden", leefgebieden);
    Signaal signaal =
        new Signaal(
            new Signaal.Betrokkene(
                form.orNull("naam"),
                isoDate(form.text("geboortedatum")),
                form.orNull("postcode"),
                form.orNull("huisnummer"),
                form.orNull("telefoon")),
            leefgebieden,
            form.orNull("urgentie"),
            form.orNull("omschrijving"),
            form.orNull("hulpBetrokken"),
            yesNo(form.text("betrokkeneGeinformeerd")),
            form.orNull("toestemming"),
            yesNo(form.text("veiligheidszorg")),
            new Signaal.Melder(melder.name(), form.orNull("melderTelefoon"), melder.email()));
    List<SignaalRules.Violation> unreadable =
        form.problems().keySet().stream()
            .filter(typed::containsKey)
            .map(field -> new SignaalRules.Violation(field, "unreadable"))
            .toList();
    return new SignaalForm(typed, signaal, unreadable);
  }

  Signaal signaal() {
    return signaal;
  }

  /** What is wrong with the form: first what could not be read, then what the rules refuse. */
  List<SignaalRules.Violation> violations(List<SignaalRules.Violation> rules) {
    List<SignaalRules.Violation> all = new ArrayList<>(unreadable);
    all.addAll(rules);
    return all;
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
      List<SignaalRules.Violation> violations, Messages messages, Locale locale) {
    Map<String, String> fieldErrors = new LinkedHashMap<>();
    for (SignaalRules.Violation v : violations) {
      String field = field(v.field());
      fieldErrors.putIfAbsent(field, message(field, v.code(), messages, locale));
    }
    FieldViews views = new FieldViews(messages, locale, "signalen.", values, fieldErrors);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("melderTelefoon", line(views.input("melderTelefoon", "tel", "tel")));
    fields.put("naam", line(views.input("naam", "text", "off")));
    fields.put("geboortedatum", line(views.input("geboortedatum", "text", "off")));
    fields.put("postcode", line(views.input("postcode", "text", "off")));
    fields.put("huisnummer", line(views.input("huisnummer", "text", "off")));
    fields.put("telefoon", line(views.input("telefoon", "tel", "off")));
    fields.put("omschrijving", views.area("omschrijving", 8));
    fields.put("hulpBetrokken", views.area("hulpBetrokken", 3));

    Map<String, List<String>> codes = new LinkedHashMap<>();
    codes.put("leefgebieden", SignaalRules.LEEFGEBIEDEN);
    codes.put("urgentie", SignaalRules.URGENTIES);
    codes.put("veiligheidszorg", JA_NEE);
    codes.put("betrokkeneGeinformeerd", JA_NEE);
    codes.put("toestemming", SignaalRules.TOESTEMMINGEN);
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put(
        "leefgebieden",
        views.choices("leefgebieden", true, codes.get("leefgebieden"), "leefgebied."));
    groups.put(
        "urgentie", views.choices("urgentie", false, codes.get("urgentie"), "signalen.urgentie."));
    groups.put(
        "veiligheidszorg", views.choices("veiligheidszorg", false, JA_NEE, "signalen.antwoord."));
    groups.put(
        "betrokkeneGeinformeerd",
        views.choices("betrokkeneGeinformeerd", false, JA_NEE, "signalen.antwoord."));
    groups.put(
        "toestemming",
        views.choices("toestemming", false, codes.get("toestemming"), "signalen.toestemming."));

    // The summary links to the field itself: a group's first choice, so the link lands on something
    // to fix.
    Map<String, String> anchors = new LinkedHashMap<>();
    codes.forEach((field, options) -> anchors.put(field, FieldViews.anchor(field, options)));
    Map<String, Object> model = Form.errorModel(fieldErrors, anchors);
    model.put("values", values);
    model.put("fields", fields);
    model.put("groups", groups);
    return model;
  }

  /**
   * A message that says how to fix this field; a general one for a code the field has no own text
   * for.
   */
  static String message(String field, String code, Messages messages, Locale locale) {
    return messages
        .find(locale, "signalen.form.error." + field + "." + code)
        .orElseGet(() -> messages.get(locale, "signalen.error." + code));
  }

  /** A one-line field of a code or a name: no spelling check. */
  private static Map<String, Object> line(Map<String, Object> field) {
    field.put("spellcheckOff", true);
    return field;
  }

  /** A date as people type it, as ISO for the rules; anything else stays as typed (and fails). */
  static String isoDate(String typed) {
    if (typed.isEmpty()) {
      return null;
    }
    return Form.parseDate(typed).map(LocalDate::toString).orElse(typed);
  }

  private static Boolean yesNo(String value) {
    return "ja".equals(value) ? Boolean.TRUE : "nee".equals(value) ? Boolean.FALSE : null;
  }
}
