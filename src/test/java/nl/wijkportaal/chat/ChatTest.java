package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat without JavaScript, as a resident and a chat worker use it through the pages. */
class ChatTest {

  private static final TestClock CLOCK = TestClock.startingNow();

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          // More chats start from this one address than a real one may within the hour.
          Map.of("WIJKPORTAAL_CHAT_CAPACITY", "10", "WIJKPORTAAL_CHAT_STARTS_PER_HOUR", "100"),
          CLOCK);

  private static WebUser chris;

  @BeforeAll
  static void start() {
    chris = Staff.signIn(server, CLOCK, "chat");
    Chats.online(chris);
  }

  @Test
  void
      the_messages_after_n_come_from_the_api_for_the_owner_and_the_handling_worker_and_no_one_else() {
    WebUser bram = server.user();
    String id = Chats.start(bram, "Bram", "Ik zoek hulp bij de administratie.");
    assertThat(Chats.say(bram, id, "bram-1", "Het gaat om brieven van de belasting.").statusCode())
        .isEqualTo(303);
    Chats.accept(chris, id);
    assertThat(
            Chats.answer(chris, id, "chris-b1", "Daar helpt de formulierenbrigade bij.")
                .statusCode())
        .isEqualTo(303);
    assertThat(Chats.say(bram, id, "bram-2", "Fijn, hoe bereik ik die?").statusCode())
        .isEqualTo(303);

    String url = "/api/v1/chat/gesprekken/" + id + "/berichten?na=2";
    HttpResponse<String> own = bram.get(url);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.headers().firstValue("API-Version")).isPresent();
    assertThat(own.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = new JsonObject(own.body());
    assertThat(body.getString("status")).isEqualTo("actief");
    assertThat(body.getString("medewerker")).isEqualTo("Chris Mulder");
    JsonArray after = body.getJsonArray("berichten");
    List<Integer> seqs = after.stream().map(m -> ((JsonObject) m).getInteger("seq")).toList();
    assertThat(seqs).isNotEmpty().allMatch(seq -> seq > 2).isSorted();
    assertThat(after.stream().map(m -> ((JsonObject) m).getString("tekst")).toList())
        .contains("Daar helpt de formulierenbrigade bij.", "Fijn, hoe bereik ik die?")
        .doesNotContain("Ik zoek hulp bij de administratie.");
    assertThat(body.getInteger("laatste")).isEqualTo(seqs.get(seqs.size() - 1));

    // The worker who accepted it reads the same messages through the same operation.
    assertThat(
            Chats.after(chris, id, 2).getJsonArray("berichten").stream()
                .map(m -> ((JsonObject) m).getInteger("seq"))
                .toList())
        .isEqualTo(seqs);

    // Another visitor, with no cookie or with a chat of their own, gets 404: never whether it
    // exists.
    WebUser visitor = server.user();
    HttpResponse<String> none = visitor.get(url);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    Chats.start(visitor, "Vera", "Een vraag van mezelf.");
    assertThat(visitor.get(url).statusCode()).isEqualTo(404);
    assertThat(
            visitor
                .get("/api/v1/chat/gesprekken/" + UUID.randomUUID() + "/berichten?na=0")
                .statusCode())
        .isEqualTo(404);

    // A bad na is a 400 problem, in the caller's language.
    HttpResponse<String> bad = bram.get("/api/v1/chat/gesprekken/" + id + "/berichten?na=veel");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(bram.get("/api/v1/chat/gesprekken/" + id + "/berichten?na=-1").statusCode())
        .isEqualTo(400);

    // The old page route is gone.
    assertThat(bram.get("/chat/gesprekken/" + id + "/berichten?na=0").statusCode()).isEqualTo(404);
  }

  @Test
  void a_resident_and_a_worker_chat_through_plain_forms_and_both_see_every_message_in_order() {
    WebUser anna = server.user();
    String id = Chats.start(anna, "Anna", "Waar kan ik hulp krijgen bij mijn schulden?");

    String waiting = anna.get("/chat/gesprek/" + id).body();
    assertThat(waiting)
        .contains("Waar kan ik hulp krijgen bij mijn schulden?")
        .containsPattern("Je bent nummer \\d+, ongeveer 1 minuut");
    assertThat(waiting).contains("role=\"log\"").contains("role=\"status\"");

    String console = chris.get("/chat-console").body();
    assertThat(console).contains("Anna").contains("/chat-console/gesprekken/" + id + "/aannemen");
    HttpResponse<String> accepted = Chats.accept(chris, id);
    assertThat(accepted.headers().firstValue("location"))
        .hasValue("/chat-console/gesprekken/" + id);

    assertThat(anna.get("/chat/gesprek/" + id).body())
        .contains("Je chat met Chris Mulder")
        .contains("Chris Mulder is er nu en leest je vraag.");

    assertThat(Chats.say(anna, id, "anna-1", "Ik heb drie rekeningen open staan.").statusCode())
        .isEqualTo(303);
    assertThat(chris.get("/chat-console/gesprekken/" + id).body())
        .contains("Ik heb drie rekeningen open staan.");
    assertThat(Chats.answer(chris, id, "chris-1", "Dan kan schuldhulp je helpen.").statusCode())
        .isEqualTo(303);
    assertThat(anna.get("/chat/gesprek/" + id).body()).contains("Dan kan schuldhulp je helpen.");

    JsonArray messages = Chats.after(anna, id, 0).getJsonArray("berichten");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getInteger("seq")).toList())
        .containsExactly(1, 2, 3, 4);
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("van")).toList())
        .containsExactly("inwoner", "systeem", "inwoner", "medewerker");
    assertThat(Chats.after(chris, id, 3).getJsonArray("berichten")).hasSize(1);

    // A resend of the same form (same client id) is the same message, not a second one.
    assertThat(Chats.say(anna, id, "anna-1", "Ik heb drie rekeningen open staan.").statusCode())
        .isEqualTo(303);
    assertThat(Chats.after(anna, id, 0).getJsonArray("berichten")).hasSize(4);
    assertThat(
            Chats.row(
                    server,
                    "SELECT count(*) AS n FROM chat_message WHERE conversation_id = $1::uuid AND client_id = 'anna-1'",
                    id)
                .getLong("n"))
        .isEqualTo(1);

    // Every worker read of the transcript is in the audit log.
    assertThat(
            Chats.row(
                    server,
                    "SELECT count(*) AS n FROM audit_log WHERE action = 'chat.gesprek.gelezen' AND object_id = $1",
                    id)
                .getLong("n"))
        .isGreaterThanOrEqualTo(2);

    // Nobody else sees it: not another browser, not the API without the cookie.
    WebUser stranger = server.user();
    assertThat(stranger.get("/chat/gesprek/" + id).statusCode()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/chat/gesprekken/" + id + "/berichten?na=0").statusCode())
        .isEqualTo(404);
    assertThat(Chats.say(stranger, id, "x", "Hallo?").statusCode()).isEqualTo(404);

    // The resident ends it and gives a score; the KPI columns are filled in.
    assertThat(Staff.post(anna, "/chat/gesprek/" + id + "/einde", Map.of()).statusCode())
        .isEqualTo(303);
    String ended = anna.get("/chat/gesprek/" + id).body();
    assertThat(ended)
        .contains("Het gesprek is beëindigd")
        .contains("Hoe ging het gesprek?")
        .doesNotContain("id=\"chat-form\"");
    assertThat(
            Staff.post(anna, "/chat/gesprek/" + id + "/score", Map.of("score", "4"))
                .headers()
                .firstValue("location")
                .orElseThrow())
        .contains("bedankt");
    Row kpi = Chats.row(server, "SELECT * FROM chat_conversation WHERE id = $1::uuid", id);
    assertThat(kpi.getValue("accepted_at")).isNotNull();
    assertThat(kpi.getValue("first_answer_at")).isNotNull();
    assertThat(kpi.getValue("ended_at")).isNotNull();
    assertThat(kpi.getBoolean("abandoned")).isFalse();
    assertThat(kpi.getShort("score")).isEqualTo((short) 4);
    assertThat(
            Chats.say(anna, id, "anna-2", "Nog iets")
                .headers()
                .firstValue("location")
                .orElseThrow())
        .contains("fout=beeindigd");
  }

  @Test
  void
      a_resident_who_leaves_before_an_answer_counts_as_abandoned_and_can_have_the_transcript_mailed() {
    WebUser bram = server.user();
    String id = Chats.start(bram, "", "Is er een taalcafé in de buurt?");
    assertThat(Staff.post(bram, "/chat/gesprek/" + id + "/einde", Map.of()).statusCode())
        .isEqualTo(303);
    assertThat(
            Chats.row(server, "SELECT abandoned FROM chat_conversation WHERE id = $1::uuid", id)
                .getBoolean("abandoned"))
        .isTrue();
    HttpResponse<String> mailed =
        Staff.post(bram, "/chat/gesprek/" + id + "/verslag", Map.of("email", "bram@example.com"));
    assertThat(mailed.headers().firstValue("location").orElseThrow()).contains("gemaild");
    Row mail = Chats.row(server, "SELECT * FROM mail_outbox WHERE recipient = 'bram@example.com'");
    assertThat(mail.getString("body_text")).contains("Is er een taalcafé in de buurt?");
  }

  @Test
  void a_message_over_the_length_limit_and_a_fourth_transcript_in_an_hour_are_refused_in_words() {
    WebUser kees = server.user();
    String id = Chats.start(kees, "Kees", "Een korte vraag.");
    int max = server.app().config().chat().maxMessageLength();
    String tooLong =
        Chats.say(kees, id, "kees-1", "a".repeat(max + 1)).headers().firstValue("location").get();
    assertThat(tooLong).contains("fout=te_lang");
    assertThat(kees.get(tooLong).body()).contains("Je bericht is te lang.");
    assertThat(Chats.say(kees, id, "kees-2", "b".repeat(max)).headers().firstValue("location"))
        .hasValueSatisfying(l -> assertThat(l).contains("verstuurd"));
    assertThat(Chats.after(kees, id, 0).getJsonArray("berichten")).hasSize(2);

    assertThat(Staff.post(kees, "/chat/gesprek/" + id + "/einde", Map.of()).statusCode())
        .isEqualTo(303);
    String path = "/chat/gesprek/" + id + "/verslag";
    Map<String, String> to = Map.of("email", "kees@example.com");
    for (int i = 0; i < 3; i++) {
      assertThat(Staff.post(kees, path, to).headers().firstValue("location"))
          .hasValueSatisfying(l -> assertThat(l).contains("gemaild"));
    }
    String refused = Staff.post(kees, path, to).headers().firstValue("location").get();
    assertThat(refused).contains("fout=te_vaak");
    assertThat(kees.get(refused).body())
        .contains("Je hebt het gesprek al een paar keer laten sturen");
    assertThat(
            Chats.row(
                    server,
                    "SELECT count(*) AS n FROM mail_outbox WHERE recipient = 'kees@example.com'")
                .getLong("n"))
        .isEqualTo(3);
  }

  @Test
  void
      the_console_lists_the_waiting_oldest_first_with_their_wait_and_each_resident_reads_their_place() {
    WebUser first = server.user();
    String a = Chats.start(first, "Anna", "Eerste vraag in de rij.");
    CLOCK.advance(java.time.Duration.ofSeconds(1));
    WebUser second = server.user();
    String b = Chats.start(second, "Bo", "Tweede vraag in de rij.");
    CLOCK.advance(java.time.Duration.ofSeconds(1));
    WebUser third = server.user();
    String c = Chats.start(third, "Cas", "Derde vraag in de rij.");

    String console = chris.get("/chat-console").body();
    assertThat(console.indexOf(a)).isPositive().isLessThan(console.indexOf(b));
    assertThat(console.indexOf(b)).isLessThan(console.indexOf(c));
    assertThat(console).contains("0 min");

    java.util.regex.Matcher place =
        java.util.regex.Pattern.compile("Je bent nummer (\\d+), ongeveer ")
            .matcher(first.get("/chat/gesprek/" + a).body());
    assertThat(place.find()).isTrue();
    int n = Integer.parseInt(place.group(1));
    assertThat(third.get("/chat/gesprek/" + c).body())
        .contains("Je bent nummer " + (n + 2) + ", ongeveer ");

    // Taken out of the line: the ones behind move up.
    Chats.accept(chris, a);
    assertThat(second.get("/chat/gesprek/" + b).body())
        .contains("Je bent nummer " + n + ", ongeveer ");
    for (Map.Entry<WebUser, String> chat : Map.of(first, a, second, b, third, c).entrySet()) {
      assertThat(
              Staff.post(chat.getKey(), "/chat/gesprek/" + chat.getValue() + "/einde", Map.of())
                  .statusCode())
          .isEqualTo(303);
    }
  }

  @Test
  void a_long_chat_becomes_an_aanmelding_and_a_mailed_transcript_from_its_first_message_on() {
    WebUser lange = server.user();
    String question = "Mijn vader woont alleen en ik maak me zorgen.";
    String id = Chats.start(lange, "Lia", question);
    // More messages than one page holds: 2 .. 601, as the resident would have sent them.
    server
        .app()
        .pool()
        .preparedQuery(
            "WITH m AS (INSERT INTO chat_message (conversation_id, seq, client_id, sender, body,"
                + " sent_at) SELECT $1::uuid, g, 'lia-' || g, 'inwoner', 'Regel ' || g, now()"
                + " FROM generate_series(2, 601) g RETURNING seq)"
                + " UPDATE chat_conversation SET last_seq = (SELECT max(seq) FROM m)"
                + " WHERE id = $1::uuid")
        .execute(io.vertx.sqlclient.Tuple.of(id))
        .await();
    Chats.accept(chris, id);
    HttpResponse<String> converted =
        Chats.postList(
            chris,
            "/chat-console/gesprekken/" + id + "/aanmelding",
            List.of(
                Map.entry("leefgebieden", "sociaal_netwerk"), Map.entry("telefoon", "0612345678")));
    assertThat(converted.headers().firstValue("location").orElseThrow()).contains("aanmelding=");
    JsonObject inhoud =
        (JsonObject)
            Chats.row(
                    server,
                    "SELECT p.inhoud FROM inbox_item_person p WHERE p.item_id ="
                        + " (SELECT item_id FROM chat_conversation WHERE id = $1::uuid)",
                    id)
                .getValue("inhoud");
    assertThat(inhoud.getString("vraag")).isEqualTo(question);
    JsonArray transcript = inhoud.getJsonArray("transcript");
    assertThat(transcript.getJsonObject(0).getString("tekst")).isEqualTo(question);
    assertThat(transcript.stream().map(m -> ((JsonObject) m).getInteger("seq")).toList())
        .startsWith(1, 2, 3)
        .contains(601, 602)
        .hasSize(602);

    assertThat(Staff.post(lange, "/chat/gesprek/" + id + "/einde", Map.of()).statusCode())
        .isEqualTo(303);
    Staff.post(lange, "/chat/gesprek/" + id + "/verslag", Map.of("email", "lia@example.com"));
    assertThat(
            Chats.row(
                    server, "SELECT body_text FROM mail_outbox WHERE recipient = 'lia@example.com'")
                .getString("body_text"))
        .contains(question)
        .contains("Regel 2\n")
        .contains("Regel 601");
  }

  @Test
  void
      a_worker_turns_the_chat_into_an_aanmelding_and_the_resident_reads_what_happens_next_and_by_when() {
    WebUser cor = server.user();
    String id = Chats.start(cor, "Cor", "Mijn moeder redt het thuis niet meer.");
    Chats.accept(chris, id);
    Chats.say(cor, id, "cor-1", "Ze woont alleen en vergeet te eten.");
    HttpResponse<String> converted =
        Chats.postList(
            chris,
            "/chat-console/gesprekken/" + id + "/aanmelding",
            List.of(
                Map.entry("leefgebieden", "dagelijkse_redzaamheid"),
                Map.entry("leefgebieden", "sociaal_netwerk"),
                Map.entry("naam", "Cor de Wit"),
                Map.entry("telefoon", "06 12345678"),
                Map.entry("postcode", "8011 AB")));
    assertThat(converted.statusCode()).isEqualTo(303);
    assertThat(converted.headers().firstValue("location").orElseThrow()).contains("aanmelding=");

    Row item =
        Chats.row(
            server,
            "SELECT i.*, p.inhoud FROM inbox_item i JOIN inbox_item_person p ON p.item_id = i.id"
                + " WHERE i.id = (SELECT item_id FROM chat_conversation WHERE id = $1::uuid)",
            id);
    assertThat(item.getString("kanaal")).isEqualTo("chat");
    JsonObject inhoud = (JsonObject) item.getValue("inhoud");
    assertThat(inhoud.getJsonObject("contact").getString("telefoon")).isEqualTo("06 12345678");
    assertThat(inhoud.getJsonArray("transcript").encode())
        .contains("Mijn moeder redt het thuis niet meer.")
        .contains("Ze woont alleen en vergeet te eten.");
    assertThat(inhoud.getJsonArray("leefgebieden").getList())
        .containsExactly("dagelijkse_redzaamheid", "sociaal_netwerk");

    String resident = cor.get("/chat/gesprek/" + id).body();
    assertThat(resident)
        .contains(item.getString("referentie"))
        .contains("neemt uiterlijk")
        .contains("contact met je op");
  }

  @Test
  void
      of_two_workers_accepting_the_same_chat_one_gets_it_and_the_other_hears_a_colleague_was_first() {
    WebUser tessa = Staff.signIn(server, CLOCK, "teamleider"); // no chat role: refused outright
    assertThat(Chats.accept(tessa, UUID.randomUUID().toString()).statusCode()).isEqualTo(403);
    WebUser dirk = server.user();
    String id = Chats.start(dirk, "Dirk", "Kan ik een huisbezoek krijgen?");
    assertThat(Chats.accept(chris, id).headers().firstValue("location"))
        .hasValue("/chat-console/gesprekken/" + id);
    assertThat(Chats.accept(chris, id).headers().firstValue("location"))
        .hasValue("/chat-console?melding=bezet");
  }

  @Test
  void
      a_worker_passes_a_chat_to_a_colleague_online_who_then_answers_and_the_resident_reads_who_took_over() {
    var pool = server.app().pool();
    pool.query(
            "INSERT INTO account_role (account_id, role) SELECT id, 'chat' FROM account WHERE email = 'triage@demo.wijkportaal.nl'"
                + " ON CONFLICT DO NOTHING")
        .execute()
        .await();
    WebUser tessa = Staff.signIn(server, CLOCK, "triage");
    Chats.online(tessa);
    WebUser pim = server.user();
    String id = Chats.start(pim, "Pim", "Ik zoek een sportclub voor mijn dochter.");
    Chats.accept(chris, id);
    assertThat(chris.get("/chat-console/gesprekken/" + id).body()).contains("Tessa Jansen");
    String tessaId =
        Chats.row(
                server,
                "SELECT id::text AS id FROM account WHERE email = 'triage@demo.wijkportaal.nl'")
            .getString("id");
    HttpResponse<String> passed =
        Staff.post(
            chris, "/chat-console/gesprekken/" + id + "/overdragen", Map.of("collega", tessaId));
    assertThat(passed.headers().firstValue("location")).hasValue("/chat-console");
    assertThat(chris.get("/chat-console/gesprekken/" + id).headers().firstValue("location"))
        .hasValue("/chat-console?melding=weg");
    assertThat(Chats.answer(tessa, id, "t-1", "Ik help je verder.").statusCode()).isEqualTo(303);
    assertThat(pim.get("/chat/gesprek/" + id).body())
        .contains("Chris Mulder heeft het gesprek doorgegeven aan Tessa Jansen.")
        .contains("Ik help je verder.");
    Chats.post(tessa, "/chat-console/beschikbaarheid", "offline");
  }

  @Test
  void
      a_refused_conversion_or_transfer_says_why_on_the_worker_page_and_a_second_conversion_is_refused() {
    WebUser ria = server.user();
    String id = Chats.start(ria, "Ria", "Ik heb een vraag over mantelzorg.");
    Chats.accept(chris, id);
    String page = "/chat-console/gesprekken/" + id;

    // No topic and no way to reach her: nothing is made, and the page says what is missing.
    HttpResponse<String> refused =
        Chats.postList(chris, page + "/aanmelding", List.of(Map.entry("naam", "Ria")));
    String back = refused.headers().firstValue("location").orElseThrow();
    assertThat(chris.get(back).body())
        .contains("Kies minstens één onderwerp en geef een telefoonnummer of e-mailadres");
    assertThat(
            Chats.row(server, "SELECT item_id FROM chat_conversation WHERE id = $1::uuid", id)
                .getUUID("item_id"))
        .isNull();

    // A colleague who is not online (here: nobody at all) cannot take it over.
    HttpResponse<String> notPassed =
        Staff.post(chris, page + "/overdragen", Map.of("collega", UUID.randomUUID().toString()));
    assertThat(chris.get(notPassed.headers().firstValue("location").orElseThrow()).body())
        .contains("Doorgeven lukte niet");

    // Converted once; the second time the worker reads that it already is an aanmelding.
    List<Map.Entry<String, String>> fields =
        List.of(Map.entry("leefgebieden", "sociaal_netwerk"), Map.entry("telefoon", "0612345678"));
    assertThat(Chats.postList(chris, page + "/aanmelding", fields).statusCode()).isEqualTo(303);
    HttpResponse<String> again = Chats.postList(chris, page + "/aanmelding", fields);
    assertThat(chris.get(again.headers().firstValue("location").orElseThrow()).body())
        .contains("Dit gesprek is al een aanmelding.");
    assertThat(
            Chats.row(
                    server,
                    "SELECT count(*) AS n FROM inbox_item WHERE id = (SELECT item_id FROM"
                        + " chat_conversation WHERE id = $1::uuid)",
                    id)
                .getLong("n"))
        .isEqualTo(1);
  }

  @Test
  void
      a_canned_answer_kept_by_the_teamleider_reaches_the_resident_filled_in_and_an_offer_arrives_as_a_card() {
    WebUser tom = Staff.signIn(server, CLOCK, "teamleider");
    assertThat(
            Staff.post(
                    tom,
                    "/chat-console/standaardantwoorden",
                    Map.of(
                        "titel",
                        "Bel ons",
                        "tekst",
                        "Hoi {voornaam}, bel ons gerust op {telefoon}."))
                .statusCode())
        .isEqualTo(303);
    // A chat worker may use the answers, not keep them.
    assertThat(chris.get("/chat-console/standaardantwoorden").statusCode()).isEqualTo(403);
    String canned =
        Chats.row(server, "SELECT id::text AS id FROM chat_canned_answer WHERE title = 'Bel ons'")
            .getString("id");
    Row offer =
        Chats.row(
            server,
            "SELECT id::text AS id, slug, title, summary FROM offer WHERE status = 'gepubliceerd'"
                + " ORDER BY slug LIMIT 1");

    WebUser ans = server.user();
    String id = Chats.start(ans, "Ans", "Waar kan ik met mijn zoon terecht?");
    Chats.accept(chris, id);
    String page = "/chat-console/gesprekken/" + id;
    assertThat(chris.get(page).body()).contains("Bel ons");
    assertThat(
            Staff.post(
                    chris,
                    page + "/standaardantwoord",
                    Map.of("antwoord", canned, "clientId", "canned-1"))
                .statusCode())
        .isEqualTo(303);
    assertThat(
            chris
                .get(
                    page
                        + "?zoekAanbod="
                        + java.net.URLEncoder.encode(
                            offer.getString("title"), java.nio.charset.StandardCharsets.UTF_8))
                .body())
        .contains("value=\"" + offer.getString("id") + "\"");
    assertThat(
            Staff.post(
                    chris,
                    page + "/aanbod",
                    Map.of("aanbod", offer.getString("id"), "clientId", "card-1"))
                .statusCode())
        .isEqualTo(303);

    String resident = ans.get("/chat/gesprek/" + id).body();
    assertThat(resident)
        .contains(
            "Hoi Ans, bel ons gerust op " + server.app().config().municipality().phone() + ".")
        .contains("<a href=\"/aanbod/" + offer.getString("slug") + "\">");
    // The question, "Chris is er nu", the canned answer and the card: the card's title (its
    // message text) is shown once, in the card.
    assertThat(resident.split("class=\"chat-message ", -1)).hasSize(5);
    assertThat(resident.split("class=\"chat-text\"", -1)).hasSize(4);
    JsonArray messages = Chats.after(ans, id, 2).getJsonArray("berichten");
    JsonObject card = messages.getJsonObject(1).getJsonObject("kaart");
    assertThat(card.getString("link")).isEqualTo("/aanbod/" + offer.getString("slug"));
    assertThat(card.getString("titel")).isEqualTo(offer.getString("title"));
    assertThat(card.getString("regel")).isEqualTo(offer.getString("summary"));
  }

  @Test
  void
      the_resident_layout_has_the_chat_entry_and_the_staff_layout_a_navigation_without_the_residents_footer() {
    assertThat(server.user().get("/").body()).contains("href=\"/chat\"");
    String console = chris.get("/chat-console").body();
    assertThat(console)
        .contains("class=\"staff-nav\"")
        .contains("aria-current=\"page\"")
        .doesNotContain("site-footer");
  }
}
