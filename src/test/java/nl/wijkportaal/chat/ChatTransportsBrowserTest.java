package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import nl.wijkportaal.support.Browser;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The real SockJS client (sockjs-client and the event-bus client served from the jar, in Chromium)
 * on each transport the chat page may fall back to (webroot/js/chat.js): WebSocket, xhr-streaming
 * (a proxy that drops WebSockets) and xhr-polling (one that also buffers streamed answers). On each
 * the resident hears several worker messages in a row (with polling each is a poll of its own, and
 * the session must outlive the poll that answered) and sends one that the worker hears.
 */
class ChatTransportsBrowserTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  private static TestServer server;
  private static Vertx clients;
  private static WebUser chris;
  private static Browser browser;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("WIJKPORTAAL_CHAT_CAPACITY", "10"), CLOCK);
    clients = Vertx.vertx();
    chris = nl.wijkportaal.support.Staff.signIn(server, CLOCK, "chat");
    Chats.online(chris);
    browser = new Browser("nl-NL");
  }

  @AfterAll
  static void stop() {
    browser.close();
    clients.close().await();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "xhr-streaming", "xhr-polling"})
  void a_resident_chats_live_over_each_sockjs_transport(String transport) {
    WebUser resident = server.user();
    String id = Chats.start(resident, "Sanne", "Waar vind ik hulp bij mijn administratie?");
    Chats.accept(chris, id);
    String address = ChatAddresses.conversation(UUID.fromString(id));
    var driver = openAsResident(resident, id);
    JavascriptExecutor js = driver;
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    Object opened =
        js.executeAsyncScript(
            """
            var transport = arguments[0], address = arguments[1], done = arguments[2];
            window.heard = [];
            window.replies = [];
            var eb = new EventBus('/eventbus', { transports: [transport] });
            window.testBus = eb;
            eb.onopen = function () {
              eb.registerHandler(address, function (err, msg) {
                if (!err && msg && msg.body && msg.body.tekst) { window.heard.push(msg.body.tekst); }
              });
              done(eb.sockJSConn.transport);
            };
            """,
            transport,
            address);
    assertThat(opened).isEqualTo(transport);

    // The registration holds once a probe published on the address reaches the page.
    browser
        .waiting()
        .until(
            d -> {
              server
                  .app()
                  .vertx()
                  .eventBus()
                  .publish(address, new JsonObject().put("type", "probe").put("tekst", "probe"));
              return heard(js).contains("probe");
            });

    // Three answers from the worker, one after the other: each reaches the page.
    try (BridgeClient worker =
        BridgeClient.connect(clients, server.port(), ChatBridgeTest.staffCookies(chris))) {
      for (int i = 1; i <= 3; i++) {
        String text = "Antwoord " + i + " over " + transport;
        JsonObject answer =
            worker.reply(
                worker.send(ChatAddresses.COMMAND, ChatBridgeTest.message(id, "chris-" + i, text)));
        assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("rec");
        browser.waiting().until(d -> heard(js).contains(text));
      }

      // The resident sends over the same transport: stored, numbered, heard by the worker.
      worker.register(address);
      worker.awaitRegistered(server.app().vertx(), address);
      js.executeScript(
          """
          window.testBus.send('chat.opdracht',
            { type: 'bericht', gesprek: arguments[0], clientId: 'sanne-1', tekst: 'Dank je!' },
            function (err, reply) { window.replies.push(err ? 'fout' : reply.body.seq); });
          """,
          id);
      browser.waiting().until(d -> !replies(js).isEmpty());
      Object seq = replies(js).get(0);
      assertThat(seq).as("the reply over " + transport).isInstanceOf(Long.class);
      assertThat(
              worker.next(
                  f ->
                      ChatBridgeTest.isMessage(f)
                          && "Dank je!".equals(f.getJsonObject("body").getString("tekst")),
                  Duration.ofSeconds(10)))
          .hasValueSatisfying(
              f -> assertThat(f.getJsonObject("body").getLong("seq")).isEqualTo((Long) seq));
    }
    assertThat(js.executeScript("return window.testBus.state")).isEqualTo(1L);
    js.executeScript("window.testBus.close()");
  }

  /**
   * A page that missed more messages than one answer holds (500) catches up on all of them, in
   * order, once the next message arrives live: chat.js asks again until it has the last one.
   */
  @Test
  void a_page_that_missed_more_than_two_answers_of_messages_catches_up_on_all_of_them() {
    WebUser resident = server.user();
    String id = Chats.start(resident, "Ayla", "Kan iemand met mij meekijken naar mijn post?");
    Chats.accept(chris, id);
    var driver = openAsResident(resident, id);
    browser
        .waiting()
        .until(d -> "true".equals(d.findElement(By.id("chat-state")).getAttribute("data-live")));
    int shown = driver.findElements(By.cssSelector("[role=log] li")).size();

    // 1,200 messages stored while the page heard nothing of them (as after a lost connection):
    // more than the page's own catch-up on connecting and the next message's together would fetch
    // if each fetched only one answer.
    server
        .app()
        .pool()
        .preparedQuery(
            "WITH n AS (UPDATE chat_conversation SET last_seq = last_seq + 1200 WHERE id = $1"
                + " RETURNING last_seq)"
                + " INSERT INTO chat_message (conversation_id, seq, client_id, sender, sender_name,"
                + " body, sent_at) SELECT $1, n.last_seq - 1200 + g, 'gemist-' || g, 'medewerker',"
                + " 'Chris Mulder', 'Gemist bericht ' || g, now() FROM n, generate_series(1, 1200) g")
        .execute(Tuple.of(UUID.fromString(id)))
        .await();
    assertThat(Chats.answer(chris, id, "na-gemist", "Ben je er nog?").statusCode()).isEqualTo(303);

    int total = shown + 1201;
    browser.waiting().until(d -> d.findElements(By.cssSelector("[role=log] li")).size() == total);
    List<String> seqs =
        driver.findElements(By.cssSelector("[role=log] li")).stream()
            .map(li -> li.getAttribute("data-seq"))
            .toList();
    assertThat(seqs)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, total).mapToObj(String::valueOf).toList());
    assertThat(
            driver
                .findElement(By.cssSelector("[role=log] li[data-seq='" + (shown + 1) + "']"))
                .getText())
        .contains("Gemist bericht 1");
    assertThat(
            driver.findElement(By.cssSelector("[role=log] li[data-seq='" + total + "']")).getText())
        .contains("Ben je er nog?");
  }

  /** The browser holds only the resident's chat cookie and shows their conversation. */
  private static ChromeDriver openAsResident(WebUser resident, String id) {
    var driver = browser.driver();
    driver.get(server.url("/"));
    driver.manage().deleteAllCookies();
    driver
        .manage()
        .addCookie(
            new Cookie.Builder(ResidentToken.COOKIE, resident.cookie(ResidentToken.COOKIE))
                .path("/")
                .isHttpOnly(true)
                .build());
    driver.get(server.url("/chat/gesprek/" + id));
    return driver;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> heard(JavascriptExecutor js) {
    return (List<Object>) js.executeScript("return window.heard");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> replies(JavascriptExecutor js) {
    return (List<Object>) js.executeScript("return window.replies");
  }
}
