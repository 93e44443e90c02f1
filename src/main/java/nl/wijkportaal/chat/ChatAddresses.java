package nl.wijkportaal.chat;

import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import java.util.List;
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

  /**
   * For the event-bus metrics (labelled by address): every conversation's and every worker's
   * address counted under one name ({@code chat.gesprek.*}, {@code chat.medewerker.*}). Labelled
   * one by one, each chat ever held kept its own meters in memory and in /metrics for good: under
   * the chat benchmark's load that was most of a node's garbage and old-generation growth.
   */
  public static List<Match> metricLabels() {
    return List.of(
        perAddress(CONVERSATION_PREFIX, "chat.gesprek.*"),
        perAddress(WORKER_PREFIX, "chat.medewerker.*"));
  }

  private static Match perAddress(String prefix, String alias) {
    return new Match()
        .setDomain(MetricsDomain.EVENT_BUS)
        .setLabel(Label.EB_ADDRESS.toString())
        .setType(MatchType.REGEX)
        .setValue(java.util.regex.Pattern.quote(prefix) + ".+")
        .setAlias(alias);
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
