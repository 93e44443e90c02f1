package nl.wijkportaal.chat;

import io.vertx.core.Future;
import java.time.Duration;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.ratelimit.Decision;
import nl.wijkportaal.platform.ratelimit.Limit;
import nl.wijkportaal.platform.ratelimit.RateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's limits: chats started per address per hour and transcripts mailed per conversation per
 * hour (cluster-wide); messages per minute per resident token and per address, counted on the node
 * that receives them (a resident's socket lives on one node; asking the cluster for every message
 * was the largest part of its cost). When the cluster cannot answer, a start goes through.
 */
public final class ChatLimits {

  private static final Logger LOG = LoggerFactory.getLogger(ChatLimits.class);

  private final Limit starts;
  private final Limit perToken;
  private final Limit perAddress;
  private final Limit transcripts;

  public ChatLimits(RateLimits limits, AppConfig.Chat config) {
    this.starts =
        limits.limit("chat.start.address", config.startsPerAddressPerHour(), Duration.ofHours(1));
    this.perToken =
        limits.nodeLocal("chat.message.token", config.messagesPerMinute(), Duration.ofMinutes(1));
    // An address may be a school's or a library's shared network: a few residents' worth.
    this.perAddress =
        limits.nodeLocal(
            "chat.message.address", config.messagesPerMinute() * 5, Duration.ofMinutes(1));
    this.transcripts =
        limits.limit("chat.transcript.token", config.transcriptsPerHour(), Duration.ofHours(1));
  }

  Future<Decision> starts(String address) {
    return lenient(starts.tryConsume(address));
  }

  /** Both buckets, in this JVM. */
  Future<Decision> message(String tokenHash, String address) {
    Future<Decision> token = lenient(perToken.tryConsume(tokenHash));
    Future<Decision> where = lenient(perAddress.tryConsume(address));
    return Future.all(token, where)
        .map(both -> token.result().allowed() ? where.result() : token.result());
  }

  /** For a worker's message: only the address limit applies. */
  Future<Decision> workerMessage(String workerId) {
    return lenient(perAddress.tryConsume("worker:" + workerId));
  }

  Future<Decision> transcript(String tokenHash) {
    return lenient(transcripts.tryConsume(tokenHash));
  }

  private static Future<Decision> lenient(Future<Decision> decision) {
    return decision.otherwise(
        failure -> {
          LOG.warn("A chat limit could not answer; letting it through: {}", failure.toString());
          return Decision.allow();
        });
  }
}
