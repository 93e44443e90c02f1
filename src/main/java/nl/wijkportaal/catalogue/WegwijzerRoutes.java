package nl.wijkportaal.catalogue;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.http.Sessions;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;

/**
 * The wegwijzer: five short questions, one per page (how urgent, what about, for whom, how old,
 * which wijk), answers kept in the session, ending with advice in stepped-care order: danger first,
 * then what you can do yourself, offers nearby, and the wijkteam.
 */
public final class WegwijzerRoutes {

  static final List<String> STEPS =
      List.of("urgentie", "onderwerp", "voor-wie", "leeftijd", "wijk");
  static final List<String> URGENCY = List.of("gevaar", "snel", "kan_wachten");
  static final Map<String, List<String>> FOR_WHOM = new LinkedHashMap<>();
  private static final String SESSION = "wegwijzer";
  private static final int ADVICE_OFFERS = 5;

  static {
    FOR_WHOM.put("mezelf", List.of());
    FOR_WHOM.put("kind", List.of("jeugd", "ouders"));
    FOR_WHOM.put("mantelzorg", List.of("mantelzorgers"));
    FOR_WHOM.put("oudere", List.of("ouderen"));
    FOR_WHOM.put("nieuwkomer", List.of("nieuwkomers"));
    FOR_WHOM.put("beperking", List.of("mensen_met_beperking"));
  }

  private final CatalogueService catalogue;
  private final OfferView view;
  private final Messages messages;
  private final Pages pages;

  public WegwijzerRoutes(
      CatalogueService catalogue, OfferView view, Messages messages, Pages pages) {
    this.catalogue = catalogue;
    this.view = view;
    this.messages = messages;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/wegwijzer").handler(this::step);
    router.post("/wegwijzer").handler(this::answer);
    router.get("/wegwijzer/advies").handler(this::advice);
  }

