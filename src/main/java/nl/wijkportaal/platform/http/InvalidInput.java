package nl.wijkportaal.platform.http;

/**
 * Input the contract's schema let through but the rules do not accept, such as a date that does not
 * exist. Ends as 400 with the field named; the reason comes from {@code validation.<code>} in the
 * caller's language.
 */
public final class InvalidInput extends RuntimeException {

  private final String field;
  private final String code;

  public InvalidInput(String field, String code) {
    super(field + ": " + code, null, false, false);
    this.field = field;
    this.code = code;
  }

  public String field() {
    return field;
  }

  public String code() {
    return code;
  }
}
