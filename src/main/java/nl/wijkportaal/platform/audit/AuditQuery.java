package nl.wijkportaal.platform.audit;

import java.time.Instant;

/**
 * Which audit records to find. Every filter is optional ({@code null} = any); results come newest
 * first, one page at a time. Build it from {@link #all()}: {@code
 * AuditQuery.all().action("login.").between(from, to).page(50, 0)}.
 *
 * @param actionPrefix actions starting with this text ({@code login.} finds every login event)
 * @param from inclusive
 * @param to exclusive
 */
public record AuditQuery(
    String actionPrefix,
    String actorId,
    String objectType,
    String objectId,
    Instant from,
    Instant to,
    int limit,
    int offset) {

  public static final int DEFAULT_LIMIT = 50;

  /** A page is for people to read; exports of the whole log are a different job. */
  public static final int MAX_LIMIT = 500;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "Audit page size must be between 1 and " + MAX_LIMIT + ": " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("Audit page offset must not be negative: " + offset);
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("Audit period starts after it ends: " + from + " > " + to);
    }
  }

  /** Everything, first page. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, null, DEFAULT_LIMIT, 0);
  }

  public AuditQuery action(String prefix) {
    return new AuditQuery(prefix, actorId, objectType, objectId, from, to, limit, offset);
  }

  public AuditQuery actor(String id) {
    return new AuditQuery(actionPrefix, id, objectType, objectId, from, to, limit, offset);
  }

  /** Records about one object; a {@code null} id finds every object of the type. */
  public AuditQuery object(String type, String id) {
    return new AuditQuery(actionPrefix, actorId, type, id, from, to, limit, offset);
  }

  /** From (inclusive) to (exclusive); either end may be {@code null} for open. */
  public AuditQuery between(Instant start, Instant end) {
    return new AuditQuery(actionPrefix, actorId, objectType, objectId, start, end, limit, offset);
  }

  public AuditQuery page(int size, int skip) {
    return new AuditQuery(actionPrefix, actorId, objectType, objectId, from, to, size, skip);
  }
}
