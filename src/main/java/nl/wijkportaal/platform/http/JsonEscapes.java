package nl.wijkportaal.platform.http;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds, in one pass over a JSON text without parsing it into objects, a string escape that
 * stands for a NUL or for half of a UTF-16 surrogate pair without its other half, and names
 * the field it is in (dotted, with array indexes). Such text would reach PostgreSQL as a NUL
 * (refused: a 500) or as a lone surrogate (silently stored as {@code ?}). Whether the rest is
 * valid JSON is for the parser to say.
 */
final class JsonEscapes {

  record Fault(String field, String code) {}

  private static final class Frame {
    final boolean object;
    String key = "";
    int index;
    boolean expectKey;

    Frame(boolean object) {
      this.object = object;
      this.expectKey = object;
    }
  }

  private JsonEscapes() {}

  static Fault find(Buffer body) {
    byte[] json = body.getBytes();
    if (indexOf(json, (byte) '\\') < 0) {
      return null;
    }
    Deque<Frame> frames = new ArrayDeque<>();
    int i = 0;
    while (i < json.length) {
      byte b = json[i];
      switch (b) {
        case '{' -> frames.push(new Frame(true));
        case '[' -> frames.push(new Frame(false));
        case '}', ']' -> {
          if (!frames.isEmpty()) {
            frames.pop();
          }
        }
        case ',' -> {
          Frame top = frames.peek();
          if (top != null) {
            if (top.object) {
              top.expectKey = true;
            } else {
              top.index++;
            }
          }
        }
        case ':' -> {
          Frame top = frames.peek();
          if (top != null) {
            top.expectKey = false;
          }
        }
        case '"' -> {
          Frame top = frames.peek();
          boolean key = top != null && top.object && top.expectKey;
          StringBuilder raw = key ? new StringBuilder() : null;
          i++;
          int pendingHigh = -1;
          while (i < json.length && json[i] != '"') {
            if (json[i] == '\\' && i + 1 < json.length) {
              if (json[i + 1] == 'u' && i + 5 < json.length) {
                int unit = unit(json, i + 2);
                if (unit == 0) {
                  return new Fault(path(frames, key ? null : ""), WellFormedRequest.CONTROL);
                }
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                  if (pendingHigh >= 0) {
                    return new Fault(path(frames, key ? null : ""), WellFormedRequest.SURROGATE);
                  }
                  pendingHigh = unit;
                } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                  if (pendingHigh < 0) {
                    return new Fault(path(frames, key ? null : ""), WellFormedRequest.SURROGATE);
                  }
                  pendingHigh = -1;
                } else if (pendingHigh >= 0) {
                  return new Fault(path(frames, key ? null : ""), WellFormedRequest.SURROGATE);
                }
                if (raw != null && unit > 0) {
                  raw.append((char) unit);
                }
                i += 6;
                continue;
              }
              if (pendingHigh >= 0) {
                return new Fault(path(frames, key ? null : ""), WellFormedRequest.SURROGATE);
              }
              if (raw != null) {
                raw.append((char) json[i + 1]);
              }
              i += 2;
              continue;
            }
            if (pendingHigh >= 0) {
              return new Fault(path(frames, key ? null : ""), WellFormedRequest.SURROGATE);
            }
            if (raw != null) {
              raw.append((char) (json[i] & 0xff));
            }
            i++;
          }
          if (pendingHigh >= 0) {
            return new Fault(path(frames, key ? null : ""), WellFormedRequest.SURROGATE);
          }
          if (key) {
            top.key = new String(raw.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8);
            top.expectKey = false;
          }
        }
        default -> {}
      }
      i++;
    }
    return null;
  }

  private static int unit(byte[] json, int at) {
    int value = 0;
    for (int k = 0; k < 4; k++) {
      int digit = Character.digit((char) json[at + k], 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** The dotted name of where the parser is; {@code null} tail: inside a key, name the object. */
  private static String path(Deque<Frame> frames, String tail) {
    StringBuilder name = new StringBuilder();
    var it = frames.descendingIterator();
    while (it.hasNext()) {
      Frame frame = it.next();
      boolean last = !it.hasNext();
      String part = frame.object ? (last && tail == null ? "" : frame.key) : String.valueOf(frame.index);
      if (!part.isEmpty()) {
        if (name.length() > 0) {
          name.append('.');
        }
        name.append(part);
      }
    }
    return name.length() == 0 ? "body" : name.toString();
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
