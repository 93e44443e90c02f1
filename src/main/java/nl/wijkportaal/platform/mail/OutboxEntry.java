package nl.wijkportaal.platform.mail;

import java.time.Instant;
import java.util.Optional;

/** Where one mail of the outbox stands: how often it was tried, when next, whether it went out. */
public record OutboxEntry(
    long id,
    Mail mail,
    Instant createdAt,
    int attempts,
    Instant nextAttemptAt,
    Optional<Instant> sentAt,
    Optional<String> lastError) {

  public boolean sent() {
    return sentAt.isPresent();
  }
}
