package nl.wijkportaal.platform.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The contract's request validation, with every schema's validator built once, when the router is
 * built, instead of per request.
 *
 * <p>vertx-openapi 5.0's {@code RequestValidatorImpl} asks the schema repository for a new
 * validator for every parameter and every body it checks (each one copies the repository's map of
 * all the contract's schemas: 29 % of a signal's CPU in session 6's profile), and runs the check on
 * a worker thread. This class keeps its checks and its exceptions unchanged (the same transformers,
 * content analysers, {@code ValidatorException}s and {@code SchemaValidationException}s, so every
 * 4xx answer reads as before), takes the validators from a map filled once (a validator holds no
 * state of a request), and checks on the request's own event loop: a body is at most the body
 * limit.
 */
final class ContractValidation extends RequestValidatorImpl {

  private final SchemaRepository repository;
  private final IdentityHashMap<JsonSchema, Validator> validators = new IdentityHashMap<>();
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);

  ContractValidation(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
    this.repository = contract.getSchemaRepository();
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
    for (Operation operation : contract.operations()) {
      for (Parameter parameter : operation.getParameters()) {
        validators.computeIfAbsent(parameter.getSchema(), repository::validator);
      }
      if (operation.getRequestBody() != null) {
        for (MediaType type : operation.getRequestBody().getContent().values()) {
          if (type.getSchema() != null) {
            validators.computeIfAbsent(type.getSchema(), repository::validator);
          }
        }
      }
    }
  }

  /** Whether the validator of {@code schema} was built with the router (for the tests). */
  boolean builtOnce(JsonSchema schema) {
    return validators.containsKey(schema);
  }

  private Validator validator(JsonSchema schema) {
    Validator validator = validators.get(schema);
    return validator != null ? validator : repository.validator(schema);
  }

  /**
   * The route's validation handler, where vertx-openapi's own would stand (an input trust handler,
   * after authentication): a valid request is put where the handlers read it ({@link
   * RouterBuilder#KEY_META_DATA_VALIDATED_REQUEST}), an invalid one fails the route with a 400
   * whose cause is the {@link ValidatorException}, as the router builder's own handler does.
   */
  InputTrustHandler handler(Operation operation, RequestExtractor extractor) {
    return ctx ->
        extractor
            .extractValidatableRequest(ctx, operation)
            .onSuccess(request -> validated(ctx, operation, request))
            .onFailure(ctx::fail);
  }

  private void validated(RoutingContext ctx, Operation operation, ValidatableRequest request) {
    ValidatedRequest validated;
    try {
      validated = validate(operation, request);
    } catch (ValidatorException e) {
      ctx.fail(new HttpException(400, e.getMessage(), e));
      return;
    }
    ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
    ctx.next();
  }

  /** The checks of {@code RequestValidatorImpl.validate(request, operationId)}, in its order. */
  ValidatedRequest validate(Operation operation, ValidatableRequest request) {
    Map<String, RequestParameter> cookies = new HashMap<>(request.getCookies().size());
    Map<String, RequestParameter> headers = new HashMap<>(request.getHeaders().size());
    Map<String, RequestParameter> path = new HashMap<>(request.getPathParameters().size());
    Map<String, RequestParameter> query = new HashMap<>(request.getQuery().size());
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case COOKIE ->
            cookies.put(name, validateParameter(parameter, request.getCookies().get(name)));
        case HEADER ->
            headers.put(name, validateParameter(parameter, request.getHeaders().get(name)));
        case PATH ->
            path.put(name, validateParameter(parameter, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validateParameter(parameter, request.getQuery().get(name)));
      }
    }
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  /** {@code RequestValidatorImpl.validateParameter} with the validator built once. */
  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    Object transformed = transformer.transform(parameter, String.valueOf(value.get()));
    OutputUnit result = validator(parameter.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  /** {@code BaseValidator.validate} of a body with the validator built once. */
  @Override
  protected RequestParameterImpl validate(
      MediaType type, String contentType, Buffer body, ValidationContext context) {
    ContentAnalyser analyser =
        type == null ? null : ContentAnalyser.getContentAnalyser(type, contentType, body, context);
    if (analyser == null) {
      throw new ValidatorException(
          "The format of the " + context + " body is not supported",
          ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    if (!isSchemaValidationRequired(type)) {
      return new RequestParameterImpl(body);
    }
    Object transformed = analyser.transform();
    OutputUnit result = validator(type.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, context, e);
    }
  }
}
