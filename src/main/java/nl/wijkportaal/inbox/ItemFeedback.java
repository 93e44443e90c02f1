package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import nl.wijkportaal.platform.mail.Mail;
import nl.wijkportaal.platform.mail.MailOutbox;
import nl.wijkportaal.platform.municipality.MunicipalitySettings;
import nl.wijkportaal.platform.web.Messages;

/**
 * Terugkoppeling by mail, in the transaction of the change it reports: the resident gets the
 * resident view with the reference, the melder the content-free melder view (no name, no
 * description: a mailbox is not a safe place for either). Sent only when the view a person sees
 * actually changed.
 */
public final class ItemFeedback {

  private final InboxRepository repository;
  private final MailOutbox outbox;
  private final Messages messages;
  private final ItemDates dates;
  private final String publicUrl;
  private final List<MunicipalitySettings.CrisisNumber> crisisNumbers;

  public ItemFeedback(
      InboxRepository repository,
      MailOutbox outbox,
      Messages messages,
      String publicUrl,
      List<MunicipalitySettings.CrisisNumber> crisisNumbers) {
    this.repository = repository;
    this.crisisNumbers = List.copyOf(crisisNumbers);
    this.outbox = outbox;
    this.messages = messages;
    this.dates = new ItemDates(messages);
    this.publicUrl = publicUrl;
  }

  private volatile BiFunction<SqlClient, UUID, Future<Optional<String>>> closingInvitation;

  /**
   * Who writes the experience question's link into a closed aanmelding's mail (insight), in the
   * closing's transaction.
   */
  public void closingInvitation(BiFunction<SqlClient, UUID, Future<Optional<String>>> invitation) {
    this.closingInvitation = invitation;
  }

  /**
   * The receipts of a new item: to the resident with the status link, to the melder without
   * content.
   */
  Future<Void> received(SqlClient tx, Receipt receipt, NewItem item) {
    Future<Void> resident = Future.succeededFuture();
    if (item.bewonerEmail() != null && receipt.statusToken().isPresent()) {
      Locale l = item.taal();
      String link = publicUrl + "/aanmelden/status/" + receipt.statusToken().get();
      String text =
          messages.get(
              l,
              "inbox.mail.aanmelding.text",
              receipt.referentie(),
              dates.dateTime(receipt.dueAt().toInstant(), l),
              link,
              "crisis".equals(receipt.urgentie()) ? crisisText(l) : "");
      resident =
          outbox
              .enqueue(
                  tx,
                  new Mail(
                      item.bewonerEmail(),
                      messages.get(l, "inbox.mail.aanmelding.subject", receipt.referentie()),
                      text))
              .mapEmpty();
    }
    if (item.bewonerEmail() != null && "klacht".equals(item.kanaal())) {
      // Awb 9:6: a complaint is acknowledged in writing, with its handling term.
      Locale l = item.taal();
      resident =
          outbox
              .enqueue(
                  tx,
                  new Mail(
                      item.bewonerEmail(),
                      messages.get(l, "insight.klacht.mail.received.subject", receipt.referentie()),
                      messages.get(
                          l,
                          "insight.klacht.mail.received.text",
                          receipt.referentie(),
                          dates.date(receipt.dueAt().toInstant(), l))))
              .mapEmpty();
    }
    Future<Void> melder = Future.succeededFuture();
    if (item.melderEmail() != null) {
      melder =
          melderMail(tx, item.melderEmail(), item.taal(), receipt.referentie(), ItemState.NIEUW);
    }
    return Future.all(resident, melder).mapEmpty();
  }

