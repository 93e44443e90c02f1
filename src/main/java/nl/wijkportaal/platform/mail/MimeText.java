package nl.wijkportaal.platform.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the text a person would read from a MIME message: the text/plain part (in its own charset,
 * transfer encoding undone), or the HTML part without its tags when there is none.
 */
final class MimeText {

  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern BLOCK_END =
      Pattern.compile("(?i)<br\\s*/?>|</p>|</div>|</li>|</h[1-6]>");

  private MimeText() {}

  static String of(Part message) throws MessagingException, IOException {
    Optional<String> plain = find(message, "text/plain");
    if (plain.isPresent()) {
      return normalise(plain.get());
    }
    return find(message, "text/html")
        .map(MimeText::withoutTags)
        .map(MimeText::normalise)
        .orElse("");
  }

  private static Optional<String> find(Part part, String mimeType)
      throws MessagingException, IOException {
    if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
      return Optional.empty();
    }
    if (part.isMimeType(mimeType)) {
      return Optional.of(String.valueOf(part.getContent()));
    }
    if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        Optional<String> found = find(child, mimeType);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static String withoutTags(String html) {
    String text = TAG.matcher(BLOCK_END.matcher(html).replaceAll("\n")).replaceAll("");
    return text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
  }

  /** SMTP carries CRLF; the page and the tests want the lines as they were written. */
  private static String normalise(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n').strip();
  }
}
