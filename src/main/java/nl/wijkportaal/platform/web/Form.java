package nl.wijkportaal.platform.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A submitted HTML form: the one way every page reads its fields. Every field is one line except
 * the long texts named at construction; a value holding a control character (a pasted tab or
 * newline, a NUL that PostgreSQL refuses) is never handed on: the field reads as empty and gets the
 * problem {@code form.error.unreadable}. What was typed is kept in {@link #values()} to show the
 * form back; problems are kept per field, the first one counting, and turned into the error summary
 * and the messages beside the fields by {@link #errorModel}.
 */
public final class Form {

  /** What the page says about a field: the text key and its arguments. */
  public record Problem(String key, List<Object> arguments) {

    public Problem(String key, Object... args) {
      this(key, Collections.unmodifiableList(Arrays.asList(args.clone())));
    }

    /** The arguments as the message formatter takes them. */
    public Object[] args() {
      return arguments.toArray();
    }
  }

  /** The maximum a repeated field of ids yields; more are left out, as if not ticked. */
  public static final int MAX_IDS = 50;

  private static final Pattern DUTCH_DATE =
      Pattern.compile("(\\d{1,2})[-/. ](\\d{1,2})[-/. ](\\d{4})");
  private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
  private static final DateTimeFormatter SHOWN_DATE = DateTimeFormatter.ofPattern("d-M-yyyy");

  private final MultiMap form;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, Problem> problems = new LinkedHashMap<>();

  /** The form of this request; the named fields may hold line breaks and tabs. */
  public static Form of(RoutingContext ctx, String... longTexts) {
    return new Form(ctx.request().formAttributes(), Set.of(longTexts));
  }

  public Form(MultiMap form, Set<String> longTexts) {
    this.form = form;
    for (String name : form.names()) {
      List<String> all = form.getAll(name);
      for (String value : all) {
        if (controlCharacters(value, longTexts.contains(name))) {
          problem(name, "form.error.unreadable");
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
  public String text(String name) {
    String v = form.get(name);
    String value = v == null || problems.containsKey(name) ? "" : v.strip();
    values.put(name, value);
    return value;
  }

  /** The field, or {@code null} when it is empty: for the rules that say "missing". */
  public String orNull(String name) {
    String v = text(name);
    return v.isEmpty() ? null : v;
  }

  /** A required field of at most {@code max} characters; a problem otherwise. */
  public String required(String name, int max, String missingKey) {
    String v = text(name);
    if (v.isEmpty()) {
      problem(name, missingKey);
    } else if (v.length() > max) {
      problem(name, "form.error.tooLong", max);
    }
    return v;
  }

  /** An optional field of at most {@code max} characters. */
  public String optional(String name, int max) {
    String v = text(name);
    if (v.length() > max) {
      problem(name, "form.error.tooLong", max);
    }
    return v;
  }

  /** A value that is never shown back (a password, a code): as typed, not trimmed. */
  public String secret(String name) {
    String v = form.get(name);
    values.remove(name);
    return v == null || problems.containsKey(name) ? "" : v;
  }

  /** A repeated field (checkboxes): each value once, in the order given. */
  public List<String> all(String name) {
    Set<String> distinct = new LinkedHashSet<>();
    if (!problems.containsKey(name)) {
      form.getAll(name).forEach(v -> distinct.add(v.strip()));
    }
    List<String> list = List.copyOf(distinct);
    values.put(name, list);
    return list;
  }

  /** The repeated field's values that are ids, at most {@link #MAX_IDS}; others left out. */
  public List<UUID> uuids(String name) {
    return uuids(name, MAX_IDS);
  }

  /** The repeated field's values that are ids, at most {@code max}; others left out. */
  public List<UUID> uuids(String name, int max) {
    List<UUID> ids = new ArrayList<>();
    for (String v : all(name)) {
      uuid(v).ifPresent(ids::add);
    }
    return ids.stream().distinct().limit(max).toList();
  }

  /** A single field holding an id; empty when it is not one. */
  public Optional<UUID> id(String name) {
    return uuid(text(name));
  }

  /**
   * The version ({@code versie}) the form was shown with; -1 (stale, whatever the current version)
   * when unreadable.
   */
  public int version() {
    try {
      return Integer.parseInt(text("versie"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A date as people type it (14-3-2012, 14/03/2012, 14.3.2012) or as a date field sends it
   * (2012-03-14); empty when it is not a date that exists.
   */
  public Optional<LocalDate> date(String name) {
    return parseDate(text(name));
  }

  /** Whether the form has the field at all (a button, a checkbox). */
  public boolean has(String name) {
    return form.contains(name);
  }

  /** Notes a problem of the field; the first problem of a field counts. */
  public Form problem(String field, String key, Object... args) {
    problems.putIfAbsent(field, new Problem(key, args));
    return this;
  }

  /**
   * Forgets the problems noted so far: for a page that must not say which field it could not read
   * (a sign-in answers "wrong" for any of them).
   */
  public Form withoutProblems() {
    problems.clear();
    return this;
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  public Map<String, Problem> problems() {
    return problems;
  }

  /** What was typed, to show back: a String per field, a List for a repeated field. */
  public Map<String, Object> values() {
    return values;
  }

  /** Whether any field held a control character. */
  public boolean unreadable() {
    return problems.values().stream().anyMatch(p -> p.key().equals("form.error.unreadable"));
  }

  /**
   * The error part of a page model in the visitor's language: {@code errors}, the summary linking
   * to each field (at {@code anchors.get(field)} when the field's first control has another id),
   * {@code fieldErrors}, the message beside each field, and {@code values}.
   */
  public Map<String, Object> errorModel(
      Messages messages, Locale locale, Map<String, String> anchors) {
    Map<String, String> byField = new LinkedHashMap<>();
    problems.forEach((field, p) -> byField.put(field, messages.get(locale, p.key(), p.args())));
    Map<String, Object> model = errorModel(byField, anchors);
    model.put("values", values);
    return model;
  }

  /** The error part of a page model from messages already in the visitor's language. */
  public static Map<String, Object> errorModel(
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

  /** An id in its usual 36-character form; empty otherwise. */
  public static Optional<UUID> uuid(String value) {
    if (value == null || value.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A date typed the Dutch way (14-3-2012) or the ISO way (2012-03-14); empty otherwise. */
  public static Optional<LocalDate> parseDate(String value) {
    if (value == null || value.length() > 10) {
      return Optional.empty();
    }
    String v = value.strip();
    try {
      Matcher dmy = DUTCH_DATE.matcher(v);
      if (dmy.matches()) {
        return Optional.of(
            LocalDate.of(
                Integer.parseInt(dmy.group(3)),
                Integer.parseInt(dmy.group(2)),
                Integer.parseInt(dmy.group(1))));
      }
      Matcher iso = ISO_DATE.matcher(v);
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

  /** A date shown back the way people type it: 14-3-2012. */
  public static String shown(LocalDate date) {
    return SHOWN_DATE.format(date);
  }

  /**
   * Characters below U+0020 and DEL (a NUL, a pasted tab); a long text may hold line breaks and
   * tabs.
   */
  public static boolean controlCharacters(String s, boolean longText) {
    if (s == null) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (control(s.charAt(i), longText)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The value without its control characters: for a page that shows back the rest of what was typed
   * (and says what it removed).
   */
  public static String readable(String s, boolean longText) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!control(c, longText)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean control(char c, boolean longText) {
    boolean allowed = longText && (c == '\n' || c == '\r' || c == '\t');
    return (c < 0x20 || c == 0x7F) && !allowed;
  }
}
