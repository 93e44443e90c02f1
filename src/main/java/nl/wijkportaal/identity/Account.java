package nl.wijkportaal.identity;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A person who signs in, with their organisation, roles and wijkteams. {@code securityStamp}
 * changes whenever a sign-in must no longer count (password, second factor, deactivation, roles): a
 * session remembers the stamp it began with.
 */
public record Account(
    UUID id,
    Organisation organisation,
    String email,
    String name,
    Optional<String> passwordHash,
    Optional<String> totpSecret,
    Optional<String> totpPendingSecret,
    long totpLastStep,
    boolean active,
    Set<Role> roles,
    List<String> wijkteams,
    int version,
    int securityStamp) {

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Whether the account can sign in at all: active, in an active organisation, with a password. */
  public boolean canSignIn() {
    return active && organisation.active() && passwordHash.isPresent();
  }
}
