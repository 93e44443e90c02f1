package nl.wijkportaal.inbox;

import java.util.List;
import java.util.UUID;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.Role;

/**
 * A member of the SWT looking at the inbox, with what decides what they may see: their own items,
 * the items of their wijkteams, and (role {@code triage}) every unclaimed item, {@code
 * buiten_gemeente} included. Nobody else sees the inbox.
 */
public record Viewer(
    UUID accountId,
    String name,
    String role,
    UUID organisationId,
    boolean triage,
    boolean teamleider,
    List<String> wijkteams,
    String address) {

  public Viewer {
    wijkteams = List.copyOf(wijkteams);
  }

  /** Whether an account may use the inbox at all: SWT staff with role triage or teamleider. */
  public static boolean mayUse(Account account) {
    return account.organisation().swt()
        && (account.has(Role.TRIAGE) || account.has(Role.TEAMLEIDER));
  }

  public static Viewer of(Account account, String address) {
    boolean triage = account.has(Role.TRIAGE);
    return new Viewer(
        account.id(),
        account.name(),
        triage ? "triage" : "teamleider",
        account.organisation().id(),
        triage,
        account.has(Role.TEAMLEIDER),
        account.wijkteams(),
        address);
  }

  Actor actor() {
    return Actor.account(accountId.toString(), name, role, organisationId.toString(), address);
  }
}
