package nl.wijkportaal.signalering;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import nl.wijkportaal.identity.ApiAuth;
import nl.wijkportaal.identity.ApiCaller;
import nl.wijkportaal.identity.OrganisationApi;
import nl.wijkportaal.identity.Secrets;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.SignaalDetail;
import nl.wijkportaal.inbox.SignaalSummary;
import nl.wijkportaal.platform.api.Api;
import nl.wijkportaal.platform.api.ApiOperations;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.http.Problem;
import nl.wijkportaal.platform.ratelimit.Limit;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;

/**
 * {@code /api/v1/signalen}: partner systems submit zorgsignalen with a bearer token, follow their
 * organisation's signals and add to their own. A signal of another organisation does not exist for
 * the caller (404); the content only for the client that submitted it.
 */
public final class SignaalApi implements ApiOperations {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String PATH = Api.BASE_PATH + "/signalen/";
  private static final int PAGE_SIZE = 20;

  private final SignaalService signalen;
  private final ApiAuth auth;
  private final ClientAddress addresses;
  private final Messages messages;
  private final Limit perClient;

  /**
   * {@code perClient}: signals one API client may send per window (a runaway system, not a busy
   * school).
   */
  public SignaalApi(
      SignaalService signalen,
      ApiAuth auth,
      ClientAddress addresses,
      Messages messages,
      Limit perClient) {
    this.signalen = signalen;
    this.perClient = perClient;
    this.auth = auth;
    this.addresses = addresses;
    this.messages = messages;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder
        .getRoute("createSignaal")
        .addHandler(auth.caller(OrganisationApi.SCOPE))
        .addHandler(this::create);
    builder
        .getRoute("listSignalen")
        .addHandler(auth.caller(OrganisationApi.SCOPE))
        .addHandler(this::list);
    builder
        .getRoute("getSignaal")
        .addHandler(auth.caller(OrganisationApi.SCOPE))
        .addHandler(this::one);
    builder
        .getRoute("createAanvulling")
        .addHandler(auth.caller(OrganisationApi.SCOPE))
        .addHandler(this::add);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Signaal signaal = Signaal.fromJson(body);
    List<SignaalRules.Violation> violations = signalen.check(signaal);
    if (!violations.isEmpty()) {
      invalid(ctx, violations);
      return;
    }
    Indiener by = caller(ctx);
    perClient
        .tryConsume(ApiCaller.of(ctx).clientId())
        .onSuccess(
            decision -> {
              if (decision.allowed()) {
                store(ctx, signaal, body, by);
              } else {
                ctx.response()
                    .putHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
                problem(ctx, 429, "signalen.api.tooMany", List.of());
              }
            })
        .onFailure(ctx::fail);
  }

