package nl.wijkportaal.platform.audit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import nl.wijkportaal.platform.db.QueueFull;

/**
 * Group commit for audit entries that stand alone (the entry of a read): an entry handed in waits
 * for the group being written, then goes with every entry that came in meanwhile in ONE statement,
 * so one commit (one fsync) stores them all. One group is in flight at a time. Each entry's future
 * completes only when its own group is committed, and fails when that group's statement fails, so a
 * caller that waits for it shows nothing whose audit entry is not stored. At most {@code capacity}
 * entries wait; more are refused at once with {@link QueueFull} (503 and Retry-After).
 */
final class AuditGroups {

  private static final String INSERT_ALL =
      "INSERT INTO audit_log (occurred_at, actor_type, actor_id, actor_name, actor_role,"
          + " organisation_id, action, object_type, object_id, client_address, reason, details)"
          + " SELECT occurred_at, actor_type, actor_id, actor_name, actor_role, organisation_id,"
          + " action, object_type, object_id, client_address, reason, details::jsonb"
          + " FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[],"
          + " $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],"
          + " $12::text[]) AS e(occurred_at, actor_type, actor_id, actor_name, actor_role,"
          + " organisation_id, action, object_type, object_id, client_address, reason, details)";

  private record Waiting(Instant at, AuditEntry entry, Promise<Void> stored) {}

  private final Pool pool;
  private final int capacity;
  private final int largestGroup;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(); // guarded by this
  private boolean writing; // guarded by this

  AuditGroups(Pool pool, int capacity, int largestGroup) {
    this.pool = pool;
    this.capacity = capacity;
    this.largestGroup = largestGroup;
  }

  /** Completes once the entry is committed, on the caller's context (its event loop). */
  Future<Void> write(Instant at, AuditEntry entry) {
    ContextInternal context = ContextInternal.current();
    Promise<Void> stored = context == null ? Promise.promise() : context.promise();
    boolean start;
    synchronized (this) {
      if (waiting.size() >= capacity) {
        return Future.failedFuture(new QueueFull("The audit log's write queue"));
      }
      waiting.add(new Waiting(at, entry, stored));
      start = !writing;
      writing = true;
    }
    if (start) {
      next();
    }
    return stored.future();
  }

  /** How many entries wait for a group (for tests). */
  synchronized int waiting() {
    return waiting.size();
  }

  private void next() {
    List<Waiting> group;
    synchronized (this) {
      if (waiting.isEmpty()) {
        writing = false;
        return;
      }
      group = new ArrayList<>(Math.min(waiting.size(), largestGroup));
      while (!waiting.isEmpty() && group.size() < largestGroup) {
        group.add(waiting.poll());
      }
    }
    Future<?> written;
    try {
      written = pool.preparedQuery(INSERT_ALL).execute(parameters(group));
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(
        (ok, failure) -> {
          for (Waiting w : group) {
            if (failure == null) {
              w.stored().complete();
            } else {
              w.stored().fail(failure);
            }
          }
          next();
        });
  }

  private static Tuple parameters(List<Waiting> group) {
    int n = group.size();
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[][] text = new String[11][n];
    for (int i = 0; i < n; i++) {
      Waiting w = group.get(i);
      AuditEntry e = w.entry();
      at[i] = w.at().atOffset(ZoneOffset.UTC);
      text[0][i] = e.actorType().code();
      text[1][i] = e.actorId();
      text[2][i] = e.actorName();
      text[3][i] = e.actorRole();
      text[4][i] = e.organisationId();
      text[5][i] = e.action();
      text[6][i] = e.objectType();
      text[7][i] = e.objectId();
      text[8][i] = e.clientAddress();
      text[9][i] = e.reason();
      text[10][i] = e.details() == null ? null : e.details().encode();
    }
    Tuple t = Tuple.tuple().addArrayOfOffsetDateTime(at);
    for (String[] column : text) {
      t.addArrayOfString(column);
    }
    return t;
  }
}
