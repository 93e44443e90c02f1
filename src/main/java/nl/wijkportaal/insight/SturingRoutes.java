package nl.wijkportaal.insight;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.identity.Wijkteam;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;
import nl.wijkportaal.triage.Triage;

/**
 * {@code /sturing}: the dashboard for a period and all wijkteams or one, each KPI a chart with its
 * table, and a CSV of every table. A teamleider sees their own wijkteams, a beheerder all; figures
 * link to the inbox only for those who may open it.
 */
public final class SturingRoutes {

  private final Sturing sturing;
  private final Triage triage;
  private final Pages pages;
  private final Messages messages;
  private final Clock clock;

  public SturingRoutes(
      Sturing sturing, Triage triage, Pages pages, Messages messages, Clock clock) {
    this.sturing = sturing;
    this.triage = triage;
    this.pages = pages;
    this.messages = messages;
    this.clock = clock;
  }

  /**
   * {@code allowed}: lets through accounts with role teamleider or beheerder (identity's check).
   */
  public void mount(Router router, Handler<RoutingContext> allowed) {
    router.get("/sturing").handler(allowed).handler(this::page);
    router.get("/sturing/csv/:kpi").handler(allowed).handler(this::csv);
  }

  /**
   * Whose figures this account may read: a beheerder all, a teamleider of the SWT their wijkteams.
   */
  static Optional<Scope> scopeOf(Account account) {
    boolean inbox = Viewer.mayUse(account);
    if (account.has(Role.BEHEERDER)) {
      return Optional.of(new Scope(null, Optional.empty(), inbox));
    }
    if (account.has(Role.TEAMLEIDER) && account.organisation().swt()) {
      return Optional.of(new Scope(account.wijkteams(), Optional.empty(), inbox));
    }
    return Optional.empty();
  }

  /** The request's period and scope, or a refusal already answered. */
  private record Request(Period period, Scope scope, Period.Refused refused, int status) {}

  private Request read(RoutingContext ctx) {
    Account account = SignedInUser.of(ctx).orElseThrow().account();
    Optional<Scope> scope = scopeOf(account);
    if (scope.isEmpty()) {
      return new Request(null, null, null, 403);
    }
    Object parsed = Period.parse(ctx.queryParams().get("van"), ctx.queryParams().get("tot"), clock);
    String wijk = ctx.queryParams().get("wijk");
    Scope s = scope.get();
    if (wijk != null && !wijk.isBlank()) {
      if (!wijk.matches("[a-z][a-z0-9_]{0,39}")) {
        return new Request(
            Period.lastYear(clock), s, new Period.Refused("wijk", "insight.error.wijk"), 400);
      }
      if (!s.mayChoose(wijk)) {
        return new Request(null, null, null, 403);
      }
      s = s.choose(wijk);
    }
    if (parsed instanceof Period.Refused refused) {
      return new Request(Period.lastYear(clock), s, refused, 400);
    }
    return new Request((Period) parsed, s, null, 200);
  }

  private void page(RoutingContext ctx) {
    Request req = read(ctx);
    if (req.status() == 403) {
      ctx.fail(403);
      return;
    }
    Future<List<Wijkteam>> teams = triage.wijkteams();
    Future<Sturing.Dashboard> dashboard = sturing.dashboard(req.period(), req.scope());
    Future.all(teams, dashboard)
        .onSuccess(
            done -> {
              Map<String, String> names = new LinkedHashMap<>();
              teams.result().forEach(w -> names.put(w.code(), w.name()));
              DashboardView view = new DashboardView(messages, Language.of(ctx), names);
              Sturing.Dashboard d = dashboard.result();
              Map<String, Object> model = new LinkedHashMap<>();
              model.put(
                  "van",
                  req.refused() == null
                      ? d.period().van().toString()
                      : ctx.queryParams().get("van"));
              model.put(
                  "tot",
                  req.refused() == null
                      ? d.period().tot().toString()
                      : ctx.queryParams().get("tot"));
              model.put(
                  "periodText",
                  pages.text(
                      ctx,
                      "insight.period.text",
                      view.date(d.period().van()),
                      view.date(d.period().tot())));
              model.put(
                  "wijken",
                  teams.result().stream()
                      .filter(w -> req.scope().mayChoose(w.code()))
                      .map(
                          w ->
                              Map.of(
                                  "code",
                                  w.code(),
                                  "name",
                                  w.name(),
                                  "selected",
                                  req.scope().chosen().map(w.code()::equals).orElse(false)))
                      .toList());
              model.put(
                  "scopeText",
                  req.scope()
                      .chosen()
                      .map(names::get)
                      .orElse(
                          pages.text(
                              ctx,
                              req.scope().allowed() == null
                                  ? "insight.scope.all"
                                  : "insight.scope.own")));
              if (req.refused() != null) {
                String message = pages.text(ctx, req.refused().key());
                model.put(
                    "errors", List.of(Map.of("field", req.refused().field(), "message", message)));
                model.put("error_" + req.refused().field(), message);
              }
              model.put(
                  "sections",
                  view.sections(
                      d,
                      d.period().query() + req.scope().chosen().map(w -> "&wijk=" + w).orElse("")));
              model.put("inboxLinks", req.scope().inboxLinks());
              pages.render(ctx, req.status(), "insight/sturing", "insight.title", model);
            })
        .onFailure(ctx::fail);
  }

  private void csv(RoutingContext ctx) {
    String kpi = ctx.pathParam("kpi");
    if (kpi == null || !Sturing.KPIS.contains(kpi)) {
      ctx.fail(404);
      return;
    }
    Request req = read(ctx);
    if (req.status() != 200) {
      ctx.fail(req.status());
      return;
    }
    Future<List<Wijkteam>> teams = triage.wijkteams();
    Future<Sturing.Section> section = sturing.section(kpi, req.period(), req.scope());
    Future.all(teams, section)
        .onSuccess(
            done -> {
              Map<String, String> names = new LinkedHashMap<>();
              teams.result().forEach(w -> names.put(w.code(), w.name()));
              String body =
                  new DashboardView(messages, Language.of(ctx), names).csv(section.result());
              ctx.response()
                  .putHeader("Content-Type", "text/csv; charset=utf-8")
                  .putHeader(
                      "Content-Disposition",
                      "attachment; filename=\"sturing-"
                          + kpi
                          + "-"
                          + req.period().van()
                          + "-"
                          + req.period().tot()
                          + ".csv\"")
                  .putHeader("Cache-Control", "no-store")
                  .end("\uFEFF" + body);
            })
        .onFailure(ctx::fail);
  }
}
