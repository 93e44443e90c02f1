package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;

/**
 * What chat tests do again and again: a resident starts a chat, a worker goes online and accepts.
 */
final class Chats {

  private Chats() {}

  /** A resident (a browser of its own) asks {@code question}; answers the conversation's id. */
  static String start(WebUser resident, String firstName, String question) {
    assertThat(resident.get("/chat").statusCode()).isEqualTo(200);
    Map<String, String> form = new HashMap<>();
    form.put("voornaam", firstName);
    form.put("vraag", question);
    HttpResponse<String> started = Staff.post(resident, "/chat", form);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
    String location = started.headers().firstValue("location").orElseThrow();
    assertThat(location).startsWith("/chat/gesprek/");
    return location.substring("/chat/gesprek/".length());
  }

  /** A form post with repeating fields (checkboxes) and the user's CSRF token. */
  static HttpResponse<String> postList(
      WebUser user, String path, java.util.List<Map.Entry<String, String>> fields) {
    java.util.List<Map.Entry<String, String>> all = new java.util.ArrayList<>(fields);
    all.add(Map.entry("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN")));
    return user.postForm(path, all);
  }

  static void post(WebUser worker, String path, String availability) {
    assertThat(Staff.post(worker, path, Map.of("beschikbaarheid", availability)).statusCode())
        .isEqualTo(303);
  }

  static void online(WebUser worker) {
    assertThat(
            Staff.post(worker, "/chat-console/beschikbaarheid", Map.of("beschikbaarheid", "online"))
                .statusCode())
        .isEqualTo(303);
  }

  static HttpResponse<String> accept(WebUser worker, String id) {
    return Staff.post(worker, "/chat-console/gesprekken/" + id + "/aannemen", Map.of());
  }

  static HttpResponse<String> say(WebUser resident, String id, String clientId, String text) {
    return Staff.post(
        resident, "/chat/gesprek/" + id + "/bericht", Map.of("clientId", clientId, "tekst", text));
  }

  static HttpResponse<String> answer(WebUser worker, String id, String clientId, String text) {
    return Staff.post(
        worker,
        "/chat-console/gesprekken/" + id + "/bericht",
        Map.of("clientId", clientId, "tekst", text));
  }

  static JsonObject after(WebUser who, String id, int seq) {
    HttpResponse<String> r = who.get("/api/v1/chat/gesprekken/" + id + "/berichten?na=" + seq);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static Row row(TestServer server, String sql, Object... params) {
    var rows = server.app().pool().preparedQuery(sql).execute(Tuple.from(params)).await();
    assertThat(rows.size()).as(sql).isGreaterThan(0);
    return rows.iterator().next();
  }
}
