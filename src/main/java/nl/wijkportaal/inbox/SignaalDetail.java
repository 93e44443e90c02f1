package nl.wijkportaal.inbox;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * A signal with what its submitter sent and added, and the wijkteam's open question to the melder,
 * if any. Only for the account or API client that submitted it: others of the organisation get the
 * {@link SignaalSummary}.
 */
public record SignaalDetail(
    SignaalSummary summary, JsonObject inhoud, List<Addition> additions, Optional<String> vraag) {

  public SignaalDetail {
    inhoud = inhoud == null ? new JsonObject() : inhoud.copy();
  }

  @Override
  public JsonObject inhoud() {
    return inhoud.copy();
  }
}
