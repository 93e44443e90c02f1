package nl.wijkportaal.catalogue;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * The editors' pages under {@code /redactie} (role redacteur), one class per job: the list of
 * offers, writing one, its status, the preview, the freshness list, import, export, what residents
 * search for, and the synonyms. This class only mounts them behind the guard.
 */
public final class EditorRoutes {

  private final OfferListRoute list;
  private final OfferEditRoutes edit;
  private final OfferPreviewRoute preview;
  private final OfferStatusRoutes status;
  private final FreshnessRoute freshness;
  private final ImportRoutes imports;
  private final ExportRoutes export;
  private final SearchInsightRoute insight;
  private final SynonymRoutes synonyms;

  public EditorRoutes(EditorService editor, Messages messages, Pages pages) {
    EditorPage page = new EditorPage(pages, messages);
    this.list = new OfferListRoute(editor, page);
    this.edit = new OfferEditRoutes(editor, page);
    this.preview = new OfferPreviewRoute(editor, page);
    this.status = new OfferStatusRoutes(editor);
    this.freshness = new FreshnessRoute(editor, page);
    this.imports = new ImportRoutes(editor, page);
    this.export = new ExportRoutes(editor);
    this.insight = new SearchInsightRoute(editor, page);
    this.synonyms = new SynonymRoutes(editor, page);
  }

  /** Mounts every editor page behind {@code guard}, which runs first on each of them. */
  public void mount(Router router, Handler<RoutingContext> guard) {
    router.route(EditorPage.BASE + "*").handler(guard);
    list.mount(router);
    edit.mount(router);
    preview.mount(router);
    status.mount(router);
    freshness.mount(router);
    imports.mount(router);
    export.mount(router);
    insight.mount(router);
    synonyms.mount(router);
  }
}
