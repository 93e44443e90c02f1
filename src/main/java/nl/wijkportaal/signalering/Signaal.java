package nl.wijkportaal.signalering;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.wijkportaal.inbox.Subject;

/**
 * A zorgsignaal as a melder describes it, in the words of the API (DESIGN.md): the same record
 * comes from the JSON body of a partner system and from the HTML form. Values are as typed
 * (trimmed); {@link SignaalRules} says whether they are acceptable. The date of birth stays text
 * until then, so a form can show back what was typed.
 */
public record Signaal(
    Betrokkene betrokkene,
    List<String> leefgebieden,
    String urgentie,
    String omschrijving,
    String hulpBetrokken,
    Boolean betrokkeneGeinformeerd,
    String toestemming,
    Boolean veiligheidszorg,
    Melder melder) {

  /** Who the signal is about: no more than triage needs to find the person or household. */
  public record Betrokkene(
      String naam, String geboortedatum, String postcode, String huisnummer, String telefoon) {}

  /** Who the wijkteam calls back and mails the (content-free) state changes to. */
  public record Melder(String naam, String telefoon, String email) {}

  public Signaal {
    leefgebieden = leefgebieden == null ? List.of() : List.copyOf(leefgebieden);
    betrokkene = betrokkene == null ? new Betrokkene(null, null, null, null, null) : betrokkene;
  }

  /**
   * Read from a JSON body the contract already checked; a value of the wrong type reads as missing.
   */
  public static Signaal fromJson(JsonObject json) {
    JsonObject b = object(json, "betrokkene");
    JsonObject m = json.getValue("melder") instanceof JsonObject melder ? melder : null;
    List<String> leefgebieden = new ArrayList<>();
    if (json.getValue("leefgebieden") instanceof JsonArray codes) {
      codes.forEach(
          code ->
              leefgebieden.add(
                  String.valueOf(code).trim())); // a non-text code fails the rules as unknown
    }
    return new Signaal(
        new Betrokkene(
            text(b, "naam"),
            text(b, "geboortedatum"),
            text(b, "postcode"),
            text(b, "huisnummer"),
            text(b, "telefoon")),
        leefgebieden,
        text(json, "urgentie"),
        text(json, "omschrijving"),
        text(json, "hulpBetrokken"),
        json.getValue("betrokkeneGeinformeerd") instanceof Boolean v ? v : null,
        text(json, "toestemming"),
        json.getValue("veiligheidszorg") instanceof Boolean v ? v : null,
        m == null ? null : new Melder(text(m, "naam"), text(m, "telefoon"), text(m, "email")));
  }

  /**
   * The JSON a partner system would have sent: how a form submission is stored, so triage reads one
   * shape.
   */
  public JsonObject toJson() {
    JsonObject b = new JsonObject();
    putText(b, "naam", betrokkene.naam());
    putText(b, "geboortedatum", betrokkene.geboortedatum());
    putText(b, "postcode", betrokkene.postcode());
    putText(b, "huisnummer", betrokkene.huisnummer());
    putText(b, "telefoon", betrokkene.telefoon());
    JsonObject json =
        new JsonObject().put("betrokkene", b).put("leefgebieden", new JsonArray(leefgebieden));
    putText(json, "urgentie", urgentie);
    putText(json, "omschrijving", omschrijving);
    putText(json, "hulpBetrokken", hulpBetrokken);
    json.put("betrokkeneGeinformeerd", betrokkeneGeinformeerd)
        .put("toestemming", toestemming)
        .put("veiligheidszorg", veiligheidszorg);
    if (melder != null) {
      JsonObject m = new JsonObject();
      putText(m, "naam", melder.naam());
      putText(m, "telefoon", melder.telefoon());
      putText(m, "email", melder.email());
      json.put("melder", m);
    }
    return json;
  }

  /** The person as the inbox matches earlier items on; only for a signal the rules accepted. */
  public Subject subject() {
    return new Subject(
        betrokkene.naam(),
        geboortedatum().orElse(null),
        betrokkene.postcode(),
        betrokkene.huisnummer());
  }

  /** The date of birth, when it is a date (ISO, as the API writes it). */
  public Optional<LocalDate> geboortedatum() {
    if (betrokkene.geboortedatum() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(betrokkene.geboortedatum()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the resident did not consent (refused, or was not asked): accepted, but handled with
   * more care.
   */
  public boolean zonderToestemming() {
    return !"ja".equals(toestemming);
  }

  /** Whether the melder should see the Veilig Thuis / 112 advice: a safety concern or a crisis. */
  public boolean veiligheidsadvies() {
    return Boolean.TRUE.equals(veiligheidszorg) || "crisis".equals(urgentie);
  }

  public Optional<String> melderEmail() {
    return melder == null ? Optional.empty() : Optional.ofNullable(melder.email());
  }

  private static JsonObject object(JsonObject json, String key) {
    return json.getValue(key) instanceof JsonObject o ? o : new JsonObject();
  }

  /** A text value, trimmed; blank and wrong types read as missing. */
  private static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s && !s.isBlank() ? s.strip() : null;
  }

  private static void putText(JsonObject json, String key, String value) {
    if (value != null && !value.isBlank()) {
      json.put(key, value);
    }
  }
}
