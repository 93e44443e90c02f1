package nl.wijkportaal.chat;

import java.util.UUID;

/**
 * Who acts in a chat: a resident known only by the hash of their cookie token, or a chat worker by
 * account. The server decides this from the cookie or session, never the client.
 */
public record Party(String tokenHash, UUID workerId, String workerName) {

  public static Party resident(String tokenHash) {
    return new Party(tokenHash, null, null);
  }

  public static Party worker(UUID accountId, String name) {
    return new Party(null, accountId, name);
  }

  public boolean isWorker() {
    return workerId != null;
  }

  public String sender() {
    return isWorker() ? ChatMessage.MEDEWERKER : ChatMessage.INWONER;
  }

  /** May this party act in (and read) the conversation? */
  public boolean handles(Conversation c) {
    if (isWorker()) {
      return c.active() && workerId.equals(c.workerId());
    }
    return tokenHash != null && tokenHash.equals(c.residentTokenHash());
  }
}
