package nl.wijkportaal.signalering;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.SignaalDetail;
import nl.wijkportaal.inbox.SignaalSummary;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;

/**
 * The zorgsignaal door of the inbox, for the form and the API alike: checks a signal, hands it to
 * {@link Intake} as an inbox item of kanaal {@code signaal}, and gives melders what they may see of
 * their organisation's signals afterwards.
 */
public final class SignaalService {

  private static final int MAX_PAGE_SIZE = 100;

  private final Intake intake;
  private final Clock clock;

  public SignaalService(Intake intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  /** One page of an organisation's signals, newest first. */
  public record Page(List<SignaalSummary> signals, long total, int number, int size) {
    public int pages() {
      return (int) Math.max(1, (total + size - 1) / size);
    }
  }

  /** What became of a melder's addition, and the signal it was for (none when not found). */
  public record AdditionResult(Uitkomst uitkomst, SignaalSummary signaal) {}

  public enum Uitkomst {
    TOEGEVOEGD,
    NIET_GEVONDEN,
    NIET_EIGEN,
    AFGEROND
  }

  /**
   * The violations of the rules, today in Amsterdam (a date of birth may be today, not tomorrow).
   */
  public List<SignaalRules.Violation> check(Signaal signaal) {
    return SignaalRules.check(signaal, LocalDate.now(clock.withZone(WorkingDayCalendar.ZONE)));
  }

  /**
   * Stores a checked signal; the receipt comes once it is committed. {@code inhoud} is what triage
   * reads: the body as a partner system sent it, or the form in the same shape.
   */
  Future<Receipt> submit(Signaal signaal, JsonObject inhoud, Indiener by, Locale taal) {
    return intake.submit(item(signaal, inhoud, by, taal), by.actor());
  }

  /** Stores a partner system's checked signal once per Idempotency-Key (24 hours, per client). */
  Future<Intake.Outcome> submitOnce(
      Signaal signaal,
      JsonObject inhoud,
      Indiener by,
      Locale taal,
      String key,
      String requestHash,
      Function<Receipt, JsonObject> response) {
    return intake.submitOnce(
        by.client().orElseThrow(),
        key,
        requestHash,
        item(signaal, inhoud, by, taal),
        by.actor(),
        response);
  }

  Future<Page> list(Indiener by, int page, int size) {
    int number = Math.max(1, page);
    int pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, size));
    return Future.all(
            intake.signalen(by.organisationId(), pageSize, (number - 1) * pageSize),
            intake.signalCount(by.organisationId()))
        .map(both -> new Page(both.resultAt(0), both.<Long>resultAt(1), number, pageSize));
  }

  /**
   * One signal of the indiener's organisation; a read of its content (by its submitter) is audited.
   */
  Future<Optional<SignaalDetail>> one(Indiener by, UUID id) {
    return intake.signaal(by.organisationId(), id, by.actor(), by::owns);
  }

  /** Adds the melder's information to a signal they submitted and that is still open. */
  Future<AdditionResult> add(Indiener by, UUID id, String tekst) {
    return intake
        .signaal(by.organisationId(), id, by.actor(), summary -> false)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(new AdditionResult(Uitkomst.NIET_GEVONDEN, null));
              }
              SignaalSummary summary = found.get().summary();
              if (!by.owns(summary)) {
                return Future.succeededFuture(new AdditionResult(Uitkomst.NIET_EIGEN, summary));
              }
              return intake
                  .addFromMelder(
                      summary,
                      by.account().orElse(null),
                      by.client().orElse(null),
                      tekst,
                      by.actor())
                  .map(
                      added ->
                          new AdditionResult(
                              added ? Uitkomst.TOEGEVOEGD : Uitkomst.AFGEROND, summary));
            });
  }

  private static NewItem item(Signaal s, JsonObject inhoud, Indiener by, Locale taal) {
    return NewItem.signaal(
        new NewItem.Melder(
            by.vindplek(),
            by.organisationId(),
            by.account().orElse(null),
            by.client().orElse(null),
            s.melderEmail().orElse(null)),
        s.leefgebieden().stream().distinct().toList(),
        s.urgentie(),
        s.toestemming(),
        s.betrokkeneGeinformeerd(),
        Boolean.TRUE.equals(s.veiligheidszorg()),
        taal,
        s.subject(),
        inhoud);
  }
}
