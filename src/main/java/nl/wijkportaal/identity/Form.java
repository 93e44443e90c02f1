package nl.wijkportaal.identity;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.web.Pages;

/**
 * A submitted HTML form and its errors, in the shape the templates show them: an error
 * summary at the top linking to each field, and the message beside the field.
 */
final class Form {

  private final RoutingContext ctx;
  private final Pages pages;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> fieldErrors = new LinkedHashMap<>();

  Form(RoutingContext ctx, Pages pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  String value(String field) {
    String v = ctx.request().getFormAttribute(field);
    String trimmed = v == null ? "" : v.trim();
    values.put(field, trimmed);
    return trimmed;
  }

  /** A value that must not be echoed back into the page (a password, a code). */
  String secret(String field) {
    String v = ctx.request().getFormAttribute(field);
    return v == null ? "" : v;
  }

  List<String> values(String field) {
    return ctx.request().formAttributes().getAll(field);
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
    fieldErrors.forEach((field, message) -> summary.add(Map.of("field", field, "message", message)));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("values", values);
    model.put("errors", summary);
    model.put("fieldErrors", fieldErrors);
    return model;
  }
}
