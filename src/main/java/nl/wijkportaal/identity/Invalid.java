package nl.wijkportaal.identity;

/**
 * A form value the rules refuse; the page shows the message of {@code messageKey} beside {@code
 * field}.
 */
final class Invalid extends RuntimeException {

  private final String field;
  private final String messageKey;

  Invalid(String field, String messageKey) {
    super(field + ": " + messageKey, null, false, false);
    this.field = field;
    this.messageKey = messageKey;
  }

  String field() {
    return field;
  }

  String messageKey() {
    return messageKey;
  }
}
