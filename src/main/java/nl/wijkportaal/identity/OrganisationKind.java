package nl.wijkportaal.identity;

import java.util.Arrays;
import java.util.Optional;

/** The kind of an organisation: the municipality's wijkteam, or a kind of vindplek. */
public enum OrganisationKind {
  SWT("swt"),
  SCHOOL("school"),
  HUISARTS("huisarts"),
  WONINGCORPORATIE("woningcorporatie"),
  POLITIE("politie"),
  KINDEROPVANG("kinderopvang"),
  JEUGDGEZONDHEIDSZORG("jeugdgezondheidszorg"),
  WELZIJN("welzijn"),
  OVERIG("overig");

  private final String code;

  OrganisationKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<OrganisationKind> of(String code) {
    return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
  }
}
