package nl.wijkportaal.platform.mail;

import java.util.Objects;
import java.util.Optional;

/**
 * One mail to one person: a plain-text body always, an HTML alternative when the feature has one.
 * The sender's address comes from configuration, not from the feature.
 */
public record Mail(String to, String subject, String text, Optional<String> html) {

  public Mail {
    Objects.requireNonNull(html, "html");
    requireText(to, "to");
    requireText(subject, "subject");
    Objects.requireNonNull(text, "text");
    // A line break in a header field would let input add headers of its own (header injection).
    if (containsLineBreak(to) || containsLineBreak(subject)) {
      throw new IllegalArgumentException("A mail's recipient and subject must be one line");
    }
  }

  public Mail(String to, String subject, String text) {
    this(to, subject, text, Optional.empty());
  }

  public Mail(String to, String subject, String text, String html) {
    this(to, subject, text, Optional.of(html));
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("A mail needs a " + name);
    }
  }

  private static boolean containsLineBreak(String value) {
    return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
  }

  /** Leaves out the body and address, which are personal data, when a mail ends up in a log. */
  @Override
  public String toString() {
    return "Mail[subject length " + subject.length() + ", text length " + text.length() + "]";
  }
}
