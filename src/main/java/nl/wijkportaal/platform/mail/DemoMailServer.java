package nl.wijkportaal.platform.mail;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo installation's own SMTP server (GreenMail, on 127.0.0.1 only), which keeps every mail in
 * memory for the demo mailbox page so invites and receipts work without a real one. {@link #start}
 * and {@link #stop} block: call them from {@code main} or a worker.
 */
public final class DemoMailServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoMailServer.class);

  /**
   * Loopback only: the demo mailbox must not become an open relay or a mail trap on the network.
   */
  public static final String BIND_ADDRESS = "127.0.0.1";

  private static final Comparator<StoredMessage> NEWEST_FIRST =
      Comparator.comparing(DemoMailServer::received)
          .thenComparingLong(StoredMessage::getUid)
          .reversed();

  private final GreenMail greenMail;
  private final int wantedPort;

  /** A server for {@code port} on loopback; 0 takes any free port (see {@link #port()}). */
  public DemoMailServer(int port) {
    this.wantedPort = port;
    this.greenMail = new GreenMail(new ServerSetup(port, BIND_ADDRESS, ServerSetup.PROTOCOL_SMTP));
  }

  public void start() {
    try {
      greenMail.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "The demo mail server could not listen on "
              + BIND_ADDRESS
              + ":"
              + wantedPort
              + " (is another node using it? Set WIJKPORTAAL_DEMO_SMTP_PORT, or point WIJKPORTAAL_SMTP_HOST at the other node's)",
          e);
    }
    LOG.info(
        "Demo mail server listening on {}:{}; read its mail at /beheer/demo-mailbox",
        BIND_ADDRESS,
        port());
  }

  /** The port it listens on, also when started on port 0. */
  public int port() {
    return greenMail.getSmtp().getPort();
  }

  public String host() {
    return BIND_ADDRESS;
  }

  /**
   * Every mail received, newest first, decoded. Decoding costs CPU per message: call it from a
   * worker (executeBlocking), not an event loop.
   */
  public List<ReceivedMail> messages() {
    return greenMail.getManagers().getImapHostManager().getAllMessages().stream()
        .sorted(NEWEST_FIRST)
        .map(DemoMailServer::decode)
        .toList();
  }

  /** Forgets mail received before the moment (retention of the demo mailbox). Returns how many. */
  public int deleteReceivedBefore(Instant before) {
    int deleted = 0;
    for (GreenMailUser user : greenMail.getUserManager().listUser()) {
      try {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        for (StoredMessage message : inbox.getMessages()) {
          if (received(message).isBefore(before)) {
            message.setFlag(Flags.Flag.DELETED, true);
            deleted++;
          }
        }
        inbox.expunge();
      } catch (FolderException e) {
        throw new IllegalStateException("Demo mailbox could not be pruned", e);
      }
    }
    return deleted;
  }

  public void stop() {
    greenMail.stop();
    LOG.info("Demo mail server stopped");
  }

  @Override
  public void close() {
    stop();
  }

  private static Instant received(StoredMessage message) {
    Date date = message.getReceivedDate();
    return date == null ? Instant.EPOCH : date.toInstant();
  }

  private static ReceivedMail decode(StoredMessage stored) {
    MimeMessage message = stored.getMimeMessage();
    Instant receivedAt = received(stored);
    try {
      String subject = message.getSubject();
      return new ReceivedMail(
          addresses(message.getRecipients(Message.RecipientType.TO)),
          addresses(message.getFrom()),
          subject == null ? "" : subject,
          MimeText.of(message),
          receivedAt);
    } catch (MessagingException | IOException e) {
      // One unreadable message must not hide the others.
      LOG.warn("Demo mailbox message {} could not be decoded: {}", stored.getUid(), e.toString());
      return new ReceivedMail("", "", "", "", receivedAt);
    }
  }

  private static String addresses(Address[] addresses) {
    if (addresses == null) {
      return "";
    }
    return Arrays.stream(addresses)
        .map(a -> a instanceof InternetAddress internet ? internet.toUnicodeString() : a.toString())
        .collect(Collectors.joining(", "));
  }
}
