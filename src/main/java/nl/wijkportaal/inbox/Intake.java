package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import nl.wijkportaal.identity.Secrets;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.db.Rows;
import nl.wijkportaal.platform.http.InvalidInput;

/**
 * The front doors' one way in: stores a new item with its personal data, history, possible matches,
 * audit entry and receipts in one transaction, so a receipt means it is stored. Then tells the
 * inbox screens over the event bus. Also what residents and melders may do with their item
 * afterwards: look, add information, withdraw.
 */
public final class Intake {

  /** How long a partner system's Idempotency-Key is kept. */
  public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

  private static final int REFERENCE_TRIES = 5;

  private final InboxRepository repository;
  private final DeadlineRules deadlines;
  private final AuditLog audit;
  private final ItemFeedback feedback;
  private final InboxEvents events;
  private final ItemChanges changes;
  private final Clock clock;
  private final IntakeGroups groups;

  public Intake(
      InboxRepository repository,
      DeadlineRules deadlines,
      AuditLog audit,
      ItemFeedback feedback,
      InboxEvents events,
      Clock clock) {
    this.repository = repository;
    this.deadlines = deadlines;
    this.audit = audit;
    this.feedback = feedback;
    this.events = events;
    this.changes = new ItemChanges(repository, audit, feedback, events);
    this.clock = clock;
    this.groups = new IntakeGroups(this, GROUP_QUEUE, LARGEST_GROUP, GROUPS_IN_FLIGHT);
  }

  /** New items that may wait for a group at once; more are refused (503 with Retry-After). */
  static final int GROUP_QUEUE = 2048;

  /** The most new items one transaction stores. */
  static final int LARGEST_GROUP = 64;

  /** Groups written at the same time (each on a connection of its own). */
  static final int GROUPS_IN_FLIGHT = 2;

  /** What happened to a request with an Idempotency-Key. */
  public sealed interface Outcome permits Stored, Replayed, KeyReused {}

  /** Stored now; {@code response} is what was kept for a retry. */
  public record Stored(Receipt receipt, JsonObject response) implements Outcome {}

  /** The same key and body came before: the first answer, and no new item. */
  public record Replayed(JsonObject response) implements Outcome {}

  /** The same key came before with another body. */
  public record KeyReused() implements Outcome {}

  /** When first contact is due for an item coming in now by {@code kanaal}. */
  public ZonedDateTime dueFor(String kanaal, String urgentie) {
    return deadlines.firstContactDue(clock.instant(), kanaal, urgentie);
  }

  /** The wijk a postcode lies in, if any. */
  public Future<Optional<String>> wijkFor(String postcode) {
    return repository.wijkFor(repository.pool(), postcode);
  }

  /** Stores a new item; the receipt comes only once it is committed. */
  public Future<Receipt> submit(NewItem item, Actor actor) {
    return store(item, actor, null, 1);
  }

  /**
   * Stores a new item under a partner system's Idempotency-Key: a retry with the same key and body
   * within {@link #IDEMPOTENCY_WINDOW} gets the first answer and stores nothing. {@code response}
   * makes the answer that is kept from the receipt.
   */
  public Future<Outcome> submitOnce(
      String clientId,
      String key,
      String requestHash,
      NewItem item,
      Actor actor,
      Function<Receipt, JsonObject> response) {
    Instant notBefore = clock.instant().minus(IDEMPOTENCY_WINDOW);
    return repository
        .findIdempotencyKey(clientId, key, notBefore)
        .compose(
            earlier -> {
              if (earlier.isPresent()) {
                return Future.succeededFuture(earlierOutcome(earlier.get(), requestHash));
              }
              Idempotency idem = new Idempotency(clientId, key, requestHash, response, notBefore);
              return store(item, actor, idem, 1)
                  .<Outcome>map(receipt -> new Stored(receipt, response.apply(receipt)))
                  .recover(
                      failure -> {
                        if (!(failure instanceof KeyTaken)) {
                          return Future.failedFuture(failure);
                        }
                        // Another request with this key committed first: answer as it did.
                        return repository
                            .findIdempotencyKey(clientId, key, notBefore)
                            .compose(
                                again ->
                                    again.isPresent()
                                        ? Future.succeededFuture(
                                            earlierOutcome(again.get(), requestHash))
                                        : Future.failedFuture(failure));
                      });
            });
  }

