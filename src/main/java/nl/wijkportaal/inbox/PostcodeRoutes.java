package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Pages;

/**
 * {@code /beheer/postcodes}: the beheerder keeps which postcode lies in which wijk, so that an
 * aanmelding or signal lands with the right wijkteam. Every change is audited.
 */
public final class PostcodeRoutes {

  private static final Pattern AREA_OR_POSTCODE = Pattern.compile("[1-9][0-9]{3}( ?[A-Za-z]{2})?");

  private final PostcodeWijken postcodes;
  private final AuditLog audit;
  private final Pages pages;
  private final ClientAddress clientAddress;

  public PostcodeRoutes(
      PostcodeWijken postcodes, AuditLog audit, Pages pages, ClientAddress clientAddress) {
    this.postcodes = postcodes;
    this.audit = audit;
    this.pages = pages;
    this.clientAddress = clientAddress;
  }

  public void mount(Router router, Handler<RoutingContext> beheerder) {
    router
        .get("/beheer/postcodes")
        .handler(beheerder)
        .handler(ctx -> render(ctx, 200, Map.of(), Map.of()));
    router.post("/beheer/postcodes").handler(beheerder).handler(this::put);
    router.post("/beheer/postcodes/:postcode/verwijderen").handler(beheerder).handler(this::remove);
  }

  private void put(RoutingContext ctx) {
    Form form = Form.of(ctx);
    String typed = form.text("postcode");
    String postcode = typed.replace(" ", "").toUpperCase(Locale.ROOT);
    String wijk = form.text("wijk");
    Map<String, String> values = Map.of("postcode", typed, "wijk", wijk);
    postcodes
        .wijken()
        .onSuccess(
            wijken -> {
              Map<String, String> errors = new LinkedHashMap<>();
              if (!AREA_OR_POSTCODE.matcher(postcode).matches()) {
                errors.put("postcode", "inbox.postcodes.error.postcode");
              }
              if (!wijken.containsKey(wijk)) {
                errors.put("wijk", "inbox.postcodes.error.wijk");
              }
              if (!errors.isEmpty()) {
                render(ctx, 400, values, errors);
                return;
              }
              postcodes
                  .put(postcode, wijk)
                  .compose(
                      v -> audit.record(entry(ctx, "postcode.set", postcode).detail("wijk", wijk)))
                  .onSuccess(v -> Redirect.seeOther(ctx, "/beheer/postcodes?klaar=opgeslagen"))
                  .onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    String postcode = ctx.pathParam("postcode");
    if (postcode == null || !AREA_OR_POSTCODE.matcher(postcode).matches()) {
      ctx.fail(404);
      return;
    }
    postcodes
        .remove(postcode)
        .compose(
            found ->
                found
                    ? audit.record(entry(ctx, "postcode.removed", postcode)).map(true)
                    : Future.succeededFuture(false))
        .onSuccess(
            found -> {
              if (found) {
                Redirect.seeOther(ctx, "/beheer/postcodes?klaar=verwijderd");
              } else {
                ctx.fail(404);
              }
            })
        .onFailure(ctx::fail);
  }

  private void render(
      RoutingContext ctx, int status, Map<String, String> values, Map<String, String> errorKeys) {
    postcodes
        .wijken()
        .compose(
            wijken ->
                postcodes
                    .all()
                    .map(
                        entries -> {
                          Map<String, Object> model = new LinkedHashMap<>();
                          List<Map<String, Object>> rows = new ArrayList<>();
                          for (PostcodeWijken.Entry e : entries) {
                            rows.add(
                                Map.of(
                                    "postcode",
                                    Postcode.display(e.postcode()),
                                    "code",
                                    e.postcode(),
                                    "wijk",
                                    wijken.getOrDefault(e.wijk(), e.wijk())));
                          }
                          List<Map<String, Object>> options = new ArrayList<>();
                          wijken.forEach(
                              (code, name) ->
                                  options.add(
                                      Map.of(
                                          "code",
                                          code,
                                          "name",
                                          name,
                                          "selected",
                                          code.equals(values.get("wijk")))));
                          model.put("entries", rows);
                          model.put("wijken", options);
                          model.put("values", values);
                          model.putAll(Form.errorModel(texts(ctx, errorKeys), Map.of()));
                          String done = ctx.queryParams().get("klaar");
                          if ("opgeslagen".equals(done) || "verwijderd".equals(done)) {
                            model.put("done", pages.text(ctx, "inbox.postcodes.done." + done));
                          }
                          return model;
                        }))
        .onSuccess(
            model -> pages.render(ctx, status, "beheer/postcodes", "inbox.postcodes.title", model))
        .onFailure(ctx::fail);
  }

  private AuditEntry entry(RoutingContext ctx, String action, String postcode) {
    Account me = SignedInUser.of(ctx).orElseThrow().account();
    return AuditEntry.of(action)
        .account(me.id().toString(), me.name(), "beheerder")
        .organisation(me.organisation().id().toString())
        .object("postcode", postcode)
        .from(clientAddress.of(ctx));
  }

  /** The messages of these field → key pairs in the visitor's language. */
  private Map<String, String> texts(RoutingContext ctx, Map<String, String> keys) {
    Map<String, String> texts = new LinkedHashMap<>();
    keys.forEach((field, key) -> texts.put(field, pages.text(ctx, key)));
    return texts;
  }
}
