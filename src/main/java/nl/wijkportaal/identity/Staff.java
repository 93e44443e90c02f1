package nl.wijkportaal.identity;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the other features ask identity about the SWT's people and teams, so that no feature reads
 * the account or wijkteam tables itself: who may use the inbox (the colleagues an item can be
 * assigned to; the same rule as {@code Viewer.mayUse}), the teamleiders of a wijk, the triage team,
 * and the wijkteams.
 */
public final class Staff {

  /** An SWT staff member as other features need them: to name, to assign to, to mail. */
  public record Member(UUID id, String name, String email) {}

  private final IdentityRepository repository;

  public Staff(IdentityRepository repository) {
    this.repository = repository;
  }

  /** Everyone who may use the inbox (active SWT staff with role triage or teamleider), by name. */
  public Future<List<Member>> inboxStaff() {
    return repository.inboxStaff();
  }

  /** Whether the account may use the inbox (and so have an item assigned to them). */
  public Future<Boolean> usesInbox(UUID accountId) {
    return repository.usesInbox(accountId);
  }

  /** The triage team: active staff of an active SWT organisation with role triage. */
  public Future<List<Member>> triageTeam() {
    return repository.withRole(Role.TRIAGE);
  }

  /**
   * The active teamleiders of each wijkteam asked for, in one query; a wijkteam without any is
   * absent.
   */
  public Future<Map<String, List<Member>>> teamleidersOf(Collection<String> wijkteams) {
    if (wijkteams.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return repository
        .teamleidersOf(wijkteams)
        .map(
            pairs -> {
              Map<String, List<Member>> byTeam = new LinkedHashMap<>();
              pairs.forEach(
                  p ->
                      byTeam.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue()));
              return byTeam;
            });
  }

  /** Every wijkteam, by code. */
  public Future<List<Wijkteam>> wijkteams() {
    return repository.wijkteams();
  }

  /** Whether a wijkteam with this code exists. */
  public Future<Boolean> wijkteamExists(String code) {
    return wijkteams().map(all -> all.stream().anyMatch(w -> w.code().equals(code)));
  }
}
