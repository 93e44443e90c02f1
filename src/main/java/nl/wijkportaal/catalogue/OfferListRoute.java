package nl.wijkportaal.catalogue;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.web.Language;

/** {@code /redactie}: every offer, or those of one status, with when each was last checked. */
final class OfferListRoute {

  private final EditorService editor;
  private final EditorPage page;

  OfferListRoute(EditorService editor, EditorPage page) {
    this.editor = editor;
    this.page = page;
  }

  void mount(Router router) {
    router.get(EditorPage.BASE).handler(this::index);
  }

  private void index(RoutingContext ctx) {
    String wanted = ctx.request().getParam("status");
    String status = wanted != null && Codes.STATUSES.contains(wanted) ? wanted : null;
    Locale locale = Language.of(ctx);
    editor
        .offers(status)
        .onSuccess(
            offers -> {
              List<Map<String, Object>> filters = new ArrayList<>();
              filters.add(
                  filter(page.text(ctx, "redactie.index.all"), EditorPage.BASE, status == null));
              for (String code : Codes.STATUSES) {
                filters.add(
                    filter(
                        page.text(ctx, "status." + code),
                        EditorPage.BASE + "?status=" + code,
                        code.equals(status)));
              }
              List<Map<String, Object>> rows = new ArrayList<>();
              for (Offer o : offers) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", o.id().toString());
                row.put("title", o.title());
                row.put("status", page.text(ctx, "status." + o.status()));
                row.put("provider", o.provider().name());
                row.put("lastChecked", EditorPage.date(o.lastCheckedAt(), locale));
                rows.add(row);
              }
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("offers", rows);
              model.put("filters", filters);
              model.put("filtered", status == null ? null : page.text(ctx, "status." + status));
              page.render(ctx, 200, "redactie/index", "redactie.index.title", model);
            })
        .onFailure(ctx::fail);
  }

  private static Map<String, Object> filter(String label, String href, boolean current) {
    return Map.of("label", label, "href", href, "current", current);
  }
}
