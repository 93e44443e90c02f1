package nl.wijkportaal.platform.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hands the contract's validation the request's values as the handlers see them: query and path
 * values decoded once (by Vert.x), header values as sent. vertx-openapi 5.0's own extractor ({@code
 * RequestUtils}) URL-decodes values Vert.x had already decoded, and header values that were never
 * encoded: {@code ?q=100%25} reached it as "100%" and failed ("Can't decode URL value", a 500),
 * {@code a%2Bb} became "a b", and {@code Idempotency-Key: a%zz} failed. The address itself is
 * checked once before routing ({@code WellFormedRequest}).
 *
 * <p>Exploded arrays are given in the {@code name=a&name=b} shape the form transformer expects.
 */
final class DecodedOnce implements RequestExtractor {

  private static final RequestParameter ABSENT = new RequestParameterImpl(null);

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(
      RoutingContext ctx, Operation operation) {
    HttpServerRequest request = ctx.request();
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case HEADER -> headers.put(name, value(request.getHeader(name)));
        case PATH -> path.put(name, value(ctx.pathParam(name)));
        case COOKIE ->
            cookies.put(
                name,
                value(request.getCookie(name) == null ? null : request.getCookie(name).getValue()));
        case QUERY -> query.put(name, query(ctx.queryParam(name), parameter));
      }
    }
    if (operation.getRequestBody() == null) {
      return Future.succeededFuture(new ValidatableRequestImpl(cookies, headers, path, query));
    }
    RequestParameter body =
        new RequestParameterImpl(ctx.body() == null ? null : ctx.body().buffer());
    return Future.succeededFuture(
        new ValidatableRequestImpl(
            cookies, headers, path, query, body, request.getHeader(HttpHeaders.CONTENT_TYPE)));
  }

  private static RequestParameter query(List<String> values, Parameter parameter) {
    if (values.isEmpty()) {
      return ABSENT;
    }
    if (parameter.isExplode()
        && parameter.getSchemaType() == io.vertx.json.schema.common.dsl.SchemaType.ARRAY) {
      return new RequestParameterImpl(
          values.stream().map(v -> parameter.getName() + "=" + v).collect(Collectors.joining("&")));
    }
    return new RequestParameterImpl(values.get(0));
  }

  private static RequestParameter value(String value) {
    return value == null ? ABSENT : new RequestParameterImpl(value);
  }
}
