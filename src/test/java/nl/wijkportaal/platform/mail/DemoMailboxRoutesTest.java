package nl.wijkportaal.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import nl.wijkportaal.platform.config.ConfigLoader;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;
import nl.wijkportaal.platform.web.Templates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo mailbox page on a real HTTP server and a real demo mail server: what it shows, that it
 * escapes what a mail holds, and that it asks its guard first.
 */
class DemoMailboxRoutesTest {

  private static final String ROLE_HEADER = "X-Test-Role";

  private static Vertx vertx;
  private static DemoMailServer demo;
  private static int port;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    demo = new DemoMailServer(0);
    demo.start();
    Messages messages = new Messages();
    Clock clock = Clock.systemUTC();
    Pages pages =
        new Pages(
            new Templates(messages),
            messages,
            new OpeningHours(ConfigLoader.load(Map.of()).municipality(), clock));
    Router router = Router.router(vertx);
    // Stands in for the identity package's role check.
    new DemoMailboxRoutes(pages, demo)
        .mount(
            router,
            ctx -> {
              if ("beheerder".equals(ctx.request().getHeader(ROLE_HEADER))) {
                ctx.next();
              } else {
                ctx.fail(403);
              }
            });
    router.errorHandler(403, ctx -> ctx.response().setStatusCode(403).end());
    port =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    demo.stop();
  }

  @Test
  void the_beheerder_reads_every_mail_newest_first_with_its_text_escaped() throws Exception {
    assertThat(get("beheerder", "nl").body()).contains("Er is nog geen mail verstuurd.");

    send("Uitnodiging voor het wijkportaal", "Welkom!");
    send(
        "<script>alert(1)</script> Aanmelding ontvangen – ë",
        "Beste Zoë,\n\nJe referentie is WP-1.\nTot snel.");

    HttpResponse<String> page = get("beheerder", "nl");
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html).contains("<h1>Demo-mailbox</h1>").contains("2 berichten");
    assertThat(html)
        .doesNotContain("<script>alert(1)</script>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; Aanmelding ontvangen – ë");
    assertThat(html)
        .contains("<p>Beste Zoë,</p>")
        .contains("<p>Je referentie is WP-1.<br>Tot snel.</p>");
    assertThat(html).contains("medewerker@voorbeeldstad.example").contains("<time datetime=\"");
    assertThat(html.indexOf("Aanmelding ontvangen"))
        .as("newest first")
        .isLessThan(html.indexOf("Uitnodiging voor het wijkportaal"));

    assertThat(get("beheerder", "en").body())
        .contains("<h1>Demo mailbox</h1>")
        .contains("2 messages");
  }

  @Test
  void without_the_guards_consent_the_page_is_refused() throws Exception {
    assertThat(get("redacteur", "nl").statusCode()).isEqualTo(403);
  }

  private static void send(String subject, String text) {
    MailClient client =
        MailClient.create(
            vertx, new MailConfig("127.0.0.1", demo.port()).setStarttls(StartTLSOptions.DISABLED));
    try {
      client
          .sendMail(
              new MailMessage()
                  .setFrom("wijkportaal@voorbeeldstad.example")
                  .setTo("medewerker@voorbeeldstad.example")
                  .setSubject(subject)
                  .setText(text))
          .await();
    } finally {
      client.close().await();
    }
  }

  private static HttpResponse<String> get(String role, String language) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + DemoMailboxRoutes.PATH))
            .header(ROLE_HEADER, role)
            .header("Accept-Language", language)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
