package nl.wijkportaal.chat;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One chat between a resident and (once accepted) a chat worker, without its messages.
 *
 * @param state {@code wachtend} in the queue, {@code actief} with a worker, {@code beeindigd}
 * @param endedBy {@code inwoner}, {@code medewerker}, {@code stilte} (closed for inactivity)
 * @param lastSeq the sequence number of the last stored message
 * @param residentTokenHash SHA-256 of the resident's cookie token (null once anonymised)
 */
public record Conversation(
    UUID id,
    String state,
    Instant startedAt,
    Instant acceptedAt,
    Instant firstAnswerAt,
    Instant endedAt,
    String endedBy,
    boolean abandoned,
    Integer score,
    UUID itemId,
    String firstName,
    String taal,
    UUID workerId,
    String workerName,
    int lastSeq,
    Instant lastActivityAt,
    String residentTokenHash) {

  public static final String WACHTEND = "wachtend";
  public static final String ACTIEF = "actief";
  public static final String BEEINDIGD = "beeindigd";

  public boolean waiting() {
    return WACHTEND.equals(state);
  }

  public boolean active() {
    return ACTIEF.equals(state);
  }

  public boolean ended() {
    return BEEINDIGD.equals(state);
  }

  public Optional<String> name() {
    return Optional.ofNullable(firstName);
  }

  /** The event-bus address a client of this conversation listens on. */
  public String address() {
    return ChatAddresses.conversation(id);
  }
}
