package nl.wijkportaal.inbox;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.web.Pages;

/**
 * Field errors in the shape the templates show them: the summary's links and the messages beside
 * the fields.
 */
public final class PageErrors {

  private PageErrors() {}

  /** Puts {@code fieldErrors} and {@code errors} into the model, from field → message key. */
  public static void put(
      Pages pages, RoutingContext ctx, Map<String, Object> model, Map<String, String> keys) {
    Map<String, String> fieldErrors = new LinkedHashMap<>();
    List<Map<String, String>> summary = new ArrayList<>();
    keys.forEach(
        (field, key) -> {
          String message = pages.text(ctx, key);
          fieldErrors.put(field, message);
          summary.add(Map.of("field", field, "message", message));
        });
    model.put("fieldErrors", fieldErrors);
    model.put("errors", summary);
  }
}
