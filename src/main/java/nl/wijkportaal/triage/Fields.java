package nl.wijkportaal.triage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's view of form fields ({@code triage/field}, {@code triage/choices}): label, hint,
 * the value shown back, the message beside it and what describes it for a screen reader. Texts come
 * from {@code <prefix>field.<id>} and (optional) {@code <prefix>hint.<id>}.
 */
record Fields(
    Labels labels, String prefix, Map<String, Object> values, Map<String, String> errors) {

  Map<String, Object> input(String id, String type, String autocomplete) {
    Map<String, Object> f = field(id);
    f.put("type", type);
    f.put("autocomplete", autocomplete);
    return f;
  }

  Map<String, Object> area(String id, int rows) {
    Map<String, Object> f = field(id);
    f.put("area", true);
    f.put("rows", rows);
    return f;
  }

  /** A select of {@code options} ({@link Labels#option}), the shown-back value selected. */
  Map<String, Object> select(String id, List<Map<String, Object>> options) {
    Map<String, Object> f = field(id);
    String value = String.valueOf(f.get("value"));
    List<Map<String, Object>> marked = new ArrayList<>();
    for (Map<String, Object> o : options) {
      Map<String, Object> copy = new LinkedHashMap<>(o);
      copy.put("selected", value.equals(o.get("value")));
      marked.add(copy);
    }
    f.put("select", true);
    f.put("options", marked);
    return f;
  }

  /**
   * Radios or checkboxes in a fieldset; an option's hint comes from {@code
   * <labelPrefix><code>.hint} when there is one.
   */
  Map<String, Object> choices(String id, String type, List<String> codes, String labelPrefix) {
    Object value = values.get(id);
    List<String> chosen =
        value instanceof List<?> l
            ? l.stream().map(String::valueOf).toList()
            : value == null ? List.of() : List.of(String.valueOf(value));
    List<Map<String, Object>> options = new ArrayList<>();
    for (String code : codes) {
      Map<String, Object> o =
          Labels.option(code, labels.of(labelPrefix, code), chosen.contains(code));
      // The first choice carries the field's id: the error summary's link lands on it.
      String optionId = options.isEmpty() ? id : id + "-" + code;
      o.put("id", optionId);
      o.put("name", id);
      o.put("type", type);
      String hint = labels.optional(labelPrefix + code + ".hint");
      o.put("optionHint", hint);
      o.put("optionHintId", hint == null ? null : optionId + "-hint");
      options.add(o);
    }
    Map<String, Object> g = field(id);
    g.put("legend", g.remove("label"));
    g.put("options", options);
    return g;
  }

  private Map<String, Object> field(String id) {
    Map<String, Object> f = new LinkedHashMap<>();
    String hint = labels.optional(prefix + "hint." + id);
    String error = errors.get(id);
    f.put("id", id);
    f.put("name", id);
    f.put("label", labels.text(prefix + "field." + id));
    f.put("value", values.get(id) instanceof String s ? s : "");
    f.put("hint", hint);
    f.put("error", error);
    List<String> describedBy = new ArrayList<>();
    if (hint != null) {
      describedBy.add(id + "-hint");
    }
    if (error != null) {
      describedBy.add(id + "-error");
    }
    f.put("describedBy", describedBy.isEmpty() ? null : String.join(" ", describedBy));
    return f;
  }
}
