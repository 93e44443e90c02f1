package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.wijkportaal.identity.Staff;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.config.ConfigException;
import nl.wijkportaal.platform.db.Rows;
import nl.wijkportaal.platform.mail.Mail;
import nl.wijkportaal.platform.mail.MailOutbox;
import nl.wijkportaal.platform.web.Messages;

/**
 * The inbox's scheduled work, run once per period for the installation ({@code ScheduledJobs}): an
 * overdue item notifies the teamleiders of its wijk (the triage team when it has none), a hand-over
 * reminds its owner on the follow-up date to check that the help started, and retention anonymises
 * the personal data of items closed longer than the configured period, keeping the KPI fields.
 */
public final class InboxJobs {

  /**
   * Retention may not be shorter than the nazorg period plus a margin: a returning resident still
   * finds the item.
   */
  public static final Period RETENTION_FLOOR = Period.ofMonths(4);

  private static final Locale STAFF_LANGUAGE = Locale.forLanguageTag("nl");

  /**
   * Open items past their first-contact deadline that nobody was told about yet; marks them in one
   * step.
   */
  private static final String OVERDUE =
      "UPDATE inbox_item SET overdue_notified_at = $1 WHERE first_contact_at IS NULL AND due_at < $1 AND overdue_notified_at IS NULL"
          + " AND state IN ('nieuw', 'in_behandeling', 'wacht_op_informatie', 'heropend')"
          + " RETURNING id, referentie, COALESCE(owner_wijkteam, wijk) AS team";

  private static final String FOLLOW_UP =
      "UPDATE inbox_item SET follow_up_reminded_at = $1 WHERE state = 'doorgezet' AND follow_up_on <= $2 AND follow_up_reminded_at IS NULL"
          + " AND owner_account_id IS NOT NULL RETURNING id, referentie, owner_account_id, follow_up_on,"
          + " (SELECT email FROM account WHERE id = owner_account_id) AS email";

  private static final String REMIND =
      "INSERT INTO inbox_reminder (item_id, account_id, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";

  /**
   * Items whose retention ran out: closed, withdrawn or merged before the cutoff, not yet
   * anonymised.
   */
  private static final String EXPIRED =
      "SELECT id FROM inbox_item WHERE anonymised_at IS NULL AND state IN ('afgesloten', 'ingetrokken', 'samengevoegd')"
          + " AND COALESCE(closed_at, updated_at) < $1 ORDER BY id LIMIT 500";

  private final Pool pool;
  private final Anonymiser anonymiser;
  private final MailOutbox outbox;
  private final Messages messages;
  private final String publicUrl;
  private final Period retention;
  private final Staff staff;
  private final Clock clock;

  public InboxJobs(
      Pool pool,
      Anonymiser anonymiser,
      MailOutbox outbox,
      Messages messages,
      String publicUrl,
      Period retention,
      Staff staff,
      Clock clock) {
    if (retention.toTotalMonths() < RETENTION_FLOOR.toTotalMonths()) {
      throw new ConfigException(
          "intake.retentionMonths must be at least "
              + RETENTION_FLOOR.toTotalMonths()
              + " (nazorg is 3 months): "
              + retention.toTotalMonths());
    }
    this.pool = pool;
    this.anonymiser = anonymiser;
    this.outbox = outbox;
    this.messages = messages;
    this.publicUrl = publicUrl;
    this.retention = retention;
    this.staff = staff;
    this.clock = clock;
  }

