package nl.wijkportaal.identity;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** The account behind the current browser session, as the pages see it. */
public record SignedInUser(Account account) {

  static final String KEY = "signedInUser";

  public static Optional<SignedInUser> of(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }

  public boolean has(Role role) {
    return account.has(role);
  }
}
