package nl.wijkportaal.catalogue;

import java.util.List;

/** The code lists of DOMAIN.md the catalogue uses, in their display order. */
public final class Codes {

  public static final List<String> LEEFGEBIEDEN =
      List.of(
          "financien",
          "werk_dagbesteding",
          "wonen",
          "huiselijke_relaties",
          "opvoeden_opgroeien",
          "school_verzuim",
          "psychische_gezondheid",
          "lichamelijke_gezondheid",
          "middelengebruik",
          "dagelijkse_redzaamheid",
          "sociaal_netwerk",
          "participatie",
          "veiligheid",
          "justitie");
  public static final List<String> DOELGROEPEN =
      List.of(
          "iedereen",
          "jeugd",
          "ouders",
          "ouderen",
          "mantelzorgers",
          "nieuwkomers",
          "mensen_met_beperking");
  public static final List<String> NIVEAUS = List.of("universeel", "selectief", "geindiceerd");
  public static final List<String> STATUSES = List.of("concept", "gepubliceerd", "gearchiveerd");
  public static final List<String> JOIN = List.of("zelf_aanmelden", "via_verwijzing");

  private Codes() {}
}
