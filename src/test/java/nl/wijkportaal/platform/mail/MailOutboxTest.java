package nl.wijkportaal.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.platform.db.Pools;
import nl.wijkportaal.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox against a real PostgreSQL and a real SMTP server (GreenMail on loopback): mail arrives
 * intact, survives a server that is down, goes out once with two nodes.
 */
class MailOutboxTest {

  private static final String FROM =
      "Wijkportaal Voorbeeldstad <wijkportaal@voorbeeldstad.example>";
  private static final String SUBJECT = "Aanmelding ontvangen – ë";
  private static final String TEXT =
      "Beste Zoë,\n\nWe hebben je aanmelding ontvangen.\nJe referentie is WP-2026-0001.\n\nGroet, het Sociaal Wijkteam – één loket";
  private static final String HTML = "<p>Beste Zoë,</p><p>We hebben je aanmelding ontvangen.</p>";
  private static final Duration NO_POLLING = Duration.ofHours(1);

  private final MutableClock clock =
      new MutableClock(Instant.parse("2026-11-23T09:00:00Z").truncatedTo(ChronoUnit.MICROS));
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<GreenMail> greenMails = new ArrayList<>();
  private final List<MailSender> senders = new ArrayList<>();
  private DatabaseUrl database;
  private Vertx vertx;
  private Pool pool;
  private MailOutbox outbox;

  @BeforeEach
  void freshDatabase() {
    database = TestDatabase.fresh();
    vertx = newVertx();
    pool = Pools.create(vertx, database, 4);
    outbox = new MailOutbox(pool, clock);
  }

  @AfterEach
  void cleanUp() {
    senders.forEach(s -> s.stop().await());
    greenMails.forEach(GreenMail::stop);
    vertxes.forEach(v -> v.close().await());
  }

  @Test
  void a_queued_mail_arrives_with_subject_body_and_sender_intact() throws Exception {
    GreenMail smtp = greenMail(0);
    MailSender sender = sender(vertx, pool, smtp.getSmtp().getPort());

    long id = outbox.enqueue(new Mail("inwoner@example.org", SUBJECT, TEXT, HTML)).await();
    assertThat(sender.sendDue().await()).isEqualTo(1);

    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage received = smtp.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo(SUBJECT);
    InternetAddress from = (InternetAddress) received.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo("wijkportaal@voorbeeldstad.example");
    assertThat(from.getPersonal()).isEqualTo("Wijkportaal Voorbeeldstad");
    assertThat(((InternetAddress) received.getRecipients(Message.RecipientType.TO)[0]).getAddress())
        .isEqualTo("inwoner@example.org");
    MimeMultipart alternative = (MimeMultipart) received.getContent();
    assertThat(alternative.getContentType()).startsWith("multipart/alternative");
    BodyPart plain = part(alternative, "text/plain");
    assertThat(plain.getContentType()).containsIgnoringCase("charset=utf-8");
    assertThat(((String) plain.getContent()).replace("\r\n", "\n").strip()).isEqualTo(TEXT);
    assertThat(((String) part(alternative, "text/html").getContent())).contains("Beste Zoë");

    OutboxEntry entry = entry(id);
    assertThat(entry.sentAt()).contains(clock.instant());
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(entry.lastError()).isEmpty();

    assertThat(sender.sendDue().await()).as("a sent mail is not sent again").isZero();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void a_started_sender_polls_the_outbox_by_itself_until_stopped() {
    GreenMail smtp = greenMail(0);
    MailSender sender =
        new MailSender(
            vertx,
            pool,
            clock,
            settings(Optional.empty(), 0, 0),
            "127.0.0.1",
            smtp.getSmtp().getPort(),
            Duration.ofMillis(100));
    sender.start();
    outbox.enqueue(new Mail("inwoner@example.org", SUBJECT, TEXT)).await();
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    sender.stop().await();

    long id = outbox.enqueue(new Mail("inwoner@example.org", "Na de stop", TEXT)).await();
    vertx.timer(300).await();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(entry(id).sent()).isFalse();
  }

  @Test
  void a_mail_server_that_is_down_delays_mail_but_loses_none() throws Exception {
    int port = freePort();
    MailSender sender = sender(vertx, pool, port);
    long id = outbox.enqueue(new Mail("inwoner@example.org", SUBJECT, TEXT)).await();

    assertThat(sender.sendDue().await()).isZero();
    OutboxEntry failed = entry(id);
    assertThat(failed.sent()).isFalse();
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastError()).hasValueSatisfying(error -> assertThat(error).isNotBlank());
    assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plus(MailSender.FIRST_RETRY));

