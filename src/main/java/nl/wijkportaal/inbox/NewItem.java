package nl.wijkportaal.inbox;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One submission as a front door hands it to {@link Intake}: the metadata the inbox and the KPIs
 * need, and (apart) the personal data. Fields that do not apply to a kanaal are {@code null}: an
 * aanmelding has no vindplek, a signal no privacy-statement version.
 *
 * @param kanaal how it came in (DOMAIN.md codes)
 * @param vindplek the signalling organisation's kind, for a signal
 * @param organisationId the signalling organisation
 * @param submittedByAccount the melder's account, for a form submission
 * @param submittedByClient the API client id, for a partner system
 * @param leefgebieden at least one leefgebied code
 * @param urgentie as given; a safety concern makes a {@code regulier} signal {@code spoed}
 * @param toestemming {@code ja}, {@code nee} or {@code niet_gevraagd}
 * @param betrokkeneGeinformeerd whether the resident (or the parents) know
 * @param veiligheidszorg the melder worries about safety (Veilig Thuis route)
 * @param voorWie {@code zelf} or {@code ander}, for an aanmelding
 * @param gevondenVia how the resident found us, for an aanmelding
 * @param toestemmingTekstVersie the version of the privacy statement the resident agreed to
 * @param taal the language for mails about this item
 * @param subject the person it is about, for finding an earlier item
 * @param inhoud the submission as it came in: personal data, shown to triage only
 * @param bewonerEmail where the resident's receipt and state mails go
 * @param melderEmail where the melder's content-free state mails go
 */
public record NewItem(
    String kanaal,
    String vindplek,
    UUID organisationId,
    UUID submittedByAccount,
    String submittedByClient,
    List<String> leefgebieden,
    String urgentie,
    String toestemming,
    Boolean betrokkeneGeinformeerd,
    boolean veiligheidszorg,
    String voorWie,
    String gevondenVia,
    String toestemmingTekstVersie,
    Locale taal,
    Subject subject,
    JsonObject inhoud,
    String bewonerEmail,
    String melderEmail) {

  public NewItem {
    Objects.requireNonNull(kanaal, "kanaal");
    Objects.requireNonNull(urgentie, "urgentie");
    Objects.requireNonNull(taal, "taal");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(inhoud, "inhoud");
    leefgebieden = List.copyOf(leefgebieden);
    // A complaint is about the SWT's service, not about a leefgebied.
    if (leefgebieden.isEmpty() && !"klacht".equals(kanaal)) {
      throw new IllegalArgumentException("an item needs at least one leefgebied");
    }
    inhoud = inhoud.copy();
  }

  /**
   * A resident's own aanmelding (for themself or someone else), with the privacy statement they
   * agreed to.
   */
  public static NewItem aanmelding(
      List<String> leefgebieden,
      String urgentie,
      String toestemming,
      Boolean betrokkeneGeinformeerd,
      String voorWie,
      String gevondenVia,
      String toestemmingTekstVersie,
      Locale taal,
      Subject subject,
      JsonObject inhoud,
      String bewonerEmail) {
    return new NewItem(
        "aanmelding",
        null,
        null,
        null,
        null,
        leefgebieden,
        urgentie,
        toestemming,
        betrokkeneGeinformeerd,
        false,
        voorWie,
        gevondenVia,
        toestemmingTekstVersie,
        taal,
        subject,
        inhoud,
        bewonerEmail,
        null);
  }

  /** Who submitted a signal: the vindplek's organisation and the melder's account or API client. */
  public record Melder(
      String vindplek, UUID organisationId, UUID account, String client, String email) {}

  /** A zorgsignaal from a vindplek, by form or by a partner system. */
  public static NewItem signaal(
      Melder melder,
      List<String> leefgebieden,
      String urgentie,
      String toestemming,
      Boolean betrokkeneGeinformeerd,
      boolean veiligheidszorg,
      Locale taal,
      Subject subject,
      JsonObject inhoud) {
    return new NewItem(
        "signaal",
        melder.vindplek(),
        melder.organisationId(),
        melder.account(),
        melder.client(),
        leefgebieden,
        urgentie,
        toestemming,
        betrokkeneGeinformeerd,
        veiligheidszorg,
        null,
        null,
        null,
        taal,
        subject,
        inhoud,
        null,
        melder.email());
  }

  /**
   * A phone call, walk-in or home visit registered by a worker: no resident e-mail for state mails
   * (those speak of a status link a phone call never had).
   */
  public static NewItem registeredByStaff(
      String kanaal,
      UUID worker,
      List<String> leefgebieden,
      String urgentie,
      String toestemming,
      Boolean betrokkeneGeinformeerd,
      boolean veiligheidszorg,
      String gevondenVia,
      Locale taal,
      Subject subject,
      JsonObject inhoud) {
    return new NewItem(
        kanaal,
        null,
        null,
        worker,
        null,
        leefgebieden,
        urgentie,
        toestemming,
        betrokkeneGeinformeerd,
        veiligheidszorg,
        null,
        gevondenVia,
        null,
        taal,
        subject,
        inhoud,
        null,
        null);
  }

  /**
   * A question from the chat (converted by a worker, or left outside opening hours): the resident
   * asks for themself and agreed in the chat's notice.
   */
  public static NewItem chat(
      List<String> leefgebieden,
      Locale taal,
      Subject subject,
      JsonObject inhoud,
      String bewonerEmail) {
    return new NewItem(
        "chat",
        null,
        null,
        null,
        null,
        leefgebieden,
        "regulier",
        "ja",
        true,
        false,
        "zelf",
        null,
        null,
        taal,
        subject,
        inhoud,
        bewonerEmail,
        null);
  }

  /** A complaint about the SWT's service (Awb): no leefgebied, no consent question. */
  public static NewItem klacht(Locale taal, Subject subject, JsonObject inhoud, String email) {
    return new NewItem(
        "klacht",
        null,
        null,
        null,
        null,
        List.of(),
        "regulier",
        null,
        null,
        false,
        null,
        null,
        null,
        taal,
        subject,
        inhoud,
        email,
        null);
  }

  /** The urgentie the clock runs on: a safety concern is never merely regulier. */
  public String effectiveUrgentie() {
    return veiligheidszorg && "regulier".equals(urgentie) ? "spoed" : urgentie;
  }
}
