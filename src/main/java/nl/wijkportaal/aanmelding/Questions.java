package nl.wijkportaal.aanmelding;

import java.util.List;
import nl.wijkportaal.catalogue.Codes;

/**
 * Which questions each page asks. Personal fields say why they are asked; someone writing for
 * another person gets no autocomplete of their own details in that person's fields.
 */
final class Questions {

  static final List<String> VOOR_WIE = List.of("zelf", "ander");
  static final List<String> RELATIE = List.of("mantelzorger", "buur", "familie", "anders");
  static final List<String> JA_NEE = List.of("ja", "nee");
  static final List<String> URGENTIE = List.of("regulier", "spoed", "crisis");
  static final List<String> VOORKEUR = List.of("telefoon", "email", "huisbezoek", "beeldbellen");
  static final List<String> GEVONDEN_VIA =
      List.of("huisarts", "school", "website", "familie_vrienden", "wijkteam", "anders");

  static final int QUESTION_LENGTH = 4000;
  static final int NOTE_LENGTH = 2000;
  static final int NAME_LENGTH = 200;

  private Questions() {}

  static List<Field> of(Step step, boolean forSomeoneElse) {
    String about = forSomeoneElse ? ".ander" : "";
    return switch (step) {
      case VOOR_WIE -> List.of(Field.one("voorWie", VOOR_WIE));
      case ANDER -> List.of(Field.one("relatie", RELATIE), Field.one("geinformeerd", JA_NEE));
      case ONDERWERP -> List.of(Field.some("leefgebieden", Codes.LEEFGEBIEDEN));
      case VRAAG ->
          List.of(
              Field.area("vraag", QUESTION_LENGTH),
              Field.area("wens", NOTE_LENGTH).optional(),
              Field.area("hulp", NOTE_LENGTH).optional(),
              Field.one("urgentie", URGENTIE));
      case OVER_WIE ->
          List.of(
              Field.text("naam", NAME_LENGTH)
                  .label("aanmelding.field.naam" + about)
                  .why()
                  .input("text", forSomeoneElse ? "off" : "name"),
              Field.text("geboortedatum", 10)
                  .optional()
                  .why()
                  .input("text", forSomeoneElse ? "off" : "bday"),
              Field.text("postcode", 7).why().input("text", forSomeoneElse ? "off" : "postal-code"),
              Field.text("huisnummer", 10).optional().why());
      case CONTACT ->
          forSomeoneElse
              ? List.of(
                  Field.text("eigenNaam", NAME_LENGTH).why().input("text", "name"),
                  telefoon(),
                  email(),
                  voorkeur())
              : List.of(telefoon(), email(), voorkeur());
      case GEVONDEN -> List.of(Field.one("gevondenVia", GEVONDEN_VIA));
      case PRIVACY -> List.of(Field.some("toestemming", List.of("ja")));
      case CONTROLEREN -> List.of();
    };
  }

  // Each of the two may stay empty, not both: StepForm checks that.
  private static Field telefoon() {
    return Field.text("telefoon", 20).optional().why().input("tel", "tel");
  }

  private static Field email() {
    return Field.text("email", 254).optional().why().input("email", "email");
  }

  private static Field voorkeur() {
    return Field.one("voorkeur", VOORKEUR);
  }
}
