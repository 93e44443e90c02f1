package nl.wijkportaal.identity;

import java.util.List;
import java.util.UUID;

/**
 * A partner organisation's own system, which exchanges its id and secret for short-lived tokens.
 */
public record ApiClient(
    UUID id,
    String clientId,
    UUID organisationId,
    String name,
    String secretHash,
    List<String> scopes,
    boolean active,
    int version) {}
