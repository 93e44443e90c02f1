package nl.wijkportaal.identity;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.audit.AuditQuery;
import nl.wijkportaal.platform.audit.AuditRecord;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Pages;

/** The audit log for the beheerder: filtered by action or account, a page at a time. */
final class AuditPages {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final int AUDIT_PAGE_SIZE = 50;
  static final long MAX_AUDIT_PAGE = 100_000;
  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f-]{36}");

  private final AuditLog audit;
  private final Pages pages;

  AuditPages(AuditLog audit, Pages pages) {
    this.audit = audit;
    this.pages = pages;
  }

  void mount(Router router) {
    router.get("/beheer/audit").handler(this::auditLog);
  }

  private void auditLog(RoutingContext ctx) {
    String typedAction = ctx.request().getParam("actie", "").trim();
    String action =
        Form.controlCharacters(typedAction, false) || typedAction.length() > 100 ? "" : typedAction;
    String typedObject = ctx.request().getParam("object", "").trim();
    String object = UUID_TEXT.matcher(typedObject).matches() ? typedObject : "";
    // Page 1 to MAX_AUDIT_PAGE, computed in long: a huge number never wraps to a negative offset.
    long page =
        Math.min(MAX_AUDIT_PAGE, Math.max(1, parseLong(ctx.request().getParam("pagina"), 1)));
    int offset = Math.toIntExact((page - 1) * (long) AUDIT_PAGE_SIZE);
    AuditQuery all = AuditQuery.all().page(AUDIT_PAGE_SIZE, offset);
    AuditQuery byAction = action.isEmpty() ? all : all.action(action);
    AuditQuery query = object.isEmpty() ? byAction : byAction.object("account", object);
    Future.all(audit.search(query), audit.count(query))
        .onSuccess(
            Guarded.on(
                ctx,
                found -> {
                  List<AuditRecord> records = found.resultAt(0);
                  long total = found.resultAt(1);
                  List<Map<String, Object>> rows = new ArrayList<>();
                  for (AuditRecord r : records) {
                    rows.add(row(r));
                  }
                  Map<String, Object> model = new LinkedHashMap<>();
                  model.put("records", rows);
                  model.put("total", total);
                  model.put("action", action);
                  model.put("object", object);
                  model.put(
                      "next",
                      page * AUDIT_PAGE_SIZE < total && page < MAX_AUDIT_PAGE
                          ? auditHref(action, object, page + 1)
                          : null);
                  model.put("previous", page > 1 ? auditHref(action, object, page - 1) : null);
                  pages.render(ctx, "beheer/audit", "beheer.audit.title", model);
                }))
        .onFailure(ctx::fail);
  }

  private static Map<String, Object> row(AuditRecord r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("when", WHEN.format(r.occurredAt().atZone(OpeningHours.ZONE)));
    row.put("action", r.entry().action());
    row.put("actor", actor(r));
    row.put("role", r.entry().actorRole());
    row.put(
        "object",
        r.entry().objectType() == null ? "" : r.entry().objectType() + " " + r.entry().objectId());
    row.put("address", r.entry().clientAddress());
    row.put("details", r.entry().details() == null ? "" : r.entry().details().encode());
    return row;
  }

  /** A link to another page of the audit log with the same filters, every value encoded. */
  static String auditHref(String action, String object, long page) {
    QueryStringEncoder href = new QueryStringEncoder("/beheer/audit");
    if (!action.isEmpty()) {
      href.addParam("actie", action);
    }
    if (!object.isEmpty()) {
      href.addParam("object", object);
    }
    href.addParam("pagina", Long.toString(page));
    return href.toString();
  }

  private static String actor(AuditRecord r) {
    if (r.entry().actorName() != null) {
      return r.entry().actorName();
    }
    return r.entry().actorType() == null
        ? ""
        : r.entry().actorType().toString().toLowerCase(Locale.ROOT);
  }

  /**
   * A page number: too large to be a long reads as the last page, anything else unreadable as
   * {@code otherwise}.
   */
  private static long parseLong(String s, long otherwise) {
    if (s == null) {
      return otherwise;
    }
    String t = s.trim();
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return t.matches("\\+?\\d+") ? Long.MAX_VALUE : otherwise;
    }
  }
}
