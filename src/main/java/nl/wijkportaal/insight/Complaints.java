package nl.wijkportaal.insight;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.ItemFeedback;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.inbox.Viewer;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.triage.Triage;

/**
 * Klachten about the SWT's service (Awb hoofdstuk 9): a complaint comes in through {@link Intake}
 * as an item of kanaal {@code klacht}, acknowledged in writing (the receipt mail and page) with its
 * handling term of 6 weeks; the teamleider may extend the term once by 4 weeks (a letter to the
 * complainant) and closes it as admissible or not, resolved or not. Every change goes through
 * {@link Triage}'s one guarded update.
 */
public final class Complaints {

  /** What a resident wrote; checked by {@link #check}. */
  public record Complaint(
      String naam,
      String email,
      String telefoon,
      String referentie,
      String postcode,
      String omschrijving,
      Locale taal) {}

  /** A complaint's clock as the teamleider sees it (no content: that is on the item page). */
  public record Clock(
      UUID id,
      String referentie,
      String state,
      Instant receivedAt,
      Instant dueAt,
      Optional<Instant> extendedAt,
      Optional<Boolean> ontvankelijk,
      Optional<Boolean> opgelost,
      int version) {}

  private static final String CLOCK =
      "SELECT id, referentie, state, received_at, due_at, klacht_verlengd_at, klacht_ontvankelijk, klacht_opgelost, version FROM inbox_item"
          + " WHERE id = $1 AND kanaal = 'klacht'";

  private final Intake intake;
  private final Triage triage;
  private final ItemFeedback feedback;
  private final Pool pool;

  public Complaints(Intake intake, Triage triage, ItemFeedback feedback, Pool pool) {
    this.intake = intake;
    this.triage = triage;
    this.feedback = feedback;
    this.pool = pool;
  }

  /** The fields to fix, each with its problem (the form toolkit's, as every form has them). */
  static Map<String, Form.Problem> check(Complaint c) {
    Map<String, Form.Problem> problems = new LinkedHashMap<>();
    if (blank(c.naam()) || c.naam().strip().length() > 200) {
      problems.put("naam", new Form.Problem("insight.klacht.error.naam"));
    }
    if (blank(c.email())
        || c.email().strip().length() > 254
        || !c.email().strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      problems.put("email", new Form.Problem("insight.klacht.error.email"));
    }
    if (!blank(c.telefoon())
        && (c.telefoon().strip().length() > 30
            || !c.telefoon().strip().matches("[0-9 +()-]{6,30}"))) {
      problems.put("telefoon", new Form.Problem("insight.klacht.error.telefoon"));
    }
    if (!blank(c.referentie()) && c.referentie().strip().length() > 20) {
      problems.put("referentie", new Form.Problem("insight.klacht.error.referentie"));
    }
    if (!blank(c.postcode()) && nl.wijkportaal.inbox.Postcode.normalise(c.postcode()).isEmpty()) {
      problems.put("postcode", new Form.Problem("insight.klacht.error.postcode"));
    }
    if (blank(c.omschrijving()) || c.omschrijving().strip().length() > 4000) {
      problems.put("omschrijving", new Form.Problem("insight.klacht.error.omschrijving"));
    }
    return problems;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank() || s.indexOf('\0') >= 0;
  }

  private static String orNull(String s) {
    return blank(s) ? null : s.strip();
  }

  /** Stores a checked complaint; the receipt mail goes in the same transaction. */
  public Future<Receipt> submit(Complaint c, Actor actor) {
    JsonObject inhoud =
        new JsonObject()
            .put("soort", "klacht")
            .put("naam", c.naam().strip())
            .put("email", c.email().strip())
            .put("telefoon", orNull(c.telefoon()))
            .put("referentie", orNull(c.referentie()))
            .put("postcode", orNull(c.postcode()))
            .put("omschrijving", c.omschrijving().strip());
    NewItem item =
        NewItem.klacht(
            c.taal(),
            new Subject(c.naam().strip(), null, orNull(c.postcode()), null),
            inhoud,
            c.email().strip());
    return intake.submit(item, actor);
  }

  /** The complaint's clock, when the viewer may see the item. */
  public Future<Optional<Clock>> clock(Viewer v, UUID id) {
    return triage
        .visible(v, id)
        .compose(
            visible ->
                !visible
                    ? Future.succeededFuture(Optional.<Clock>empty())
                    : pool.preparedQuery(CLOCK)
                        .execute(Tuple.of(id))
                        .map(
                            rows -> {
                              if (rows.size() == 0) {
                                return Optional.<Clock>empty();
                              }
                              Row r = rows.iterator().next();
                              return Optional.of(
                                  new Clock(
                                      r.getUUID("id"),
                                      r.getString("referentie"),
                                      r.getString("state"),
                                      r.getOffsetDateTime("received_at").toInstant(),
                                      r.getOffsetDateTime("due_at").toInstant(),
                                      Optional.ofNullable(r.getOffsetDateTime("klacht_verlengd_at"))
                                          .map(t -> t.toInstant()),
                                      Optional.ofNullable(r.getBoolean("klacht_ontvankelijk")),
                                      Optional.ofNullable(r.getBoolean("klacht_opgelost")),
                                      r.getInteger("version")));
                            }));
  }

  /**
   * Extends the term once by 4 weeks, with a letter to the complainant that says why and the new
   * date.
   */
  public Future<Void> extend(Viewer v, UUID id, int version, String reden) {
    if (blank(reden) || reden.strip().length() > 300) {
      return Future.failedFuture(new IllegalArgumentException("a letter needs a reason"));
    }
    return triage.extendComplaint(
        v,
        id,
        version,
        tx ->
            feedback.letter(
                tx,
                id,
                "insight.klacht.mail.extended.subject",
                "insight.klacht.mail.extended.text",
                reden.strip()));
  }

  public Future<Void> decide(
      Viewer v, UUID id, int version, boolean ontvankelijk, boolean opgelost, String reden) {
    return triage.decideComplaint(v, id, version, ontvankelijk, opgelost, reden);
  }
}
