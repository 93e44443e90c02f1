package nl.wijkportaal.triage;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.inbox.Addition;
import nl.wijkportaal.inbox.ItemState;

/**
 * Everything staff see on an item's page: what came in (as submitted), who sent it, the clock,
 * notes, history, additions, possible matches and linked items. Opening one is audited.
 */
public record ItemDetail(
    InboxRow row,
    int version,
    JsonObject inhoud,
    Optional<String> organisationName,
    Optional<String> submittedByName,
    Optional<String> vindplek,
    Optional<Boolean> betrokkeneGeinformeerd,
    Optional<String> voorWie,
    Optional<String> gevondenVia,
    Optional<String> ownerWijkteam,
    Optional<Instant> supportStartedAt,
    Optional<Instant> closedAt,
    Optional<String> route,
    List<UUID> routeOffers,
    Optional<String> closeReason,
    Optional<String> doorgezetOrganisatie,
    Optional<String> doorgezetContact,
    Optional<LocalDate> followUpOn,
    Optional<String> infoRequestedFrom,
    Optional<String> infoRequest,
    Optional<Reference> mergedInto,
    List<Addition> additions,
    List<Note> notes,
    List<Event> history,
    List<Match> matches,
    List<Reference> links) {

  /** Another item, by its id and reference. */
  public record Reference(UUID id, String referentie, ItemState state) {}

  /** A staff note. */
  public record Note(Instant at, String author, String tekst) {}

  /** One line of the item's history. */
  public record Event(
      Instant at,
      String kind,
      Optional<String> from,
      Optional<String> to,
      Optional<String> actor) {}

  /** A possible match triage has to decide on. */
  public record Match(Reference other, String reason, String status) {}

  public ItemState state() {
    return row.state();
  }
}
