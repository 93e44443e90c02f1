package nl.wijkportaal.inbox;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A signal with what its submitter sent and added, and the wijkteam's open question to the melder,
 * if any. Only for the account or API client that submitted it: others of the organisation get the
 * {@link SignalSummary}.
 */
public record SignalDetail(
    SignalSummary summary,
    JsonObject inhoud,
    List<Addition> additions,
    java.util.Optional<String> vraag) {

  public SignalDetail {
    inhoud = inhoud == null ? new JsonObject() : inhoud.copy();
  }

  @Override
  public JsonObject inhoud() {
    return inhoud.copy();
  }
}
