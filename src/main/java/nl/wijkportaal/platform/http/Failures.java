package nl.wijkportaal.platform.http;

import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.db.DatabaseUnavailable;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single error path: every failed or unmatched request ends here. The JSON API gets an RFC 9457
 * problem document, a browser gets an error page in its own language. A stack trace goes to the log
 * with the request id, never to the visitor.
 */
public final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
  private static final List<Integer> KNOWN =
      List.of(400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503);

  private static final Pattern PARAMETER =
      Pattern.compile("(?:query|path|header|cookie) parameter (\\S+?)[ .]");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  private final Pages pages;
  private final Messages messages;

  public Failures(Pages pages, Messages messages) {
    this.pages = pages;
    this.messages = messages;
  }

  public void handle(RoutingContext ctx) {
    int status = status(ctx);
    Throwable failure = ctx.failure();
    boolean busy = status == 503 && DatabaseUnavailable.busy(failure);
    if (busy) {
      // A crowd, not a fault: one line without a stack trace.
      LOG.warn(
          "Request {} {} refused: no database connection free in time",
          ctx.request().method(),
          RequestLog.loggable(ctx.request().path()));
    } else if (status == 503 && failure != null && DatabaseUnavailable.is(failure)) {
      // An outage, not a bug: one line per request, without a stack trace for each.
      LOG.atWarn()
          .addKeyValue(RequestLog.REQUEST_ID, RequestLog.id(ctx))
          .log(
              "Request {} {} answered 503, the database is unavailable: {}",
              ctx.request().method(),
              RequestLog.loggable(ctx.request().path()),
              failure.toString());
    } else if (status >= 500) {
      LOG.atError()
          .addKeyValue(RequestLog.REQUEST_ID, RequestLog.id(ctx))
          .setCause(failure)
          .log(
              "Request {} {} failed",
              ctx.request().method(),
              RequestLog.loggable(ctx.request().path()));
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (status == 503) {
      ctx.response()
          .putHeader(
              "Retry-After",
              String.valueOf(
                  failure == null
                      ? DatabaseUnavailable.RETRY_AFTER_SECONDS
                      : DatabaseUnavailable.retryAfterSeconds(failure)));
    }
    if (Sessions.isApi(WellFormedRequest.routedPath(ctx))) {
      problem(ctx, status, failure).send(ctx);
    } else {
      int shown = KNOWN.contains(status) ? status : (status >= 500 ? 500 : 400);
      Locale locale = Language.of(ctx);
      String message = messages.get(locale, "error." + shown + ".message");
      if (status == 400 && failure instanceof InvalidInput invalid) {
        message = reason(locale, invalid.code(), message);
      }
      pages.render(
          ctx,
          status,
          "errors/error",
          "error." + shown + ".title",
          Map.of("code", status, "message", message));
    }
  }

  private Problem problem(RoutingContext ctx, int status, Throwable failure) {
    Locale locale = Language.of(ctx);
    int known = KNOWN.contains(status) ? status : (status >= 500 ? 500 : 400);
    List<Problem.FieldError> errors = new ArrayList<>();
    String detail = messages.get(locale, "error." + known + ".message");
    Throwable cause =
        failure instanceof HttpException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (status == 400 && cause instanceof ValidatorException validation) {
      detail = messages.get(locale, "error.validation");
      errors.addAll(fieldErrors(validation, locale));
    } else if (cause instanceof InvalidInput invalid) {
      detail = messages.get(locale, "error.validation");
      errors.add(
          new Problem.FieldError(
              invalid.field(), invalid.code(), reason(locale, invalid.code(), invalid.code())));
    } else if (status == 400 && cause instanceof DecodeException) {
      detail = messages.get(locale, "error.invalidJson");
    }
    return new Problem(
        status,
        messages.get(locale, "error." + known + ".title"),
        detail,
        ctx.request().path(),
        errors);
  }

  private List<Problem.FieldError> fieldErrors(ValidatorException validation, Locale locale) {
    List<Problem.FieldError> errors = new ArrayList<>();
    Matcher parameter = PARAMETER.matcher(String.valueOf(validation.getMessage()));
    String prefix = parameter.find() ? parameter.group(1) : "";
    if (validation instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      List<OutputUnit> units = schema.getOutputUnit().getErrors();
      for (OutputUnit unit : units == null ? List.of(schema.getOutputUnit()) : units) {
        String location = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
        if (location.endsWith("/properties") || location.endsWith("/$ref")) {
          continue;
        }
        String keyword = location.substring(location.lastIndexOf('/') + 1);
        String name = join(prefix, fieldName(unit.getInstanceLocation()));
        if ("required".equals(keyword)) {
          Matcher missing = QUOTED.matcher(String.valueOf(unit.getError()));
          name = missing.find() ? join(name, missing.group(1)) : name;
        }
        errors.add(new Problem.FieldError(name, keyword, reason(locale, keyword, unit.getError())));
      }
    }
    if (errors.isEmpty()) {
      String code = validation.type().name().toLowerCase(Locale.ROOT);
      errors.add(
          new Problem.FieldError(prefix, code, reason(locale, code, validation.getMessage())));
    }
    return errors;
  }

  /** A reason in the caller's language where we have one; the validator's own words otherwise. */
  private String reason(Locale locale, String code, String fallback) {
    return messages.find(locale, "validation." + code).orElse(fallback);
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "." + b;
  }

  private static String fieldName(String instanceLocation) {
    if (instanceLocation == null) {
      return "";
    }
    return instanceLocation.replaceFirst("^#/?", "").replace('/', '.');
  }

  private static int status(RoutingContext ctx) {
    if (ctx.failure() != null && DatabaseUnavailable.is(ctx.failure())) {
      return 503;
    }
    if (ctx.failure() instanceof HttpException http) {
      return http.getStatusCode();
    }
    if (ctx.failure() instanceof DecodeException || ctx.failure() instanceof InvalidInput) {
      return 400;
    }
    int code = ctx.statusCode();
    return code < 400 ? 500 : code;
  }
}
