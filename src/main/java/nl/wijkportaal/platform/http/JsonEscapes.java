package nl.wijkportaal.platform.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds, in one streaming pass over a JSON text (Jackson's parser, no objects built), a field name
 * or string value holding a NUL or half of a UTF-16 surrogate pair without its other half, and
 * names the field it is in (dotted, with array indexes). Such text would reach PostgreSQL as a NUL
 * (refused: a 500) or as a lone surrogate (silently stored as {@code ?}). Whether the rest is valid
 * JSON is for the real parser to say: a text that does not parse is not this check's to answer.
 */
final class JsonEscapes {

  record Fault(String field, String code) {}

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonEscapes() {}

  static Fault find(Buffer body) {
    try (JsonParser parser = JSON.createParser(body.getBytes())) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
          String code = fault(parser.getText());
          if (code != null) {
            return new Fault(
                name(
                    token == JsonToken.FIELD_NAME
                        ? parser.getParsingContext().getParent()
                        : parser.getParsingContext()),
                code);
          }
        }
      }
    } catch (IOException malformed) {
      // Not well-formed JSON: the API's own parser answers that with its 400.
    }
    return null;
  }

  private static String fault(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return WellFormedRequest.CONTROL;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return WellFormedRequest.SURROGATE;
      }
    }
    return null;
  }

  /**
   * The dotted name of a place in the text, such as {@code betrokkene.naam} or {@code
   * leefgebieden.2}.
   */
  private static String name(JsonStreamContext at) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push(String.valueOf(Math.max(0, c.getCurrentIndex())));
      } else if (c.getCurrentName() != null) {
        parts.push(c.getCurrentName());
      }
    }
    return parts.isEmpty() ? "body" : String.join(".", parts);
  }
}
