package nl.wijkportaal.triage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.inbox.ItemState;

/** One line of the inbox list: the item's metadata and clock, no personal data. */
public record InboxRow(
    UUID id,
    String referentie,
    String kanaal,
    Instant receivedAt,
    Instant dueAt,
    Optional<Instant> firstContactAt,
    ItemState state,
    String urgentie,
    Optional<String> wijk,
    boolean buitenGemeente,
    List<String> leefgebieden,
    Optional<UUID> ownerAccountId,
    Optional<String> ownerName,
    Optional<String> toestemming,
    boolean veiligheidszorg,
    boolean possibleMatch) {

  /** The intake clock still runs and its deadline has passed. */
  public boolean overdue(Instant now) {
    return firstContactAt.isEmpty() && state.open() && dueAt.isBefore(now);
  }
}
