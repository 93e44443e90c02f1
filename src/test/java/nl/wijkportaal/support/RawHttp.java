package nl.wijkportaal.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client refuses to send: malformed
 * percent-escapes, invalid UTF-8, raw control characters, a path with dot segments. The request
 * goes out exactly as given; the answer is read to the end (Connection: close).
 */
public final class RawHttp {

  /**
   * One answer: status, headers (lower-case names, last value wins), body, and how long it took.
   */
  public record Response(
      int status,
      Map<String, String> headers,
      java.util.List<String> setCookies,
      String body,
      long millis) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  public Response get(String target, Map<String, String> headers) {
    return send("GET", target, headers, null);
  }

  /** Sends {@code method target} with the headers (Host and Connection added) and body bytes. */
  public Response send(String method, String target, Map<String, String> headers, byte[] body) {
    long started = System.nanoTime();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(
          (method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
      request.writeBytes(
          ("Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      for (Map.Entry<String, String> h : headers.entrySet()) {
        request.writeBytes(
            (h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      if (body != null) {
        request.writeBytes(
            ("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.toByteArray());
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException e) {
        // The server may answer (413, 414) and close before it read everything: read that answer.
      }
      byte[] raw = readAll(socket.getInputStream());
      return parse(raw, (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + abbreviate(target) + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      if (all.size() == 0) {
        throw e;
      }
    } catch (SocketTimeoutException e) {
      throw new IOException("no complete answer within 15 s (" + all.size() + " bytes read)", e);
    }
    return all.toByteArray();
  }

  private static Response parse(byte[] raw, long millis) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no HTTP answer: " + abbreviate(text));
    }
    String[] lines = text.substring(0, end).split("\r\n", -1);
    int status = Integer.parseInt(lines[0].split(" ", -1)[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    java.util.List<String> setCookies = new java.util.ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.put(name, lines[i].substring(colon + 1).trim());
      if (name.equals("set-cookie")) {
        setCookies.add(lines[i].substring(colon + 1).trim());
      }
    }
    byte[] bodyBytes = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      bodyBytes = dechunk(bodyBytes);
    }
    return new Response(
        status, headers, setCookies, new String(bodyBytes, StandardCharsets.UTF_8), millis);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < chunked.length) {
      int lineEnd = i;
      while (lineEnd + 1 < chunked.length
          && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String sizeText =
          new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";", -1)[0].trim();
      int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  public static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…(" + s.length() + ")";
  }
}
