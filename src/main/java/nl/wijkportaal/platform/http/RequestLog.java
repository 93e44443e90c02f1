package nl.wijkportaal.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (kept from a proxy's {@code X-Request-Id} when it looks sane), returns
 * it in the response and writes one structured access line when the response ends. The line carries
 * no query string: queries may hold personal data or tokens.
 */
public final class RequestLog implements Handler<RoutingContext> {

  public static final String REQUEST_ID = "requestId";
  private static final Logger ACCESS = LoggerFactory.getLogger("nl.wijkportaal.access");
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  private final ClientAddress clientAddress;

  public RequestLog(ClientAddress clientAddress) {
    this.clientAddress = clientAddress;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader("X-Request-Id");
    String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : newId();
    long started = System.nanoTime();
    ctx.put(REQUEST_ID, id);
    ctx.response().putHeader("X-Request-Id", id);
    if (!ACCESS.isInfoEnabled()) {
      // The access log is off (WIJKPORTAAL_ACCESS_LOG=OFF): nothing to write, nothing to work out.
      ctx.next();
      return;
    }
    ctx.addEndHandler(
        done ->
            ACCESS
                .atInfo()
                .addKeyValue(REQUEST_ID, id)
                .addKeyValue("method", ctx.request().method().name())
                .addKeyValue("path", loggable(ctx.request().path()))
                .addKeyValue("status", ctx.response().getStatusCode())
                .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000)
                .addKeyValue("client", clientAddress.of(ctx))
                .log(
                    "{} {} {}",
                    ctx.request().method().name(),
                    loggable(ctx.request().path()),
                    ctx.response().getStatusCode()));
    ctx.next();
  }

  /**
   * The path as it may be logged: a segment that looks like a secret token (a long random string,
   * such as a resident's status link) is replaced, since whoever reads the log could otherwise open
   * what it unlocks. Ids (UUIDs) stay, for tracing.
   */
  public static String loggable(String path) {
    if (path == null) {
      return "";
    }
    return TOKEN_SEGMENT
        .matcher(path)
        .replaceAll(m -> UUID_SEGMENT.matcher(m.group(1)).matches() ? m.group() : "/[token]");
  }

  private static final java.util.regex.Pattern TOKEN_SEGMENT =
      java.util.regex.Pattern.compile("/([A-Za-z0-9_-]{32,})(?=/|$)");
  private static final java.util.regex.Pattern UUID_SEGMENT =
      java.util.regex.Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * A new request id in the form of a random UUID (version 4). From the thread's own random
   * generator, not the secure one of {@link UUID#randomUUID}, whose lock every event loop shared on
   * every request: an id traces a request through the log, it unlocks nothing.
   */
  public static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  public static String id(RoutingContext ctx) {
    String id = ctx.get(REQUEST_ID);
    return id == null ? "-" : id;
  }
}
