package nl.wijkportaal.inbox;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * What a front door tells the one who submitted: the item is stored, under this reference, and
 * first contact is due by then. {@code statusToken} is the resident's private link (aanmelding
 * only); it exists nowhere else after this.
 */
public record Receipt(
    UUID id,
    String referentie,
    ItemState state,
    Instant receivedAt,
    ZonedDateTime dueAt,
    String urgentie,
    Optional<String> statusToken,
    Optional<String> wijk,
    boolean buitenGemeente) {}
