package nl.wijkportaal.inbox;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One line of an organisation's signal list, as every melder of that organisation may see it:
 * reference, date, the melder view of the state, who submitted it, the SWT contact once someone
 * picked it up. No content and nothing the SWT added.
 */
public record SignaalSummary(
    UUID id,
    String referentie,
    Instant receivedAt,
    ItemState state,
    Optional<UUID> submittedByAccount,
    Optional<String> submittedByClient,
    String ingediendDoor,
    Optional<String> swtContact) {

  /** The code the melder sees: {@code ontvangen}, {@code opgepakt} or {@code afgerond}. */
  public String view() {
    return state.melderView().orElse("opgepakt");
  }

  /** Whether this account submitted it (then it may see the content). */
  public boolean submittedBy(UUID accountId) {
    return submittedByAccount.map(accountId::equals).orElse(false);
  }

  /** Whether this API client submitted it. */
  public boolean submittedByClient(String clientId) {
    return submittedByClient.map(clientId::equals).orElse(false);
  }
}
