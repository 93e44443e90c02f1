package nl.wijkportaal.inbox;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
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

  /**
   * The SQL condition that the item {@code alias} is visible to this viewer; {@code bind} binds
   * each value and answers its placeholder.
   */
  public String visible(String alias, Function<Object, String> bind) {
    String account = bind.apply(accountId);
    String teams = bind.apply(wijkteams.toArray(String[]::new));
    String mayTriage = bind.apply(triage);
    return String.format(
        "(%1$s.owner_account_id = %2$s OR COALESCE(%1$s.owner_wijkteam, %1$s.wijk) = ANY(%3$s::text[])"
            + " OR (%4$s AND %1$s.owner_account_id IS NULL))",
        alias, account, teams, mayTriage);
  }

  public Actor actor() {
    return Actor.account(accountId.toString(), name, role, organisationId.toString(), address);
  }
}
