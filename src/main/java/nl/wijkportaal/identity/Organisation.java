package nl.wijkportaal.identity;

import java.util.UUID;

/** An organisation whose people sign in: the SWT, or a partner (vindplek). */
public record Organisation(
    UUID id, String name, OrganisationKind kind, boolean active, int version) {
  public boolean swt() {
    return kind == OrganisationKind.SWT;
  }
}
