package nl.wijkportaal.triage;

import static nl.wijkportaal.support.Await.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.support.TestServer;

/**
 * Items for the inbox pages, stored through the real {@link Intake} on the test server's database.
 */
final class TestItems {

  static final Locale NL = Locale.forLanguageTag("nl");

  private final Intake intake;

  TestItems(TestServer server) {
    intake = server.app().feature(InboxFeature.class).intake();
  }

  /** A resident's aanmelding about money, born 2-2-1985 at house number 3 of {@code postcode}. */
  Receipt aanmelding(String postcode, String naam, String vraag) {
    JsonObject inhoud =
        new JsonObject()
            .put("voorWie", "zelf")
            .put("vraag", vraag)
            .put("leefgebieden", new JsonArray().add("financien"))
            .put("urgentie", "regulier")
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", naam)
                    .put("geboortedatum", "1985-02-02")
                    .put("postcode", postcode))
            .put(
                "contact",
                new JsonObject()
                    .put("naam", naam)
                    .put("telefoon", "06 12345678")
                    .put("voorkeur", "telefoon"));
    NewItem item =
        new NewItem(
            "aanmelding",
            null,
            null,
            null,
            null,
            List.of("financien"),
            "regulier",
            "ja",
            true,
            false,
            "zelf",
            "website",
            "2026-11",
            NL,
            new Subject(naam, LocalDate.of(1985, 2, 2), postcode, "3"),
            inhoud,
            null,
            null);
    return await(intake.submit(item, Actor.resident("127.0.0.1")));
  }

  /** A school's signal without consent and with a safety concern, in the API body's shape. */
  Receipt signaal(UUID organisation, UUID melder, String postcode, String naam) {
    JsonObject inhoud =
        new JsonObject()
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", naam)
                    .put("geboortedatum", "2014-03-14")
                    .put("postcode", postcode))
            .put("leefgebieden", new JsonArray().add("school_verzuim"))
            .put("urgentie", "regulier")
            .put("omschrijving", "Veel verzuim, zorgen thuis")
            .put("betrokkeneGeinformeerd", false)
            .put("toestemming", "niet_gevraagd")
            .put("veiligheidszorg", true)
            .put(
                "melder",
                new JsonObject().put("naam", "Inge Bakker").put("telefoon", "038-7654321"));
    NewItem item =
        new NewItem(
            "signaal",
            "school",
            organisation,
            melder,
            null,
            List.of("school_verzuim"),
            "regulier",
            "niet_gevraagd",
            false,
            true,
            null,
            null,
            null,
            NL,
            new Subject(naam, LocalDate.of(2014, 3, 14), postcode, null),
            inhoud,
            null,
            null);
    return await(intake.submit(item, Actor.resident("127.0.0.1")));
  }
}
