package nl.wijkportaal.platform.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Where features hand in mail: it is written to the outbox table and sent later by {@link
 * MailSender}, so a mail server that is down delays mail but loses none.
 */
public final class MailOutbox {

  private final Pool pool;
  private final Clock clock;
  private final MailOutboxRepository repository;

  public MailOutbox(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.repository = new MailOutboxRepository(pool);
  }

  /**
   * Queues a mail on the feature's own connection, so it commits or rolls back with the change it
   * reports. Returns the outbox id.
   */
  public Future<Long> enqueue(SqlClient client, Mail mail) {
    return repository.insert(client, mail, clock.instant());
  }

  /** Queues a mail on its own. Returns the outbox id. */
  public Future<Long> enqueue(Mail mail) {
    return enqueue(pool, mail);
  }

  /**
   * Mails queued as a data-modifying part of a feature's own statement, once per row of {@code
   * source} (a common table expression of that statement), so they commit with what they report;
   * parameters numbered from {@code first}, added by {@link #parameters}.
   */
  public static String insertFrom(String source, int first) {
    return MailOutboxRepository.insertFrom(source, first);
  }

  /** Adds the mails' values to {@code parameters}, for {@link #insertFrom}. */
  public static Tuple parameters(Tuple parameters, List<Mail> mails, Instant now) {
    return MailOutboxRepository.parameters(parameters, mails, now);
  }

  public MailOutboxRepository repository() {
    return repository;
  }
}
