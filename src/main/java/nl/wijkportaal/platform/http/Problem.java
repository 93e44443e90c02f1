package nl.wijkportaal.platform.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * An RFC 9457 problem document, the one error shape of the JSON API. Validation failures list their
 * fields in {@code errors}: {@code name} (the field, as a dotted path), {@code code} and {@code
 * reason} (in the caller's language).
 */
public record Problem(
    int status, String title, String detail, String instance, List<FieldError> errors) {

  public static final String CONTENT_TYPE = "application/problem+json";

  /** One field that was not accepted. */
  public record FieldError(String name, String code, String reason) {}

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject().put("type", "about:blank").put("title", title).put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    json.put("instance", instance);
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(
          e ->
              list.add(
                  new JsonObject()
                      .put("name", e.name())
                      .put("code", e.code())
                      .put("reason", e.reason())));
      json.put("errors", list);
    }
    return json;
  }

  public void send(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(toJson().encode());
  }
}
