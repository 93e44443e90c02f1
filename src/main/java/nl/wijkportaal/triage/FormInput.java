package nl.wijkportaal.triage;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A form as staff submitted it. Every field is one line except the long texts named at
 * construction; a line holding a control character (a pasted tab or newline, a NUL that PostgreSQL
 * refuses) is noted as a problem of that field, never passed on. What was typed is kept in {@link
 * #values()} to show the form back.
 */
final class FormInput {

  /** A field the page says something about: the text key and its arguments. */
  record Problem(String key, Object... args) {}

  private final MultiMap form;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, Problem> problems = new LinkedHashMap<>();

  FormInput(RoutingContext ctx, Set<String> longTexts) {
    this.form = ctx.request().formAttributes();
    for (String name : form.names()) {
      List<String> all = form.getAll(name);
      for (String value : all) {
        if (controlCharacters(value, longTexts.contains(name))) {
          problem(name, "triage.error.unreadable");
        }
      }
      // Everything typed, to show the form back whichever field the rules refuse.
      values.put(
          name,
          problems.containsKey(name)
              ? ""
              : all.size() == 1 ? all.get(0).strip() : all.stream().map(String::strip).toList());
    }
  }

  /** The field, trimmed; empty when missing or unreadable. */
  String get(String name) {
    String v = form.get(name);
    String value = v == null || problems.containsKey(name) ? "" : v.strip();
    values.put(name, value);
    return value;
  }

  /** The field, or {@code null} when it is empty: for the rules that say "missing". */
  String orNull(String name) {
    String v = get(name);
    return v.isEmpty() ? null : v;
  }

  /** A required field of at most {@code max} characters; a problem otherwise. */
  String required(String name, int max, String missingKey) {
    String v = get(name);
    if (v.isEmpty()) {
      problem(name, missingKey);
    } else if (v.length() > max) {
      problem(name, "triage.error.tooLong", max);
    }
    return v;
  }

  /** An optional field of at most {@code max} characters. */
  String optional(String name, int max) {
    String v = get(name);
    if (v.length() > max) {
      problem(name, "triage.error.tooLong", max);
    }
    return v;
  }

  /** A repeated field (checkboxes): each value once, in the order given. */
  List<String> all(String name) {
    Set<String> distinct = new LinkedHashSet<>();
    if (!problems.containsKey(name)) {
      form.getAll(name).forEach(v -> distinct.add(v.strip()));
    }
    List<String> list = List.copyOf(distinct);
    values.put(name, list);
    return list;
  }

  /** The repeated field's values that are ids; anything else is left out, as if not ticked. */
  List<UUID> uuids(String name) {
    List<UUID> ids = new ArrayList<>();
    for (String v : all(name)) {
      uuid(v).ifPresent(ids::add);
    }
    return ids.stream().distinct().limit(50).toList();
  }

  /** A single field holding an id (the other item of a possible match). */
  Optional<UUID> id(String name) {
    return uuid(get(name));
  }

  /**
   * The item's version the form was shown with; -1 (stale, whatever the item's version) when
   * unreadable.
   */
  int version() {
    try {
      return Integer.parseInt(get("versie"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A date as a date field sends it (2026-12-01); empty when it is not one. */
  Optional<LocalDate> date(String name) {
    String v = get(name);
    try {
      return v.isEmpty() || v.length() > 10 ? Optional.empty() : Optional.of(LocalDate.parse(v));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  boolean has(String name) {
    return form.contains(name);
  }

  FormInput problem(String field, String key, Object... args) {
    problems.putIfAbsent(field, new Problem(key, args));
    return this;
  }

  boolean ok() {
    return problems.isEmpty();
  }

  Map<String, Problem> problems() {
    return problems;
  }

  Map<String, Object> values() {
    return values;
  }

  static Optional<UUID> uuid(String value) {
    if (value == null || value.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Characters below U+0020 and DEL; a long text may hold line breaks and tabs. */
  static boolean controlCharacters(String s, boolean longText) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean allowed = longText && (c == '\n' || c == '\r' || c == '\t');
      if ((c < 0x20 || c == 0x7F) && !allowed) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error part of a page model: {@code errors}, the summary linking to each field (at {@code
   * anchor.get(field)} when the field's first control has another id), and {@code fieldErrors}, the
   * message beside each field.
   */
  static Map<String, Object> errorModel(
      Map<String, String> messagesByField, Map<String, String> anchors) {
    List<Map<String, String>> summary = new ArrayList<>();
    messagesByField.forEach(
        (field, message) ->
            summary.add(Map.of("field", anchors.getOrDefault(field, field), "message", message)));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("errors", summary);
    model.put("fieldErrors", messagesByField);
    return model;
  }
}
