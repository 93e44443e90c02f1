package nl.wijkportaal.platform.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one view model of form fields, for the partials {@code partials/field} (a line, a text area
 * or a select) and {@code partials/choices} (radios or checkboxes in a fieldset): label, hint, the
 * value shown back, the message beside it and what describes it for a screen reader. Texts come
 * from {@code <prefix>field.<id>} and, when there is one, {@code <prefix>hint.<id>}. An option of a
 * group has the id {@code <id>-<value>}; the error summary links to the first option ({@link
 * #anchor}). Add a key to the returned map for what is a page's own: {@code optional} (shows "(niet
 * verplicht)"), {@code why} (a "why do we ask this?" text), {@code spellcheckOff}, {@code
 * inputmode}, {@code maxlength}, {@code pageHeading} (a group's legend is the page's heading).
 *
 * <p>A page with two controls of one name in different forms (a search box {@code aanbod} beside
 * the offers ticked as {@code aanbod}) gives one of them an {@link #idPrefix}: its ids (the
 * control's, its options', hint's and message's) start with it, its name stays the field's.
 */
public record FieldViews(
    Messages messages,
    Locale locale,
    String prefix,
    Map<String, Object> values,
    Map<String, String> errors,
    String idPrefix) {

  public FieldViews(
      Messages messages,
      Locale locale,
      String prefix,
      Map<String, Object> values,
      Map<String, String> errors) {
    this(messages, locale, prefix, values, errors, "");
  }

  /** The same fields, their ids starting with {@code idPrefix} (see the class comment). */
  public FieldViews idPrefix(String idPrefix) {
    return new FieldViews(messages, locale, prefix, values, errors, idPrefix);
  }

  /** An {@code <input>} of the type. */
  public Map<String, Object> input(String id, String type, String autocomplete) {
    return input(id, id, type, autocomplete);
  }

  /**
   * An {@code <input>} whose label and hint are those of {@code textId}: a field of a repeated
   * group ({@code location2Name}) with the texts of its kind ({@code locationName}).
   */
  public Map<String, Object> input(String id, String textId, String type, String autocomplete) {
    Map<String, Object> f = field(id, textId, List.of());
    f.put("type", type);
    f.put("autocomplete", autocomplete);
    return f;
  }

  /** A {@code <textarea>} of so many rows. */
  public Map<String, Object> area(String id, int rows) {
    return area(id, id, rows);
  }

  /** A {@code <textarea>} whose label and hint are those of {@code textId}. */
  public Map<String, Object> area(String id, String textId, int rows) {
    Map<String, Object> f = field(id, textId, List.of());
    f.put("area", true);
    f.put("rows", rows);
    return f;
  }

  /**
   * A {@code <select>} of these codes, labelled by {@code <labelPrefix><code>}, the shown-back
   * value selected.
   */
  public Map<String, Object> select(String id, List<String> codes, String labelPrefix) {
    Map<String, Object> f = field(id, List.of());
    String value = String.valueOf(f.get("value"));
    List<Map<String, Object>> options = new ArrayList<>();
    for (String code : codes) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("optionValue", code);
      o.put("optionLabel", label(labelPrefix, code));
      o.put("optionChecked", value.equals(code));
      options.add(o);
    }
    f.put("select", true);
    f.put("options", options);
    return f;
  }

  /**
   * A {@code <select>} of these values with their own texts (names read from the database, a
   * "choose" first), the shown-back value selected.
   */
  public Map<String, Object> select(String id, Map<String, String> labelsByValue) {
    Map<String, Object> f = field(id, List.of());
    String value = String.valueOf(f.get("value"));
    List<Map<String, Object>> options = new ArrayList<>();
    labelsByValue.forEach(
        (code, label) -> {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("optionValue", code);
          o.put("optionLabel", label);
          o.put("optionChecked", value.equals(code));
          options.add(o);
        });
    f.put("select", true);
    f.put("options", options);
    return f;
  }

  /**
   * Radios ({@code multiple} false) or checkboxes of these codes in a fieldset, labelled by {@code
   * <labelPrefix><code>}; an option's hint comes from {@code <labelPrefix><code>.hint} when there
   * is one.
   */
  public Map<String, Object> choices(
      String id, boolean multiple, List<String> codes, String labelPrefix) {
    return choices(
        id,
        multiple,
        codes,
        labelPrefix,
        code -> messages.find(locale, labelPrefix + code + ".hint").orElse(null));
  }

  /** As {@link #choices}, with each option's hint ({@code null}: none) from {@code hints}. */
  public Map<String, Object> choices(
      String id,
      boolean multiple,
      List<String> codes,
      String labelPrefix,
      Function<String, String> hints) {
    Map<String, String> labelsByValue = new LinkedHashMap<>();
    codes.forEach(code -> labelsByValue.put(code, label(labelPrefix, code)));
    return choices(id, multiple, labelsByValue, hints);
  }

  /**
   * Radios or checkboxes of these values with their own texts (titles read from the database), each
   * option's hint ({@code null}: none) from {@code hints}.
   */
  public Map<String, Object> choices(
      String id,
      boolean multiple,
      Map<String, String> labelsByValue,
      Function<String, String> hints) {
    Object value = values.get(id);
    List<String> chosen =
        value instanceof List<?> l
            ? l.stream().map(String::valueOf).toList()
            : value == null ? List.of() : List.of(String.valueOf(value));
    List<Map<String, Object>> options = new ArrayList<>();
    labelsByValue.forEach(
        (code, label) -> {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("optionId", optionId(idPrefix + id, code));
          o.put("optionValue", code);
          o.put("optionLabel", label);
          o.put("optionChecked", chosen.contains(code));
          o.put("optionHint", hints.apply(code));
          options.add(o);
        });
    Map<String, Object> g = field(id, List.of());
    g.put("multiple", multiple);
    g.put("options", options);
    return g;
  }

  /** The id of a group's option. */
  public static String optionId(String field, String code) {
    return field + "-" + code;
  }

  /** Where the error summary links for a group: its first option. */
  public static String anchor(String field, List<String> codes) {
    return codes.isEmpty() ? field : optionId(field, codes.get(0));
  }

  private String label(String labelPrefix, String code) {
    return messages.find(locale, labelPrefix + code).orElse(code);
  }

  /** The common part; {@code extraDescribedBy} are ids beside hint and error (a "why" text). */
  private Map<String, Object> field(String id, List<String> extraDescribedBy) {
    return field(id, id, extraDescribedBy);
  }

  private Map<String, Object> field(String id, String textId, List<String> extraDescribedBy) {
    Map<String, Object> f = new LinkedHashMap<>();
    String hint = messages.find(locale, prefix + "hint." + textId).orElse(null);
    String error = errors.get(id);
    String shownId = idPrefix + id;
    f.put("id", shownId);
    f.put("name", id);
    f.put("label", messages.get(locale, prefix + "field." + textId));
    f.put("value", values.get(id) instanceof String s ? s : "");
    f.put("hint", hint);
    f.put("error", error);
    List<String> describedBy = new ArrayList<>();
    if (hint != null) {
      describedBy.add(shownId + "-hint");
    }
    describedBy.addAll(extraDescribedBy);
    if (error != null) {
      describedBy.add(shownId + "-error");
    }
    f.put("describedBy", describedBy.isEmpty() ? null : String.join(" ", describedBy));
    return f;
  }

  /**
   * Adds a "why do we ask this?" text to a field made here, and names it among what describes the
   * field, in the order they are shown: after the hint, before the message.
   */
  public static Map<String, Object> withWhy(Map<String, Object> field, String why) {
    String id = String.valueOf(field.get("id"));
    field.put("why", why);
    Object describedBy = field.get("describedBy");
    String others =
        describedBy == null ? "" : String.valueOf(describedBy).replace(id + "-error", "").strip();
    List<String> ids = new ArrayList<>();
    if (!others.isEmpty()) {
      ids.add(others);
    }
    ids.add(id + "-why");
    if (field.get("error") != null) {
      ids.add(id + "-error");
    }
    field.put("describedBy", String.join(" ", ids));
    return field;
  }
}
