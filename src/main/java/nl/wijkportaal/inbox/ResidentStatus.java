package nl.wijkportaal.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the resident's status link shows: the resident's view of the state (of the item it was
 * merged into, if merged), its dates, the question the wijkteam asked the resident (if one is
 * open), and what the resident added. Never notes or routes.
 */
public record ResidentStatus(
    UUID id,
    String referentie,
    ItemState state,
    String urgentie,
    Instant receivedAt,
    Instant dueAt,
    Optional<Instant> firstContactAt,
    Optional<Instant> closedAt,
    Optional<String> vraag,
    List<Addition> additions) {

  /** The code the resident sees: {@code ontvangen}, {@code in_behandeling}, ... */
  public String view() {
    return state.residentView().orElse("in_behandeling");
  }

  /** A request still open can be withdrawn or added to. */
  public boolean open() {
    return state.open();
  }
}
