package nl.wijkportaal.triage;

import static nl.wijkportaal.inbox.ItemState.INGETROKKEN;
import static nl.wijkportaal.inbox.ItemState.SAMENGEVOEGD;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import nl.wijkportaal.identity.Staff;
import nl.wijkportaal.identity.Wijkteam;
import nl.wijkportaal.inbox.Action;
import nl.wijkportaal.inbox.InboxEvents;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemChange;
import nl.wijkportaal.inbox.ItemChanges;
import nl.wijkportaal.inbox.ItemFeedback;
import nl.wijkportaal.inbox.ItemState;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Postcode;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.Referentie;
import nl.wijkportaal.inbox.StateGraph;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.audit.AuditQuery;
import nl.wijkportaal.platform.audit.AuditRecord;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;

/**
 * Working the inbox: what SWT staff may see (through {@link Viewer}) and every change they make,
 * each one guarded by the {@link StateGraph}, by optimistic concurrency (a stale version is
 * refused, never overwritten) and by visibility, and each one written with its history row, its
 * audit entry and the mails it causes in one transaction, then announced on the event bus.
 */
public final class Triage {

  /** The routes of DOMAIN.md in stepped-care order. */
  public static final List<String> ROUTES =
      List.of(
          "informatie_advies",
          "sociale_basis",
          "swt_ondersteuning",
          "maatwerk_specialist",
          "veiligheid",
          "geen_actie");

  public static final int PAGE_SIZE = 25;
  static final int TEXT_MAX = 4000;
  static final int SHORT_MAX = 300;

  private final TriageRepository repository;
  private final ItemChanges changes;
  private final Staff staff;
  private final Pool pool;
  private final Intake intake;
  private final AuditLog audit;
  private final Clock clock;
  private final KeptList<Wijkteam> wijkteams;
  private final KeptList<Colleague> colleagues;

  public Triage(
      Pool pool,
      Intake intake,
      AuditLog audit,
      ItemFeedback feedback,
      InboxEvents events,
      Staff staff,
      Clock clock) {
    this.staff = staff;
    this.pool = pool;
    this.repository = new TriageRepository(pool);
    this.changes = new ItemChanges(pool, audit, feedback, events);
    this.intake = intake;
    this.audit = audit;
    this.clock = clock;
    this.wijkteams = new KeptList<>(CHOICES_KEPT, staff::wijkteams);
    this.colleagues =
        new KeptList<>(
            CHOICES_KEPT,
            () ->
                staff
                    .inboxStaff()
                    .map(all -> all.stream().map(m -> new Colleague(m.id(), m.name())).toList()));
  }

  /** One page of the inbox and the total for the filter. */
  public record Page(List<InboxRow> rows, long total, int pagina) {}

  public Future<Page> list(Viewer v, InboxFilter f) {
    Instant due = dueBefore(f);
    // A search in the items' text reads personal data: audited, without the words searched for.
    Future<Void> audited =
        f.tekst().isEmpty()
            ? Future.succeededFuture()
            : audit.record(
                AuditEntry.of("inbox.searched")
                    .actor(v.actor().type(), v.actor().id(), v.name(), v.role())
                    .organisation(v.organisationId().toString())
                    .from(v.address())
                    .because("triage"));
    int offset = (f.pagina() - 1) * PAGE_SIZE;
    // The page and the total in one statement.
    return audited.compose(
        x ->
            repository
                .page(v, f, due, PAGE_SIZE, offset)
                .map(listed -> new Page(listed.rows(), listed.total(), f.pagina())));
  }

  /** How many items a filter holds for this viewer (the counts beside saved views). */
  public Future<Long> count(Viewer v, InboxFilter f) {
    return repository.count(v, f, dueBefore(f));
  }

  /** How many items each filter holds for this viewer, in one query (the saved views' counts). */
  public Future<List<Long>> counts(Viewer v, List<InboxFilter> filters) {
    return repository.counts(v, filters, filters.stream().map(this::dueBefore).toList());
  }

