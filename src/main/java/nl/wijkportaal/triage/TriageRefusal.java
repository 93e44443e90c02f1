package nl.wijkportaal.triage;

import nl.wijkportaal.inbox.ItemState;

/**
 * Why a change to an item was not made, for the page or API to say in the user's language: it does
 * not exist for this viewer, someone else changed it first, the state graph does not allow it,
 * someone else claimed it, or a field is missing or wrong.
 */
public final class TriageRefusal extends RuntimeException {

  /** The kinds of refusal; the routes map them to 404, 409 or 400. */
  public enum Kind {
    NOT_FOUND,
    STALE,
    NOT_ALLOWED,
    CLAIMED,
    INVALID
  }

  private final Kind kind;
  private final String field;
  private final String messageKey;
  private final String detail;

  private TriageRefusal(Kind kind, String field, String messageKey, String detail) {
    super(kind + " " + messageKey, null, false, false);
    this.kind = kind;
    this.field = field;
    this.messageKey = messageKey;
    this.detail = detail;
  }

  static TriageRefusal notFound() {
    return new TriageRefusal(Kind.NOT_FOUND, null, "inbox.refused.notFound", null);
  }

  static TriageRefusal stale() {
    return new TriageRefusal(Kind.STALE, null, "inbox.refused.stale", null);
  }

  static TriageRefusal notAllowed(ItemState from, ItemState to) {
    return new TriageRefusal(Kind.NOT_ALLOWED, null, "inbox.refused.notAllowed", from.code());
  }

  static TriageRefusal claimedBy(String name) {
    return new TriageRefusal(Kind.CLAIMED, null, "inbox.refused.claimed", name);
  }

  static TriageRefusal invalid(String field, String messageKey) {
    return new TriageRefusal(Kind.INVALID, field, messageKey, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The form field at fault, for {@link Kind#INVALID}. */
  public String field() {
    return field;
  }

  public String messageKey() {
    return messageKey;
  }

  /** The words the message needs: who claimed it, or (a state code) the state that refused. */
  public String detail() {
    return detail;
  }
}
