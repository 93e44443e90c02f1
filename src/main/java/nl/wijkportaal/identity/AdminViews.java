package nl.wijkportaal.identity;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Pages;

/**
 * What the beheer pages share: the account rows and the role and wijkteam choices they show, and
 * how a refused form or a refused change is answered.
 */
final class AdminViews {

  private final Pages pages;

  AdminViews(Pages pages) {
    this.pages = pages;
  }

  Pages pages() {
    return pages;
  }

  Map<String, Object> accountRow(RoutingContext ctx, Account a) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", a.id().toString());
    row.put("name", a.name());
    row.put("email", a.email());
    row.put("active", a.active());
    row.put("invited", a.passwordHash().isEmpty());
    row.put("twoFactor", a.totpSecret().isPresent());
    row.put(
        "roles",
        String.join(
            ", ", a.roles().stream().map(r -> pages.text(ctx, "role." + r.code())).toList()));
    row.put("wijkteams", String.join(", ", a.wijkteams()));
    return row;
  }

  List<Map<String, Object>> roleChoices(RoutingContext ctx, Organisation org, Set<Role> held) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Role role : Role.values()) {
      if (role.swtOnly() == org.swt()) {
        list.add(
            Map.of(
                "code",
                role.code(),
                "label",
                pages.text(ctx, "role." + role.code()),
                "checked",
                held.contains(role)));
      }
    }
    return list;
  }

  static List<Map<String, Object>> wijkteamChoices(List<Wijkteam> all, List<String> held) {
    return all.stream()
        .map(
            w ->
                Map.<String, Object>of(
                    "code", w.code(), "label", w.name(), "checked", held.contains(w.code())))
        .toList();
  }

  /**
   * A value the rules refuse goes beside its field on the page shown again; anything else is a
   * failure.
   */
  static void invalidOr(RoutingContext ctx, Throwable e, Form form, Runnable rerender) {
    if (e instanceof Invalid invalid) {
      form.problem(invalid.field(), invalid.messageKey());
      try {
        rerender.run();
      } catch (RuntimeException again) {
        Guarded.fail(ctx, again);
      }
    } else {
      fail(ctx, e);
    }
  }

  /** A refused change as the 404 or 409 page; anything else as the failure it is. */
  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof AdminRefusal refusal) {
      ctx.fail(refusal.reason() == AdminRefusal.Reason.NOT_FOUND ? 404 : 409);
    } else {
      ctx.fail(e);
    }
  }

  static Account me(RoutingContext ctx) {
    return SignedInUser.of(ctx).orElseThrow().account();
  }

  /** The id in the path; {@code null} after answering 404 when it is not one. */
  static UUID uuid(RoutingContext ctx, String param) {
    try {
      return UUID.fromString(ctx.pathParam(param));
    } catch (IllegalArgumentException e) {
      ctx.fail(404);
      return null;
    }
  }

  /** The version the form was shown with; -1 (stale) when unreadable. */
  static int version(Form form) {
    try {
      return Integer.parseInt(form.text("version"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The boxes ticked in a form already read: what a refused form shows again. */
  static List<String> ticked(Form form, String name) {
    return form.values().get(name) instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : List.of();
  }

  /** A form with nothing typed: the page after a success shows its fields empty. */
  static Form blank() {
    return new Form(MultiMap.caseInsensitiveMultiMap(), Set.of());
  }
}