  /** Mails the views that changed between {@code from} and {@code to}. */
  public Future<Void> changed(SqlClient tx, UUID itemId, ItemState from, ItemState to) {
    return repository
        .mailTargets(tx, itemId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture();
              }
              InboxRepository.MailTargets t = found.get();
              Future<Void> melder = Future.succeededFuture();
              if (t.melderEmail().isPresent() && changes(from.melderView(), to.melderView())) {
                melder = melderMail(tx, t.melderEmail().get(), t.taal(), t.referentie(), to);
              }
              Future<Void> resident = Future.succeededFuture();
              if (t.bewonerEmail().isPresent() && changes(from.residentView(), to.residentView())) {
                Locale l = t.taal();
                String view =
                    messages.get(l, "inbox.resident.state." + to.residentView().orElseThrow());
                String text =
                    messages.get(l, "inbox.mail.resident.changed.text", t.referentie(), view);
                // A closed aanmelding's mail carries the link to the experience question.
                var invitation = closingInvitation;
                Future<String> more =
                    to == ItemState.AFGESLOTEN
                            && "aanmelding".equals(t.kanaal())
                            && invitation != null
                        ? invitation
                            .apply(tx, itemId)
                            .map(
                                link ->
                                    link.map(
                                            url ->
                                                "\n\n"
                                                    + messages.get(l, "insight.ervaring.mail", url))
                                        .orElse(""))
                        : Future.succeededFuture("");
                resident =
                    more.compose(
                            extra ->
                                outbox.enqueue(
                                    tx,
                                    new Mail(
                                        t.bewonerEmail().get(),
                                        messages.get(
                                            l,
                                            "inbox.mail.resident.changed.subject",
                                            t.referentie()),
                                        text + extra)))
                        .mapEmpty();
              }
              Future<Void> question = Future.succeededFuture();
              if (to == ItemState.WACHT_OP_INFORMATIE) {
                question = informationRequested(tx, t);
              }
              return Future.all(melder, resident, question).mapEmpty();
            });
  }

  /**
   * A letter to the resident about their item (a complaint's extension, the experience question),
   * in their language and in the caller's transaction: {0} is the reference, {1} the item's due
   * date, then {@code args}. Nothing when no address is known.
   */
  public Future<Void> letter(
      SqlClient tx, UUID itemId, String subjectKey, String textKey, Object... args) {
    return repository
        .mailTargets(tx, itemId)
        .compose(
            found -> {
              if (found.isEmpty() || found.get().bewonerEmail().isEmpty()) {
                return Future.succeededFuture();
              }
              InboxRepository.MailTargets t = found.get();
              Locale l = t.taal();
              return tx.preparedQuery("SELECT due_at FROM inbox_item WHERE id = $1")
                  .execute(Tuple.of(itemId))
                  .compose(
                      rows -> {
                        Object[] all = new Object[args.length + 2];
                        all[0] = t.referentie();
                        all[1] =
                            dates.date(
                                rows.iterator().next().getOffsetDateTime("due_at").toInstant(), l);
                        System.arraycopy(args, 0, all, 2, args.length);
                        return outbox
                            .enqueue(
                                tx,
                                new Mail(
                                    t.bewonerEmail().get(),
                                    messages.get(l, subjectKey, t.referentie()),
                                    messages.get(l, textKey, all)))
                            .<Void>mapEmpty();
                      });
            });
  }

  /**
   * The request to add information: where to answer it, never the question itself (a mailbox is not
   * safe).
   */
  private Future<Void> informationRequested(SqlClient tx, InboxRepository.MailTargets t) {
    String from = t.infoRequestedFrom().orElse("");
    if (from.equals("melder") && t.melderEmail().isPresent()) {
      Locale l = t.taal();
      return outbox
          .enqueue(
              tx,
              new Mail(
                  t.melderEmail().get(),
                  messages.get(l, "inbox.mail.question.melder.subject", t.referentie()),
                  messages.get(
                      l,
                      "inbox.mail.question.melder.text",
                      t.referentie(),
                      publicUrl + "/signaleren/meldingen")))
          .mapEmpty();
    }
    if (from.equals("bewoner") && t.bewonerEmail().isPresent()) {
      Locale l = t.taal();
      return outbox
          .enqueue(
              tx,
              new Mail(
                  t.bewonerEmail().get(),
                  messages.get(l, "inbox.mail.question.resident.subject", t.referentie()),
                  messages.get(l, "inbox.mail.question.resident.text", t.referentie())))
          .mapEmpty();
    }
    return Future.succeededFuture();
  }

  /**
   * In the language the melder submitted in (the form's page language, or the API's
   * Accept-Language).
   */
  private Future<Void> melderMail(
      SqlClient tx, String to, Locale l, String referentie, ItemState state) {
    String view = messages.get(l, "inbox.melder.state." + state.melderView().orElseThrow());
    String subject = messages.get(l, "inbox.mail.melder.subject", referentie, view);
    String text =
        messages.get(
            l, "inbox.mail.melder.text", referentie, view, publicUrl + "/signaleren/meldingen");
    return outbox.enqueue(tx, new Mail(to, subject, text)).mapEmpty();
  }

  /** The SWT is not a 24-hour service: a crisis receipt names the numbers that are. */
  private String crisisText(Locale l) {
    StringBuilder text =
        new StringBuilder("\n").append(messages.get(l, "inbox.mail.crisis")).append('\n');
    crisisNumbers.forEach(
        c -> text.append("- ").append(c.name().in(l)).append(": ").append(c.number()).append('\n'));
    return text.toString();
  }

  private static boolean changes(Optional<String> before, Optional<String> after) {
    return after.isPresent() && !after.equals(before);
  }
}