  private void store(RoutingContext ctx, Signaal signaal, JsonObject body, Indiener by) {
    Locale taal = Language.of(ctx);
    String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
    if (key == null) {
      signalen
          .submit(signaal, body, by, taal)
          .onSuccess(receipt -> created(ctx, ontvangen(receipt)))
          .onFailure(ctx::fail);
      return;
    }
    signalen
        .submitOnce(
            signaal,
            body,
            by,
            taal,
            key,
            Secrets.sha256(canonical(body).encode()),
            SignaalApi::ontvangen)
        .onSuccess(
            outcome -> {
              if (outcome instanceof Intake.Stored stored) {
                created(ctx, stored.response());
              } else if (outcome instanceof Intake.Replayed replayed) {
                created(ctx, replayed.response());
              } else {
                problem(
                    ctx,
                    422,
                    "signalen.api.keyReused",
                    List.of(
                        new Problem.FieldError(
                            IDEMPOTENCY_KEY, "reused", text(ctx, "signalen.api.keyReused"))));
              }
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Indiener by = caller(ctx);
    signalen
        .list(by, number(ctx, "pagina", 1), number(ctx, "aantal", PAGE_SIZE))
        .map(
            page -> {
              JsonArray resultaten = new JsonArray();
              page.signals().forEach(s -> resultaten.add(summary(s, by)));
              return new JsonObject().put("resultaten", resultaten).put("totaal", page.total());
            })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    Optional<UUID> id = signaalId(ctx);
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    Indiener by = caller(ctx);
    signalen
        .one(by, id.get())
        .map(found -> found.map(d -> detail(d, by)))
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(404);
              } else {
                ctx.json(found.get());
              }
            })
        .onFailure(ctx::fail);
  }

  private void add(RoutingContext ctx) {
    Optional<UUID> id = signaalId(ctx);
    if (id.isEmpty()) {
      ctx.fail(404);
      return;
    }
    Object value = body(ctx).getValue("tekst");
    String tekst = value instanceof String s ? s.strip() : null;
    List<SignaalRules.Violation> violations = SignaalRules.checkAanvulling(tekst);
    if (!violations.isEmpty()) {
      invalid(ctx, violations);
      return;
    }
    Indiener by = caller(ctx);
    signalen
        .add(by, id.get(), tekst)
        .onSuccess(
            outcome -> {
              switch (outcome.uitkomst()) {
                case TOEGEVOEGD -> created(ctx, ontvangen(outcome.signaal()));
                case NIET_GEVONDEN -> ctx.fail(404);
                case NIET_EIGEN -> problem(ctx, 403, "signalen.api.notYours", List.of());
                case AFGEROND -> problem(ctx, 409, "signalen.api.closed", List.of());
              }
            })
        .onFailure(ctx::fail);
  }

  // ---- JSON shapes

  /** What a 201 says, and what a retry with the same Idempotency-Key gets again. */
  private static JsonObject ontvangen(Receipt receipt) {
    return new JsonObject()
        .put("id", receipt.id().toString())
        .put("referentie", receipt.referentie())
        .put("status", receipt.state().melderView().orElseThrow());
  }

  private static JsonObject ontvangen(SignaalSummary s) {
    return new JsonObject()
        .put("id", s.id().toString())
        .put("referentie", s.referentie())
        .put("status", s.view());
  }

  private static JsonObject summary(SignaalSummary s, Indiener by) {
    JsonObject json =
        new JsonObject()
            .put("id", s.id().toString())
            .put("referentie", s.referentie())
            .put("ontvangenOp", s.receivedAt().toString())
            .put("status", s.view())
            .put("ingediendDoor", s.ingediendDoor());
    s.swtContact().ifPresent(contact -> json.put("swtContact", contact));
    return json.put("eigen", by.owns(s));
  }

  /**
   * The summary for every melder of the organisation; content and additions only for the submitter.
   */
  private static JsonObject detail(SignaalDetail d, Indiener by) {
    JsonObject json = summary(d.summary(), by);
    if (by.owns(d.summary())) {
      JsonArray aanvullingen = new JsonArray();
      d.additions()
          .forEach(
              a ->
                  aanvullingen.add(
                      new JsonObject()
                          .put("toegevoegdOp", a.addedAt().toString())
                          .put("tekst", a.tekst())));
      json.put("inhoud", d.inhoud()).put("aanvullingen", aanvullingen);
      d.vraag().ifPresent(vraag -> json.put("vraagVanWijkteam", vraag));
    }
    return json;
  }

  /**
   * The body with its keys sorted at every level: the same signal sent again with its fields in
   * another order (or other white space) is the same request for its Idempotency-Key.
   */
  static JsonObject canonical(JsonObject json) {
    Map<String, Object> sorted = new TreeMap<>();
    json.forEach(e -> sorted.put(e.getKey(), canonicalValue(e.getValue())));
    return new JsonObject(new LinkedHashMap<>(sorted));
  }

  private static Object canonicalValue(Object value) {
    if (value instanceof JsonObject o) {
      return canonical(o);
    }
    if (value instanceof JsonArray a) {
      JsonArray copy = new JsonArray();
      a.forEach(v -> copy.add(canonicalValue(v)));
      return copy;
    }
    return value;
  }

  // ---- answers

  private void created(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .setStatusCode(201)
        .putHeader(HttpHeaders.LOCATION, PATH + body.getString("id"))
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }

  /**
   * 400 with every field the rules refused, named by its path in the body ({@code
   * betrokkene.postcode}).
   */
  private void invalid(RoutingContext ctx, List<SignaalRules.Violation> violations) {
    List<Problem.FieldError> errors =
        violations.stream()
            .map(
                v ->
                    new Problem.FieldError(
                        v.field(), v.code(), text(ctx, "signalen.error." + v.code())))
            .toList();
    new Problem(
            400,
            text(ctx, "error.400.title"),
            text(ctx, "error.validation"),
            ctx.request().path(),
            errors)
        .send(ctx);
  }

  private void problem(
      RoutingContext ctx, int status, String detailKey, List<Problem.FieldError> errors) {
    new Problem(
            status,
            text(ctx, "error." + status + ".title"),
            text(ctx, detailKey),
            ctx.request().path(),
            errors)
        .send(ctx);
  }

  private String text(RoutingContext ctx, String key) {
    return messages.get(Language.of(ctx), key);
  }

  // ---- reading the request (the contract validated it already)

  private Indiener caller(RoutingContext ctx) {
    return Indiener.apiClient(ApiCaller.of(ctx), addresses.of(ctx));
  }

  private static JsonObject body(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    Object body = request == null || request.getBody() == null ? null : request.getBody().get();
    return body instanceof JsonObject json ? json : new JsonObject();
  }

  private static Optional<UUID> signaalId(RoutingContext ctx) {
    try {
      return Optional.of(UUID.fromString(ctx.pathParam("signaalId")));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static int number(RoutingContext ctx, String name, int fallback) {
    String value = ctx.request().getParam(name);
    return value != null && value.matches("\\d{1,5}") ? Integer.parseInt(value) : fallback;
  }
}
