package nl.wijkportaal.catalogue;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.web.Language;

/** {@code /redactie/versheid}: published offers nobody confirmed for half a year. */
final class FreshnessRoute {

  private final EditorService editor;
  private final EditorPage page;

  FreshnessRoute(EditorService editor, EditorPage page) {
    this.editor = editor;
    this.page = page;
  }

  void mount(Router router) {
    router.get(EditorPage.BASE + "/versheid").handler(this::freshness);
  }

  private void freshness(RoutingContext ctx) {
    Locale locale = Language.of(ctx);
    String done = ctx.request().getParam("klaar");
    editor
        .stale()
        .onSuccess(
            offers -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              for (Offer o : offers) {
                rows.add(
                    Map.of(
                        "id",
                        o.id().toString(),
                        "title",
                        o.title(),
                        "provider",
                        o.provider().name(),
                        "lastChecked",
                        EditorPage.date(o.lastCheckedAt(), locale),
                        "version",
                        o.version()));
              }
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("offers", rows);
              model.put("done", done != null && done.matches("[0-9a-f-]{36}"));
              page.render(ctx, 200, "redactie/freshness", "redactie.freshness.title", model);
            })
        .onFailure(ctx::fail);
  }
}
