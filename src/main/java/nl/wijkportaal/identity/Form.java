package nl.wijkportaal.identity;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.wijkportaal.platform.web.Pages;

/**
 * A submitted HTML form and its errors, in the shape the templates show them: an error summary at
 * the top linking to each field, and the message beside the field. Every field is one line: a value
 * with a control character (NUL, tab, newline, ...) is never handed on (PostgreSQL refuses NUL in
 * text); it reads as empty and the field is noted as {@link #unreadable()}, for the caller to
 * refuse the form.
 */
final class Form {

  private final RoutingContext ctx;
  private final Pages pages;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> fieldErrors = new LinkedHashMap<>();
  private final Set<String> unreadable = new LinkedHashSet<>();

  Form(RoutingContext ctx, Pages pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  String value(String field) {
    String v = ctx.request().getFormAttribute(field);
    String trimmed = v == null ? "" : v.trim();
    if (hasControlCharacters(v)) {
      unreadable.add(field);
      values.put(field, "");
      return "";
    }
    values.put(field, trimmed);
    return trimmed;
  }

  /** A value that must not be echoed back into the page (a password, a code). */
  String secret(String field) {
    String v = ctx.request().getFormAttribute(field);
    if (v != null && hasControlCharacters(v)) {
      unreadable.add(field);
      return "";
    }
    return v == null ? "" : v;
  }

  /**
   * A repeated field (checkboxes), each value once, in the order given; values with control
   * characters left out.
   */
  List<String> values(String field) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String v : ctx.request().formAttributes().getAll(field)) {
      if (hasControlCharacters(v)) {
        unreadable.add(field);
      } else {
        distinct.add(v.trim());
      }
    }
    return List.copyOf(distinct);
  }

  /** Whether a field read so far held a control character. */
  boolean unreadable() {
    return !unreadable.isEmpty();
  }

  /**
   * Puts the "cannot read this" message beside each field that held a control character; true when
   * any did.
   */
  boolean refuseUnreadable() {
    unreadable.forEach(field -> error(field, "form.error.unreadable"));
    return !unreadable.isEmpty();
  }

  /** Characters below U+0020 and DEL: never part of a one-line field. */
  static boolean hasControlCharacters(String s) {
    if (s == null) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return true;
      }
    }
    return false;
  }

  Form error(String field, String messageKey, Object... args) {
    fieldErrors.putIfAbsent(field, pages.text(ctx, messageKey, args));
    return this;
  }

  boolean valid() {
    return fieldErrors.isEmpty();
  }

  /** The model for a template: {@code values}, {@code errors} (summary) and {@code fieldErrors}. */
  Map<String, Object> model() {
    List<Map<String, String>> summary = new ArrayList<>();
    fieldErrors.forEach(
        (field, message) -> summary.add(Map.of("field", field, "message", message)));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("values", values);
    model.put("errors", summary);
    model.put("fieldErrors", fieldErrors);
    return model;
  }
}