  private Instant dueBefore(InboxFilter f) {
    if (f.termijn().isEmpty()) {
      return null;
    }
    ZonedDateTime now = clock.instant().atZone(WorkingDayCalendar.ZONE);
    return switch (f.termijn().get()) {
      case "te_laat" -> now.toInstant();
      case "vandaag" ->
          now.toLocalDate().plusDays(1).atStartOfDay(WorkingDayCalendar.ZONE).toInstant();
      default ->
          now.toLocalDate()
              .plusDays(8 - now.getDayOfWeek().getValue())
              .atStartOfDay(WorkingDayCalendar.ZONE)
              .toInstant();
    };
  }

  /** Whether the viewer may see the item, without opening it (no content read, so not audited). */
  public Future<Boolean> visible(Viewer v, UUID id) {
    return repository.current(pool, v, id).map(Optional::isPresent);
  }

  /**
   * Opens an item: every opening is audited, with why, and the opening completes only when its own
   * entry is committed (it fails when the entry could not be written), so no page is shown whose
   * read is not durably audited. As the status page ({@link AuditLog#audited}): with few audited
   * reads in flight the read and its entry in one statement; with many, the read, then its entry
   * with the other reads' entries of the moment (group commit). An item the viewer may not see is
   * not read, so not audited.
   */
  public Future<Optional<ItemDetail>> open(Viewer v, UUID id) {
    AuditEntry read = v.actor().audit("item.read", id).because("triage");
    return audit.audited(
        () -> repository.detail(v, id, audit, read),
        () ->
            repository
                .detail(v, id)
                .compose(
                    found ->
                        found.isEmpty()
                            ? Future.succeededFuture(found)
                            : audit.recordGrouped(read).map(found)));
  }

  // ---- Registering, reminders, saved views, the access log ----

  /** The kanalen staff register themselves. */
  public static final List<String> STAFF_KANALEN = List.of("telefoon", "balie", "huisbezoek");

  /**
   * Registers a phone call, a walk-in or a home visit: the same item, fields and clock as any
   * other, claimed by the worker who registered it.
   */
  public Future<Receipt> register(Viewer v, NewItem item) {
    if (!STAFF_KANALEN.contains(item.kanaal())) {
      return Future.failedFuture(TriageRefusal.invalid("kanaal", "inbox.invalid.kanaal"));
    }
    if (v.triage()) {
      return submitAndClaim(v, item);
    }
    // A teamleider without role triage only sees their own wijken: an item they register
    // elsewhere would be stored out of their sight, unclaimed. Refused before it is stored.
    Optional<String> postcode = Postcode.normalise(item.subject().postcode());
    return (postcode.isPresent()
            ? intake.wijkFor(postcode.get())
            : Future.succeededFuture(Optional.<String>empty()))
        .compose(
            wijk ->
                wijk.isPresent() && v.wijkteams().contains(wijk.get())
                    ? submitAndClaim(v, item)
                    : Future.failedFuture(
                        TriageRefusal.invalid("postcode", "inbox.invalid.registerWijk")));
  }

  private Future<Receipt> submitAndClaim(Viewer v, NewItem item) {
    return intake.submit(item, v.actor()).compose(receipt -> claim(v, receipt.id()).map(receipt));
  }

  /** A reminder for a worker: an overdue item, a hand-over to check, an answer that came in. */
  public record Reminder(long id, UUID itemId, String referentie, String kind, Instant createdAt) {}

  public Future<List<Reminder>> reminders(Viewer v) {
    return repository.reminders(v.accountId());
  }

  /** Marks the viewer's own reminder as done; false when it is not theirs or already done. */
  public Future<Boolean> reminderDone(Viewer v, long id) {
    return repository.reminderDone(v.accountId(), id, clock.instant());
  }

  /** A worker's saved filter. */
  public record SavedView(UUID id, String name, String query) {}

  public Future<List<SavedView>> savedViews(Viewer v) {
    return repository.savedViews(v.accountId());
  }

