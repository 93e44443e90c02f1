package nl.wijkportaal.platform.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;

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

  public MailOutboxRepository repository() {
    return repository;
  }
}
