package nl.wijkportaal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One visitor with their own cookie jar, over plain HTTP. It keeps cookies marked Secure too, as a
 * browser does on localhost.
 */
public final class WebUser {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final Function<String, String> url;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  WebUser(Function<String, String> url) {
    this.url = url;
  }

  /** A visitor of a node (or a proxy) at {@code base}, such as {@code http://127.0.0.1:8080}. */
  public static WebUser at(String base) {
    return new WebUser(path -> base + path);
  }

  /** A form post with this visitor's CSRF token (from its cookie, after a first page if needed). */
  public HttpResponse<String> postWithToken(String path, String... pairs) {
    if (cookie("XSRF-TOKEN") == null) {
      get("/");
    }
    java.util.List<Map.Entry<String, String>> fields = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.add(Map.entry(pairs[i], pairs[i + 1]));
    }
    fields.add(Map.entry("X-XSRF-TOKEN", cookie("XSRF-TOKEN")));
    return postForm(path, fields);
  }

  /** Sends this header on every following request. */
  public WebUser header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public String cookie(String name) {
    return cookies.get(name);
  }

  public void cookie(String name, String value) {
    cookies.put(name, value);
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> get(String path, Map<String, String> extraHeaders) {
    HttpRequest.Builder b = request(path).GET();
    extraHeaders.forEach(b::header);
    return send(b);
  }

  /** A form post as a browser sends it, with the CSRF token from its cookie when asked. */
  public HttpResponse<String> postForm(String path, Map<String, String> fields) {
    return postForm(
        path, fields.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
  }

  /** A form post with fields that may repeat (checkboxes). */
  public HttpResponse<String> postForm(
      String path, java.util.List<Map.Entry<String, String>> fields) {
    String body =
        fields.stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A multipart form post with one file, as a browser sends an upload form. */
  public HttpResponse<String> postFile(
      String path,
      Map<String, String> fields,
      String fileField,
      String fileName,
      String contentType,
      byte[] content) {
    String boundary = "----wijkportaal-" + java.util.UUID.randomUUID();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    fields.forEach(
        (name, value) ->
            body.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + fileField
                + "\"; filename=\""
                + fileName
                + "\"\r\n"
                + "Content-Type: "
                + contentType
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  public HttpResponse<String> postJson(String path, String json, Map<String, String> extraHeaders) {
    HttpRequest.Builder b =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    extraHeaders.forEach(b::header);
    return send(b);
  }

  /**
   * Opens a Server-Sent Events stream as a browser's EventSource does. Close it when done; read
   * events with {@link EventStream#next}.
   */
  public EventStream stream(String path) {
    try {
      HttpResponse<java.io.InputStream> response =
          CLIENT.send(
              request(path).header("Accept", "text/event-stream").GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      return new EventStream(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An open event stream: its status and headers, and the events as they come. */
  public static final class EventStream implements AutoCloseable {
    private final HttpResponse<java.io.InputStream> response;
    private final java.io.BufferedReader lines;
    private final java.util.concurrent.ExecutorService reader =
        java.util.concurrent.Executors.newSingleThreadExecutor();

    EventStream(HttpResponse<java.io.InputStream> response) {
      this.response = response;
      this.lines =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    public int statusCode() {
      return response.statusCode();
    }

    public java.net.http.HttpHeaders headers() {
      return response.headers();
    }

    /** The next event ({@code event} and {@code data} lines), or empty when none comes in time. */
    public java.util.Optional<Map.Entry<String, String>> next(Duration timeout) {
      java.util.concurrent.Future<Map.Entry<String, String>> event =
          reader.submit(
              () -> {
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.isEmpty()) {
                    if (data.length() > 0) {
                      return Map.entry(name, data.toString());
                    }
                    continue;
                  }
                  if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                  } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                  }
                }
                return null;
              });
      try {
        return java.util.Optional.ofNullable(
            event.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
      } catch (java.util.concurrent.TimeoutException e) {
        event.cancel(true);
        return java.util.Optional.empty();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      reader.shutdownNow();
      try {
        response.body().close();
      } catch (IOException e) {
        // the stream is gone either way
      }
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url.apply(path))).timeout(Duration.ofSeconds(20));
    headers.forEach(b::header);
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String setCookie : response.headers().allValues("set-cookie")) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