  /** Saves the filter under a name (the same name again replaces it). */
  public Future<Void> saveView(Viewer v, String name, InboxFilter filter) {
    if (!text(name, 60)) {
      return Future.failedFuture(TriageRefusal.invalid("naam", "inbox.invalid.viewName"));
    }
    return repository.saveView(
        v.accountId(), name.strip(), filter.withoutText().query(), clock.instant());
  }

  public Future<Boolean> deleteView(Viewer v, UUID id) {
    return repository.deleteView(v.accountId(), id);
  }

  // ---- What the pages offer to choose from ----

  /** A colleague an item can be assigned to. */
  public record Colleague(UUID id, String name) {}

  /**
   * How long a node keeps the wijkteams and colleagues its pages offer ({@link KeptList}): a change
   * shows on every node's pages within this time; the choice a worker submits is checked against
   * the database when the change is made.
   */
  static final Duration CHOICES_KEPT = Duration.ofSeconds(10);

  /**
   * The active SWT accounts that use the inbox: whom {@link #assignToColleague} accepts (as the
   * database held them at most {@link #CHOICES_KEPT} ago).
   */
  public Future<List<Colleague>> colleagues() {
    return colleagues.get();
  }

  /**
   * Every wijkteam, to assign an item to or to filter on (as the database held them at most {@link
   * #CHOICES_KEPT} ago).
   */
  public Future<List<Wijkteam>> wijkteams() {
    return wijkteams.get();
  }

  /**
   * The item with this reference, if the viewer may see it: staff merge and link by the reference
   * they read.
   */
  public Future<Optional<UUID>> findByReference(Viewer v, String referentie) {
    if (!Referentie.looksValid(referentie)) {
      return Future.succeededFuture(Optional.empty());
    }
    return repository.findByReference(v, Referentie.normalise(referentie));
  }