  private static Outcome earlierOutcome(JsonObject earlier, String requestHash) {
    return earlier.getString("requestHash").equals(requestHash)
        ? new Replayed(earlier.getJsonObject("response"))
        : new KeyReused();
  }

  record Idempotency(
      String clientId,
      String key,
      String requestHash,
      Function<Receipt, JsonObject> response,
      Instant expired) {}

  /** The key was taken by a concurrent request between the check and the commit. */
  private static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super("Idempotency-Key taken by a concurrent request", null, false, false);
    }
  }

  /**
   * A new item with what is decided before it is written: its id, reference, status token, deadline
   * and postcode. {@code stored} completes on the submitter's event loop.
   */
  record Pending(
      NewItem item,
      Actor actor,
      Idempotency idem,
      Instant now,
      UUID id,
      String referentie,
      Optional<String> token,
      String urgentie,
      ZonedDateTime due,
      Optional<String> postcode) {}

  private Pending pending(NewItem item, Actor actor, Idempotency idem) {
    Instant now = clock.instant();
    String urgentie = item.effectiveUrgentie();
    return new Pending(
        item,
        actor,
        idem,
        now,
        UUID.randomUUID(),
        Referentie.next(item.kanaal()),
        "aanmelding".equals(item.kanaal()) ? Optional.of(Secrets.token(32)) : Optional.empty(),
        urgentie,
        deadlines.firstContactDue(now, item.kanaal(), urgentie),
        Postcode.normalise(item.subject().postcode()));
  }

  /**
   * The first attempt goes in the next group ({@link IntakeGroups}): with the items submitted
   * meanwhile, in one transaction. When that group fails as a whole, each of its items is tried
   * again alone, so each gets its own answer (a clash of references is tried anew with another).
   */
  private Future<Receipt> store(NewItem item, Actor actor, Idempotency idem, int attempt) {
    if (attempt == 1) {
      return groups.submit(pending(item, actor, idem));
    }
    return alone(pending(item, actor, idem), attempt);
  }

  /** One item in a transaction of its own; retried with a new reference on a clash. */
  private Future<Receipt> alone(Pending p, int attempt) {
    return repository
        .pool()
        .withTransaction(tx -> wijkFor(tx, p).compose(wijk -> write(tx, p, wijk)))
        .onSuccess(receipt -> events.created(receipt, p.item().kanaal()))
        .recover(
            failure -> {
              if (attempt < REFERENCE_TRIES && isReferenceClash(failure)) {
                return alone(pending(p.item(), p.actor(), p.idem()), attempt + 1);
              }
              return Future.failedFuture(failure);
            });
  }

  /**
   * Several items in one transaction (one commit, one fsync for all): their wijken in one round
   * trip, then each item's statements, all sent at once. The receipts come only after the commit.
   */
  Future<List<Receipt>> together(List<Pending> group) {
    return repository
        .pool()
        .withTransaction(
            tx -> {
              List<Future<Optional<String>>> wijken = new ArrayList<>(group.size());
              for (Pending p : group) {
                wijken.add(wijkFor(tx, p));
              }
              return Future.all(wijken)
                  .compose(
                      found -> {
                        List<Future<Receipt>> written = new ArrayList<>(group.size());
                        for (int i = 0; i < group.size(); i++) {
                          written.add(write(tx, group.get(i), wijken.get(i).result()));
                        }
                        return Future.all(written)
                            .map(
                                all -> {
                                  List<Receipt> receipts = new ArrayList<>(written.size());
                                  for (Future<Receipt> r : written) {
                                    receipts.add(r.result());
                                  }
                                  return receipts;
                                });
                      });
            })
        .onSuccess(
            receipts -> {
              for (int i = 0; i < receipts.size(); i++) {
                events.created(receipts.get(i), group.get(i).item().kanaal());
              }
            });
  }

  /** After its group failed: the item alone, for its own answer. */
  Future<Receipt> again(Pending p) {
    return alone(p, 1);
  }

  private Future<Optional<String>> wijkFor(SqlClient tx, Pending p) {
    return p.postcode().isPresent()
        ? repository.wijkFor(tx, p.postcode().get())
        : Future.succeededFuture(Optional.empty());
  }

  /** The item's statements in the caller's transaction; its receipt once they are all done. */
  private Future<Receipt> write(SqlClient tx, Pending p, Optional<String> wijk) {
    NewItem item = p.item();
    boolean buiten = p.postcode().isPresent() && wijk.isEmpty();
    Receipt receipt =
        new Receipt(
            p.id(),
            p.referentie(),
            ItemState.NIEUW,
            p.now(),
            p.due(),
            p.urgentie(),
            p.token(),
            wijk,
            buiten);
    InboxRepository.ItemRow row =
        new InboxRepository.ItemRow(
            p.id(),
            p.referentie(),
            item,
            p.urgentie(),
            p.now(),
            wijk,
            buiten,
            p.due().toInstant(),
            p.token().map(Secrets::sha256));
    // Sent at once, run in this order: the connection pipelines the statements of the
    // transaction, so the item costs one round trip to the database for all of them instead of
    // one each (the first failure, such as a clashing reference, fails the whole).
    Future<Void> stored = repository.insertItem(tx, row);
    Future<Void> person = repository.insertPerson(tx, p.id(), item);
    Future<Void> event =
        repository.insertEvent(tx, p.id(), p.now(), "ontvangen", null, ItemState.NIEUW, p.actor());
    Future<Integer> matched = repository.recordMatches(tx, p.id(), item.subject(), p.now());
    Future<Void> told = feedback.received(tx, receipt, item);
    return Future.all(stored, person, event, matched, told)
        .compose(
            v ->
                audit.record(
                    tx,
                    p.actor()
                        .audit("item.created", p.id())
                        .detail("kanaal", item.kanaal())
                        .detail("mogelijkeMatches", matched.result())))
        .compose(v -> p.idem() == null ? Future.succeededFuture() : claim(tx, p.idem(), receipt))
        .map(receipt);
  }

  private Future<Void> claim(SqlClient tx, Idempotency idem, Receipt receipt) {
    return repository
        .claimIdempotencyKey(
            tx,
            idem.clientId(),
            idem.key(),
            idem.requestHash(),
            receipt.id(),
            idem.response().apply(receipt),
            receipt.receivedAt(),
            idem.expired())
        .compose(
            claimed -> claimed ? Future.succeededFuture() : Future.failedFuture(new KeyTaken()));
  }

  static boolean isReferenceClash(Throwable failure) {
    return failure instanceof PgException pg
        && "23505".equals(pg.getSqlState())
        && String.valueOf(pg.getConstraint()).equals("inbox_item_referentie_key");
  }

  // ---- The resident's status link ----

  /**
   * The resident's view of their aanmelding, shown to them (audited); empty for a token that is not
   * one.
   */
  public Future<Optional<ResidentStatus>> status(String token, Actor actor) {
    // No page shows whose read is not durably audited: with few status reads in flight, the read
    // and its entry in one statement (one round trip, one commit); with many, the read, then its
    // entry written with the other reads' entries of the moment in one statement (group commit).
    // Either way the page waits until its own entry is committed, and a failed write fails it.
    if (!plausibleToken(token)) {
      return Future.succeededFuture(Optional.empty());
    }
    String tokenHash = Secrets.sha256(token);
    return audit.audited(
        () ->
            repository.residentStatus(
                tokenHash, audit, actor.audit("item.status_read", FOUND_BY_TOKEN)),
        () ->
            repository
                .residentStatus(tokenHash)
                .compose(
                    found ->
                        found.isEmpty()
                            ? Future.succeededFuture(found)
                            : audit
                                .recordGrouped(actor.audit("item.status_read", found.get().id()))
                                .map(found)));
  }

  /** Stands in for the id of the item a status link finds: the statement puts in the real one. */
  private static final UUID FOUND_BY_TOKEN = new UUID(0, 0);

  /** Whether the token opens an aanmelding; nothing is read out, so nothing is audited. */
  public Future<Boolean> knows(String token) {
    return find(token).map(Optional::isPresent);
  }

  /** The item behind a status link, for an action that audits itself. */
  private Future<Optional<ResidentStatus>> find(String token) {
    return plausibleToken(token)
        ? repository.residentStatus(Secrets.sha256(token))
        : Future.succeededFuture(Optional.empty());
  }

  /** Withdraws the aanmelding behind the link; false when it was no longer open. */
  public Future<Boolean> withdraw(String token, Actor actor) {
    return find(token)
        .compose(
            found -> {
              if (found.isEmpty() || !found.get().open()) {
                return Future.succeededFuture(false);
              }
              ItemChange withdrawal =
                  ItemChange.of(Action.WITHDRAW, found.get().id(), actor, clock.instant());
              return changes
                  .change(withdrawal.set("closed_at = " + withdrawal.now()))
                  .map(Optional::isPresent);
            });
  }

  /** How long after closing a resident can come back through the status link (nazorg). */
  public static final Period NAZORG = Period.ofMonths(3);

  /** Whether the resident may still reopen: closed, and not longer ago than {@link #NAZORG}. */
  public boolean mayReopen(ResidentStatus status) {
    return status.state() == ItemState.AFGESLOTEN
        && status.closedAt().map(closed -> !closed.isBefore(nazorgCutoff())).orElse(false);
  }

  private Instant nazorgCutoff() {
    return clock.instant().atZone(WorkingDayCalendar.ZONE).minus(NAZORG).toInstant();
  }

  /**
   * "Ik heb weer hulp nodig": reopens the closed aanmelding behind the link, with its history and
   * (when still there) its owner. False when it is not closed or closed too long ago.
   */
  public Future<Boolean> reopenByResident(String token, Actor actor) {
    return find(token)
        .compose(
            found -> {
              if (found.isEmpty() || !mayReopen(found.get())) {
                return Future.succeededFuture(false);
              }
              ItemChange reopen =
                  ItemChange.of(
                      Action.REOPEN_BY_RESIDENT, found.get().id(), actor, clock.instant());
              return changes
                  .change(
                      ItemChanges.reopening(reopen)
                          .where("x.closed_at >= " + reopen.bind(Rows.time(nazorgCutoff()))))
                  .map(Optional::isPresent);
            });
  }

  /** Adds the resident's information to their open aanmelding; false when it was closed. */
  public Future<Boolean> addFromResident(String token, String tekst, Actor actor) {
    return find(token)
        .compose(
            found ->
                found.isEmpty() || !found.get().open()
                    ? Future.succeededFuture(false)
                    : add(found.get().id(), "bewoner", null, null, tekst, actor).map(true));
  }

  // ---- The melder's signals ----

  /** The organisation's signals, newest first: for every melder of the organisation. */
  public Future<List<SignaalSummary>> signalen(UUID organisationId, int limit, int offset) {
    return repository.organisationSignalen(organisationId, limit, offset);
  }

  public Future<Long> signalCount(UUID organisationId) {
    return repository.organisationSignaalCount(organisationId);
  }

  /**
   * One signal of the organisation. The caller shows its content only to whoever submitted it
   * ({@link SignaalSummary#submittedBy}); a read of that content is audited here when {@code
   * contentShown}.
   */
  public Future<Optional<SignaalDetail>> signaal(
      UUID organisationId,
      UUID itemId,
      Actor actor,
      Function<SignaalSummary, Boolean> contentShown) {
    return repository
        .organisationSignaal(organisationId, itemId)
        .compose(
            found ->
                found.isPresent() && contentShown.apply(found.get().summary())
                    ? audit
                        .record(actor.audit("item.read", itemId).because("eigen signaal"))
                        .map(found)
                    : Future.succeededFuture(found));
  }

  /** Adds the melder's information to a signal they submitted; false when it is closed. */
  public Future<Boolean> addFromMelder(
      SignaalSummary own, UUID accountId, String clientId, String tekst, Actor actor) {
    if (!own.state().open()) {
      return Future.succeededFuture(false);
    }
    return add(own.id(), "melder", accountId, clientId, tekst, actor).map(true);
  }

  /**
   * Additions one party (the resident through their status link, the melders of a signal) may make
   * to one item. Far more than a real case needs (more goes by phone); it bounds what the item
   * page, the signal page and the API's list show, and what a leaked link can pile up.
   */
  public static final int MAX_ADDITIONS = 25;

  /** What an addition did: the item it landed on, and whether it answered that item's question. */
  private record Added(UUID item, boolean answered) {}

  private Future<Void> add(
      UUID submitted, String door, UUID accountId, String clientId, String tekst, Actor actor) {
    Instant now = clock.instant();
    return repository
        .pool()
        .withTransaction(
            tx ->
                repository
                    .lockWorkItem(tx, submitted)
                    .compose(
                        work ->
                            repository
                                .additionsBy(tx, work, door)
                                .compose(
                                    n ->
                                        n >= MAX_ADDITIONS
                                            ? Future.<UUID>failedFuture(
                                                new InvalidInput("tekst", "tooManyAdditions"))
                                            : Future.succeededFuture(work)))
                    .compose(
                        work ->
                            repository
                                .insertAddition(tx, work, now, door, accountId, clientId, tekst)
                                .compose(
                                    v ->
                                        repository.insertEvent(
                                            tx,
                                            work,
                                            now,
                                            "informatie_toegevoegd",
                                            null,
                                            null,
                                            actor))
                                .compose(
                                    v ->
                                        audit.record(
                                            tx,
                                            actor
                                                .audit("item.information_added", work)
                                                .detail("door", door)))
                                // Only the party that was asked answers: an addition through a
                                // merged duplicate does not.
                                .compose(
                                    v ->
                                        work.equals(submitted)
                                            ? answer(tx, work, door, now, actor)
                                            : Future.succeededFuture(false))
                                .map(answered -> new Added(work, answered))))
        .onSuccess(
            added ->
                events.changed(
                    added.item(),
                    added.answered() ? ItemState.IN_BEHANDELING : null,
                    "informatie_toegevoegd"))
        .mapEmpty();
  }

  /** When the item waited for this party's answer: back to its owner, with a reminder. */
  private Future<Boolean> answer(SqlClient tx, UUID item, String door, Instant now, Actor actor) {
    ItemChange answered = ItemChange.of(Action.ANSWER_RECEIVED, item, actor, now);
    return changes
        .change(
            tx,
            answered
                .set("info_requested_from = NULL")
                .set("info_request = NULL")
                .where("x.info_requested_from = " + answered.bind(door)))
        .compose(
            changed -> {
              if (changed.isEmpty()) {
                return Future.succeededFuture(false);
              }
              Optional<UUID> owner = changed.get().owner();
              return (owner.isEmpty()
                      ? Future.<Void>succeededFuture()
                      : repository.remindOwner(tx, item, owner.get(), now))
                  .map(true);
            });
  }

  /** What a status link's token is made of (URL-safe Base64), compiled once. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,100}");

  private static boolean plausibleToken(String token) {
    // String.matches would compile the pattern anew for every status page.
    return token != null && TOKEN.matcher(token).matches();
  }
}
