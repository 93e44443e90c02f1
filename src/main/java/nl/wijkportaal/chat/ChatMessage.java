package nl.wijkportaal.chat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored message. {@code seq} counts from 1 per conversation without gaps; {@code clientId} is
 * the sender's own id for it, so a resend is recognised.
 *
 * @param sender {@code inwoner}, {@code medewerker} or {@code systeem}
 * @param card a catalogue offer inserted by the worker ({@code titel}, {@code regel}, {@code
 *     link}), or null
 */
public record ChatMessage(
    UUID conversationId,
    int seq,
    String clientId,
    String sender,
    String senderName,
    String text,
    JsonObject card,
    Instant sentAt) {

  public static final String INWONER = "inwoner";
  public static final String MEDEWERKER = "medewerker";
  public static final String SYSTEEM = "systeem";

  /** The message as clients get it, over the bridge and from "messages after N". */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("type", "bericht")
            .put("gesprek", conversationId.toString())
            .put("seq", seq)
            .put("clientId", clientId)
            .put("van", sender)
            .put("naam", senderName)
            .put("tekst", text)
            .put("verzonden", sentAt.toString());
    if (card != null) {
      json.put("kaart", card);
    }
    return json;
  }
}
