package nl.wijkportaal.platform.db;

/**
 * A bounded queue in front of the database (such as the audit log's group writer) is full: load,
 * not an outage. Answered like a full connection pool: 503 with a short {@code Retry-After}.
 */
public final class QueueFull extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public QueueFull(String what) {
    super(what + " is full", null, false, false);
  }
}