  /** Who opened or changed an item, newest first: for the teamleider of an item they may see. */
  public Future<Optional<List<AuditRecord>>> accessLog(Viewer v, UUID id) {
    if (!v.teamleider()) {
      return Future.succeededFuture(Optional.empty());
    }
    return repository
        .current(pool, v, id)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture(Optional.empty())
                    : audit
                        .search(AuditQuery.all().object("inbox_item", id.toString()).page(200, 0))
                        .map(Optional::of));
  }

  // ---- Ownership ----

  /**
   * Claims an unclaimed item. Atomic: of two workers claiming at the same moment (on any node)
   * exactly one wins; the other is told who ({@link TriageRefusal.Kind#CLAIMED}).
   */
  public Future<Void> claim(Viewer v, UUID id) {
    ItemChange c = change(v, Action.CLAIM, id, null);
    return change(
        v,
        c.set("owner_account_id = " + c.bind(v.accountId())).where("x.owner_account_id IS NULL"));
  }

  /** Gives an item back to the triage team (unclaimed). */
  public Future<Void> handBack(Viewer v, UUID id, int version) {
    return change(
        v,
        change(v, Action.HAND_BACK, id, version)
            .set("owner_account_id = NULL")
            .set("owner_wijkteam = NULL"));
  }

  /** Assigns an item to a wijkteam: it becomes unclaimed for that team. */
  public Future<Void> assignToWijkteam(Viewer v, UUID id, int version, String wijkteam) {
    if (wijkteam == null || !wijkteam.matches("[a-z][a-z0-9_]{0,39}")) {
      return Future.failedFuture(TriageRefusal.invalid("wijkteam", "inbox.invalid.wijkteam"));
    }
    return staff
        .wijkteamExists(wijkteam)
        .compose(
            exists -> {
              ItemChange c =
                  change(v, Action.ASSIGN_WIJKTEAM, id, version).detail("wijkteam", wijkteam);
              c.set("owner_account_id = NULL").set("owner_wijkteam = " + c.bind(wijkteam));
              return change(v, exists ? c : c.where("FALSE"))
                  .recover(
                      e ->
                          Future.failedFuture(
                              notAllowed(e) && !exists
                                  ? TriageRefusal.invalid("wijkteam", "inbox.invalid.wijkteam")
                                  : e));
            });
  }

  /** Assigns an item to a colleague: an active SWT account that may use the inbox. */
  public Future<Void> assignToColleague(Viewer v, UUID id, int version, UUID colleague) {
    return staff
        .usesInbox(colleague)
        .compose(
            isStaff -> {
              ItemChange c =
                  change(v, Action.ASSIGN_COLLEAGUE, id, version)
                      .detail("medewerker", colleague.toString());
              c.set("owner_account_id = " + c.bind(colleague));
              return change(v, isStaff ? c : c.where("FALSE"))
                  .recover(
                      e ->
                          Future.failedFuture(
                              notAllowed(e) && !isStaff
                                  ? TriageRefusal.invalid("medewerker", "inbox.invalid.colleague")
                                  : e));
            });
  }

  private static boolean notAllowed(Throwable e) {
    return e instanceof TriageRefusal r && r.kind() == TriageRefusal.Kind.NOT_ALLOWED;
  }

  // ---- The clock and the work ----

  /** First contact with the resident: stops the intake clock (KPI wachttijd intake). */
  public Future<Void> recordFirstContact(Viewer v, UUID id, int version) {
    ItemChange c = change(v, Action.FIRST_CONTACT, id, version);
    return change(
        v,
        c.set("first_contact_at = COALESCE(x.first_contact_at, " + c.now() + ")")
            .set("info_requested_from = NULL")
            .set("info_request = NULL"));
  }

  /** Support started (KPI wachttijd ondersteuning); the state stays what it is. */
  public Future<Void> recordSupportStarted(Viewer v, UUID id, int version) {
    ItemChange c = change(v, Action.SUPPORT_STARTED, id, version);
    return change(v, c.set("support_started_at = COALESCE(x.support_started_at, " + c.now() + ")"));
  }

  /**
   * Asks the melder or the resident for information; their answer returns the item to its owner.
   */
  public Future<Void> askInformation(Viewer v, UUID id, int version, String from, String question) {
    if (!List.of("melder", "bewoner").contains(from)) {
      return Future.failedFuture(TriageRefusal.invalid("van", "inbox.invalid.informationFrom"));
    }
    if (!text(question, TEXT_MAX)) {
      return Future.failedFuture(TriageRefusal.invalid("vraag", "inbox.invalid.question"));
    }
    String party = from.equals("melder") ? "x.kanaal = 'signaal'" : "x.kanaal = 'aanmelding'";
    ItemChange ask = change(v, Action.ASK, id, version);
    return change(
            v,
            ask.set("info_requested_from = " + ask.bind(from))
                .set("info_request = " + ask.bind(question.strip()))
                .where(party))
        .recover(
            e ->
                e instanceof TriageRefusal r && r.kind() == TriageRefusal.Kind.NOT_ALLOWED
                    ? repository
                        .current(pool, v, id)
                        .compose(
                            now ->
                                Future.failedFuture(
                                    now.isPresent() && Action.ASK.allowedFrom(now.get().state())
                                        ? TriageRefusal.invalid(
                                            "van", "inbox.invalid.informationFrom." + from)
                                        : e))
                    : Future.failedFuture(e));
  }

  /** A warm hand-over to a named organisation and contact, with the date to check it started. */
  public Future<Void> forward(
      Viewer v, UUID id, int version, String organisatie, String contact, LocalDate followUp) {
    if (!text(organisatie, SHORT_MAX)) {
      return Future.failedFuture(
          TriageRefusal.invalid("organisatie", "inbox.invalid.organisation"));
    }
    if (!text(contact, SHORT_MAX)) {
      return Future.failedFuture(TriageRefusal.invalid("contact", "inbox.invalid.contact"));
    }
    LocalDate today = clock.instant().atZone(WorkingDayCalendar.ZONE).toLocalDate();
    if (followUp == null || !followUp.isAfter(today) || followUp.isAfter(today.plusYears(1))) {
      return Future.failedFuture(TriageRefusal.invalid("controleerOp", "inbox.invalid.followUp"));
    }
    ItemChange c = change(v, Action.HAND_OVER, id, version);
    return change(
        v,
        c.set("doorgezet_organisatie = " + c.bind(organisatie.strip()))
            .set("doorgezet_contact = " + c.bind(contact.strip()))
            .set("follow_up_on = " + c.bind(followUp))
            .set("follow_up_reminded_at = NULL")
            .set("support_started_at = COALESCE(x.support_started_at, " + c.now() + ")"));
  }

  /** Closes with a route decision (and for sociale_basis the offers) and a short reason. */
  public Future<Void> close(
      Viewer v, UUID id, int version, String route, List<UUID> offers, String reason) {
    if (route == null || !ROUTES.contains(route)) {
      return Future.failedFuture(TriageRefusal.invalid("route", "inbox.invalid.route"));
    }
    if (route.equals("sociale_basis") && offers.isEmpty()) {
      return Future.failedFuture(TriageRefusal.invalid("aanbod", "inbox.invalid.offers"));
    }
    if (!text(reason, SHORT_MAX)) {
      return Future.failedFuture(TriageRefusal.invalid("reden", "inbox.invalid.reason"));
    }
    ItemChange c = change(v, Action.CLOSE, id, version);
    return change(
        v,
        c.set("route = " + c.bind(route))
            .set("route_offers = " + c.bind(offers.toArray(UUID[]::new)))
            .set("close_reason = " + c.bind(reason.strip()))
            .set("closed_at = " + c.now())
            .set("info_requested_from = NULL")
            .set("info_request = NULL"));
  }

  /** Reopens a closed item (nazorg, or a new signal), keeping its history and owner. */
  public Future<Void> reopen(Viewer v, UUID id, int version) {
    return change(v, ItemChanges.reopening(change(v, Action.REOPEN, id, version)));
  }

  /** Merges a duplicate into another item the viewer may see; the duplicate keeps a pointer. */
  public Future<Void> merge(Viewer v, UUID id, int version, UUID into) {
    if (into == null || into.equals(id)) {
      return Future.failedFuture(
          TriageRefusal.invalid("samenvoegenMet", "inbox.invalid.mergeTarget"));
    }
    ItemChange c = change(v, Action.MERGE, id, version);
    String target = c.bind(into);
    // The target must be visible as well, and not merged or withdrawn itself.
    String targetVisible = v.visible("t", c::bind);
    return change(
            v,
            c.set("merged_into = " + target)
                .set("info_requested_from = NULL")
                .set("info_request = NULL")
                .where(
                    "EXISTS (SELECT 1 FROM inbox_item t WHERE t.id = "
                        + target
                        + " AND t.state <> ALL("
                        + c.bind(new String[] {SAMENGEVOEGD.code(), INGETROKKEN.code()})
                        + "::text[]) AND "
                        + targetVisible
                        + ")"))
        .recover(
            e ->
                e instanceof TriageRefusal r && r.kind() == TriageRefusal.Kind.NOT_ALLOWED
                    ? repository
                        .current(pool, v, into)
                        .compose(
                            t ->
                                Future.failedFuture(
                                    t.isPresent()
                                            && t.get().state() != ItemState.SAMENGEVOEGD
                                            && t.get().state() != ItemState.INGETROKKEN
                                        ? e
                                        : TriageRefusal.invalid(
                                            "samenvoegenMet", "inbox.invalid.mergeTarget")))
                    : Future.failedFuture(e));
  }

  // ---- Complaints (Awb hoofdstuk 9), by the teamleider ----

  /**
   * Extends a complaint's handling term once, by 4 weeks; {@code message} writes the letter to the
   * complainant in the same transaction. A second extension is refused.
   */
  public Future<Void> extendComplaint(
      Viewer v, UUID id, int version, Function<SqlClient, Future<Void>> message) {
    if (!v.teamleider()) {
      return Future.failedFuture(TriageRefusal.notFound());
    }
    ItemChange c = change(v, Action.EXTEND_COMPLAINT, id, version).also(message);
    return change(
            v,
            c.set("due_at = x.due_at + interval '4 weeks'")
                .set("klacht_verlengd_at = " + c.now())
                .where("x.kanaal = 'klacht'")
                .where("x.klacht_verlengd_at IS NULL"))
        .recover(
            e ->
                e instanceof TriageRefusal r && r.kind() == TriageRefusal.Kind.NOT_ALLOWED
                    ? Future.failedFuture(
                        TriageRefusal.invalid("verlengen", "insight.klacht.error.extended"))
                    : Future.failedFuture(e));
  }

  /**
   * Closes a complaint with the teamleider's judgement: admissible (ontvankelijk) or not, resolved
   * or not, and why.
   */
  public Future<Void> decideComplaint(
      Viewer v, UUID id, int version, boolean ontvankelijk, boolean opgelost, String reason) {
    if (!v.teamleider()) {
      return Future.failedFuture(TriageRefusal.notFound());
    }
    if (!text(reason, SHORT_MAX)) {
      return Future.failedFuture(TriageRefusal.invalid("reden", "inbox.invalid.reason"));
    }
    ItemChange c = change(v, Action.DECIDE_COMPLAINT, id, version);
    return change(
        v,
        c.set("klacht_ontvankelijk = " + c.bind(ontvankelijk))
            .set("klacht_opgelost = " + c.bind(ontvankelijk && opgelost))
            .set("close_reason = " + c.bind(reason.strip()))
            .set("closed_at = " + c.now())
            .set("info_requested_from = NULL")
            .set("info_request = NULL")
            .where("x.kanaal = 'klacht'"));
  }

  /** A staff note: never shown to melders or residents. */
  public Future<Void> addNote(Viewer v, UUID id, String tekst) {
    if (!text(tekst, TEXT_MAX)) {
      return Future.failedFuture(TriageRefusal.invalid("notitie", "inbox.invalid.note"));
    }
    Instant now = clock.instant();
    return pool.withTransaction(
            tx ->
                visible(tx, v, id)
                    .compose(
                        item ->
                            repository
                                .insertNote(tx, id, v.accountId(), now, tekst.strip())
                                .compose(
                                    inserted ->
                                        inserted
                                            ? Future.succeededFuture()
                                            : Future.<Void>failedFuture(
                                                TriageRefusal.notAllowed(
                                                    item.state(), item.state()))))
                    .compose(r -> changes.record(tx, id, now, "notitie", v.actor()))
                    .compose(r -> audit.record(tx, v.actor().audit("item.note_added", id))))
        .onSuccess(x -> changes.announce(id, "notitie"));
  }

  // ---- Links and possible matches ----

  /** Links two items about the same household (both must be visible). */
  public Future<Void> link(Viewer v, UUID a, UUID b) {
    if (a.equals(b)) {
      return Future.failedFuture(TriageRefusal.invalid("koppelen", "inbox.invalid.linkTarget"));
    }
    Instant now = clock.instant();
    return pool.withTransaction(tx -> linkIn(tx, v, a, b, now))
        .onSuccess(x -> changes.announce(a, "gekoppeld"));
  }

  /** Links two items in the caller's transaction; both must be visible to the viewer. */
  /** The item as the viewer may see it, within {@code tx}; refused as not found otherwise. */
  private Future<TriageRepository.Current> visible(SqlClient tx, Viewer v, UUID id) {
    return repository
        .current(tx, v, id)
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(TriageRefusal.notFound())));
  }

  private Future<Void> linkIn(SqlClient tx, Viewer v, UUID a, UUID b, Instant now) {
    // PostgreSQL orders uuids by their unsigned bytes, as their hex text sorts; UUID.compareTo
    // compares signed longs and disagrees for half of all pairs (the table's CHECK item_a <
    // item_b).
    UUID low = a.toString().compareTo(b.toString()) < 0 ? a : b;
    UUID high = low.equals(a) ? b : a;
    return Future.all(repository.current(tx, v, a), repository.current(tx, v, b))
        .compose(
            both -> {
              Optional<TriageRepository.Current> first = both.resultAt(0);
              Optional<TriageRepository.Current> second = both.resultAt(1);
              if (first.isEmpty()) {
                return Future.failedFuture(TriageRefusal.notFound());
              }
              if (second.isEmpty()) {
                return Future.failedFuture(
                    TriageRefusal.invalid("koppelen", "inbox.invalid.linkTarget"));
              }
              return repository
                  .link(tx, low, high, now, v.accountId())
                  .compose(r -> changes.record(tx, a, now, "gekoppeld", v.actor()))
                  .compose(r -> changes.record(tx, b, now, "gekoppeld", v.actor()))
                  .compose(
                      r ->
                          audit.record(
                              tx, v.actor().audit("item.linked", a).detail("met", b.toString())));
            });
  }

  /**
   * Triage's decision on a possible match: accept (the items are linked, in the same transaction)
   * or reject.
   */
  public Future<Void> decideMatch(Viewer v, UUID id, UUID other, boolean accept) {
    Instant now = clock.instant();
    return pool.withTransaction(
            tx ->
                visible(tx, v, id)
                    .compose(
                        item -> repository.decideMatch(tx, id, other, accept, now, v.accountId()))
                    .compose(
                        decided ->
                            decided
                                ? Future.<Void>succeededFuture()
                                : Future.<Void>failedFuture(
                                    TriageRefusal.invalid("match", "inbox.invalid.match")))
                    .compose(
                        r ->
                            audit.record(
                                tx,
                                v.actor()
                                    .audit(
                                        accept ? "item.match_accepted" : "item.match_rejected", id)
                                    .detail("met", other.toString())))
                    .compose(
                        r ->
                            accept
                                ? linkIn(tx, v, id, other, now)
                                : Future.<Void>succeededFuture()))
        .onSuccess(x -> changes.announce(id, accept ? "gekoppeld" : "match"));
  }

  // ---- The one way every state change goes ----

  /** A change by this viewer, of an item they may see, at {@code version} (null: any, to claim). */
  private ItemChange change(Viewer v, Action action, UUID id, Integer version) {
    ItemChange c = ItemChange.of(action, id, v.actor(), clock.instant()).visibleTo(v);
    return version == null ? c : c.atVersion(version);
  }

  /**
   * Makes the change through the one door; an update that matches nothing is explained: not found,
   * stale, not allowed, claimed.
   */
  private Future<Void> change(Viewer v, ItemChange change) {
    return changes
        .change(change)
        .compose(done -> done.isPresent() ? Future.<Void>succeededFuture() : explain(v, change))
        .mapEmpty();
  }

  private Future<Void> explain(Viewer v, ItemChange change) {
    UUID id = change.id();
    Integer version = change.version();
    return repository
        .current(pool, v, id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(TriageRefusal.notFound());
              }
              TriageRepository.Current c = found.get();
              if (change.action() == Action.CLAIM
                  && c.owner().isPresent()
                  && !c.owner().get().equals(v.accountId())) {
                return Future.failedFuture(TriageRefusal.claimedBy(c.ownerName().orElse("?")));
              }
              if (version != null && c.version() != version) {
                return Future.failedFuture(TriageRefusal.stale());
              }
              return Future.failedFuture(
                  TriageRefusal.notAllowed(c.state(), change.action().to().orElse(c.state())));
            });
  }

  private static boolean text(String value, int max) {
    return value != null
        && !value.isBlank()
        && value.strip().length() <= max
        && value.indexOf('\0') < 0;
  }
}
