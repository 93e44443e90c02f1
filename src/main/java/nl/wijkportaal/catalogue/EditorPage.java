package nl.wijkportaal.catalogue;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.FieldViews;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * What every editor page shares: rendering in the editor's language, who the editor is, the id in
 * the path and the version in the form, and dates as the pages show them.
 */
final class EditorPage {

  static final String BASE = "/redactie";
  static final String OFFERS = BASE + "/aanbod/";

  private final Pages pages;
  private final Messages messages;

  EditorPage(Pages pages, Messages messages) {
    this.pages = pages;
    this.messages = messages;
  }

  void render(
      RoutingContext ctx, int status, String template, String titleKey, Map<String, Object> model) {
    pages.render(ctx, status, template, titleKey, model);
  }

  String text(RoutingContext ctx, String key, Object... args) {
    return pages.text(ctx, key, args);
  }

  /** The text of the key, or empty when there is none (a code without a label). */
  Optional<String> find(RoutingContext ctx, String key, Object... args) {
    return messages.find(Language.of(ctx), key, args);
  }

  /** The field view models of an editor's form: texts from {@code redactie.field.*}. */
  FieldViews fields(RoutingContext ctx, Map<String, Object> values, Map<String, String> errors) {
    return new FieldViews(messages, Language.of(ctx), "redactie.", values, errors);
  }

  /** The signed-in editor's name, as the history shows it. */
  static String me(RoutingContext ctx) {
    return SignedInUser.of(ctx).orElseThrow().account().name();
  }

  /** The id in the path; {@code null} after failing the request with 404 when it is not one. */
  static UUID uuid(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ctx.fail(404);
      return null;
    }
  }

  /** The version the form was shown with; {@code null} when it is not a number. */
  static Integer version(RoutingContext ctx) {
    String v = ctx.request().getFormAttribute("version");
    return v != null && v.trim().matches("\\d{1,9}") ? Integer.valueOf(v.trim()) : null;
  }

  /** The value when it is one of those allowed (a "done" message code), else {@code null}. */
  static String known(String value, String... allowed) {
    return value != null && List.of(allowed).contains(value) ? value : null;
  }

  static String date(Instant instant, Locale locale) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy", locale)
        .format(instant.atZone(OpeningHours.ZONE));
  }

  static String dateTime(Instant instant, Locale locale) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", locale)
        .format(instant.atZone(OpeningHours.ZONE));
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
