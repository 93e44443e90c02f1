package nl.wijkportaal.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A resident asks what is held about them and then to be forgotten; the beheerder handles both. */
class PrivacyRequestTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);
  private static Intake intake;

  @BeforeAll
  static void start() {
    intake = server.app().feature(InboxFeature.class).intake();
  }

  private static Receipt submit(String naam, String postcode) {
    NewItem item =
        new NewItem(
            "aanmelding",
            null,
            null,
            null,
            null,
            List.of("sociaal_netwerk"),
            "regulier",
            null,
            null,
            false,
            "zelf",
            null,
            "2026-11",
            Locale.forLanguageTag("nl"),
            new Subject(naam, LocalDate.of(1961, 4, 12), postcode, "21"),
            new JsonObject().put("vraag", "Ik ben veel alleen, " + naam),
            null,
            null);
    return intake.submit(item, Actor.resident("127.0.0.1")).await();
  }

  private static List<Map.Entry<String, String>> form(WebUser user, String... pairs) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.add(Map.entry(pairs[i], pairs[i + 1]));
    }
    fields.add(Map.entry("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN")));
    return fields;
  }

  @Test
  void the_beheerder_finds_a_persons_items_exports_everything_and_anonymises_it_all_audited() {
    Receipt first = submit("Greet van Dam", "8031 CD");
    Receipt second = submit("G. van Dam", "8031cd");
    Receipt other = submit("Greet van Dam", "8051 EF");
    WebUser beheerder = Staff.signIn(server, CLOCK, "beheerder");
    beheerder.get("/beheer/privacy");

    HttpResponse<String> missing =
        beheerder.postForm("/beheer/privacy", form(beheerder, "naam", "Greet van Dam"));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body())
        .contains("Vul de geboortedatum in zoals 23-11-1980")
        .contains("value=\"Greet van Dam\"");

    HttpResponse<String> found =
        beheerder.postForm(
            "/beheer/privacy",
            form(
                beheerder,
                "geboortedatum",
                "12-04-1961",
                "postcode",
                "8031 CD",
                "huisnummer",
                "21"));
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.body())
        .contains(first.referentie())
        .contains(second.referentie())
        .doesNotContain(other.referentie());

    HttpResponse<String> export =
        beheerder.postForm(
            "/beheer/privacy/export",
            form(beheerder, "item", first.id().toString(), "item", second.id().toString()));
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("content-disposition"))
        .get()
        .asString()
        .contains("attachment");
    JsonObject json = new JsonObject(export.body());
    assertThat(json.getJsonArray("items")).hasSize(2);
    assertThat(export.body())
        .contains("Ik ben veel alleen, Greet van Dam")
        .doesNotContain("status_token_hash");

    beheerder.get("/beheer/privacy");
    HttpResponse<String> unconfirmed =
        beheerder.postForm(
            "/beheer/privacy/wissen",
            form(beheerder, "item", first.id().toString(), "reden", "verzoek per brief"));
    assertThat(unconfirmed.statusCode()).isEqualTo(400);
    assertThat(unconfirmed.body())
        .as("the request's items stay, to confirm")
        .contains(first.referentie())
        .contains("id=\"bevestig\"")
        .contains("href=\"#bevestig\"");
    beheerder.get("/beheer/privacy");
    HttpResponse<String> erased =
        beheerder.postForm(
            "/beheer/privacy/wissen",
            form(
                beheerder,
                "item",
                first.id().toString(),
                "item",
                second.id().toString(),
                "reden",
                "verzoek per brief",
                "bevestig",
                "ja"));
    assertThat(erased.statusCode()).isEqualTo(303);
    assertThat(beheerder.get(erased.headers().firstValue("location").orElseThrow()).body())
        .contains("De persoonsgegevens van 2 item(s) zijn geanonimiseerd.");

    var pool = server.app().pool();
    long left =
        pool.preparedQuery(
                "SELECT count(*) FROM inbox_item_person WHERE item_id = ANY($1) AND inhoud <> '{}'::jsonb")
            .execute(Tuple.of(new UUID[] {first.id(), second.id(), other.id()}))
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertThat(left).as("only the other person's item keeps its data").isEqualTo(1);
    long audited =
        pool.preparedQuery(
                "SELECT count(*) FROM audit_log WHERE action IN ('item.exported', 'item.anonymised', 'person.searched') AND actor_name = 'Bart Smit'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertThat(audited).as("search twice? no: one search, two exports, two erasures").isEqualTo(5);
  }
}
