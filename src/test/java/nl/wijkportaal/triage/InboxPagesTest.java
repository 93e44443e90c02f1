package nl.wijkportaal.triage;

import static nl.wijkportaal.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.catalogue.CatalogueFeature;
import nl.wijkportaal.catalogue.EditorService;
import nl.wijkportaal.catalogue.OfferDraft;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The triage inbox in the browser's place, over HTTP on the real server and database: what SWT
 * staff see and do.
 */
class InboxPagesTest {

  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
  private static final Locale NL = Locale.forLanguageTag("nl");

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "10000"), CLOCK);

  private static Pool pool;
  private static TestItems items;

  @BeforeAll
  static void start() {
    pool = server.app().pool();
    items = new TestItems(server);
  }

  // ---- Scenarios ----

  @Test
  void
      a_triage_worker_lands_on_the_inbox_after_signing_in_and_a_teamleider_finds_it_on_the_start_page() {
    assertThat(landing("triage")).isEqualTo("/inbox");
    assertThat(landing("teamleider")).isEqualTo("/start");
    WebUser tom = Staff.signIn(server, CLOCK, "teamleider");
    assertThat(html(tom.get("/start"))).contains("href=\"/inbox\"").contains("Triage-inbox");
  }

  @Test
  void the_list_shows_a_new_item_with_its_due_date_and_each_filter_narrows_it() {
    Receipt aanmelding = aanmelding("8011 AB", "Kim de Vries", "Hulp met post");
    Receipt signaal = signaal("8041 DE", "Jesse Bos");
    Receipt buiten = aanmelding("1012 AB", "Sam Buiten", "Verhuisd");
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");

    String all = html(tessa.get("/inbox"));
    assertThat(all)
        .contains(aanmelding.referentie(), signaal.referentie(), buiten.referentie())
        .contains(DateTimeFormatter.ofPattern("EEE d MMM HH:mm", NL).format(aanmelding.dueAt()))
        .contains("id=\"inbox-live\"")
        .contains("data-live-url=\"/inbox/live\"")
        .contains("/static/js/inbox-live.js")
        .contains("Zorg om veiligheid")
        .contains("Toestemming niet gevraagd");
    assertThat(html(tessa.get("/inbox?kanaal=signaal")))
        .contains(signaal.referentie())
        .doesNotContain(aanmelding.referentie());
    assertThat(html(tessa.get("/inbox?wijk=buiten_gemeente")))
        .contains(buiten.referentie())
        .doesNotContain(aanmelding.referentie(), signaal.referentie());

    assertThat(act(tessa, aanmelding.id(), "oppakken").statusCode()).isEqualTo(303);
    assertThat(html(tessa.get("/inbox?eigenaar=vrij")))
        .contains(signaal.referentie())
        .doesNotContain(aanmelding.referentie());
    assertThat(html(tessa.get("/inbox?eigenaar=mij")))
        .contains(aanmelding.referentie())
        .doesNotContain(signaal.referentie());
    assertThat(html(tessa.get("/inbox?termijn=te_laat"))).doesNotContain(signaal.referentie());

    CLOCK.advance(Duration.ofDays(14));
    WebUser later = Staff.signIn(server, CLOCK, "triage");
    String overdue = html(later.get("/inbox?termijn=te_laat"));
    assertThat(overdue)
        .contains(signaal.referentie(), aanmelding.referentie())
        .contains("badge--overdue\">Te laat");
  }

  @Test
  void a_saved_view_appears_with_its_count_and_can_be_deleted() {
    String word = "Zeldzaamwoord" + System.nanoTime();
    Receipt item = aanmelding("8011 AB", "Noor Vos", "Vraag over " + word);
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    tessa.get("/inbox");
    HttpResponse<String> nameless =
        Staff.post(tessa, "/inbox/weergaven", Map.of("naam", "", "filter", "tekst=" + word));
    assertThat(nameless.statusCode()).isEqualTo(400);
    assertThat(html(nameless)).contains("href=\"#naam\"").contains("Geef de weergave een naam");

    tessa.get("/inbox");
    HttpResponse<String> saved =
        Staff.post(
            tessa,
            "/inbox/weergaven",
            Map.of("naam", "Mijn zoekwoord", "filter", "tekst=" + word + "&kanaal=aanmelding"));
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(saved.headers().firstValue("location"))
        .hasValue("/inbox?kanaal=aanmelding&tekst=" + word + "&klaar=weergave");
    // The saved view itself keeps no text search: the words may be a resident's name.
    String list = html(tessa.get("/inbox"));
    assertThat(list)
        .containsPattern(">Mijn zoekwoord</a> <span class=\"meta\">\\d+ items?</span>")
        .contains(item.referentie());
    assertThat(list).doesNotContain("tekst=" + word);

    Matcher delete =
        Pattern.compile("action=\"(/inbox/weergaven/[0-9a-f-]{36}/verwijderen)\"").matcher(list);
    assertThat(delete.find()).isTrue();
    assertThat(Staff.post(tessa, delete.group(1), Map.of()).statusCode()).isEqualTo(303);
    assertThat(html(tessa.get("/inbox"))).doesNotContain("Mijn zoekwoord");
  }

  @Test
  void
      a_phone_call_registered_by_staff_lands_claimed_by_the_worker_with_kanaal_telefoon_and_a_due_date() {
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    tessa.get("/inbox/nieuw");
    HttpResponse<String> incomplete =
        Staff.post(tessa, "/inbox/nieuw", Map.of("naam", "Piet Jansen", "postcode", "8011"));
    assertThat(incomplete.statusCode()).isEqualTo(400);
    assertThat(html(incomplete))
        .contains("href=\"#kanaal-telefoon\"")
        .contains("href=\"#postcode\"")
        .contains("Kies minstens één leefgebied")
        .contains("value=\"Piet Jansen\"");

    tessa.get("/inbox/nieuw");
    HttpResponse<String> registered =
        tessa.postForm(
            "/inbox/nieuw",
            List.of(
                Map.entry("X-XSRF-TOKEN", tessa.cookie("XSRF-TOKEN")),
                Map.entry("kanaal", "telefoon"),
                Map.entry("naam", "Piet Jansen"),
                Map.entry("geboortedatum", "3-4-1961"),
                Map.entry("postcode", "8011 ab"),
                Map.entry("huisnummer", "12"),
                Map.entry("telefoon", "038 123 45 67"),
                Map.entry(
                    "vraag",
                    "Belt over een stapel brieven van de belasting.\nWeet niet waar te beginnen."),
                Map.entry("leefgebieden", "financien"),
                Map.entry("leefgebieden", "dagelijkse_redzaamheid"),
                Map.entry("urgentie", "regulier"),
                Map.entry("betrokkeneGeinformeerd", "ja"),
                Map.entry("toestemming", "ja"),
                Map.entry("gevondenVia", "huisarts")));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(303);
    String location = registered.headers().firstValue("location").orElseThrow();
    assertThat(location).matches("/inbox/items/[0-9a-f-]{36}\\?klaar=geregistreerd");
    UUID id = UUID.fromString(location.substring("/inbox/items/".length(), location.indexOf('?')));

    Row item =
        row(
            "SELECT i.kanaal, i.state, i.due_at, a.name AS owner, i.gevonden_via, i.wijk FROM inbox_item i JOIN account a ON a.id = i.owner_account_id WHERE i.id = $1",
            id);
    assertThat(item.getString("kanaal")).isEqualTo("telefoon");
    assertThat(item.getString("state")).isEqualTo("in_behandeling");
    assertThat(item.getString("owner")).isEqualTo("Tessa Jansen");
    assertThat(item.getOffsetDateTime("due_at")).isNotNull();
    assertThat(item.getString("gevonden_via")).isEqualTo("huisarts");
    String page = html(tessa.get(location));
    assertThat(page)
        .contains("Het item is geregistreerd en staat op jouw naam")
        .contains("Telefoon")
        .contains("Geregistreerd door")
        .contains("Weet niet waar te beginnen")
        .contains("Geld en schulden")
        .contains("Piet Jansen")
        .contains("1961-04-03");
  }

  @Test
  void the_closing_form_suggests_an_offer_published_since_the_item_was_last_opened() {
    UUID id = aanmelding("8011 AB", "Lotte Smit", "Ik kom niet rond").id();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    String title = "Aaa geldspreekuur " + id.toString().substring(0, 8);
    assertThat(html(tessa.get("/inbox/items/" + id)))
        .contains("Aanbod bij de leefgebieden van dit item")
        .doesNotContain(title);

    // Published after the item's page was shown: the next opening suggests it (same leefgebied,
    // in a wijk, its title first in the order).
    EditorService editor = server.app().feature(CatalogueFeature.class).editor();
    UUID offer =
        await(
            editor.create(
                new OfferDraft(
                    "aaa-geldspreekuur-" + id.toString().substring(0, 8),
                    title,
                    "Hulp bij rondkomen.",
                    "Hulp bij rondkomen. Je bent welkom.",
                    null,
                    null,
                    null,
                    "Stichting Geldspreekuur",
                    null,
                    "038 100 00 00",
                    null,
                    List.of("financien"),
                    List.of("iedereen"),
                    null,
                    null,
                    "universeel",
                    false,
                    List.of("noord"),
                    true,
                    null,
                    "zelf_aanmelden",
                    List.of("nl"),
                    null,
                    null,
                    null,
                    null,
                    List.of()),
                "test"));
    await(editor.setStatus(offer, "gepubliceerd", 0, "test"));
    assertThat(html(tessa.get("/inbox/items/" + id))).contains(title);
  }

  @Test
  void a_worker_claims_records_first_contact_and_closes_with_a_catalogue_offer() {
    Receipt receipt =
        aanmelding("8011 AB", "Fatima Amrani", "Ik snap de formulieren van de toeslagen niet");
    UUID id = receipt.id();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    HttpResponse<String> claimed = act(tessa, id, "oppakken");
    assertThat(claimed.headers().firstValue("location"))
        .hasValue("/inbox/items/" + id + "?klaar=oppakken");
    assertThat(html(tessa.get(claimed.headers().firstValue("location").orElseThrow())))
        .contains("Je hebt dit item opgepakt")
        .contains("In behandeling");
    assertThat(act(tessa, id, "contact").statusCode()).isEqualTo(303);

    HttpResponse<String> noRoute = act(tessa, id, "afsluiten", "reden", "Klaar");
    assertThat(noRoute.statusCode()).isEqualTo(400);
    assertThat(html(noRoute))
        .contains("href=\"#route-informatie_advies\"")
        .contains("Kies de route.")
        .contains(">Klaar</textarea>");
    HttpResponse<String> noOffer =
        act(tessa, id, "afsluiten", "route", "sociale_basis", "reden", "Formulierenhulp past");
    assertThat(noOffer.statusCode()).isEqualTo(400);
    assertThat(html(noOffer)).contains("href=\"#aanbod\"").contains("minstens één aanbod");

    HttpResponse<String> searched =
        act(
            tessa,
            id,
            "afsluiten",
            "route",
            "sociale_basis",
            "zoekAanbod",
            "Formulierenhulp",
            "zoeken",
            "1",
            "reden",
            "Past");
    assertThat(searched.statusCode()).isEqualTo(200);
    Matcher offer =
        Pattern.compile(
                "type=\"checkbox\" id=\"[^\"]+\" name=\"aanbod\" value=\"([0-9a-f-]{36})\"[^>]*>\\s*<div>\\s*<label for=\"[^\"]+\">Formulierenhulp")
            .matcher(html(searched));
    assertThat(offer.find()).as("the search shows the offer as a checkbox").isTrue();
    assertThat(html(searched)).contains("value=\"sociale_basis\" checked");

    HttpResponse<String> closed =
        act(
            tessa,
            id,
            "afsluiten",
            "route",
            "sociale_basis",
            "aanbod",
            offer.group(1),
            "reden",
            "Verbonden met de formulierenhulp");
    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(303);
    String page = html(tessa.get(closed.headers().firstValue("location").orElseThrow()));
    assertThat(page)
        .contains("Het item is afgesloten")
        .contains("Afgesloten · Aanmelding")
        .contains("Verbinden met de sociale basis")
        .contains(">Formulierenhulp</a>")
        .contains("Verbonden met de formulierenhulp")
        .contains("Heropenen");
    assertThat(
            row(
                    "SELECT route, cardinality(route_offers) AS offers FROM inbox_item WHERE id = $1",
                    id)
                .getString("route"))
        .isEqualTo("sociale_basis");

    HttpResponse<String> again = act(tessa, id, "contact");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(html(again))
        .as("the state in words, not its code")
        .contains("Dat kan niet in deze status (Afgesloten).");
  }

  @Test
  void a_hand_over_without_a_follow_up_date_is_refused_and_keeps_what_was_typed() {
    UUID id = aanmelding("8011 AB", "Bram Smit", "Schulden").id();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    act(tessa, id, "oppakken");
    HttpResponse<String> refused =
        act(
            tessa,
            id,
            "doorzetten",
            "organisatie",
            "Schuldhulp Voorbeeldstad",
            "contact",
            "Anna, 038-1234567");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(html(refused))
        .contains("href=\"#controleerOp\"")
        .contains("Kies een datum na vandaag")
        .contains("value=\"Schuldhulp Voorbeeldstad\"");
    assertThat(row("SELECT state FROM inbox_item WHERE id = $1", id).getString("state"))
        .isEqualTo("in_behandeling");

    String followUp =
        CLOCK.instant().atZone(WorkingDayCalendar.ZONE).toLocalDate().plusDays(14).toString();
    HttpResponse<String> forwarded =
        act(
            tessa,
            id,
            "doorzetten",
            "organisatie",
            "Schuldhulp Voorbeeldstad",
            "contact",
            "Anna, 038-1234567",
            "controleerOp",
            followUp);
    assertThat(forwarded.statusCode()).isEqualTo(303);
    assertThat(html(tessa.get("/inbox/items/" + id)))
        .contains("Doorgezet")
        .contains("Schuldhulp Voorbeeldstad")
        .contains("Anna, 038-1234567");
  }

  @Test
  void a_stale_edit_is_refused_with_409_and_shows_the_current_state() {
    UUID id = aanmelding("8011 AB", "Lotte Kok", "Eenzaam").id();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    act(tessa, id, "oppakken");
    String seen = version(html(tessa.get("/inbox/items/" + id)));
    assertThat(act(tessa, id, "contact", "versie", seen).statusCode()).isEqualTo(303);
    HttpResponse<String> stale =
        act(tessa, id, "afsluiten", "versie", seen, "route", "geen_actie", "reden", "Dubbel");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(html(stale))
        .contains("Iemand anders heeft dit item net gewijzigd")
        .contains("Contact gelegd · Aanmelding");
    assertThat(row("SELECT state FROM inbox_item WHERE id = $1", id).getString("state"))
        .isEqualTo("contact_gelegd");
  }

  @Test
  void a_second_worker_claiming_an_item_already_claimed_sees_who_has_it() {
    UUID id = aanmelding("8011 AB", "Sven Mol", "Werk").id();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    WebUser tom = Staff.signIn(server, CLOCK, "teamleider");
    tom.get("/inbox/items/" + id);
    assertThat(act(tessa, id, "oppakken").statusCode()).isEqualTo(303);
    HttpResponse<String> lost =
        Staff.post(tom, "/inbox/items/" + id + "/oppakken", Map.of("versie", "0"));
    assertThat(lost.statusCode()).isEqualTo(409);
    assertThat(html(lost)).contains("Tessa Jansen heeft dit item al opgepakt");
  }

  @Test
  void who_else_has_the_item_open_is_shown() {
    UUID id = aanmelding("8011 AB", "Mila Dekker", "Opvoeding").id();
    WebUser tom = Staff.signIn(server, CLOCK, "teamleider");
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    assertThat(html(tom.get("/inbox/items/" + id))).doesNotContain("<p>Ook open bij");
    assertThat(html(tessa.get("/inbox/items/" + id))).contains("<p>Ook open bij: Tom de Boer</p>");

    // The open page's heartbeat keeps a worker present and says who else is.
    HttpResponse<String> beat = tom.get("/inbox/items/" + id + "/aanwezig");
    assertThat(beat.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(beat.body()).getJsonArray("anderen").getList())
        .containsExactly("Tessa Jansen");
    assertThat(tom.get("/inbox/items/" + UUID.randomUUID() + "/aanwezig").statusCode())
        .isEqualTo(404);
  }

  @Test
  void nobody_outside_the_swt_triage_and_teamleider_roles_opens_the_inbox() {
    for (String login : List.of("school", "chat", "redacteur")) {
      assertThat(Staff.signIn(server, CLOCK, login).get("/inbox").statusCode())
          .as(login)
          .isEqualTo(403);
    }
    WebUser inge = Staff.signIn(server, CLOCK, "school");
    await(
        pool.preparedQuery(
                "INSERT INTO account_role (account_id, role) SELECT id, 'triage' FROM account WHERE email = $1")
            .execute(Tuple.of(Staff.email("school"))));
    try {
      assertThat(inge.get("/inbox").statusCode())
          .as("a partner account holding role triage")
          .isEqualTo(403);
    } finally {
      await(
          pool.preparedQuery(
                  "DELETE FROM account_role WHERE role = 'triage' AND account_id = (SELECT id FROM account WHERE email = $1)")
              .execute(Tuple.of(Staff.email("school"))));
    }
    assertThat(server.user().get("/inbox").headers().firstValue("location").orElse(""))
        .startsWith("/login?terug=");
  }

  @Test
  void the_teamleider_reads_who_opened_an_item_and_a_triage_worker_cannot() {
    UUID id = aanmelding("8011 AB", "Daan Wit", "Wonen").id();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    assertThat(tessa.get("/inbox/items/" + id).statusCode()).isEqualTo(200);
    assertThat(tessa.get("/inbox/items/" + id + "/toegang").statusCode()).isEqualTo(404);
    WebUser tom = Staff.signIn(server, CLOCK, "teamleider");
    assertThat(html(tom.get("/inbox/items/" + id)))
        .contains("href=\"/inbox/items/" + id + "/toegang\"");
    HttpResponse<String> log = tom.get("/inbox/items/" + id + "/toegang");
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(html(log))
        .contains("Tessa Jansen")
        .contains("Triage")
        .contains("Geopend")
        .contains("item.read")
        .contains("127.0.0.1");
  }

  @Test
  void a_worker_of_wijkteam_noord_does_not_see_an_item_claimed_in_zuid() {
    Receipt zuid = aanmelding("8041 DE", "Yara Zuid", "Zorg");
    Receipt unclaimed = aanmelding("8041 DE", "Ruben Zuid", "Zorg");
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    act(tessa, zuid.id(), "oppakken");
    worker("noord", "Noah Bos", List.of("noord"));
    WebUser noah = Staff.signIn(server, CLOCK, "noord");
    assertThat(noah.get("/inbox/items/" + zuid.id()).statusCode()).isEqualTo(404);
    assertThat(
            Staff.post(
                    noah, "/inbox/items/" + zuid.id() + "/notitie", Map.of("notitie", "mag niet"))
                .statusCode())
        .isEqualTo(404);
    String list = html(noah.get("/inbox"));
    assertThat(list)
        .doesNotContain(zuid.referentie())
        .as("triage sees what nobody claimed yet")
        .contains(unclaimed.referentie());
  }

  @Test
  void matches_links_merges_notes_and_reminders_work_from_the_item_page() {
    Receipt first = aanmelding("8021 BC", "Eva Hendriks", "Geldzorgen");
    Receipt second = aanmelding("8021 BC", "Eva Hendriks", "Weer geldzorgen");
    Receipt third = aanmelding("8031 CD", "Tim Hendriks", "Zelfde gezin");
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    String page = html(tessa.get("/inbox/items/" + second.id()));
    assertThat(page)
        .contains("Mogelijke match")
        .contains(first.referentie())
        .contains("Zelfde adres en geboortedatum");

    HttpResponse<String> accepted =
        Staff.post(
            tessa,
            "/inbox/items/" + second.id() + "/match",
            Map.of("ander", first.id().toString(), "besluit", "ja"));
    assertThat(accepted.statusCode()).isEqualTo(303);
    tessa.get("/inbox/items/" + second.id());
    HttpResponse<String> linked =
        act(
            tessa,
            second.id(),
            "koppelen",
            "koppelen",
            third.referentie().toLowerCase(Locale.ROOT));
    assertThat(linked.statusCode()).isEqualTo(303);
    assertThat(html(tessa.get("/inbox/items/" + second.id())))
        .contains("Gekoppeld")
        .contains(third.referentie());
    HttpResponse<String> unknown =
        act(tessa, second.id(), "samenvoegen", "samenvoegenMet", "A-XXXX-XX");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(html(unknown))
        .contains("href=\"#samenvoegenMet\"")
        .contains("Kies een ander, open item");
    assertThat(
            act(tessa, second.id(), "samenvoegen", "samenvoegenMet", first.referentie())
                .statusCode())
        .isEqualTo(303);
    assertThat(html(tessa.get("/inbox/items/" + second.id())))
        .contains("Dit item is samengevoegd met <a href=\"/inbox/items/" + first.id() + "\">");

    HttpResponse<String> noted =
        act(tessa, first.id(), "notitie", "notitie", "Gebeld,\ngeen gehoor");
    assertThat(noted.statusCode()).isEqualTo(303);
    assertThat(html(tessa.get(noted.headers().firstValue("location").orElseThrow())))
        .contains("Gebeld,\ngeen gehoor")
        .contains("De notitie is opgeslagen");

    UUID tessaId =
        row("SELECT id FROM account WHERE email = $1", Staff.email("triage")).getUUID("id");
    await(
        pool.preparedQuery(
                "INSERT INTO inbox_reminder (item_id, account_id, kind, created_at) VALUES ($1, $2, 'overdracht_controleren', now())")
            .execute(Tuple.of(first.id(), tessaId)));
    String inbox = html(tessa.get("/inbox"));
    Matcher done = Pattern.compile("action=\"(/inbox/herinneringen/\\d+/gedaan)\"").matcher(inbox);
    assertThat(inbox).contains("Overdracht controleren");
    assertThat(done.find()).isTrue();
    assertThat(Staff.post(tessa, done.group(1), Map.of()).statusCode()).isEqualTo(303);
    assertThat(html(tessa.get("/inbox"))).doesNotContain("Overdracht controleren");
    assertThat(Staff.post(tessa, done.group(1), Map.of()).statusCode())
        .as("done already")
        .isEqualTo(404);
  }

  @Test
  void bad_input_gets_a_clear_answer_never_a_server_error() {
    UUID id = aanmelding("8011 AB", "Iris Kramer", "Buren").id();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    assertThat(tessa.get("/inbox/items/geen-uuid").statusCode()).isEqualTo(404);
    assertThat(tessa.get("/inbox/items/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(tessa.get("/inbox?pagina=abc&status=onzin&wijk=%00").statusCode()).isEqualTo(200);
    assertThat(Staff.post(tessa, "/inbox/items/" + id + "/vernietigen", Map.of()).statusCode())
        .isEqualTo(404);
    assertThat(Staff.post(tessa, "/inbox/herinneringen/abc/gedaan", Map.of()).statusCode())
        .isEqualTo(404);

    HttpResponse<String> long_ = act(tessa, id, "notitie", "notitie", "x".repeat(5000));
    assertThat(long_.statusCode()).isEqualTo(400);
    assertThat(html(long_)).contains("href=\"#notitie\"").contains("hoogstens 4000 tekens");
    act(tessa, id, "oppakken");
    HttpResponse<String> control =
        act(
            tessa,
            id,
            "doorzetten",
            "organisatie",
            "Tab\there",
            "contact",
            "Anna",
            "controleerOp",
            "2099-01-01");
    assertThat(control.statusCode()).isEqualTo(400);
    assertThat(html(control)).contains("href=\"#organisatie\"").contains("een teken dat niet kan");
    HttpResponse<String> badDate =
        act(
            tessa,
            id,
            "doorzetten",
            "organisatie",
            "GGZ",
            "contact",
            "Anna",
            "controleerOp",
            "morgen");
    assertThat(badDate.statusCode()).isEqualTo(400);
    HttpResponse<String> notAllowed = act(tessa, id, "heropenen");
    assertThat(notAllowed.statusCode()).isEqualTo(409);
    assertThat(html(notAllowed)).contains("Dat kan niet in deze status");
  }

  @Test
  void every_page_speaks_english_when_asked() {
    UUID id = aanmelding("8011 AB", "Anna Berg", "Help with letters").id();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    String inbox = html(tessa.get("/inbox?taal=en"));
    assertThat(inbox)
        .contains("<html lang=\"en\">")
        .contains("Triage inbox")
        .contains("Register a phone call")
        .contains("Apply filter")
        .doesNotContain("??");
    assertThat(html(tessa.get("/inbox/items/" + id)))
        .contains("What came in")
        .contains("Pick up")
        .contains("First contact by")
        .doesNotContain("??");
    assertThat(html(tessa.get("/inbox/nieuw")))
        .contains("How did it come in?")
        .contains("Front desk")
        .doesNotContain("??");
    assertThat(html(tessa.get("/inbox/nieuw?taal=nl"))).contains("Hoe kwam het binnen?");
  }

  // ---- Helpers ----

  private static String landing(String login) {
    CLOCK.advance(Duration.ofSeconds(31));
    WebUser user = server.user();
    assertThat(Staff.submitPassword(user, Staff.email(login), Staff.PASSWORD).statusCode())
        .isEqualTo(303);
    return Staff.submitCode(user, Staff.code(Staff.TOTP_SECRET, CLOCK))
        .headers()
        .firstValue("location")
        .orElseThrow();
  }

  /**
   * Opens the item (for a fresh token and its version) and posts an action's form, fields as
   * name/value pairs.
   */
  private static HttpResponse<String> act(WebUser user, UUID item, String actie, String... fields) {
    String page = html(user.get("/inbox/items/" + item));
    List<Map.Entry<String, String>> form = new ArrayList<>();
    form.add(Map.entry("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN")));
    boolean versioned = false;
    for (int i = 0; i < fields.length; i += 2) {
      form.add(Map.entry(fields[i], fields[i + 1]));
      versioned |= fields[i].equals("versie");
    }
    if (!versioned) {
      form.add(Map.entry("versie", version(page)));
    }
    return user.postForm("/inbox/items/" + item + "/" + actie, form);
  }

  private static String version(String page) {
    Matcher m = Pattern.compile("name=\"versie\" value=\"(\\d+)\"").matcher(page);
    return m.find() ? m.group(1) : "-1";
  }

  /** The body as a browser reads it: Handlebars escapes '=' and quotes in values. */
  static String html(HttpResponse<String> response) {
    return response
        .body()
        .replace("&#x3D;", "=")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x60;", "`")
        .replace("&amp;", "&");
  }

  private static Receipt aanmelding(String postcode, String naam, String vraag) {
    return items.aanmelding(postcode, naam, vraag);
  }

  private static Receipt signaal(String postcode, String naam) {
    Row school =
        row(
            "SELECT a.id, a.organisation_id FROM account a WHERE a.email = $1",
            Staff.email("school"));
    return items.signaal(school.getUUID("organisation_id"), school.getUUID("id"), postcode, naam);
  }

  /**
   * An SWT worker with role triage in {@code wijkteams}, who signs in with the demo password and
   * code.
   */
  private static void worker(String login, String name, List<String> wijkteams) {
    UUID id = UUID.randomUUID();
    await(
        pool.preparedQuery(
                "INSERT INTO account (id, organisation_id, email, name, password_hash, totp_secret, created_at)"
                    + " SELECT $1, organisation_id, $2, $3, password_hash, totp_secret, now() FROM account WHERE email = $4")
            .execute(Tuple.of(id, Staff.email(login), name, Staff.email("triage"))));
    await(
        pool.preparedQuery("INSERT INTO account_role (account_id, role) VALUES ($1, 'triage')")
            .execute(Tuple.of(id)));
    await(
        pool.preparedQuery(
                "INSERT INTO account_wijkteam (account_id, wijkteam) SELECT $1, unnest($2::text[])")
            .execute(Tuple.tuple().addUUID(id).addArrayOfString(wijkteams.toArray(String[]::new))));
  }

  private static Row row(String sql, Object param) {
    return await(pool.preparedQuery(sql).execute(Tuple.of(param))).iterator().next();
  }
}
