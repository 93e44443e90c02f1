package nl.wijkportaal.platform.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Writes to and reads from the append-only {@code audit_log} table: who did what to which object,
 * when, from where and why. The database refuses changes to written entries; only {@link
 * #deleteBefore} (the retention job) may remove old ones.
 */
public final class AuditLog {

  private static final String COLUMNS =
      "id, occurred_at, actor_type, actor_id, actor_name, actor_role, organisation_id,"
          + " action, object_type, object_id, client_address, reason, details";

  private static final String INSERT =
      "INSERT INTO audit_log (occurred_at, actor_type, actor_id, actor_name, actor_role, organisation_id,"
          + " action, object_type, object_id, client_address, reason, details)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

  // One fixed statement for every combination of filters: an absent filter is a NULL
  // parameter, so the text never depends on input and the prepared statement is reused.
  private static final String FILTER =
      " WHERE ($1::text IS NULL OR starts_with(action, $1::text))"
          + " AND ($2::text IS NULL OR actor_id = $2::text)"
          + " AND ($3::text IS NULL OR object_type = $3::text)"
          + " AND ($4::text IS NULL OR object_id = $4::text)"
          + " AND ($5::timestamptz IS NULL OR occurred_at >= $5::timestamptz)"
          + " AND ($6::timestamptz IS NULL OR occurred_at < $6::timestamptz)";

  private static final String SEARCH =
      "SELECT "
          + COLUMNS
          + " FROM audit_log"
          + FILTER
          + " ORDER BY occurred_at DESC, id DESC LIMIT $7 OFFSET $8";

  private static final String COUNT = "SELECT count(*) AS total FROM audit_log" + FILTER;

  /** The append-only trigger lets a DELETE through only in a transaction that says this. */
  private static final String ALLOW_RETENTION_DELETE =
      "SET LOCAL wijkportaal.audit_retention = 'on'";

  private static final String DELETE_BEFORE = "DELETE FROM audit_log WHERE occurred_at < $1";

  /** Entries that may wait for {@link #recordGrouped} at once; more are refused (503). */
  public static final int GROUP_QUEUE = 4096;

  /** The most entries one statement of {@link #recordGrouped} writes. */
  static final int LARGEST_GROUP = 512;

  /**
   * Audited reads ({@link #audited}) in flight up to which each writes its entry in its own
   * statement; beyond, in groups. About the pool's size (8): up to there every read has a
   * connection at once.
   */
  static final int ALONE_UP_TO = 8;

  private final Pool pool;
  private final Clock clock;
  private final AuditGroups groups;
  private final AtomicInteger readsInFlight = new AtomicInteger();

  public AuditLog(Pool pool, Clock clock) {
    this(pool, clock, GROUP_QUEUE);
  }

  /** With room for {@code groupQueue} entries waiting for {@link #recordGrouped}. */
  AuditLog(Pool pool, Clock clock, int groupQueue) {
    this.pool = pool;
    this.clock = clock;
    this.groups = new AuditGroups(pool, groupQueue, LARGEST_GROUP);
  }

  /** Writes the entry on its own connection, stamped with the time of the clock. */
  public Future<Void> record(AuditEntry entry) {
    return record(pool, entry);
  }

  /**
   * Writes the entry, stamped now, together with the other entries handed in while the previous
   * group was being written: one statement and one commit for all of them (group commit), so a
   * crowd of audited reads costs one fsync per group instead of one each. The future completes when
   * the entry is committed and fails when its group could not be written; when too many entries
   * wait already it fails at once with {@link nl.wijkportaal.platform.db.QueueFull} (a 503 with
   * Retry-After). For an entry that stands alone (a read); an entry that belongs to a change is
   * written in the change's transaction ({@link #record(SqlClient, AuditEntry)}).
   */
  public Future<Void> recordGrouped(AuditEntry entry) {
    return groups.write(clock.instant(), entry);
  }

  /**
   * An audited read that can write its entry in two ways, the way chosen by how many such reads are
   * in flight on this node. {@code alone} reads and writes the entry in one statement (one round
   * trip, a commit of its own: {@link #insertFrom(String, int, String)}); {@code grouped} reads,
   * then waits for its entry's group ({@link #recordGrouped}). With few reads in flight the node is
   * idle and each waits: one round trip is quicker than a read, the group before its own and its
   * own, and PostgreSQL flushes the commits of the connections that commit at the same moment
   * together anyway. With many, the groups take over: one commit for hundreds of entries, and no
   * connection held per read while the others queue for the pool. Only these reads are counted (a
   * group in flight says nothing: only these reads write groups, so every read would go alone and
   * no group would ever form). Either way the future completes only once the read's entry is
   * committed.
   */
  public <T> Future<T> audited(Supplier<Future<T>> alone, Supplier<Future<T>> grouped) {
    boolean few = readsInFlight.incrementAndGet() <= ALONE_UP_TO;
    Future<T> read;
    try {
      read = few ? alone.get() : grouped.get();
    } catch (RuntimeException e) {
      read = Future.failedFuture(e);
    }
    return read.andThen(done -> readsInFlight.decrementAndGet());
  }

  /** How many entries wait for {@link #recordGrouped} now. */
  int groupWaiting() {
    return groups.waiting();
  }

  /**
   * Writes the entry through the caller's connection: inside a transaction it is stored only when
   * the change it describes is, and vanishes with it on a rollback.
   */
  public Future<Void> record(SqlClient client, AuditEntry entry) {
    return client.preparedQuery(INSERT).execute(insertParameters(entry)).mapEmpty();
  }

  /**
   * The entry as a data-modifying part of a larger statement: {@code INSERT ... SELECT} its values
   * once per row of {@code source} (a common table expression of the statement, so the entry is
   * written only when that found something, in the same statement and transaction), its parameters
   * numbered from {@code first} and added by {@link #parameters}. The read it audits and its entry
   * then cost one round trip, and the answer goes out only after both are committed.
   */
  public static String insertFrom(String source, int first) {
    return insertFrom(source, first, null);
  }

  /**
   * As {@link #insertFrom(String, int)}, for a read that finds its object by something else than
   * its id (a status link's token): the entry's object id is the column {@code objectIdColumn} of
   * the row {@code source} found, and its other values are parameters numbered from {@code first},
   * added by {@link #parametersFoundBy}. Without a column ({@code null}) every value is a
   * parameter.
   */
  public static String insertFrom(String source, int first, String objectIdColumn) {
    StringBuilder values = new StringBuilder();
    int n = first;
    for (int i = 0; i < 12; i++) {
      if (i == OBJECT_ID && objectIdColumn != null) {
        values.append(source).append('.').append(objectIdColumn).append("::text, ");
      } else if (i == 11) {
        values.append('$').append(n++).append("::jsonb");
      } else {
        values.append('$').append(n++).append(i == 0 ? "::timestamptz, " : "::text, ");
      }
    }
    return "INSERT INTO audit_log (occurred_at, actor_type, actor_id, actor_name, actor_role,"
        + " organisation_id, action, object_type, object_id, client_address, reason, details)"
        + " SELECT "
        + values
        + " FROM "
        + source;
  }

  /** The place of the object's id among the entry's values. */
  private static final int OBJECT_ID = 8;

  /**
   * Adds the entry's values but its object id to {@code parameters}, for {@link #insertFrom(String,
   * int, String)}; stamped now.
   */
  public Tuple parametersFoundBy(Tuple parameters, AuditEntry entry) {
    Tuple own = insertParameters(entry);
    for (int i = 0; i < own.size(); i++) {
      if (i != OBJECT_ID) {
        parameters.addValue(own.getValue(i));
      }
    }
    return parameters;
  }

  /** Adds the entry's values to {@code parameters}, for {@link #insertFrom}; stamped now. */
  public Tuple parameters(Tuple parameters, AuditEntry entry) {
    Tuple own = insertParameters(entry);
    for (int i = 0; i < own.size(); i++) {
      parameters.addValue(own.getValue(i));
    }
    return parameters;
  }

  /** The page of matching records, newest first. */
  public Future<List<AuditRecord>> search(AuditQuery query) {
    Tuple parameters = filterParameters(query).addInteger(query.limit()).addInteger(query.offset());
    return pool.preparedQuery(SEARCH).execute(parameters).map(AuditLog::records);
  }

  /** How many records match, regardless of the page. */
  public Future<Long> count(AuditQuery query) {
    return pool.preparedQuery(COUNT)
        .execute(filterParameters(query))
        .map(rows -> rows.iterator().next().getLong("total"));
  }

  /**
   * Removes every record older than the cutoff, for the retention job, and notes in the log itself
   * that it did so (the note is written after the delete, so it survives it). Returns how many
   * records were removed.
   */
  public Future<Integer> deleteBefore(Instant cutoff) {
    return pool.withTransaction(
        conn ->
            conn.query(ALLOW_RETENTION_DELETE)
                .execute()
                .compose(
                    ignored -> conn.preparedQuery(DELETE_BEFORE).execute(Tuple.of(utc(cutoff))))
                .map(RowSet::rowCount)
                .compose(
                    deleted ->
                        // A run that removed nothing leaves no trace: it runs several times a day.
                        deleted == 0
                            ? Future.succeededFuture(0)
                            : record(
                                    conn,
                                    AuditEntry.of("audit.retention")
                                        .system("retention")
                                        .detail("before", cutoff.toString())
                                        .detail("deleted", deleted))
                                .map(deleted)));
  }

  private Tuple insertParameters(AuditEntry e) {
    return Tuple.tuple()
        .addOffsetDateTime(utc(clock.instant()))
        .addString(e.actorType().code())
        .addString(e.actorId())
        .addString(e.actorName())
        .addString(e.actorRole())
        .addString(e.organisationId())
        .addString(e.action())
        .addString(e.objectType())
        .addString(e.objectId())
        .addString(e.clientAddress())
        .addString(e.reason())
        .addValue(e.details());
  }

  private static Tuple filterParameters(AuditQuery q) {
    return Tuple.tuple()
        .addString(q.actionPrefix())
        .addString(q.actorId())
        .addString(q.objectType())
        .addString(q.objectId())
        .addOffsetDateTime(q.from() == null ? null : utc(q.from()))
        .addOffsetDateTime(q.to() == null ? null : utc(q.to()));
  }

  private static List<AuditRecord> records(RowSet<Row> rows) {
    List<AuditRecord> records = new ArrayList<>(rows.size());
    for (Row row : rows) {
      records.add(fromRow(row));
    }
    return records;
  }

  private static AuditRecord fromRow(Row row) {
    AuditEntry entry =
        new AuditEntry(
            ActorType.fromCode(row.getString("actor_type")),
            row.getString("actor_id"),
            row.getString("actor_name"),
            row.getString("actor_role"),
            row.getString("organisation_id"),
            row.getString("action"),
            row.getString("object_type"),
            row.getString("object_id"),
            row.getString("client_address"),
            row.getString("reason"),
            row.getJsonObject("details"));
    return new AuditRecord(
        row.getLong("id"), row.getOffsetDateTime("occurred_at").toInstant(), entry);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
