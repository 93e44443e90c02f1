package nl.wijkportaal.identity;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/**
 * The partner system behind a bearer token: its client, its (active) organisation and its kind, and
 * scopes.
 */
public record ApiCaller(
    String clientId,
    String clientName,
    UUID organisationId,
    OrganisationKind organisationKind,
    List<String> scopes) {

  static final String KEY = "apiCaller";

  public static ApiCaller of(RoutingContext ctx) {
    ApiCaller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("no API caller on this route: mount ApiAuth first");
    }
    return caller;
  }

  public boolean may(String scope) {
    return scopes.contains(scope);
  }
}
