package nl.wijkportaal.aanmelding;

import java.util.List;
import nl.wijkportaal.platform.web.FieldViews;

/**
 * One question of the aanmelding: the form field (whose name is also the answer's key), what kind
 * of answer it takes, whether it may stay empty, and the keys of its texts ({@code
 * aanmelding.field.<name>}; a hint when {@code aanmelding.hint.<name>} exists, as {@link
 * FieldViews} reads them). An option's label is {@code aanmelding.<name>.<option>}, leefgebieden
 * excepted (their shared labels).
 */
record Field(
    String name,
    Kind kind,
    List<String> options,
    boolean required,
    int maxLength,
    String labelKey,
    String whyKey,
    String inputType,
    String autocomplete) {

  enum Kind {
    /** One line of text. */
    TEXT,
    /** Text over several lines. */
    AREA,
    /** Exactly one of the options (radio buttons). */
    ONE,
    /** One or more of the options (checkboxes). */
    SOME
  }

  static Field text(String name, int maxLength) {
    return new Field(
        name,
        Kind.TEXT,
        List.of(),
        true,
        maxLength,
        "aanmelding.field." + name,
        null,
        "text",
        null);
  }

  static Field area(String name, int maxLength) {
    return new Field(
        name, Kind.AREA, List.of(), true, maxLength, "aanmelding.field." + name, null, null, null);
  }

  static Field one(String name, List<String> options) {
    return new Field(
        name,
        Kind.ONE,
        List.copyOf(options),
        true,
        0,
        "aanmelding.field." + name,
        null,
        null,
        null);
  }

  static Field some(String name, List<String> options) {
    return new Field(
        name,
        Kind.SOME,
        List.copyOf(options),
        true,
        0,
        "aanmelding.field." + name,
        null,
        null,
        null);
  }

  Field optional() {
    return new Field(
        name, kind, options, false, maxLength, labelKey, whyKey, inputType, autocomplete);
  }

  Field label(String key) {
    return new Field(
        name, kind, options, required, maxLength, key, whyKey, inputType, autocomplete);
  }

  /** A short "why do we ask this?" beside a personal field. */
  Field why() {
    return new Field(
        name,
        kind,
        options,
        required,
        maxLength,
        labelKey,
        "aanmelding." + name + ".why",
        inputType,
        autocomplete);
  }

  /** The input's type and its autocomplete token ({@code null}: none). */
  Field input(String type, String autocompleteToken) {
    return new Field(
        name, kind, options, required, maxLength, labelKey, whyKey, type, autocompleteToken);
  }

  boolean choice() {
    return kind == Kind.ONE || kind == Kind.SOME;
  }

  /** The element the error summary links to: the field, or a group's first option. */
  String anchor() {
    return choice() ? FieldViews.anchor(name, options) : name;
  }

  /** The start of an option's label key: {@code <labelPrefix><option>}. */
  String optionLabelPrefix() {
    return name.equals("leefgebieden") ? "leefgebied." : "aanmelding." + name + ".";
  }

  String optionLabelKey(String option) {
    return optionLabelPrefix() + option;
  }
}
