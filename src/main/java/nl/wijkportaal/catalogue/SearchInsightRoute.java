package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /redactie/zoekinzicht}: what residents search for often, and find nothing for. */
final class SearchInsightRoute {

  private final EditorService editor;
  private final EditorPage page;

  SearchInsightRoute(EditorService editor, EditorPage page) {
    this.editor = editor;
    this.page = page;
  }

  void mount(Router router) {
    router.get(EditorPage.BASE + "/zoekinzicht").handler(this::insight);
  }

  private void insight(RoutingContext ctx) {
    Future.all(editor.frequentSearches(), editor.zeroResultSearches())
        .onSuccess(
            all -> {
              List<SearchCount> frequent = all.resultAt(0);
              List<SearchCount> empty = all.resultAt(1);
              Map<String, Object> model = new LinkedHashMap<>();
              model.put(
                  "frequent",
                  frequent.stream()
                      .filter(s -> safe(s.query()))
                      .map(
                          s ->
                              Map.of(
                                  "query", s.query(),
                                  "count", s.count(),
                                  "empty", s.withoutResults()))
                      .toList());
              model.put(
                  "empty",
                  empty.stream()
                      .filter(s -> safe(s.query()))
                      .map(s -> Map.of("query", s.query(), "count", s.count()))
                      .toList());
              page.render(ctx, 200, "redactie/insight", "redactie.insight.title", model);
            })
        .onFailure(ctx::fail);
  }

  /** The log keeps no digits nor e-mail addresses; should one be there, it is still not shown. */
  private static boolean safe(String query) {
    return query != null && !query.matches("(?s).*[\\p{N}@].*");
  }
}
