package nl.wijkportaal.signalering;

import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.identity.Account;
import nl.wijkportaal.identity.ApiCaller;
import nl.wijkportaal.identity.OrganisationKind;
import nl.wijkportaal.identity.Role;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.SignaalSummary;

/**
 * Who submits or looks at signals: a melder's account (the form) or a partner system (the API),
 * always on behalf of one organisation. Every melder of the organisation sees its signals; only the
 * account or client that submitted one sees what is in it.
 */
record Indiener(
    UUID organisationId,
    OrganisationKind kind,
    Optional<UUID> account,
    Optional<String> client,
    Actor actor) {

  static Indiener account(Account a, String address) {
    return new Indiener(
        a.organisation().id(),
        a.organisation().kind(),
        Optional.of(a.id()),
        Optional.empty(),
        Actor.account(
            a.id().toString(),
            a.name(),
            Role.MELDER.code(),
            a.organisation().id().toString(),
            address));
  }

  static Indiener apiClient(ApiCaller c, String address) {
    return new Indiener(
        c.organisationId(),
        c.organisationKind(),
        Optional.empty(),
        Optional.of(c.clientId()),
        Actor.apiClient(c.clientId(), c.clientName(), c.organisationId().toString(), address));
  }

  /** Whether this one submitted the signal: only then may it read the content and add to it. */
  boolean owns(SignaalSummary signal) {
    return account.map(signal::submittedBy).orElse(false)
        || client.map(signal::submittedByClient).orElse(false);
  }

  /**
   * The vindplek code of the organisation; the SWT itself is none (its staff register by other
   * channels).
   */
  String vindplek() {
    return kind == OrganisationKind.SWT ? null : kind.code();
  }
}
