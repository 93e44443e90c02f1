package nl.wijkportaal.platform.mail;

import java.time.Instant;

/** A mail the demo mail server received, decoded for reading on the demo mailbox page. */
public record ReceivedMail(
    String to, String from, String subject, String text, Instant receivedAt) {

  /** Leaves out the addresses and body, which are personal data, when it ends up in a log. */
  @Override
  public String toString() {
    return "ReceivedMail[receivedAt " + receivedAt + "]";
  }
}
