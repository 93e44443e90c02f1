package nl.wijkportaal.triage;

import static nl.wijkportaal.support.Await.await;
import static nl.wijkportaal.support.Await.awaitOrThrow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import nl.wijkportaal.inbox.Action;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.Addition;
import nl.wijkportaal.inbox.InboxFeature;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemState;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.ResidentStatus;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.db.Rows;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Working the inbox on the real database: the state graph, ownership, concurrency, visibility,
 * nazorg.
 */
class TriageTest {

  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));

  // The address the mail links to, as these tests always had it.
  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_PUBLIC_URL", "https://wijkportaal.example"), CLOCK);

  private static Pool pool;
  private static Intake intake;
  private static Triage triage;
  private static Viewer tessa;
  private static UUID swt;

  @BeforeAll
  static void start() {
    pool = server.app().pool();
    intake = server.app().feature(InboxFeature.class).intake();
    triage = server.app().feature(TriageFeature.class).triage();
    swt =
        await(pool.query("SELECT id FROM organisation WHERE kind = 'swt'").execute())
            .iterator()
            .next()
            .getUUID(0);
    tessa =
        staff(
            "triage@demo.wijkportaal.nl", true, List.of("midden", "noord", "oost", "zuid", "west"));
  }

  private static Viewer staff(String email, boolean triageRole, List<String> teams) {
    Row a =
        await(
                pool.preparedQuery("SELECT id, name FROM account WHERE email = $1")
                    .execute(Tuple.of(email)))
            .iterator()
            .next();
    return new Viewer(
        a.getUUID("id"),
        a.getString("name"),
        triageRole ? "triage" : "teamleider",
        swt,
        triageRole,
        !triageRole,
        teams,
        "127.0.0.1");
  }

  /** A second SWT worker with role triage in the given wijkteams only. */
  private static Viewer colleague(String name, List<String> teams) {
    UUID id = UUID.randomUUID();
    await(
        pool.preparedQuery(
                "INSERT INTO account (id, organisation_id, email, name, created_at) VALUES ($1, $2, $3, $4, now())")
            .execute(Tuple.of(id, swt, id + "@swt.example", name)));
    await(
        pool.preparedQuery("INSERT INTO account_role (account_id, role) VALUES ($1, 'triage')")
            .execute(Tuple.of(id)));
    return new Viewer(id, name, "triage", swt, true, false, teams, "127.0.0.1");
  }

  private static Receipt aanmelding(String postcode, String email) {
    NewItem item =
        new NewItem(
            "aanmelding",
            null,
            null,
            null,
            null,
            List.of("financien"),
            "regulier",
            null,
            null,
            false,
            "zelf",
            null,
            "2026-11",
            Locale.forLanguageTag("nl"),
            new Subject("Kim", LocalDate.of(1985, 2, 2), postcode, "3"),
            new JsonObject().put("vraag", "Hulp met post"),
            email,
            null);
    return await(intake.submit(item, Actor.resident("127.0.0.1")));
  }

  private static LocalDate today() {
    return CLOCK.instant().atZone(WorkingDayCalendar.ZONE).toLocalDate();
  }

  private static Row item(UUID id) {
    return await(pool.preparedQuery("SELECT * FROM inbox_item WHERE id = $1").execute(Tuple.of(id)))
        .iterator()
        .next();
  }

  private static int version(UUID id) {
    return item(id).getInteger("version");
  }

  private static void put(UUID id, ItemState state, UUID owner) {
    await(
        pool.preparedQuery(
                "UPDATE inbox_item SET state = $2, owner_account_id = $3, closed_at = CASE WHEN $2 = 'afgesloten' THEN $4 END WHERE id = $1")
            .execute(Tuple.of(id, state.code(), owner, Rows.time(CLOCK.instant()))));
  }

  private static TriageRefusal.Kind refusal(Runnable action) {
    try {
      action.run();
      return null;
    } catch (TriageRefusal r) {
      return r.kind();
    }
  }

  @Test
  void every_action_is_allowed_exactly_where_the_state_graph_allows_it() {
    UUID target = aanmelding("8011 AB", null).id();
    UUID offer = UUID.randomUUID();
    Map<Action, Function<UUID, Future<Void>>> actions = new EnumMap<>(Action.class);
    actions.put(Action.CLAIM, id -> triage.claim(tessa, id));
    actions.put(Action.HAND_BACK, id -> triage.handBack(tessa, id, version(id)));
    actions.put(Action.FIRST_CONTACT, id -> triage.recordFirstContact(tessa, id, version(id)));
    actions.put(
        Action.ASK,
        id -> triage.askInformation(tessa, id, version(id), "bewoner", "Welke dag past?"));
    actions.put(
        Action.HAND_OVER,
        id ->
            triage.forward(
                tessa,
                id,
                version(id),
                "Schuldhulp Voorbeeldstad",
                "Piet, 0800-1",
                today().plusDays(14)));
    actions.put(
        Action.CLOSE,
        id ->
            triage.close(
                tessa,
                id,
                version(id),
                "sociale_basis",
                List.of(offer),
                "Past bij de formulierenhulp"));
    actions.put(Action.REOPEN, id -> triage.reopen(tessa, id, version(id)));
    actions.put(Action.MERGE, id -> triage.merge(tessa, id, version(id), target));
    List<String> wrong = new ArrayList<>();
    for (ItemState from : ItemState.values()) {
      for (var action : actions.entrySet()) {
        ItemState to = action.getKey().to().orElseThrow();
        boolean expected = action.getKey().allowedFrom(from);
        UUID id = aanmelding("8021 BC", null).id();
        boolean unclaimed =
            from == ItemState.NIEUW
                || (from == ItemState.HEROPEND && action.getKey() == Action.CLAIM);
        put(id, from, unclaimed ? null : tessa.accountId());
        TriageRefusal.Kind refused = refusal(() -> awaitOrThrow(action.getValue().apply(id)));
        if (expected && refused != null) {
          wrong.add(action.getKey() + " from " + from.code() + " refused: " + refused);
        } else if (expected && ItemState.of(item(id).getString("state")) != to) {
          wrong.add(
              action.getKey()
                  + " from "
                  + from.code()
                  + " left state "
                  + item(id).getString("state"));
        } else if (!expected && refused != TriageRefusal.Kind.NOT_ALLOWED) {
          wrong.add(
              action.getKey()
                  + " from "
                  + from.code()
                  + " was not refused as not allowed: "
                  + refused);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void closing_needs_a_route_a_reason_and_for_the_sociale_basis_an_offer() {
    UUID id = aanmelding("8011 AB", null).id();
    await(triage.claim(tessa, id));
    assertThatThrownBy(
            () -> awaitOrThrow(triage.close(tessa, id, version(id), null, List.of(), "klaar")))
        .isInstanceOfSatisfying(TriageRefusal.class, r -> assertThat(r.field()).isEqualTo("route"));
    assertThatThrownBy(
            () ->
                awaitOrThrow(
                    triage.close(tessa, id, version(id), "sociale_basis", List.of(), "klaar")))
        .isInstanceOfSatisfying(
            TriageRefusal.class, r -> assertThat(r.field()).isEqualTo("aanbod"));
    assertThatThrownBy(
            () -> awaitOrThrow(triage.close(tessa, id, version(id), "geen_actie", List.of(), " ")))
        .isInstanceOfSatisfying(TriageRefusal.class, r -> assertThat(r.field()).isEqualTo("reden"));
    assertThat(item(id).getString("state")).isEqualTo("in_behandeling");

    await(
        triage.close(
            tessa, id, version(id), "geen_actie", List.of(), "Al geholpen door de huisarts"));
    Row closed = item(id);
    assertThat(closed.getString("route")).isEqualTo("geen_actie");
    assertThat(closed.getOffsetDateTime("closed_at")).isNotNull();
  }

  @Test
  void a_hand_over_needs_a_follow_up_date_after_today() {
    UUID id = aanmelding("8011 AB", null).id();
    await(triage.claim(tessa, id));
    assertThatThrownBy(
            () ->
                awaitOrThrow(
                    triage.forward(
                        tessa, id, version(id), "GGZ Voorbeeldstad", "Anna, 038-1234567", null)))
        .isInstanceOfSatisfying(
            TriageRefusal.class, r -> assertThat(r.field()).isEqualTo("controleerOp"));
    assertThatThrownBy(
            () ->
                awaitOrThrow(
                    triage.forward(
                        tessa, id, version(id), "GGZ Voorbeeldstad", "Anna, 038-1234567", today())))
        .isInstanceOfSatisfying(
            TriageRefusal.class, r -> assertThat(r.field()).isEqualTo("controleerOp"));
    await(
        triage.forward(
            tessa,
            id,
            version(id),
            "GGZ Voorbeeldstad",
            "Anna, 038-1234567",
            today().plusDays(14)));
    Row forwarded = item(id);
    assertThat(forwarded.getString("state")).isEqualTo("doorgezet");
    assertThat(forwarded.getLocalDate("follow_up_on")).isEqualTo(today().plusDays(14));
    assertThat(forwarded.getOffsetDateTime("support_started_at")).isNotNull();
  }

  @Test
  void a_stale_edit_is_refused_and_changes_nothing() {
    UUID id = aanmelding("8011 AB", null).id();
    await(triage.claim(tessa, id));
    int seen = version(id);
    await(triage.addNote(tessa, id, "Gebeld, geen gehoor"));
    await(triage.recordFirstContact(tessa, id, seen));
    assertThat(
            refusal(
                () ->
                    awaitOrThrow(triage.close(tessa, id, seen, "geen_actie", List.of(), "dubbel"))))
        .isEqualTo(TriageRefusal.Kind.STALE);
    assertThat(item(id).getString("state")).isEqualTo("contact_gelegd");
    assertThat(item(id).getOffsetDateTime("first_contact_at"))
        .as("the intake clock stopped")
        .isNotNull();
  }

  @Test
  void of_two_workers_claiming_at_the_same_moment_exactly_one_wins_and_the_other_hears_who() {
    UUID id = aanmelding("8031 CD", null).id();
    Viewer sanne = colleague("Sanne Kok", List.of("oost"));
    Future<Void> first = triage.claim(tessa, id);
    Future<Void> second = triage.claim(sanne, id);
    List<Object> outcomes = new ArrayList<>();
    for (Future<Void> f : List.of(first, second)) {
      try {
        awaitOrThrow(f);
        outcomes.add("won");
      } catch (TriageRefusal r) {
        outcomes.add(r);
      }
    }
    assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
    TriageRefusal lost =
        (TriageRefusal)
            outcomes.stream().filter(o -> o instanceof TriageRefusal).findFirst().orElseThrow();
    assertThat(lost.kind()).isEqualTo(TriageRefusal.Kind.CLAIMED);
    UUID owner = item(id).getUUID("owner_account_id");
    assertThat(lost.detail())
        .isEqualTo(owner.equals(tessa.accountId()) ? "Tessa Jansen" : "Sanne Kok");
  }

  @Test
  void
      staff_see_their_own_wijkteams_triage_sees_everything_unclaimed_and_each_opening_is_audited() {
    CLOCK.advance(Duration.ofMinutes(1));
    UUID zuid = aanmelding("8041 DE", null).id();
    UUID outside = aanmelding("1012 AB", null).id();
    Viewer noord = colleague("Noah Bos", List.of("noord"));
    Viewer leiderZuid =
        new Viewer(
            colleague("Zoë Smit", List.of("zuid")).accountId(),
            "Zoë Smit",
            "teamleider",
            swt,
            false,
            true,
            List.of("zuid"),
            "127.0.0.1");

    assertThat(await(triage.open(noord, zuid))).as("unclaimed: triage sees it").isPresent();
    assertThat(await(triage.open(noord, outside)))
        .as("buiten gemeente: triage sees it")
        .isPresent();
    assertThat(await(triage.open(leiderZuid, outside)))
        .as("a teamleider sees only their wijk")
        .isEmpty();
    assertThat(await(triage.open(leiderZuid, zuid))).isPresent();

    await(triage.claim(tessa, zuid));
    assertThat(await(triage.open(noord, zuid))).as("claimed in another wijk").isEmpty();
    assertThat(refusal(() -> awaitOrThrow(triage.addNote(noord, zuid, "mag niet"))))
        .isEqualTo(TriageRefusal.Kind.NOT_FOUND);
    assertThat(await(triage.open(leiderZuid, zuid))).isPresent();
    assertThat(await(triage.list(noord, InboxFilter.ALL_OPEN)).rows())
        .extracting(InboxRow::id)
        .doesNotContain(zuid)
        .contains(outside);
    assertThat(await(triage.list(noord, InboxFilter.of(Map.of("wijk", "buiten_gemeente")))).rows())
        .extracting(InboxRow::id)
        .contains(outside)
        .doesNotContain(zuid);

    long reads =
        await(
                pool.preparedQuery(
                        "SELECT count(*) FROM audit_log WHERE action = 'item.read' AND object_id = $1")
                    .execute(Tuple.of(zuid.toString())))
            .iterator()
            .next()
            .getLong(0);
    assertThat(reads).as("three openings that showed the item").isEqualTo(3);
  }

  @Test
  void a_question_to_the_resident_is_mailed_and_the_answer_returns_the_item_to_its_owner() {
    Receipt receipt = aanmelding("8051 EF", "vraag@example.org");
    UUID id = receipt.id();
    await(triage.claim(tessa, id));
    await(
        triage.askInformation(
            tessa, id, version(id), "bewoner", "Welke dag kunnen we langskomen?"));
    assertThat(item(id).getString("state")).isEqualTo("wacht_op_informatie");
    String mail =
        await(
                pool.query(
                        "SELECT body_text FROM mail_outbox WHERE recipient = 'vraag@example.org' ORDER BY id DESC LIMIT 1")
                    .execute())
            .iterator()
            .next()
            .getString(0);
    assertThat(mail)
        .contains("We hebben een vraag over je aanmelding " + receipt.referentie())
        .doesNotContain("langskomen");
    assertThat(
            refusal(
                () ->
                    awaitOrThrow(
                        triage.askInformation(
                            tessa, aanmelding("8051 EF", null).id(), 0, "melder", "?"))))
        .isIn(TriageRefusal.Kind.INVALID, TriageRefusal.Kind.NOT_ALLOWED);

    assertThat(
            await(
                intake.addFromResident(
                    receipt.statusToken().get(), "Dinsdag na 14 uur", Actor.resident("127.0.0.1"))))
        .isTrue();
    Row answered = item(id);
    assertThat(answered.getString("state")).isEqualTo("in_behandeling");
    assertThat(answered.getUUID("owner_account_id")).isEqualTo(tessa.accountId());
    long reminders =
        await(
                pool.preparedQuery(
                        "SELECT count(*) FROM inbox_reminder WHERE item_id = $1 AND account_id = $2 AND kind = 'informatie_ontvangen'")
                    .execute(Tuple.of(id, tessa.accountId())))
            .iterator()
            .next()
            .getLong(0);
    assertThat(reminders).isEqualTo(1);
    assertThat(await(triage.open(tessa, id)).orElseThrow().additions())
        .extracting(Addition::tekst)
        .containsExactly("Dinsdag na 14 uur");
  }

  @Test
  void within_three_months_of_closing_the_resident_can_come_back_and_after_that_not() {
    Receipt soon = aanmelding("8011 AB", null);
    Receipt late = aanmelding("8011 AB", null);
    for (Receipt r : List.of(soon, late)) {
      await(triage.claim(tessa, r.id()));
      await(
          triage.close(
              tessa, r.id(), version(r.id()), "informatie_advies", List.of(), "Uitleg gegeven"));
    }
    ResidentStatus closed =
        await(intake.status(soon.statusToken().get(), Actor.resident("127.0.0.1"))).orElseThrow();
    assertThat(closed.view()).isEqualTo("afgerond");
    assertThat(intake.mayReopen(closed)).isTrue();

    CLOCK.advance(Duration.ofDays(60));
    assertThat(
            await(intake.reopenByResident(soon.statusToken().get(), Actor.resident("127.0.0.1"))))
        .isTrue();
    Row reopened = item(soon.id());
    assertThat(reopened.getString("state")).isEqualTo("heropend");
    assertThat(reopened.getUUID("owner_account_id"))
        .as("back to the same owner")
        .isEqualTo(tessa.accountId());
    assertThat(await(triage.open(tessa, soon.id())).orElseThrow().history())
        .extracting(ItemDetail.Event::kind)
        .contains("ontvangen", "afgesloten", "heropend");

    CLOCK.advance(Duration.ofDays(40));
    assertThat(
            await(intake.reopenByResident(late.statusToken().get(), Actor.resident("127.0.0.1"))))
        .as("100 days after closing")
        .isFalse();
    assertThat(item(late.id()).getString("state")).isEqualTo("afgesloten");
  }

  @Test
  void
      a_duplicate_merged_into_another_item_keeps_a_pointer_and_shows_the_residents_the_other_items_state() {
    Receipt duplicate = aanmelding("8011 AB", null);
    Receipt original = aanmelding("8011 AB", null);
    await(triage.claim(tessa, original.id()));
    await(triage.recordFirstContact(tessa, original.id(), version(original.id())));
    await(triage.merge(tessa, duplicate.id(), version(duplicate.id()), original.id()));
    assertThat(item(duplicate.id()).getUUID("merged_into")).isEqualTo(original.id());
    assertThat(
            await(intake.status(duplicate.statusToken().get(), Actor.resident("127.0.0.1")))
                .orElseThrow()
                .view())
        .isEqualTo("contact_opgenomen");
    assertThat(await(triage.open(tessa, duplicate.id())).orElseThrow().mergedInto())
        .get()
        .extracting(ItemDetail.Reference::referentie)
        .isEqualTo(original.referentie());

    // A question to the original's resident is not shown through the duplicate's link; what the
    // duplicate's resident adds lands on the item that is worked on.
    await(
        triage.askInformation(
            tessa,
            original.id(),
            version(original.id()),
            "bewoner",
            "Mogen we je huisarts bellen?"));
    assertThat(
            await(intake.status(original.statusToken().get(), Actor.resident("127.0.0.1")))
                .orElseThrow()
                .vraag())
        .contains("Mogen we je huisarts bellen?");
    assertThat(
            await(intake.status(duplicate.statusToken().get(), Actor.resident("127.0.0.1")))
                .orElseThrow()
                .vraag())
        .isEmpty();
    assertThat(
            await(
                intake.addFromResident(
                    duplicate.statusToken().get(),
                    "Ik ben de buurvrouw, ik help mee",
                    Actor.resident("127.0.0.1"))))
        .isTrue();
    assertThat(await(triage.open(tessa, original.id())).orElseThrow().additions())
        .extracting(Addition::tekst)
        .containsExactly("Ik ben de buurvrouw, ik help mee");
    assertThat(item(original.id()).getString("state"))
        .as("not the answer to the question, which was put to someone else")
        .isEqualTo("wacht_op_informatie");
  }

  @Test
  void a_teamleider_registers_calls_for_their_own_wijken_only_and_the_item_is_theirs() {
    UUID id = colleague("Lars Dam", List.of("noord")).accountId();
    Viewer lars =
        new Viewer(id, "Lars Dam", "teamleider", swt, false, true, List.of("noord"), "127.0.0.1");
    NewItem call =
        new NewItem(
            "telefoon",
            null,
            null,
            null,
            null,
            List.of("wonen"),
            "regulier",
            "ja",
            true,
            false,
            null,
            "wijkteam",
            null,
            Locale.forLanguageTag("nl"),
            new Subject("Beller", null, "8041 DE", "2"),
            new JsonObject().put("vraag", "Belt over huur"),
            null,
            null);
    long before =
        await(pool.query("SELECT count(*) FROM inbox_item WHERE kanaal = 'telefoon'").execute())
            .iterator()
            .next()
            .getLong(0);
    assertThatThrownBy(() -> awaitOrThrow(triage.register(lars, call)))
        .isInstanceOfSatisfying(
            TriageRefusal.class, r -> assertThat(r.field()).isEqualTo("postcode"));
    assertThat(
            await(pool.query("SELECT count(*) FROM inbox_item WHERE kanaal = 'telefoon'").execute())
                .iterator()
                .next()
                .getLong(0))
        .isEqualTo(before);

    NewItem inNoord =
        new NewItem(
            "telefoon",
            null,
            null,
            null,
            null,
            List.of("wonen"),
            "regulier",
            "ja",
            true,
            false,
            null,
            "wijkteam",
            null,
            Locale.forLanguageTag("nl"),
            new Subject("Beller", null, "8021 BC", "2"),
            new JsonObject().put("vraag", "Belt over huur"),
            null,
            null);
    Receipt receipt = await(triage.register(lars, inNoord));
    assertThat(item(receipt.id()).getUUID("owner_account_id")).isEqualTo(id);
    assertThat(item(receipt.id()).getString("state")).isEqualTo("in_behandeling");
  }

  @Test
  void accepting_a_match_with_an_item_out_of_sight_changes_nothing_and_assignments_say_to_whom() {
    Receipt earlier = aanmelding("8021 BC", null);
    Receipt later =
        aanmelding("8021 BC", null); // the same person: later is flagged as a match with earlier
    await(triage.claim(tessa, earlier.id()));
    await(triage.assignToWijkteam(tessa, earlier.id(), version(earlier.id()), "zuid"));
    UUID leader = colleague("Noor Dekker", List.of("noord")).accountId();
    Viewer noordLeader =
        new Viewer(
            leader, "Noor Dekker", "teamleider", swt, false, true, List.of("noord"), "127.0.0.1");
    assertThat(
            refusal(
                () ->
                    awaitOrThrow(triage.decideMatch(noordLeader, later.id(), earlier.id(), true))))
        .as("the earlier item now belongs to zuid: noord cannot link to it")
        .isEqualTo(TriageRefusal.Kind.INVALID);
    long open =
        await(
                pool.preparedQuery(
                        "SELECT count(*) FROM inbox_match WHERE item_id = $1 AND other_item_id = $2 AND status = 'open'")
                    .execute(Tuple.of(later.id(), earlier.id())))
            .iterator()
            .next()
            .getLong(0);
    assertThat(open).as("the decision rolled back with the link").isEqualTo(1);
    String detail =
        await(
                pool.preparedQuery(
                        "SELECT details::text FROM audit_log WHERE action = 'item.assigned' AND object_id = $1")
                    .execute(Tuple.of(earlier.id().toString())))
            .iterator()
            .next()
            .getString(0);
    assertThat(detail).contains("\"wijkteam\": \"zuid\"");

    await(
        triage.saveView(
            tessa,
            "Mijn zoekopdracht",
            InboxFilter.of(Map.of("kanaal", "aanmelding", "tekst", "Kim"))));
    assertThat(await(triage.savedViews(tessa)))
        .extracting(Triage.SavedView::query)
        .contains("kanaal=aanmelding")
        .noneMatch(q -> q.contains("Kim"));
  }
}
