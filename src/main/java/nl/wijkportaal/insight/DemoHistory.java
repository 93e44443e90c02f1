package nl.wijkportaal.insight;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import nl.wijkportaal.catalogue.Codes;
import nl.wijkportaal.chat.ChatDemoHistory;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.triage.Triage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A year of believable inbox history for a demo installation (and, at 200,000 items, for the
 * dashboard's benchmark): items across every kanaal, vindplek, wijk, urgentie, state and route,
 * with first contacts (some late, some still overdue now), support, warm hand-overs, questions
 * waiting for an answer, possible matches, merged and reopened items, closings with routes,
 * experience answers and a few complaints. Generated from a fixed seed and the injected clock,
 * deadlines by the real {@link DeadlineRules}, invented names that cannot be mistaken for real
 * people; written with multi-row inserts (unnest), never one item at a time. Loaded only into the
 * empty inbox of a demo installation.
 */
public final class DemoHistory {

  private static final Logger LOG = LoggerFactory.getLogger(DemoHistory.class);
  public static final long SEED = 20260101L;
  private static final int CHUNK = 2000;

  private static final List<String> FIRST =
      List.of(
          "Anouk", "Bram", "Cor", "Daan", "Eva", "Fenna", "Gijs", "Hanna", "Ilse", "Joris", "Kiki",
          "Lars", "Mila", "Noor", "Otto", "Pien", "Roos", "Sem", "Tess", "Vince", "Wies", "Yara",
          "Zeger", "Fatima", "Mehmet", "Priya", "Kofi");

  /** Surnames made up for the demo: they read as Dutch, and no one is called this. */
  private static final List<String> LAST =
      List.of(
          "Voorbeeldstra",
          "Demohuis",
          "Fictiefsma",
          "Testerveld",
          "Oefenberg",
          "Proefkamp",
          "Verzinga",
          "Nepperhoven",
          "Bedachtsma",
          "Schijnhout",
          "Droomelink",
          "Verhaalstra");

  private static final List<String> VINDPLEK =
      List.of(
          "school",
          "school",
          "school",
          "school",
          "huisarts",
          "huisarts",
          "huisarts",
          "woningcorporatie",
          "woningcorporatie",
          "politie",
          "kinderopvang",
          "jeugdgezondheidszorg",
          "welzijn",
          "overig");
  private static final List<String> GEVONDEN =
      List.of(
          "website",
          "website",
          "huisarts",
          "huisarts",
          "school",
          "familie_vrienden",
          "wijkteam",
          "anders");
  private static final List<String> VRAGEN =
      List.of(
          "Ik heb schulden en de post stapelt zich op.",
          "Mijn moeder redt het thuis niet meer alleen.",
          "Ik zoek werk of vrijwilligerswerk.",
          "Onze zoon gaat niet meer naar school.",
          "Ik voel me eenzaam sinds mijn man overleed.",
          "De huur is te hoog en ik krijg een brief van de verhuurder.",
          "Ruzie thuis, ik weet niet wat ik moet doen.",
          "Ik wil hulp bij formulieren.");

  private final Pool pool;
  private final DeadlineRules deadlines;
  private final Clock clock;

  public DemoHistory(Pool pool, DeadlineRules deadlines, Clock clock) {
    this.pool = pool;
    this.deadlines = deadlines;
    this.clock = clock;
  }

  /**
   * Generates {@code items} over the year before now into an empty inbox; does nothing when the
   * inbox holds anything.
   */
  public Future<Integer> loadIfEmpty(Vertx vertx, int items) {
    if (items <= 0) {
      return Future.succeededFuture(0);
    }
    return pool.query("SELECT EXISTS (SELECT 1 FROM inbox_item) AS any")
        .execute()
        .compose(
            rows ->
                rows.iterator().next().getBoolean("any")
                    ? Future.succeededFuture(0)
                    : generate(vertx, items));
  }

  /**
   * The rows to insert, computed on a worker thread (200,000 deadlines take a moment), then written
   * in chunks.
   */
  public Future<Integer> generate(Vertx vertx, int items) {
    long started = System.nanoTime();
    long[] built = new long[1];
    return staff()
        .compose(staff -> vertx.executeBlocking(() -> build(items, staff)))
        .compose(
            rows -> {
              built[0] = System.nanoTime();
              return pool.withTransaction(tx -> write(tx, rows))
                  .compose(v -> compact())
                  .map(rows.items.size());
            })
        .onSuccess(
            n ->
                LOG.info(
                    "Demo history: {} items over the last year generated in {} ms ({} ms to compute, {} ms to write)",
                    n,
                    (System.nanoTime() - started) / 1_000_000,
                    (built[0] - started) / 1_000_000,
                    (System.nanoTime() - built[0]) / 1_000_000));
  }

  /**
   * The facts written once more, compactly, and every table's statistics: the history's first
   * reactions (V21's trigger) update the facts the same transaction has just inserted, so the old
   * versions cannot be pruned, and a page (fillfactor 90) has room for about one new version in
   * ten: measured, 20,679 of 190,330 such updates were HOT, and the facts were 99 MB instead of 55
   * MB, which every first load of a dashboard period reads (BENCHMARKS.md, session 6). A real
   * installation updates facts in later transactions, where pruning and autovacuum reuse the room.
   */
  private Future<Void> compact() {
    return pool.query("VACUUM (FULL, ANALYZE) insight_item_fact")
        .execute()
        .compose(v -> pool.query("ANALYZE").execute())
        .mapEmpty();
  }

  private Future<List<UUID>> staff() {
    return pool.query(
            "SELECT DISTINCT a.id FROM account a JOIN organisation og ON og.id = a.organisation_id JOIN account_role r ON r.account_id = a.id"
                + " WHERE a.active AND og.kind = 'swt' AND r.role IN ('triage', 'teamleider') ORDER BY a.id")
        .execute()
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return ids;
            });
  }

  /** One generated item's columns, and its history. */
  static final class Item {
    UUID id;
    String referentie;
    String kanaal;
    String vindplek;
    Instant received;
    String wijk;
    boolean buiten;
    String leefgebieden;
    String urgentie;
    String toestemming;
    String voorWie;
    String gevondenVia;
    String state;
    UUID owner;
    Instant due;
    Instant contact;
    Instant support;
    Instant closed;
    String route;
    String closeReason;
    UUID mergedInto;
    String infoFrom;
    Instant reopened;
    String doorgezetOrganisatie;
    LocalDate followUp;
    Boolean ontvankelijk;
    Boolean opgelost;
    Instant verlengd;
    String inhoud;
    String naamSleutel;
    LocalDate geboortedatum;
  }

  record Event(UUID item, Instant at, String kind, String from, String to, boolean staff) {}

  record Answer(String kanaal, String wijk, LocalDate month, int score, String geholpen) {}

  static final class Rows {
    final List<Item> items = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<UUID[]> matches = new ArrayList<>();
    final List<Answer> answers = new ArrayList<>();
    final List<UUID> answered = new ArrayList<>();
    final List<ChatDemoHistory.DemoChat> chats = new ArrayList<>();
  }

  /**
   * Ended chats, one for every ten items, over the same year and hours: most answered within a few
   * minutes, some after more than five, about one in twelve left before an answer, half of the
   * answered ones scored (from their own seed, so the items stay as they were).
   */
  private void chats(int count, List<String> wijken, Instant now, Rows rows) {
    Random r = new Random(SEED + 1);
    for (int n = 0; n < count / 10; n++) {
      UUID id = new UUID(r.nextLong(), r.nextLong());
      Instant started = receivedAt(r, now);
      String wijk = r.nextInt(10) == 0 ? null : pick(r, wijken);
      double waitMinutes = Math.exp(0.9 + 0.8 * r.nextGaussian());
      boolean left = r.nextInt(12) == 0;
      Instant answered = left ? null : started.plusSeconds((long) (waitMinutes * 60));
      Instant ended =
          left
              ? started.plusSeconds((long) (waitMinutes * 90))
              : answered.plusSeconds(120 + r.nextInt(1200));
      if (ended.isAfter(now)) {
        continue;
      }
      int s = r.nextInt(10);
      Short score =
          left || r.nextBoolean() ? null : (short) (s < 1 ? 2 : s < 3 ? 3 : s < 7 ? 4 : 5);
      rows.chats.add(new ChatDemoHistory.DemoChat(id, started, wijk, answered, ended, score));
    }
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  private static String reference(Random r, String kanaal, Set<String> taken) {
    String alphabet = "346789ABCDEFGHJKMNPQRTUVWXY";
    char prefix =
        switch (kanaal) {
          case "aanmelding" -> 'A';
          case "signaal" -> 'S';
          case "chat" -> 'C';
          case "klacht" -> 'K';
          default -> 'T';
        };
    while (true) {
      StringBuilder s = new StringBuilder().append(prefix).append('-');
      for (int i = 0; i < 6; i++) {
        if (i == 4) {
          s.append('-');
        }
        s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      if (taken.add(s.toString())) {
        return s.toString();
      }
    }
  }

  /** A moment in the year before now, mostly on working days within office hours. */
  private Instant receivedAt(Random r, Instant now) {
    ZonedDateTime end = now.atZone(WorkingDayCalendar.ZONE);
    while (true) {
      ZonedDateTime day = end.minusDays(r.nextInt(365));
      boolean weekend =
          day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
      if (weekend && r.nextInt(5) > 0) {
        continue;
      }
      int minute = r.nextInt(10) < 8 ? 8 * 60 + r.nextInt(9 * 60) : r.nextInt(24 * 60);
      ZonedDateTime at =
          day.toLocalDate().atStartOfDay(WorkingDayCalendar.ZONE).plusMinutes(minute);
      if (at.toInstant().isBefore(now)) {
        return at.toInstant();
      }
    }
  }

  private static Instant plusHours(Instant t, double hours) {
    return t.plusSeconds((long) (hours * 3600));
  }

  Rows build(int count, List<UUID> staff) {
    Random r = new Random(SEED);
    Instant now = clock.instant();
    Rows rows = new Rows();
    Set<String> references = new HashSet<>();
    List<String> wijken = List.of("midden", "noord", "oost", "zuid", "west");
    List<UUID> openSoFar = new ArrayList<>();
    int complaints = Math.max(3, count / 300);
    for (int n = 0; n < count + complaints; n++) {
      Item it = new Item();
      boolean klacht = n >= count;
      it.id = new UUID(r.nextLong(), r.nextLong());
      int k = r.nextInt(100);
      it.kanaal =
          klacht
              ? "klacht"
              : k < 30
                  ? "aanmelding"
                  : k < 60
                      ? "signaal"
                      : k < 78 ? "telefoon" : k < 88 ? "chat" : k < 95 ? "balie" : "huisbezoek";
      it.referentie = reference(r, it.kanaal, references);
      it.received = receivedAt(r, now);
      it.buiten = !klacht && r.nextInt(100) < 3;
      it.wijk = it.buiten ? null : pick(r, wijken);
      int u = r.nextInt(100);
      it.urgentie = klacht ? "regulier" : u < 80 ? "regulier" : u < 96 ? "spoed" : "crisis";
      List<String> areas = new ArrayList<>();
      if (!klacht) {
        areas.add(pick(r, Codes.LEEFGEBIEDEN));
        if (r.nextInt(3) == 0) {
          String second = pick(r, Codes.LEEFGEBIEDEN);
          if (!areas.contains(second)) {
            areas.add(second);
          }
        }
      }
      it.leefgebieden = String.join(",", areas);
      if (it.kanaal.equals("signaal")) {
        it.vindplek = pick(r, VINDPLEK);
        it.toestemming = pick(r, List.of("ja", "ja", "ja", "nee", "niet_gevraagd"));
      }
      if (it.kanaal.equals("aanmelding")) {
        it.voorWie = r.nextInt(4) == 0 ? "ander" : "zelf";
        it.gevondenVia = pick(r, GEVONDEN);
        it.toestemming = "ja";
      }
      String naam = pick(r, FIRST) + " " + pick(r, LAST);
      it.naamSleutel = naam.toLowerCase(java.util.Locale.ROOT);
      it.geboortedatum = LocalDate.of(1940 + r.nextInt(70), 1 + r.nextInt(12), 1 + r.nextInt(28));
      it.inhoud =
          new JsonObject()
              .put("demo", true)
              .put("naam", naam)
              .put("geboortedatum", it.geboortedatum.toString())
              .put(
                  "vraag",
                  klacht
                      ? "Ik ben niet tevreden over hoe lang het duurde voor iemand terugbelde."
                      : pick(r, VRAGEN))
              .encode();
      it.due = deadlines.firstContactDue(it.received, it.kanaal, it.urgentie).toInstant();
      rows.events.add(new Event(it.id, it.received, "ontvangen", null, "nieuw", false));
      lifecycle(r, it, now, staff, rows, openSoFar);
      rows.items.add(it);
    }
    chats(count, wijken, now, rows);
    return rows;
  }

  /**
   * What happened to the item until now: contact, support, questions, hand-over, closing, or still
   * waiting.
   */
  private void lifecycle(
      Random r, Item it, Instant now, List<UUID> staff, Rows rows, List<UUID> openSoFar) {
    it.state = "nieuw";
    double allowed = Math.max(1, Duration.between(it.received, it.due).toHours());
    // Most first contacts well within the deadline, about one in eight late.
    double hours =
        r.nextInt(8) == 0
            ? allowed * (1.1 + r.nextDouble() * 1.5)
            : allowed * (0.05 + r.nextDouble() * 0.8);
    Instant contact = plusHours(it.received, hours);
    if (it.kanaal.equals("klacht")) {
      klacht(r, it, now, staff, rows);
      return;
    }
    if (r.nextInt(100) < 2 && !openSoFar.isEmpty()) {
      it.state = "samengevoegd";
      it.mergedInto = openSoFar.get(r.nextInt(openSoFar.size()));
      rows.events.add(
          new Event(
              it.id, plusHours(it.received, 2), "samengevoegd", "nieuw", "samengevoegd", true));
      return;
    }
    if (!staff.isEmpty() && contact.isBefore(now)) {
      it.owner = staff.get(r.nextInt(staff.size()));
      rows.events.add(
          new Event(
              it.id,
              plusHours(it.received, hours * 0.3),
              "geclaimd",
              "nieuw",
              "in_behandeling",
              true));
    }
    if (!contact.isBefore(now)) {
      // Not yet contacted: new, or picked up; some of these are overdue now.
      if (r.nextBoolean() && !staff.isEmpty()) {
        it.owner = staff.get(r.nextInt(staff.size()));
        it.state = "in_behandeling";
      }
      if (r.nextInt(8) == 0) {
        UUID other = openSoFar.isEmpty() ? null : openSoFar.get(r.nextInt(openSoFar.size()));
        if (other != null) {
          rows.matches.add(new UUID[] {it.id, other});
        }
      }
      openSoFar.add(it.id);
      return;
    }
    if (r.nextInt(100) < 2) {
      it.state = "ingetrokken";
      it.closed = contact;
      rows.events.add(
          new Event(it.id, contact, "ingetrokken", "in_behandeling", "ingetrokken", false));
      return;
    }
    it.contact = contact;
    it.state = "contact_gelegd";
    rows.events.add(
        new Event(it.id, contact, "contact_gelegd", "in_behandeling", "contact_gelegd", true));
    Instant support = plusHours(contact, 24 * (1 + r.nextInt(14)));
    Instant closing = plusHours(contact, 24 * (3 + r.nextInt(60)));
    int path = r.nextInt(100);
    if (path < 10 && support.isBefore(now)) {
      it.state = "doorgezet";
      it.support = support;
      it.doorgezetOrganisatie =
          pick(
              r,
              List.of(
                  "Schuldhulp Voorbeeldstad",
                  "GGZ Demo",
                  "Jeugdhulp Proefkamp",
                  "Welzijn Oefenberg"));
      it.followUp = support.atZone(WorkingDayCalendar.ZONE).toLocalDate().plusWeeks(3);
      rows.events.add(new Event(it.id, support, "doorgezet", "contact_gelegd", "doorgezet", true));
    } else if (path < 65 && support.isBefore(now)) {
      it.support = support;
      rows.events.add(
          new Event(it.id, support, "ondersteuning_gestart", "contact_gelegd", null, true));
    }
    if (closing.isBefore(now) && r.nextInt(100) < 85) {
      int route = r.nextInt(100);
      List<String> routes = Triage.ROUTES;
      it.route =
          route < 25
              ? routes.get(0)
              : route < 55
                  ? routes.get(1)
                  : route < 80
                      ? routes.get(2)
                      : route < 92 ? routes.get(3) : route < 95 ? routes.get(4) : routes.get(5);
      it.closeReason = "Afgerond (demo)";
      it.closed =
          closing.isAfter(it.support == null ? contact : it.support)
              ? closing
              : plusHours(it.support, 24);
      if (it.closed.isAfter(now)) {
        it.closed = now.minusSeconds(3600);
      }
      String before = it.state;
      it.state = "afgesloten";
      rows.events.add(new Event(it.id, it.closed, "afgesloten", before, "afgesloten", true));
      if (r.nextInt(100) == 0) {
        it.state = "heropend";
        it.reopened = plusHours(it.closed, 24 * 7);
        if (it.reopened.isAfter(now)) {
          it.reopened = now.minusSeconds(600);
        }
        rows.events.add(new Event(it.id, it.reopened, "heropend", "afgesloten", "heropend", false));
        it.closed = null;
        it.route = null;
        it.closeReason = null;
        openSoFar.add(it.id);
      } else if (it.kanaal.equals("aanmelding") && r.nextInt(4) == 0) {
        int s = r.nextInt(100);
        int score = s < 35 ? 5 : s < 70 ? 4 : s < 85 ? 3 : s < 93 ? 2 : 1;
        String geholpen = score >= 4 ? "ja" : score == 3 ? "deels" : "nee";
        rows.answers.add(
            new Answer(
                it.kanaal,
                it.wijk,
                it.closed.atZone(WorkingDayCalendar.ZONE).toLocalDate().withDayOfMonth(1),
                score,
                geholpen));
        rows.answered.add(it.id);
      }
      return;
    }
    if (r.nextInt(100) < 6 && (it.kanaal.equals("aanmelding") || it.kanaal.equals("signaal"))) {
      it.state = "wacht_op_informatie";
      it.infoFrom = it.kanaal.equals("signaal") ? "melder" : "bewoner";
      rows.events.add(
          new Event(
              it.id,
              plusHours(contact, 4),
              "informatie_gevraagd",
              "contact_gelegd",
              "wacht_op_informatie",
              true));
    }
    openSoFar.add(it.id);
  }

  private void klacht(Random r, Item it, Instant now, List<UUID> staff, Rows rows) {
    Instant decided = plusHours(it.received, 24 * (10 + r.nextInt(50)));
    if (r.nextInt(4) == 0) {
      Instant at = plusHours(it.received, 24 * 30);
      if (at.isBefore(now)) {
        it.verlengd = at;
        it.due =
            it.due
                .atZone(WorkingDayCalendar.ZONE)
                .plus(DeadlineRules.KLACHT_VERLENGING)
                .toInstant();
        rows.events.add(new Event(it.id, at, "klacht_verlengd", "in_behandeling", null, true));
      }
    }
    if (!staff.isEmpty()) {
      it.owner = staff.get(r.nextInt(staff.size()));
      it.state = "in_behandeling";
    }
    if (decided.isBefore(now) && decided.isBefore(it.due)) {
      it.state = "afgesloten";
      it.closed = decided;
      it.closeReason = "Afgehandeld (demo)";
      it.ontvankelijk = r.nextInt(5) > 0;
      it.opgelost = it.ontvankelijk && r.nextBoolean();
      rows.events.add(
          new Event(it.id, decided, "klacht_afgehandeld", "in_behandeling", "afgesloten", true));
    }
  }

  // ---- Writing: multi-row inserts from arrays ----

  private static final String INSERT_ITEMS =
      "INSERT INTO inbox_item (id, referentie, kanaal, vindplek, received_at, wijk, buiten_gemeente, leefgebieden, urgentie, toestemming, voor_wie,"
          + " gevonden_via, state, owner_account_id, due_at, first_contact_at, support_started_at, closed_at, route, close_reason, merged_into,"
          + " info_requested_from, info_request, reopened_at, doorgezet_organisatie, doorgezet_contact, follow_up_on, klacht_ontvankelijk, klacht_opgelost,"
          + " klacht_verlengd_at, updated_at, taal)"
          + " SELECT id, ref, kanaal, vindplek, received, wijk, buiten, CASE WHEN lg = '' THEN '{}'::text[] ELSE string_to_array(lg, ',') END, urgentie,"
          + " toestemming, voor_wie, gevonden, state, owner, due, contact, support, closed, route, reason, merged, info,"
          + " CASE WHEN info IS NOT NULL THEN 'Kunt u ons meer vertellen? (demo)' END, reopened, door, CASE WHEN door IS NOT NULL THEN 'Contactpersoon (demo)' END,"
          + " follow, ontv, opgel, verl, COALESCE(closed, reopened, support, contact, received), 'nl'"
          + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::bool[], $8::text[], $9::text[], $10::text[],"
          + " $11::text[], $12::text[], $13::text[], $14::uuid[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[],"
          + " $19::text[], $20::text[], $21::uuid[], $22::text[], $23::timestamptz[], $24::text[], $25::date[], $26::bool[], $27::bool[], $28::timestamptz[])"
          + " AS t(id, ref, kanaal, vindplek, received, wijk, buiten, lg, urgentie, toestemming, voor_wie, gevonden, state, owner, due, contact, support, closed,"
          + " route, reason, merged, info, reopened, door, follow, ontv, opgel, verl)";

  private static final String INSERT_PERSONS =
      "INSERT INTO inbox_item_person (item_id, inhoud, naam_sleutel, geboortedatum)"
          + " SELECT id, inhoud::jsonb, naam, geb FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[]) AS t(id, inhoud, naam, geb)";

  private static final String INSERT_EVENTS =
      "INSERT INTO inbox_item_event (item_id, occurred_at, kind, from_state, to_state, actor_type, actor_name)"
          + " SELECT id, at, kind, f, t, CASE WHEN staff THEN 'account' ELSE 'system' END, CASE WHEN staff THEN 'Medewerker (demo)' END"
          + " FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bool[]) AS x(id, at, kind, f, t, staff)";

  private static OffsetDateTime t(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private Future<Void> write(SqlClient tx, Rows rows) {
    Future<Void> chain = new ChatDemoHistory().write(tx, rows.chats);
    // Merged items point at earlier ones: items first, in order, so every target exists.
    for (int from = 0; from < rows.items.size(); from += CHUNK) {
      List<Item> part = rows.items.subList(from, Math.min(rows.items.size(), from + CHUNK));
      chain = chain.compose(v -> items(tx, part)).compose(v -> persons(tx, part));
    }
    for (int from = 0; from < rows.events.size(); from += CHUNK * 2) {
      List<Event> part = rows.events.subList(from, Math.min(rows.events.size(), from + CHUNK * 2));
      chain = chain.compose(v -> events(tx, part));
    }
    chain =
        chain.compose(
            v -> {
              if (rows.matches.isEmpty()) {
                return Future.succeededFuture();
              }
              UUID[] a = rows.matches.stream().map(m -> m[0]).toArray(UUID[]::new);
              UUID[] b = rows.matches.stream().map(m -> m[1]).toArray(UUID[]::new);
              return tx.preparedQuery(
                      "INSERT INTO inbox_match (item_id, other_item_id, reason, found_at)"
                          + " SELECT a, b, 'naam_geboortedatum', i.received_at FROM unnest($1::uuid[], $2::uuid[]) AS m(a, b) JOIN inbox_item i ON i.id = m.a"
                          + " WHERE a <> b ON CONFLICT DO NOTHING")
                  .execute(Tuple.tuple().addArrayOfUUID(a).addArrayOfUUID(b))
                  .mapEmpty();
            });
    chain =
        chain.compose(
            v ->
                rows.answers.isEmpty()
                    ? Future.succeededFuture()
                    : tx.preparedQuery(
                            "INSERT INTO client_experience (kanaal, wijk, answered_in, score, geholpen)"
                                + " SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::int2[], $5::text[])")
                        .execute(
                            Tuple.tuple()
                                .addArrayOfString(
                                    rows.answers.stream()
                                        .map(Answer::kanaal)
                                        .toArray(String[]::new))
                                .addArrayOfString(
                                    rows.answers.stream().map(Answer::wijk).toArray(String[]::new))
                                .addArrayOfLocalDate(
                                    rows.answers.stream()
                                        .map(Answer::month)
                                        .toArray(LocalDate[]::new))
                                .addArrayOfShort(
                                    rows.answers.stream()
                                        .map(a -> (short) a.score())
                                        .toArray(Short[]::new))
                                .addArrayOfString(
                                    rows.answers.stream()
                                        .map(Answer::geholpen)
                                        .toArray(String[]::new)))
                        .compose(
                            x ->
                                tx.preparedQuery(
                                        "INSERT INTO client_experience_invite (item_id, created_at, answered_at)"
                                            + " SELECT id, closed_at, closed_at FROM inbox_item WHERE id = ANY($1::uuid[])")
                                    .execute(
                                        Tuple.tuple()
                                            .addArrayOfUUID(rows.answered.toArray(UUID[]::new))))
                        .mapEmpty());
    return chain;
  }

  private static Future<Void> items(SqlClient tx, List<Item> part) {
    Tuple t =
        Tuple.tuple()
            .addArrayOfUUID(part.stream().map(i -> i.id).toArray(UUID[]::new))
            .addArrayOfString(part.stream().map(i -> i.referentie).toArray(String[]::new))
            .addArrayOfString(part.stream().map(i -> i.kanaal).toArray(String[]::new))
            .addArrayOfString(part.stream().map(i -> i.vindplek).toArray(String[]::new))
            .addArrayOfOffsetDateTime(
                part.stream().map(i -> t(i.received)).toArray(OffsetDateTime[]::new))
            .addArrayOfString(part.stream().map(i -> i.wijk).toArray(String[]::new))
            .addArrayOfBoolean(part.stream().map(i -> i.buiten).toArray(Boolean[]::new))
            .addArrayOfString(part.stream().map(i -> i.leefgebieden).toArray(String[]::new))
            .addArrayOfString(part.stream().map(i -> i.urgentie).toArray(String[]::new))
            .addArrayOfString(part.stream().map(i -> i.toestemming).toArray(String[]::new))
            .addArrayOfString(part.stream().map(i -> i.voorWie).toArray(String[]::new))
            .addArrayOfString(part.stream().map(i -> i.gevondenVia).toArray(String[]::new))
            .addArrayOfString(part.stream().map(i -> i.state).toArray(String[]::new))
            .addArrayOfUUID(part.stream().map(i -> i.owner).toArray(UUID[]::new))
            .addArrayOfOffsetDateTime(
                part.stream().map(i -> t(i.due)).toArray(OffsetDateTime[]::new))
            .addArrayOfOffsetDateTime(
                part.stream().map(i -> t(i.contact)).toArray(OffsetDateTime[]::new))
            .addArrayOfOffsetDateTime(
                part.stream().map(i -> t(i.support)).toArray(OffsetDateTime[]::new))
            .addArrayOfOffsetDateTime(
                part.stream().map(i -> t(i.closed)).toArray(OffsetDateTime[]::new))
            .addArrayOfString(part.stream().map(i -> i.route).toArray(String[]::new))
            .addArrayOfString(part.stream().map(i -> i.closeReason).toArray(String[]::new))
            .addArrayOfUUID(part.stream().map(i -> i.mergedInto).toArray(UUID[]::new))
            .addArrayOfString(part.stream().map(i -> i.infoFrom).toArray(String[]::new))
            .addArrayOfOffsetDateTime(
                part.stream().map(i -> t(i.reopened)).toArray(OffsetDateTime[]::new))
            .addArrayOfString(part.stream().map(i -> i.doorgezetOrganisatie).toArray(String[]::new))
            .addArrayOfLocalDate(part.stream().map(i -> i.followUp).toArray(LocalDate[]::new))
            .addArrayOfBoolean(part.stream().map(i -> i.ontvankelijk).toArray(Boolean[]::new))
            .addArrayOfBoolean(part.stream().map(i -> i.opgelost).toArray(Boolean[]::new))
            .addArrayOfOffsetDateTime(
                part.stream().map(i -> t(i.verlengd)).toArray(OffsetDateTime[]::new));
    return tx.preparedQuery(INSERT_ITEMS).execute(t).mapEmpty();
  }

  private static Future<Void> persons(SqlClient tx, List<Item> part) {
    return tx.preparedQuery(INSERT_PERSONS)
        .execute(
            Tuple.tuple()
                .addArrayOfUUID(part.stream().map(i -> i.id).toArray(UUID[]::new))
                .addArrayOfString(part.stream().map(i -> i.inhoud).toArray(String[]::new))
                .addArrayOfString(part.stream().map(i -> i.naamSleutel).toArray(String[]::new))
                .addArrayOfLocalDate(
                    part.stream().map(i -> i.geboortedatum).toArray(LocalDate[]::new)))
        .mapEmpty();
  }

  private static Future<Void> events(SqlClient tx, List<Event> part) {
    return tx.preparedQuery(INSERT_EVENTS)
        .execute(
            Tuple.tuple()
                .addArrayOfUUID(part.stream().map(Event::item).toArray(UUID[]::new))
                .addArrayOfOffsetDateTime(
                    part.stream().map(e -> t(e.at())).toArray(OffsetDateTime[]::new))
                .addArrayOfString(part.stream().map(Event::kind).toArray(String[]::new))
                .addArrayOfString(part.stream().map(Event::from).toArray(String[]::new))
                .addArrayOfString(part.stream().map(Event::to).toArray(String[]::new))
                .addArrayOfBoolean(part.stream().map(Event::staff).toArray(Boolean[]::new)))
        .mapEmpty();
  }
}
