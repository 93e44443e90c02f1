package nl.wijkportaal.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;

/** The bare server's counterpart of each other page: the same data, one query, one render. */
final class BarePages {

  record Page(String title, List<Map<String, Object>> rows, JsonObject json) {}

  interface Handler {
    Future<Page> handle(Pool pool, HttpServerRequest req);
  }

  static final Map<String, Handler> HANDLERS = Map.of();

  private BarePages() {}
}