    // The back-off holds: no new try before it is over.
    clock.advance(MailSender.FIRST_RETRY.minusSeconds(1));
    assertThat(sender.sendDue().await()).isZero();
    assertThat(entry(id).attempts()).isEqualTo(1);

    // A second failure waits twice as long.
    clock.advance(Duration.ofSeconds(1));
    assertThat(sender.sendDue().await()).isZero();
    assertThat(entry(id).attempts()).isEqualTo(2);
    assertThat(entry(id).nextAttemptAt())
        .isEqualTo(clock.instant().plus(MailSender.FIRST_RETRY.multipliedBy(2)));

    GreenMail smtp = greenMail(port);
    clock.advance(MailSender.FIRST_RETRY.multipliedBy(2));
    assertThat(sender.sendDue().await()).isEqualTo(1);
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo(SUBJECT);
    OutboxEntry sent = entry(id);
    assertThat(sent.sentAt()).contains(clock.instant());
    assertThat(sent.attempts()).isEqualTo(3);
    assertThat(sent.lastError()).isEmpty();
  }

  @Test
  void a_mail_claimed_by_a_node_that_died_is_sent_once_its_lease_runs_out() {
    GreenMail smtp = greenMail(0);
    MailSender sender = sender(vertx, pool, smtp.getSmtp().getPort());
    long id = outbox.enqueue(new Mail("inwoner@example.org", SUBJECT, TEXT)).await();

    // Another node claimed it and died before it could send or record anything.
    Instant now = clock.instant();
    assertThat(outbox.repository().claimDue(now, now.plus(MailSender.CLAIM_LEASE), 10).await())
        .hasSize(1);
    assertThat(sender.sendDue().await()).as("still leased to the other node").isZero();

    clock.advance(MailSender.CLAIM_LEASE);
    assertThat(sender.sendDue().await()).isEqualTo(1);
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(entry(id).sent()).isTrue();
  }

  @Test
  void two_nodes_sending_at_the_same_time_deliver_each_mail_exactly_once() {
    GreenMail smtp = greenMail(0);
    int port = smtp.getSmtp().getPort();
    Vertx otherNode = newVertx();
    Pool otherPool = Pools.create(otherNode, database, 4);
    List<MailSender> twoNodes =
        List.of(
            sender(vertx, pool, port),
            sender(vertx, pool, port),
            sender(otherNode, otherPool, port),
            sender(otherNode, otherPool, port));
    int mails = 4 * MailSender.BATCH_SIZE + 3;
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < mails; i++) {
      ids.add(
          outbox.enqueue(new Mail("inwoner" + i + "@example.org", "Bericht " + i, TEXT)).await());
    }

    List<Future<Integer>> runs = twoNodes.stream().map(MailSender::sendDue).toList();
    Future.all(runs).await();

    assertThat(runs.stream().mapToInt(Future::result).sum()).isEqualTo(mails);
    List<String> subjects =
        Arrays.stream(smtp.getReceivedMessages()).map(MailOutboxTest::subject).toList();
    assertThat(subjects)
        .hasSize(mails)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, mails).mapToObj(i -> "Bericht " + i).toList());
    for (long id : ids) {
      OutboxEntry entry = entry(id);
      assertThat(entry.sent()).isTrue();
      assertThat(entry.attempts()).isEqualTo(1);
    }
  }

  @Test
  void the_demo_mail_server_on_loopback_receives_outbox_mail_and_shows_it_decoded()
      throws Exception {
    MailSetup setup =
        MailSetup.start(vertx, pool, clock, settings(Optional.empty(), 0, 0), true, NO_POLLING);
    try {
      DemoMailServer demo = setup.demoServer().orElseThrow();
      assertThat(demo.port()).isPositive();
      assertThat(demo.host()).isEqualTo("127.0.0.1");
      assertListensOnLoopbackOnly(demo.port());
      assertThat(demo.messages()).isEmpty();

      setup
          .outbox()
          .enqueue(
              new Mail("medewerker@voorbeeldstad.example", "Uitnodiging – wijkportaal", "Eerste."))
          .await();
      setup
          .outbox()
          .enqueue(new Mail("medewerker@voorbeeldstad.example", SUBJECT, TEXT, HTML))
          .await();
      assertThat(setup.sender().orElseThrow().sendDue().await()).isEqualTo(2);

      List<ReceivedMail> messages = demo.messages();
      assertThat(messages)
          .extracting(ReceivedMail::subject)
          .containsExactly(SUBJECT, "Uitnodiging – wijkportaal");
      ReceivedMail newest = messages.get(0);
      assertThat(newest.to()).isEqualTo("medewerker@voorbeeldstad.example");
      assertThat(newest.from()).isEqualTo(FROM);
      assertThat(newest.text()).isEqualTo(TEXT);
      assertThat(newest.receivedAt())
          .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
      assertThat(messages.get(1).text()).isEqualTo("Eerste.");

      assertThat(demo.deleteReceivedBefore(Instant.now().plusSeconds(1))).isEqualTo(2);
      assertThat(demo.messages()).isEmpty();
    } finally {
      setup.stop(vertx).await();
    }
  }

  @Test
  void a_demo_mail_server_whose_port_is_taken_says_which_setting_to_change() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      DemoMailServer demo = new DemoMailServer(taken.getLocalPort());
      assertThatThrownBy(demo::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("WIJKPORTAAL_DEMO_SMTP_PORT");
      demo.stop();
    }
  }

  @Test
  void a_configured_smtp_server_wins_over_the_demo_mail_server() throws Exception {
    GreenMail smtp = greenMail(0);
    MailSetup setup =
        MailSetup.start(
            vertx,
            pool,
            clock,
            settings(Optional.of("127.0.0.1"), smtp.getSmtp().getPort(), 0),
            true,
            NO_POLLING);
    try {
      assertThat(setup.demoServer()).isEmpty();
      setup.outbox().enqueue(new Mail("inwoner@example.org", SUBJECT, TEXT)).await();
      assertThat(setup.sender().orElseThrow().sendDue().await()).isEqualTo(1);
      assertThat(smtp.getReceivedMessages()).hasSize(1);
    } finally {
      setup.stop(vertx).await();
    }
  }

  @Test
  void without_a_server_and_without_demo_mail_waits_in_the_outbox() {
    MailSetup setup =
        MailSetup.start(vertx, pool, clock, settings(Optional.empty(), 25, 0), false, NO_POLLING);
    assertThat(setup.sender()).isEmpty();
    assertThat(setup.demoServer()).isEmpty();
    long id = setup.outbox().enqueue(new Mail("inwoner@example.org", SUBJECT, TEXT)).await();
    assertThat(entry(id).sent()).isFalse();
    setup.stop(vertx).await();
  }

  @Test
  void a_mail_queued_in_a_transaction_that_rolls_back_is_never_sent() {
    GreenMail smtp = greenMail(0);
    MailSender sender = sender(vertx, pool, smtp.getSmtp().getPort());
    Future<Long> rolledBack =
        pool.withTransaction(
            connection ->
                outbox
                    .enqueue(connection, new Mail("inwoner@example.org", "Teruggedraaid", TEXT))
                    .compose(
                        id ->
                            Future.<Long>failedFuture(
                                new IllegalStateException("the feature's change failed"))));
    assertThatThrownBy(rolledBack::await).hasMessageContaining("the feature's change failed");
    long committed =
        pool.withTransaction(
                connection ->
                    outbox.enqueue(connection, new Mail("inwoner@example.org", SUBJECT, TEXT)))
            .await();

    assertThat(sender.sendDue().await()).isEqualTo(1);
    assertThat(smtp.getReceivedMessages())
        .extracting(MailOutboxTest::subject)
        .containsExactly(SUBJECT);
    assertThat(entry(committed).sent()).isTrue();
  }

  @Test
  void retention_deletes_sent_mail_before_the_moment_and_keeps_pending_mail() {
    GreenMail smtp = greenMail(0);
    MailSender sender = sender(vertx, pool, smtp.getSmtp().getPort());
    long sentEarly = outbox.enqueue(new Mail("a@example.org", "Vroeg", TEXT)).await();
    sender.sendDue().await();
    clock.advance(Duration.ofDays(31));
    long sentLate = outbox.enqueue(new Mail("b@example.org", "Laat", TEXT)).await();
    sender.sendDue().await();
    smtp.stop();
    long pending = outbox.enqueue(new Mail("c@example.org", "Wacht", TEXT)).await();

    assertThat(
            outbox
                .repository()
                .deleteSentBefore(clock.instant().minus(Duration.ofDays(30)))
                .await())
        .isEqualTo(1);
    assertThat(outbox.repository().find(sentEarly).await()).isEmpty();
    assertThat(outbox.repository().find(sentLate).await()).isPresent();
    assertThat(outbox.repository().find(pending).await()).isPresent();
  }

  @Test
  void back_off_doubles_from_thirty_seconds_up_to_one_hour() {
    assertThat(MailSender.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(MailSender.backoff(2)).isEqualTo(Duration.ofMinutes(1));
    assertThat(MailSender.backoff(3)).isEqualTo(Duration.ofMinutes(2));
    assertThat(MailSender.backoff(7)).isEqualTo(Duration.ofMinutes(32));
    assertThat(MailSender.backoff(8)).isEqualTo(Duration.ofHours(1));
    assertThat(MailSender.backoff(1_000)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void a_header_cannot_be_smuggled_in_through_a_subject_or_address() {
    assertThatThrownBy(() -> new Mail("a@example.org", "Hallo\r\nBcc: b@example.org", TEXT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Mail("a@example.org\nBcc: b@example.org", "Hallo", TEXT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Mail("a@example.org", "Hallo", TEXT).toString())
        .doesNotContain("a@example.org")
        .doesNotContain("Zoë");
    assertThat(MailSender.withoutAddresses("550 5.1.1 <jan@example.org>: unknown"))
        .isEqualTo("550 5.1.1 <<address>>: unknown");
  }

  // --- helpers ---------------------------------------------------------------------------

  private Vertx newVertx() {
    Vertx v = Vertx.vertx();
    vertxes.add(v);
    return v;
  }

  private GreenMail greenMail(int port) {
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    greenMails.add(smtp);
    return smtp;
  }

  private MailSender sender(Vertx v, Pool p, int port) {
    MailSender sender =
        new MailSender(
            v, p, clock, settings(Optional.empty(), port, 0), "127.0.0.1", port, NO_POLLING);
    senders.add(sender);
    return sender;
  }

  private static AppConfig.Mail settings(Optional<String> host, int port, int embeddedPort) {
    return new AppConfig.Mail(
        host, port, FROM, Optional.empty(), Optional.empty(), "DISABLED", embeddedPort, 5_000);
  }

  private OutboxEntry entry(long id) {
    return outbox.repository().find(id).await().orElseThrow();
  }

  private static BodyPart part(MimeMultipart multipart, String type) throws Exception {
    for (int i = 0; i < multipart.getCount(); i++) {
      if (multipart.getBodyPart(i).isMimeType(type)) {
        return multipart.getBodyPart(i);
      }
    }
    throw new AssertionError("no " + type + " part");
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Reachable on 127.0.0.1; refused on every other IPv4 address this machine has. */
  private static void assertListensOnLoopbackOnly(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
    }
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          assertThatThrownBy(
                  () -> {
                    try (Socket socket = new Socket()) {
                      socket.connect(new InetSocketAddress(address, port), 2_000);
                    }
                  })
              .as("port %d on %s", port, address)
              .isInstanceOf(IOException.class);
        }
      }
    }
  }

  /** A clock the test moves by hand, so back-off and leases need no sleeping. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
