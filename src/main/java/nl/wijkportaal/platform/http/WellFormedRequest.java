package nl.wijkportaal.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, once and before anything reads them, the parts of a request that the rest of the
 * pipeline would choke on: a percent-escape that is not {@code %} and two hex digits, and escaped
 * bytes that are not UTF-8, in the address or a form body; in a JSON body a NUL or a lone UTF-16
 * surrogate (which PostgreSQL cannot store, or would store as {@code ?}). Such a request ends as a
 * 400 naming the part at fault ({@link InvalidInput}, no stack trace), so every later handler, the
 * router, the API validation and the error page itself may decode the address without failing.
 */
public final class WellFormedRequest {

  /** Request key set when the address is malformed: the error page must not read it back. */
  public static final String MALFORMED = "wijkportaal.malformedAddress";

  /** Codes of {@link InvalidInput} (texts {@code validation.<code>}). */
  public static final String BAD_ESCAPE = "percentEscape";

  public static final String NOT_UTF8 = "utf8";
  public static final String CONTROL = "controlCharacter";
  public static final String SURROGATE = "loneSurrogate";

  private WellFormedRequest() {}

  /**
   * The path the router routes on (dot segments removed, unreserved escapes decoded): what a
   * decision about the route must read, never the raw path ("/api/../inbox" is the inbox). The raw
   * path where it is malformed, which no route matches.
   */
  public static String routedPath(RoutingContext ctx) {
    return ctx.get(MALFORMED) != null ? ctx.request().path() : ctx.normalizedPath();
  }

  /** The address check: mount it before every handler that reads the path or the query. */
  public static Handler<RoutingContext> address() {
    return ctx -> {
      String path = ctx.request().path();
      String fault = path == null ? null : fault(path, false);
      InvalidInput found =
          fault != null
              ? new InvalidInput("path", fault)
              : firstFault(ctx.request().query(), "query");
      if (found != null) {
        ctx.put(MALFORMED, true);
        ctx.fail(400, found);
      } else {
        ctx.next();
      }
    };
  }

  /**
   * The body check: mount it after the body handler. A form body is held to the same rules as a
   * query; a JSON body may not carry NUL or lone surrogates in its escapes.
   */
  public static Handler<RoutingContext> body() {
    return ctx -> {
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      InvalidInput found = null;
      if (body != null && body.length() > 0 && type != null) {
        String lower = type.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("application/x-www-form-urlencoded")) {
          found = firstFault(body.toString(StandardCharsets.ISO_8859_1), "body");
        } else if (lower.contains("json") && !utf8(body)) {
          // Decoded leniently, such bytes would be stored as U+FFFD without a word.
          found = new InvalidInput("body", NOT_UTF8);
        } else if (lower.contains("json")) {
          JsonEscapes.Fault escape = JsonEscapes.find(body);
          found = escape == null ? null : new InvalidInput(escape.field(), escape.code());
        }
      }
      if (found != null) {
        ctx.fail(400, found);
      } else {
        ctx.next();
      }
    };
  }

  /**
   * What is wrong with one raw address or form component, or null. {@code form}: '+' is a space.
   * Control characters are the features' to judge (a form shows them as a field error); only what
   * cannot be decoded at all is refused here.
   */
  static String fault(String raw, boolean form) {
    if (plainAscii(raw)) {
      // Nothing to decode: what nearly every address is, checked without a decoder.
      return null;
    }
    byte[] bytes = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
          return BAD_ESCAPE;
        }
        bytes[n++] = (byte) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
        i += 2;
      } else if (c > 0xff) {
        return NOT_UTF8;
      } else {
        bytes[n++] = (byte) (form && c == '+' ? ' ' : c);
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n));
    } catch (CharacterCodingException e) {
      return NOT_UTF8;
    }
    return null;
  }

  /** Whether {@code raw} holds only ASCII characters and no escape: always decodable. */
  private static boolean plainAscii(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= 0x80 || c == '%') {
        return false;
      }
    }
    return true;
  }

  /**
   * The first name or value of {@code name=value&...} (a query, a form body) that cannot be
   * decoded, named by its parameter where that name can be read; null when all can.
   */
  private static InvalidInput firstFault(String pairs, String whole) {
    if (pairs == null) {
      return null;
    }
    for (String pair : pairs.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String nameFault = fault(name, true);
      String fault =
          nameFault != null ? nameFault : eq >= 0 ? fault(pair.substring(eq + 1), true) : null;
      if (fault != null) {
        String field = nameFault == null ? decode(name) : "";
        return new InvalidInput(field.isEmpty() ? whole : field, fault);
      }
    }
    return null;
  }

  private static boolean utf8(Buffer body) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String decode(String formComponent) {
    return java.net.URLDecoder.decode(formComponent, StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
