package nl.wijkportaal.chat;

import java.util.Optional;
import java.util.UUID;

/**
 * The event-bus addresses of the chat. Clients only listen; everything they say goes to the one
 * command address, where the server puts their identity in the headers.
 */
public final class ChatAddresses {

  /** Where every client command goes (send, typing). */
  public static final String COMMAND = "chat.opdracht";

  /** Where workers hear that the queue changed. */
  public static final String QUEUE = "chat.wachtrij";

  private static final String CONVERSATION_PREFIX = "chat.gesprek.";
  private static final String WORKER_PREFIX = "chat.medewerker.";

  private ChatAddresses() {}

  public static String conversation(UUID id) {
    return CONVERSATION_PREFIX + id;
  }

  public static String worker(UUID accountId) {
    return WORKER_PREFIX + accountId;
  }

  /** The conversation an address belongs to, if it is a conversation's address. */
  public static Optional<UUID> conversationOf(String address) {
    if (address == null || !address.startsWith(CONVERSATION_PREFIX)) {
      return Optional.empty();
    }
    try {
      String id = address.substring(CONVERSATION_PREFIX.length());
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equals(id) ? Optional.of(uuid) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