  /** Tells the teamleiders about items that passed their deadline; answers what it did. */
  public Future<String> notifyOverdue() {
    Instant now = clock.instant();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(OVERDUE)
                .execute(Tuple.of(Rows.time(now)))
                .compose(rows -> notify(tx, Rows.all(rows, OverdueItem::of), now)));
  }

  private record OverdueItem(UUID id, String referentie, String team) {
    static OverdueItem of(Row r) {
      return new OverdueItem(r.getUUID("id"), r.getString("referentie"), r.getString("team"));
    }
  }

  /**
   * Who hears of an overdue item: the teamleiders of its wijk; for an item outside the municipality
   * (no wijk) the triage team, who see those items (a teamleider of a wijk could not open it). Read
   * once for all overdue items.
   */
  private Future<String> notify(SqlClient tx, List<OverdueItem> overdue, Instant now) {
    Set<String> wijken = new HashSet<>();
    overdue.forEach(item -> Optional.ofNullable(item.team()).ifPresent(wijken::add));
    boolean outside = overdue.stream().anyMatch(item -> item.team() == null);
    Future<Map<String, List<Staff.Member>>> leaders = staff.teamleidersOf(wijken);
    Future<List<Staff.Member>> triageTeam =
        outside ? staff.triageTeam() : Future.succeededFuture(List.of());
    return Future.all(leaders, triageTeam)
        .compose(
            read -> {
              Future<Void> chain = Future.succeededFuture();
              int told = 0;
              for (OverdueItem item : overdue) {
                List<Staff.Member> recipients =
                    item.team() == null
                        ? triageTeam.result()
                        : leaders.result().getOrDefault(item.team(), List.of());
                for (Staff.Member leader : recipients) {
                  told++;
                  chain =
                      chain
                          .compose(v -> remind(tx, item.id(), leader.id(), "te_laat", now))
                          .compose(
                              v ->
                                  mail(
                                      tx,
                                      leader.email(),
                                      "inbox.mail.overdue.subject",
                                      "inbox.mail.overdue.text",
                                      item.referentie()));
                }
              }
              String done = overdue.size() + " overdue item(s), " + told + " teamleider notice(s)";
              return chain.map(done);
            });
  }

  /** Reminds owners of hand-overs whose follow-up date came: did the help really start? */
  public Future<String> remindFollowUps() {
    Instant now = clock.instant();
    LocalDate today = now.atZone(WorkingDayCalendar.ZONE).toLocalDate();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(FOLLOW_UP)
                .execute(Tuple.of(Rows.time(now), today))
                .compose(
                    rows -> {
                      Future<Void> chain = Future.succeededFuture();
                      for (Row item : rows) {
                        chain =
                            chain
                                .compose(
                                    v ->
                                        remind(
                                            tx,
                                            item.getUUID("id"),
                                            item.getUUID("owner_account_id"),
                                            "overdracht_controleren",
                                            now))
                                .compose(
                                    v ->
                                        mail(
                                            tx,
                                            item.getString("email"),
                                            "inbox.mail.followUp.subject",
                                            "inbox.mail.followUp.text",
                                            item.getString("referentie")));
                      }
                      return chain.map(v -> rows.rowCount() + " hand-over reminder(s)");
                    }));
  }

  /** Anonymises the personal data of items whose retention period ran out; the KPI fields stay. */
  public Future<String> enforceRetention() {
    Instant cutoff = clock.instant().atZone(WorkingDayCalendar.ZONE).minus(retention).toInstant();
    return pool.preparedQuery(EXPIRED)
        .execute(Tuple.of(Rows.time(cutoff)))
        .compose(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID("id")));
              if (ids.isEmpty()) {
                return Future.succeededFuture("0 item(s) anonymised");
              }
              return anonymiser
                  .anonymise(
                      ids,
                      AuditEntry.of("item.anonymised")
                          .system("retention")
                          .because(
                              "bewaartermijn " + retention.toTotalMonths() + " maanden verstreken"))
                  .map(n -> n + " item(s) anonymised (closed before " + cutoff + ")");
            });
  }

  private Future<Void> remind(SqlClient tx, UUID item, UUID account, String kind, Instant now) {
    return tx.preparedQuery(REMIND)
        .execute(Tuple.of(item, account, kind, Rows.time(now)))
        .mapEmpty();
  }

  private Future<Void> mail(
      SqlClient tx, String to, String subjectKey, String textKey, String referentie) {
    if (to == null) {
      return Future.succeededFuture();
    }
    return outbox
        .enqueue(
            tx,
            new Mail(
                to,
                messages.get(STAFF_LANGUAGE, subjectKey, referentie),
                messages.get(STAFF_LANGUAGE, textKey, referentie, publicUrl + "/inbox")))
        .mapEmpty();
  }
}
