package nl.wijkportaal.identity;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.UUID;
import nl.wijkportaal.platform.api.ApiOperations;

/**
 * {@code GET /api/v1/organisaties/{organisatieId}}: a partner system checks which organisation its
 * token belongs to. Only its own: a token of organisation A gets a 403 on B.
 */
public final class OrganisationApi implements ApiOperations {

  public static final String SCOPE = "signalen";

  private final ApiAuth auth;
  private final IdentityRepository repository;

  public OrganisationApi(ApiAuth auth, IdentityRepository repository) {
    this.auth = auth;
    this.repository = repository;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.getRoute("getOrganisatie").addHandler(auth.caller(SCOPE)).addHandler(this::organisatie);
  }

  private void organisatie(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    UUID id;
    try {
      id = UUID.fromString(request.getPathParameters().get("organisatieId").getString());
    } catch (IllegalArgumentException e) {
      ctx.fail(404);
      return;
    }
    ApiCaller caller = ApiCaller.of(ctx);
    if (!caller.organisationId().equals(id)) {
      ctx.fail(new HttpException(403, "token of another organisation"));
      return;
    }
    repository
        .organisation(id)
        .onSuccess(
            Guarded.on(
                ctx,
                found -> {
                  if (found.isEmpty()) {
                    ctx.fail(404);
                    return;
                  }
                  ctx.json(
                      new JsonObject()
                          .put("id", found.get().id().toString())
                          .put("naam", found.get().name())
                          .put("soort", found.get().kind().code())
                          .put("apiClient", caller.clientId()));
                }))
        .onFailure(ctx::fail);
  }
}
