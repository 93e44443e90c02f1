package nl.wijkportaal.platform.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code mail_outbox} table: queue, claim, record the outcome, prune. */
public final class MailOutboxRepository {

  private static final String INSERT =
      """
      INSERT INTO mail_outbox (recipient, subject, body_text, body_html, created_at, next_attempt_at)
      VALUES ($1, $2, $3, $4, $5, $5)
      RETURNING id""";

  // SKIP LOCKED: a node passes over the rows another node is claiming at this moment, so two
  // nodes never claim the same mail. Pushing next_attempt_at forward by a lease in the same
  // statement (one statement, one transaction) keeps the claim after the commit: others see
  // the mail as not due until the claimer records its outcome, or until the lease runs out
  // when the claimer died, so the mail is not lost. The CTE makes PostgreSQL run the locking
  // SELECT once.
  private static final String CLAIM_DUE =
      """
      WITH due AS (
        SELECT id FROM mail_outbox
        WHERE sent_at IS NULL AND next_attempt_at <= $1
        ORDER BY next_attempt_at, id
        LIMIT $3
        FOR UPDATE SKIP LOCKED)
      UPDATE mail_outbox m SET next_attempt_at = $2
      FROM due WHERE m.id = due.id
      RETURNING m.id, m.recipient, m.subject, m.body_text, m.body_html, m.attempts""";

  private static final String MARK_SENT =
      "UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1";

  private static final String MARK_FAILED =
      """
      UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3
      WHERE id = $1 AND sent_at IS NULL""";

  private static final String FIND =
      """
      SELECT id, recipient, subject, body_text, body_html, created_at, attempts, next_attempt_at,
             sent_at, last_error
      FROM mail_outbox WHERE id = $1""";

  private static final String DELETE_SENT_BEFORE =
      "DELETE FROM mail_outbox WHERE sent_at IS NOT NULL AND sent_at < $1";

  /** A mail this node claimed and now sends, with the tries made before this one. */
  public record Claimed(long id, Mail mail, int attempts) {}

  private final Pool pool;

  public MailOutboxRepository(Pool pool) {
    this.pool = pool;
  }

  /** Queues a mail on the given client: the pool, or a connection inside a transaction. */
  public Future<Long> insert(SqlClient client, Mail mail, Instant now) {
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.of(mail.to(), mail.subject(), mail.text(), mail.html().orElse(null), utc(now)))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Claims at most {@code limit} due mails until {@code leaseUntil}. */
  public Future<List<Claimed>> claimDue(Instant now, Instant leaseUntil, int limit) {
    return pool.preparedQuery(CLAIM_DUE)
        .execute(Tuple.of(utc(now), utc(leaseUntil), limit))
        .map(MailOutboxRepository::claimed);
  }

  public Future<Void> markSent(long id, Instant sentAt) {
    return pool.preparedQuery(MARK_SENT).execute(Tuple.of(id, utc(sentAt))).mapEmpty();
  }

  public Future<Void> markFailed(long id, String error, Instant nextAttemptAt) {
    return pool.preparedQuery(MARK_FAILED)
        .execute(Tuple.of(id, error, utc(nextAttemptAt)))
        .mapEmpty();
  }

  public Future<Optional<OutboxEntry>> find(long id) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(entry(rows.iterator().next())));
  }

  /** Deletes mail sent before the moment (retention); pending mail stays. Returns how many. */
  public Future<Integer> deleteSentBefore(Instant before) {
    return pool.preparedQuery(DELETE_SENT_BEFORE)
        .execute(Tuple.of(utc(before)))
        .map(RowSet::rowCount);
  }

  private static List<Claimed> claimed(RowSet<Row> rows) {
    List<Claimed> list = new ArrayList<>(rows.size());
    for (Row row : rows) {
      list.add(new Claimed(row.getLong("id"), mail(row), row.getInteger("attempts")));
    }
    return list;
  }

  private static OutboxEntry entry(Row row) {
    return new OutboxEntry(
        row.getLong("id"),
        mail(row),
        instant(row, "created_at"),
        row.getInteger("attempts"),
        instant(row, "next_attempt_at"),
        Optional.ofNullable(row.getOffsetDateTime("sent_at")).map(OffsetDateTime::toInstant),
        Optional.ofNullable(row.getString("last_error")));
  }

  private static Mail mail(Row row) {
    return new Mail(
        row.getString("recipient"),
        row.getString("subject"),
        row.getString("body_text"),
        Optional.ofNullable(row.getString("body_html")));
  }

  private static Instant instant(Row row, String column) {
    return row.getOffsetDateTime(column).toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
