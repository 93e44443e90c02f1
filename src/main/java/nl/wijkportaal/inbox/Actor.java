package nl.wijkportaal.inbox;

import java.util.UUID;
import nl.wijkportaal.platform.audit.ActorType;
import nl.wijkportaal.platform.audit.AuditEntry;

/**
 * Who acts on an item, for its history and the audit log: a resident (known by nothing but the
 * item), a signed-in account in a role, or a partner system.
 */
public record Actor(
    ActorType type, String id, String name, String role, String organisationId, String address) {

  public static Actor resident(String address) {
    return new Actor(ActorType.RESIDENT, null, null, null, null, address);
  }

  public static Actor account(
      String accountId, String name, String role, String organisationId, String address) {
    return new Actor(ActorType.ACCOUNT, accountId, name, role, organisationId, address);
  }

  public static Actor apiClient(
      String clientId, String name, String organisationId, String address) {
    return new Actor(ActorType.API_CLIENT, clientId, name, null, organisationId, address);
  }

  public static Actor system(String name) {
    return new Actor(ActorType.SYSTEM, null, name, null, null, null);
  }

  /** An audit entry for {@code action} on an item, by this actor. */
  public AuditEntry audit(String action, UUID itemId) {
    AuditEntry entry =
        AuditEntry.of(action)
            .actor(type, id, name, role)
            .object("inbox_item", itemId.toString())
            .from(address);
    return organisationId == null ? entry : entry.organisation(organisationId);
  }
}
