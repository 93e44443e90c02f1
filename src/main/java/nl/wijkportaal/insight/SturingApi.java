package nl.wijkportaal.insight;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.identity.AdminService;
import nl.wijkportaal.identity.ApiAuth;
import nl.wijkportaal.identity.ApiCaller;
import nl.wijkportaal.identity.OrganisationKind;
import nl.wijkportaal.identity.Wijkteam;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.http.Problem;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.triage.Triage;

/**
 * {@code GET /api/v1/sturing}: the dashboard's tables as JSON for the municipality's own BI, for an
 * API client of the SWT with scope {@code sturing}; every wijkteam or one, the same suppression as
 * the page.
 */
public final class SturingApi implements ApiOperations {

  private final Sturing sturing;
  private final Triage triage;
  private final ApiAuth auth;
  private final Messages messages;
  private final Clock clock;

  public SturingApi(Sturing sturing, Triage triage, ApiAuth auth, Messages messages, Clock clock) {
    this.sturing = sturing;
    this.triage = triage;
    this.auth = auth;
    this.messages = messages;
    this.clock = clock;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder
        .getRoute("getSturing")
        .addHandler(auth.caller(AdminService.STURING_SCOPE))
        .addHandler(this::get);
  }

  private void get(RoutingContext ctx) {
    if (ApiCaller.of(ctx).organisationKind() != OrganisationKind.SWT) {
      ctx.fail(403);
      return;
    }
    Object parsed = Period.parse(ctx.queryParams().get("van"), ctx.queryParams().get("tot"), clock);
    if (parsed instanceof Period.Refused refused) {
      invalid(ctx, refused);
      return;
    }
    String wijk = ctx.queryParams().get("wijk");
    triage
        .wijkteams()
        .compose(
            teams -> {
              Map<String, String> names = new LinkedHashMap<>();
              teams.forEach((Wijkteam w) -> names.put(w.code(), w.name()));
              if (wijk != null && !names.containsKey(wijk)) {
                return Future.succeededFuture((DashboardView) null);
              }
              return Future.succeededFuture(new DashboardView(messages, Language.of(ctx), names));
            })
        .compose(
            view ->
                view == null
                    ? Future.succeededFuture((io.vertx.core.json.JsonObject) null)
                    : sturing
                        .dashboard(
                            (Period) parsed, new Scope(null, Optional.ofNullable(wijk), false))
                        .map(view::json))
        .onSuccess(
            json -> {
              if (json == null) {
                invalid(ctx, new Period.Refused("wijk", "insight.error.wijk"));
              } else {
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(json.encode());
              }
            })
        .onFailure(ctx::fail);
  }

  private void invalid(RoutingContext ctx, Period.Refused refused) {
    String reason = messages.get(Language.of(ctx), refused.key());
    new Problem(
            400,
            messages.get(Language.of(ctx), "error.400.title"),
            messages.get(Language.of(ctx), "error.validation"),
            ctx.request().path(),
            List.of(new Problem.FieldError(refused.field(), "invalid", reason)))
        .send(ctx);
  }
}
