package nl.wijkportaal.insight;

import static nl.wijkportaal.support.Await.await;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;

/**
 * Hand-built inbox items for the KPI tests, written straight into the tables with the real deadline
 * rules.
 */
final class KpiData {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private final Pool pool;
  private final DeadlineRules deadlines;

  KpiData(Pool pool, DeadlineRules deadlines) {
    this.pool = pool;
    this.deadlines = deadlines;
  }

  /** A local time in Amsterdam. */
  static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(WorkingDayCalendar.ZONE).toInstant();
  }

  /**
   * One item; what is null did not happen. A first contact also writes the staff event that the
   * reachability KPI reads.
   */
  final class Item {
    final UUID id = UUID.randomUUID();
    String kanaal = "signaal";
    String vindplek = "school";
    String wijk = "noord";
    String urgentie = "regulier";
    String state = "nieuw";
    List<String> leefgebieden = List.of("school_verzuim");
    Instant received;
    Instant contact;
    Instant support;
    Instant closed;
    String route;
    UUID mergedInto;
    UUID owner;
    String gevondenVia;

    Item received(String local) {
      received = at(local);
      return this;
    }

    Item contact(String local) {
      contact = at(local);
      state = "contact_gelegd";
      return this;
    }

    UUID store() {
      Instant due = deadlines.firstContactDue(received, kanaal, urgentie).toInstant();
      await(
          pool.preparedQuery(
                  "INSERT INTO inbox_item (id, referentie, kanaal, vindplek, received_at, wijk, leefgebieden, urgentie, state, due_at,"
                      + " first_contact_at, support_started_at, closed_at, route, merged_into, owner_account_id, gevonden_via, updated_at)"
                      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $5)")
              .execute(
                  Tuple.tuple()
                      .addUUID(id)
                      .addString("T-" + SEQ.incrementAndGet())
                      .addString(kanaal)
                      .addString(vindplek)
                      .addOffsetDateTime(t(received))
                      .addString(wijk)
                      .addArrayOfString(leefgebieden.toArray(String[]::new))
                      .addString(urgentie)
                      .addString(state)
                      .addOffsetDateTime(t(due))
                      .addOffsetDateTime(t(contact))
                      .addOffsetDateTime(t(support))
                      .addOffsetDateTime(t(closed))
                      .addString(route)
                      .addUUID(mergedInto)
                      .addUUID(owner)
                      .addString(gevondenVia)));
      if (contact != null) {
        await(
            pool.preparedQuery(
                    "INSERT INTO inbox_item_event (item_id, occurred_at, kind, actor_type) VALUES ($1, $2, 'contact_gelegd', 'account')")
                .execute(Tuple.of(id, t(contact))));
      }
      return id;
    }
  }

  Item item() {
    return new Item();
  }

  void sql(String sql, Object... params) {
    await(pool.preparedQuery(sql).execute(Tuple.wrap(params)));
  }

  private static java.time.OffsetDateTime t(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }
}
