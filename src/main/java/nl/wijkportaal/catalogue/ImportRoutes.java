package nl.wijkportaal.catalogue;

import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.platform.http.Redirect;

/**
 * {@code /redactie/import}: an editor uploads a provider's list; {@link OfferImport} reads it off
 * the event loop and the service stores all rows or none. A rejected file comes back with the rows
 * that cannot be taken, each with its messages.
 */
final class ImportRoutes {

  private static final String PATH = EditorPage.BASE + "/import";

  private final EditorService editor;
  private final EditorPage page;

  ImportRoutes(EditorService editor, EditorPage page) {
    this.editor = editor;
    this.page = page;
  }

  void mount(Router router) {
    router.get(PATH).handler(this::importPage);
    router.post(PATH).handler(this::upload);
  }

  private void importPage(RoutingContext ctx) {
    String count = ctx.request().getParam("ingelezen");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put(
        "imported", count != null && count.matches("\\d{1,6}") ? Integer.valueOf(count) : null);
    render(ctx, 200, model);
  }

  private void render(RoutingContext ctx, int status, Map<String, Object> model) {
    model.putIfAbsent("errors", List.of());
    model.putIfAbsent("fieldErrors", Map.of());
    page.render(ctx, status, "redactie/import", "redactie.import.title", model);
  }

  private void upload(RoutingContext ctx) {
    Optional<FileUpload> found =
        ctx.fileUploads().stream().filter(u -> "bestand".equals(u.name())).findFirst();
    if (found.isEmpty() || found.get().size() == 0) {
      failed(ctx, page.text(ctx, "redactie.error.noFile"));
      return;
    }
    FileUpload upload = found.get();
    ctx.vertx()
        .fileSystem()
        .readFile(upload.uploadedFileName())
        // Decoding and parsing a large file takes time: not on the event loop.
        .compose(
            buffer ->
                ctx.vertx()
                    .executeBlocking(
                        () ->
                            OfferImport.File.of(
                                buffer.getBytes(), upload.fileName(), upload.contentType()),
                        false))
        .onSuccess(file -> store(ctx, file))
        .onFailure(ctx::fail);
  }

  private void store(RoutingContext ctx, OfferImport.File file) {
    String editorName = EditorPage.me(ctx);
    List<String> wijken = editor.wijken();
    ctx.vertx()
        .executeBlocking(() -> file.drafts(wijken), false)
        .compose(drafts -> editor.importOffers(drafts, editorName))
        .onSuccess(count -> Redirect.seeOther(ctx, PATH + "?ingelezen=" + count))
        .onFailure(
            e -> {
              if (e instanceof EditorService.ImportRejected rejected) {
                rejected(ctx, rejected, file.csv());
              } else if (e instanceof OfferCsv.TooManyRows) {
                failed(ctx, page.text(ctx, "import.error.tooManyRows", OfferImport.MAX_ROWS));
              } else if (e instanceof OfferCsv.Unreadable) {
                failed(ctx, page.text(ctx, "catalogue.error.file"));
              } else if (e instanceof EditorService.Stale) {
                // An offer changed while the file was read in: nothing is stored.
                ctx.fail(409);
              } else {
                ctx.fail(e);
              }
            });
  }

  private void failed(RoutingContext ctx, String message) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("errors", List.of(Map.of("field", "bestand", "message", message)));
    model.put("fieldErrors", Map.of("bestand", message));
    render(ctx, 400, model);
  }

  private void rejected(RoutingContext ctx, EditorService.ImportRejected rejected, boolean csv) {
    if (rejected.rows().containsKey(0)) {
      failed(ctx, page.text(ctx, rejected.rows().get(0).values().iterator().next()));
      return;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    rejected
        .rows()
        .forEach(
            (row, errors) -> {
              List<String> messages = new ArrayList<>();
              errors.forEach(
                  (field, key) -> {
                    String message = page.text(ctx, key);
                    messages.add(
                        page.find(
                                ctx,
                                "redactie.field." + field.replaceFirst("^location\\d+", "location"))
                            .map(label -> label + ": " + message)
                            .orElse(message));
                  });
              // A spreadsheet counts the header as row 1; a JSON file counts offers.
              rows.add(
                  Map.of(
                      "label",
                      csv
                          ? page.text(ctx, "redactie.import.csvRow", row + 1)
                          : page.text(ctx, "redactie.import.jsonRow", row),
                      "messages",
                      messages));
            });
    String summary = page.text(ctx, "redactie.import.rejected", rejected.total());
    Map<String, Object> model = new LinkedHashMap<>();
    if (rejected.total() > rows.size()) {
      model.put(
          "moreRows",
          page.text(ctx, "import.moreRows", rejected.total() - rows.size(), rows.size()));
    }
    model.put("errors", List.of(Map.of("field", "rijen", "message", summary)));
    model.put("fieldErrors", Map.of("bestand", summary));
    model.put("rows", rows);
    render(ctx, 400, model);
  }
}
