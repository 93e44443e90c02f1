package nl.wijkportaal.catalogue;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /redactie/export.json} and {@code /redactie/export.csv}: every offer not archived, in the
 * form an import takes back.
 */
final class ExportRoutes {

  private final EditorService editor;

  ExportRoutes(EditorService editor) {
    this.editor = editor;
  }

  void mount(Router router) {
    router.get(EditorPage.BASE + "/export.json").handler(this::json);
    router.get(EditorPage.BASE + "/export.csv").handler(this::csv);
  }

  private void json(RoutingContext ctx) {
    editor
        .export()
        .onSuccess(
            offers -> {
              JsonArray list = new JsonArray();
              offers.forEach(o -> list.add(OfferJson.write(o)));
              download(
                  ctx,
                  "application/json; charset=utf-8",
                  "aanbod.json",
                  new JsonObject().put("offers", list).encodePrettily());
            })
        .onFailure(ctx::fail);
  }

  private void csv(RoutingContext ctx) {
    editor
        .export()
        .onSuccess(
            offers ->
                download(ctx, "text/csv; charset=utf-8", "aanbod.csv", OfferCsv.write(offers)))
        .onFailure(ctx::fail);
  }

  private static void download(RoutingContext ctx, String type, String fileName, String body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }
}
