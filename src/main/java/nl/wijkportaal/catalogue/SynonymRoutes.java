package nl.wijkportaal.catalogue;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.platform.http.Redirect;

/** {@code /redactie/synoniemen}: words that mean the same in the residents' search. */
final class SynonymRoutes {

  private static final String PATH = EditorPage.BASE + "/synoniemen";

  private final EditorService editor;
  private final EditorPage page;

  SynonymRoutes(EditorService editor, EditorPage page) {
    this.editor = editor;
    this.page = page;
  }

  void mount(Router router) {
    router.get(PATH).handler(this::synonyms);
    router.post(PATH).handler(this::add);
    router.post(PATH + "/:id/verwijderen").handler(this::delete);
  }

  private void synonyms(RoutingContext ctx) {
    render(ctx, 200, null, "");
  }

  private void render(RoutingContext ctx, int status, String error, String typed) {
    String done = ctx.request().getParam("klaar");
    editor
        .synonymGroups()
        .onSuccess(
            groups -> {
              Map<String, Object> model = new LinkedHashMap<>();
              model.put(
                  "groups",
                  groups.stream()
                      .map(
                          g ->
                              Map.of(
                                  "id", g.id().toString(), "terms", String.join(", ", g.terms())))
                      .toList());
              model.put("values", Map.of("woorden", typed));
              model.put(
                  "errors",
                  error == null
                      ? List.of()
                      : List.of(Map.of("field", "woorden", "message", error)));
              model.put("fieldErrors", error == null ? Map.of() : Map.of("woorden", error));
              model.put(
                  "done",
                  status == 200 ? EditorPage.known(done, "toegevoegd", "verwijderd") : null);
              page.render(ctx, status, "redactie/synonyms", "redactie.synonyms.title", model);
            })
        .onFailure(ctx::fail);
  }

  private void add(RoutingContext ctx) {
    String typed =
        String.valueOf(Optional.ofNullable(ctx.request().getFormAttribute("woorden")).orElse(""))
            .trim();
    editor
        .addSynonyms(List.of(typed.split("[,;\\n]", -1)))
        .onSuccess(v -> Redirect.seeOther(ctx, PATH + "?klaar=toegevoegd"))
        .onFailure(
            e -> {
              if (e instanceof EditorService.Rejected rejected) {
                render(
                    ctx, 400, page.text(ctx, rejected.errors().values().iterator().next()), typed);
              } else {
                ctx.fail(e);
              }
            });
  }

  private void delete(RoutingContext ctx) {
    UUID id = EditorPage.uuid(ctx);
    if (id == null) {
      return;
    }
    editor
        .deleteSynonyms(id)
        .onSuccess(
            deleted -> {
              if (deleted) {
                Redirect.seeOther(ctx, PATH + "?klaar=verwijderd");
              } else {
                ctx.fail(404);
              }
            })
        .onFailure(ctx::fail);
  }
}
