package nl.wijkportaal.identity;

/**
 * What a beheerder asked for cannot be done: the organisation, account or API client does not
 * exist, or the account changed since the page was shown. The pages answer with the 404 or the 409
 * page.
 */
final class AdminRefusal extends RuntimeException {

  enum Reason {
    NOT_FOUND,
    STALE
  }

  private final Reason reason;

  private AdminRefusal(Reason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  static AdminRefusal notFound() {
    return new AdminRefusal(Reason.NOT_FOUND);
  }

  static AdminRefusal stale() {
    return new AdminRefusal(Reason.STALE);
  }

  Reason reason() {
    return reason;
  }
}
