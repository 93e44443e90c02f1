package nl.wijkportaal.platform.audit;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One audit fact as a feature hands it in: who (actor, role, organisation) did what (action) to
 * which object, from which address and why. Immutable; build it fluently:
 *
 * <pre>{@code
 * AuditEntry.of("item.read")
 *     .account(accountId, displayName, "triagist")
 *     .organisation(orgId)
 *     .object("item", itemId)
 *     .from(clientAddress)
 *     .because("triage")
 * }</pre>
 *
 * <p>Actions are lower-case, dot-separated words ({@code login.failure}, {@code item.read}, {@code
 * account.role_changed}) so that a search by prefix ({@code login.}) finds a family.
 */
public record AuditEntry(
    ActorType actorType,
    String actorId,
    String actorName,
    String actorRole,
    String organisationId,
    String action,
    String objectType,
    String objectId,
    String clientAddress,
    String reason,
    JsonObject details) {

  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*");

  public AuditEntry {
    Objects.requireNonNull(actorType, "actorType");
    if (action == null || !ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException(
          "Audit action must be lower-case words separated by dots, like login.failure: " + action);
    }
    // A JsonObject is mutable: copy it so the entry stays what it was when it was built.
    details = details == null ? null : details.copy();
  }

  /**
   * Starts an entry for an action. The actor is anonymous until one is named, so that a forgotten
   * {@code .account(...)} never attributes an act to somebody who did not do it.
   */
  public static AuditEntry of(String action) {
    return new AuditEntry(
        ActorType.ANONYMOUS, null, null, null, null, action, null, null, null, null, null);
  }

  /** A copy of the details, or {@code null}: the entry itself cannot be changed through it. */
  @Override
  public JsonObject details() {
    return details == null ? null : details.copy();
  }

  public AuditEntry actor(ActorType type, String id, String name, String role) {
    return new AuditEntry(
        type,
        id,
        name,
        role,
        organisationId,
        action,
        objectType,
        objectId,
        clientAddress,
        reason,
        details);
  }

  /** A person signed in with an account, acting in the given role. */
  public AuditEntry account(String id, String name, String role) {
    return actor(ActorType.ACCOUNT, id, name, role);
  }

  /** A partner system authenticated by its API client credentials. */
  public AuditEntry apiClient(String id, String name) {
    return actor(ActorType.API_CLIENT, id, name, null);
  }

  /** A resident, known only by what the portal gave them (for example a status link). */
  public AuditEntry resident(String id) {
    return actor(ActorType.RESIDENT, id, null, null);
  }

  /** The application itself, such as a scheduled job, named by what it is. */
  public AuditEntry system(String name) {
    return actor(ActorType.SYSTEM, null, name, null);
  }

  public AuditEntry organisation(String id) {
    return new AuditEntry(
        actorType,
        actorId,
        actorName,
        actorRole,
        id,
        action,
        objectType,
        objectId,
        clientAddress,
        reason,
        details);
  }

  public AuditEntry object(String type, String id) {
    return new AuditEntry(
        actorType,
        actorId,
        actorName,
        actorRole,
        organisationId,
        action,
        type,
        id,
        clientAddress,
        reason,
        details);
  }

  /** The client address as {@code platform.http.ClientAddress} determined it. */
  public AuditEntry from(String address) {
    return new AuditEntry(
        actorType,
        actorId,
        actorName,
        actorRole,
        organisationId,
        action,
        objectType,
        objectId,
        address,
        reason,
        details);
  }

  /** Why the actor did it: the purpose a read of personal data needs, or a note on a change. */
  public AuditEntry because(String why) {
    return new AuditEntry(
        actorType,
        actorId,
        actorName,
        actorRole,
        organisationId,
        action,
        objectType,
        objectId,
        clientAddress,
        why,
        details);
  }

  /** Replaces the details: structured facts that have no column, such as an old and a new role. */
  public AuditEntry withDetails(JsonObject json) {
    return new AuditEntry(
        actorType,
        actorId,
        actorName,
        actorRole,
        organisationId,
        action,
        objectType,
        objectId,
        clientAddress,
        reason,
        json);
  }

  /** Adds one fact to the details. */
  public AuditEntry detail(String key, Object value) {
    JsonObject json = details == null ? new JsonObject() : details.copy();
    return withDetails(json.put(key, value));
  }
}