  private JsonObject answers(RoutingContext ctx) {
    String json = ctx.session() == null ? null : ctx.session().get(SESSION);
    try {
      return json == null ? new JsonObject() : new JsonObject(json);
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  private void step(RoutingContext ctx) {
    if (ctx.request().getParam("opnieuw") != null && ctx.session() != null) {
      ctx.session().remove(SESSION);
    }
    String step = ctx.request().getParam("stap", STEPS.get(0));
    if (!STEPS.contains(step)) {
      ctx.fail(404);
      return;
    }
    render(ctx, 200, step, answers(ctx), null);
  }

  /**
   * Without answers (an expired session, a bookmark) there is no advice: start at the first
   * question not answered.
   */
  private static String unanswered(JsonObject answers) {
    if (answers.getString("urgentie") == null || !URGENCY.contains(answers.getString("urgentie"))) {
      return STEPS.get(0);
    }
    if (!"gevaar".equals(answers.getString("urgentie")) && chosen(answers, "onderwerp").isEmpty()) {
      return "onderwerp";
    }
    return null;
  }

  private void render(
      RoutingContext ctx, int status, String step, JsonObject answers, String error) {
    Locale locale = Language.of(ctx);
    int index = STEPS.indexOf(step);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("step", step);
    model.put("number", index + 1);
    model.put("steps", STEPS.size());
    model.put("previous", index > 0 ? "/wegwijzer?stap=" + STEPS.get(index - 1) : null);
    model.put("question", messages.get(locale, "wegwijzer.q." + step));
    model.put("hint", messages.get(locale, "wegwijzer.hint." + step));
    model.put("error", error);
    model.put(
        "errors",
        error == null ? List.of() : List.of(Map.of("field", "antwoord", "message", error)));
    model.put("multiple", step.equals("onderwerp"));
    model.put("number_input", step.equals("leeftijd"));
    model.put(
        "age",
        answers.getValue("leeftijd") == null ? "" : String.valueOf(answers.getValue("leeftijd")));
    model.put("options", options(step, answers, locale));
    model.put("expired", ctx.request().getParam("verlopen") != null);
    pages.render(ctx, status, "catalogue/wegwijzer", "wegwijzer.title", model);
  }

  private List<Map<String, Object>> options(String step, JsonObject answers, Locale locale) {
    List<String> values;
    String prefix;
    switch (step) {
      case "urgentie" -> {
        values = URGENCY;
        prefix = "wegwijzer.urgentie.";
      }
      case "onderwerp" -> {
        values = Codes.LEEFGEBIEDEN;
        prefix = "leefgebied.";
      }
      case "voor-wie" -> {
        values = List.copyOf(FOR_WHOM.keySet());
        prefix = "wegwijzer.voorwie.";
      }
      case "wijk" -> {
        values = new ArrayList<>(catalogue.wijken());
        values.add("onbekend");
        prefix = null;
      }
      default -> {
        return List.of();
      }
    }
    List<String> chosen = chosen(answers, step);
    List<Map<String, Object>> options = new ArrayList<>();
    for (String value : values) {
      String label =
          prefix != null
              ? messages.get(locale, prefix + value)
              : value.equals("onbekend")
                  ? messages.get(locale, "wegwijzer.wijk.onbekend")
                  : OfferView.capitalise(value);
      options.add(
          Map.of(
              "value",
              value,
              "id",
              "antwoord-" + value,
              "label",
              label,
              "checked",
              chosen.contains(value)));
    }
    return options;
  }

  private static List<String> chosen(JsonObject answers, String step) {
    Object v = answers.getValue(step);
    if (v instanceof JsonArray a) {
      return a.stream().map(String::valueOf).toList();
    }
    return v == null ? List.of() : List.of(String.valueOf(v));
  }

  private void answer(RoutingContext ctx) {
    String step = ctx.request().getFormAttribute("stap");
    if (step == null || !STEPS.contains(step)) {
      ctx.fail(400);
      return;
    }
    Locale locale = Language.of(ctx);
    JsonObject answers = answers(ctx);
    List<String> given =
        ctx.request().formAttributes().getAll("antwoord").stream()
            .map(String::trim)
            .filter(v -> !v.isEmpty())
            .toList();
    switch (step) {
      case "urgentie" -> {
        if (given.size() != 1 || !URGENCY.contains(given.get(0))) {
          render(ctx, 400, step, answers, messages.get(locale, "wegwijzer.error.choose"));
          return;
        }
        answers.put(step, given.get(0));
      }
      case "onderwerp" -> {
        List<String> known =
            given.stream().filter(Codes.LEEFGEBIEDEN::contains).distinct().toList();
        if (known.isEmpty()) {
          render(ctx, 400, step, answers, messages.get(locale, "wegwijzer.error.chooseTopic"));
          return;
        }
        answers.put(step, new JsonArray(known));
      }
      case "voor-wie" -> {
        if (given.size() != 1 || !FOR_WHOM.containsKey(given.get(0))) {
          render(ctx, 400, step, answers, messages.get(locale, "wegwijzer.error.choose"));
          return;
        }
        answers.put(step, given.get(0));
      }
      case "leeftijd" -> {
        String age = given.isEmpty() ? "" : given.get(0);
        if ((!age.isEmpty() && !age.matches("\\d{1,3}"))
            || (!age.isEmpty() && Integer.parseInt(age) > 120)) {
          answers.put("leeftijd", age.length() > 3 ? age.substring(0, 3) : age);
          render(ctx, 400, step, answers, messages.get(locale, "wegwijzer.error.age"));
          return;
        }
        answers.put("leeftijd", age.isEmpty() ? null : Integer.valueOf(age));
      }
      default -> {
        if (given.size() != 1
            || !(catalogue.wijken().contains(given.get(0)) || given.get(0).equals("onbekend"))) {
          render(ctx, 400, step, answers, messages.get(locale, "wegwijzer.error.choose"));
          return;
        }
        answers.put(step, given.get(0));
      }
    }
    Sessions.start(ctx).put(SESSION, answers.encode());
    int next = STEPS.indexOf(step) + 1;
    // Danger skips the rest: the crisis numbers come first, now.
    boolean danger = "gevaar".equals(answers.getString("urgentie"));
    Redirect.seeOther(
        ctx,
        next >= STEPS.size() || (danger && step.equals("urgentie"))
            ? "/wegwijzer/advies"
            : "/wegwijzer?stap=" + STEPS.get(next));
  }

  private void advice(RoutingContext ctx) {
    Locale locale = Language.of(ctx);
    JsonObject answers = answers(ctx);
    String missing = unanswered(answers);
    if (missing != null) {
      Redirect.seeOther(ctx, "/wegwijzer?stap=" + missing + "&verlopen=1");
      return;
    }
    List<String> topics = chosen(answers, "onderwerp");
    List<String> groups = FOR_WHOM.getOrDefault(answers.getString("voor-wie", "mezelf"), List.of());
    String wijk = answers.getString("wijk");
    List<String> wijken = wijk == null || wijk.equals("onbekend") ? List.of() : List.of(wijk);
    Optional<Integer> age = Optional.ofNullable(answers.getInteger("leeftijd"));
    OfferQuery query =
        new OfferQuery("", topics, groups, wijken, false, List.of(), age, 1, ADVICE_OFFERS);
    catalogue
        .search(query, false, false)
        .onSuccess(
            result -> {
              Map<String, Object> model = new LinkedHashMap<>();
              String urgency = answers.getString("urgentie", "kan_wachten");
              model.put("danger", urgency.equals("gevaar"));
              model.put("soon", urgency.equals("snel"));
              model.put("answered", !topics.isEmpty());
              // After the crisis numbers, the questions are still there for what is not urgent.
              model.put(
                  "continueAt",
                  urgency.equals("gevaar") && topics.isEmpty()
                      ? "/wegwijzer?stap=" + STEPS.get(1)
                      : null);
              List<Map<String, String>> tips = new ArrayList<>();
              topics.forEach(
                  t ->
                      tips.add(
                          Map.of(
                              "topic",
                              messages.get(locale, "leefgebied." + t),
                              "tip",
                              messages.get(locale, "wegwijzer.tip." + t))));
              model.put("tips", tips);
              model.put("offers", result.offers().stream().map(o -> view.card(o, locale)).toList());
              model.put("total", result.total());
              model.put("more", searchLink(query));
              pages.render(ctx, "catalogue/advies", "wegwijzer.advice.title", model);
            })
        .onFailure(ctx::fail);
  }

  private static String searchLink(OfferQuery query) {
    QueryStringEncoder link = new QueryStringEncoder("/aanbod");
    query.leefgebieden().forEach(v -> link.addParam("leefgebied", v));
    query.doelgroepen().forEach(v -> link.addParam("doelgroep", v));
    query.wijken().forEach(v -> link.addParam("wijk", v));
    query.age().ifPresent(a -> link.addParam("leeftijd", a.toString()));
    return link.toString();
  }
}
