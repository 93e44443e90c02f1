package nl.wijkportaal.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.inbox.Actor;
import nl.wijkportaal.inbox.Intake;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.inbox.Subject;
import nl.wijkportaal.platform.audit.ActorType;
import nl.wijkportaal.platform.audit.AuditEntry;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.mail.Mail;
import nl.wijkportaal.platform.mail.MailOutbox;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Form;
import nl.wijkportaal.platform.web.Messages;

/**
 * The rules of the chat: starting, the queue, accepting (one worker wins, on any node), sending
 * (stored before anyone hears of it), ending, transfer, conversion to an inbox item, the quiet-chat
 * warning and retention. Every change is announced on the event bus only after it is committed; the
 * bus is the messenger, PostgreSQL the guarantee.
 */
public final class ChatService {

  /** The most messages one page or one "messages after N" answer holds. */
  public static final int PAGE_MESSAGES = 500;

  /**
   * The most messages a transcript (mailed, or carried into an aanmelding) holds: the whole chat,
   * from the question on, however long it ran.
   */
  static final int TRANSCRIPT_MESSAGES = 10_000;

  static final int QUEUE_LIMIT = 100;
  static final Duration DEFAULT_HANDLING = Duration.ofMinutes(6);
  static final Duration WAITING_GIVE_UP = Duration.ofHours(2);

  private final ChatRepository repository;
  private final Vertx vertx;
  private final Intake intake;
  private final AuditLog audit;
  private final Messages messages;
  private final OpeningHours openingHours;
  private final AppConfig.Chat config;
  private final Clock clock;
  private MailOutbox outbox;

  public ChatService(
      io.vertx.sqlclient.Pool pool,
      Vertx vertx,
      Intake intake,
      AuditLog audit,
      Messages messages,
      OpeningHours openingHours,
      AppConfig.Chat config,
      Clock clock) {
    this.repository = new ChatRepository(pool);
    this.vertx = vertx;
    this.intake = intake;
    this.audit = audit;
    this.messages = messages;
    this.openingHours = openingHours;
    this.config = config;
    this.clock = clock;
  }

  /** Where transcripts go out by e-mail. */
  public ChatService mailingThrough(MailOutbox outbox) {
    this.outbox = outbox;
    return this;
  }

  /** Puts the transcript in the mail outbox for the resident who asked for it. */
  public Future<Boolean> mailTranscript(UUID id, String tokenHash, String email, Locale locale) {
    return repository
        .find(id)
        .compose(
            found -> {
              if (found.isEmpty() || !Party.resident(tokenHash).handles(found.get())) {
                return Future.succeededFuture(false);
              }
              return repository
                  .after(id, 0, TRANSCRIPT_MESSAGES)
                  // Up to TRANSCRIPT_MESSAGES lines: written off the event loop.
                  .compose(transcript -> vertx.executeBlocking(() -> mailText(transcript, locale)))
                  .compose(
                      text ->
                          outbox
                              .enqueue(
                                  new Mail(email, messages.get(locale, "chat.mail.subject"), text))
                              .map(true));
            });
  }

  private static final DateTimeFormatter MAIL_TIME = DateTimeFormatter.ofPattern("HH:mm");

  /** The transcript as the resident gets it by mail: a line per message, the time and who. */
  private String mailText(List<ChatMessage> transcript, Locale locale) {
    StringBuilder text = new StringBuilder(messages.get(locale, "chat.mail.intro")).append("\n\n");
    for (ChatMessage m : transcript) {
      String who =
          switch (m.sender()) {
            case ChatMessage.INWONER -> messages.get(locale, "chat.you");
            case ChatMessage.MEDEWERKER -> m.senderName();
            default -> messages.get(locale, "chat.system");
          };
      text.append(MAIL_TIME.format(m.sentAt().atZone(OpeningHours.ZONE)))
          .append(' ')
          .append(who)
          .append(": ")
          .append(m.text());
      if (m.card() != null) {
        text.append(" (").append(m.card().getString("link")).append(')');
      }
      text.append('\n');
    }
    return text.toString();
  }

  public AppConfig.Chat config() {
    return config;
  }

  /** SHA-256 of a resident's cookie token, as stored. */
  public static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- opening ----

  /** Whether the team is open for chat now: within opening hours (or always, by setting). */
  public boolean withinHours() {
    return config.alwaysOpen() || openingHours.status().open();
  }

  /** Whether a resident can start a chat now: open, and someone online. */
  public Future<Boolean> canStart() {
    if (!withinHours()) {
      return Future.succeededFuture(false);
    }
    return repository.online().map(online -> !online.isEmpty());
  }

  // ---- resident ----

  /** Starts a chat: the question is message 1; the workers' queue hears of it. */
  public Future<Conversation> start(
      String tokenHash, String firstName, String question, Locale taal) {
    UUID id = UUID.randomUUID();
    return repository
        .start(
            id, clock.instant(), tokenHash, firstName, taal.getLanguage(), question, "vraag-" + id)
        .compose(first -> repository.find(id).map(Optional::orElseThrow))
        .onSuccess(c -> queueChanged());
  }

  public Future<Optional<Conversation>> find(UUID id) {
    return repository.find(id);
  }

  public Future<Optional<Conversation>> latestFor(String tokenHash) {
    return repository.latestFor(tokenHash);
  }

  /** The conversation, if {@code party} may see it. */
  public Future<Optional<Conversation>> visibleTo(UUID id, Party party) {
    return repository.find(id).map(c -> c.filter(party::handles));
  }

  /** What a send did: stored (new or the earlier copy), or refused and why. */
  public sealed interface SendResult permits Sent, Refused {}

  public record Sent(ChatMessage message, boolean fresh) implements SendResult {}

  /** {@code reason}: {@code niet_gevonden}, {@code beeindigd}, {@code leeg}, {@code te_lang}. */
  public record Refused(String reason) implements SendResult {}

  /**
   * Stores a message from {@code party}, then (if new) tells everyone listening. A resend with the
   * same {@code clientId} gets the earlier message and tells no one again. Whether {@code party}
   * may send here is checked by the storing statement itself: no read of the conversation first.
   */
  public Future<SendResult> send(UUID id, Party party, String clientId, String text) {
    return send(id, party, clientId, text, null);
  }

  Future<SendResult> send(UUID id, Party party, String clientId, String text, JsonObject card) {
    String body = text == null ? "" : text.strip();
    if (body.isEmpty() && card == null) {
      return Future.succeededFuture(new Refused("leeg"));
    }
    if (body.codePointCount(0, body.length()) > config.maxMessageLength()) {
      return Future.succeededFuture(new Refused("te_lang"));
    }
    if (hasControlCharacters(body)) {
      return Future.succeededFuture(new Refused("ongeldig"));
    }
    if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
      clientId = UUID.randomUUID().toString();
    }
    return repository
        .send(id, party, party.workerName(), clientId, body, card, clock.instant())
        .<SendResult>map(
            outcome -> {
              if (outcome instanceof ChatRepository.Stored stored) {
                if (stored.fresh()) {
                  publish(stored.message());
                }
                return new Sent(stored.message(), stored.fresh());
              }
              return new Refused(
                  outcome instanceof ChatRepository.Ended ? "beeindigd" : "niet_gevonden");
            });
  }

  /** Messages after sequence number {@code seq}, oldest first, at most {@link #PAGE_MESSAGES}. */
  public Future<List<ChatMessage>> after(UUID id, int seq) {
    return repository.after(id, Math.max(0, seq), PAGE_MESSAGES);
  }

  /** The newest messages for a page. */
  public Future<List<ChatMessage>> recent(UUID id) {
    return repository.last(id, PAGE_MESSAGES);
  }

  /** A worker reads a transcript: written to the audit log like an item read. */
  public Future<Void> auditRead(UUID id, Party worker, String address) {
    return audit.record(
        AuditEntry.of("chat.gesprek.gelezen")
            .actor(ActorType.ACCOUNT, worker.workerId().toString(), worker.workerName(), "chat")
            .object("chat_conversation", id.toString())
            .from(address));
  }

  /** The resident or the worker ends the chat. */
  public Future<Boolean> end(UUID id, Party party) {
    return repository
        .find(id)
        .compose(
            found -> {
              if (found.isEmpty() || !party.handles(found.get())) {
                return Future.succeededFuture(false);
              }
              return close(id, party.isWorker() ? "medewerker" : "inwoner");
            });
  }

  private Future<Boolean> close(UUID id, String by) {
    return repository
        .end(id, by, clock.instant())
        .compose(
            ended -> {
              if (ended.isEmpty()) {
                return Future.succeededFuture(false);
              }
              Conversation c = ended.get();
              Locale locale = Locale.forLanguageTag(c.taal());
              return repository
                  .system(
                      id, messages.get(locale, "chat.system.ended." + by), null, clock.instant())
                  .onSuccess(this::publish)
                  .map(
                      m -> {
                        publishState(c);
                        if (c.acceptedAt() == null) {
                          queueChanged();
                        }
                        return true;
                      });
            });
  }

  /** The resident's 1-5 score after the end. */
  public Future<Boolean> score(UUID id, String tokenHash, int score) {
    if (score < 1 || score > 5) {
      return Future.succeededFuture(false);
    }
    return repository.score(id, tokenHash, score);
  }

  /** Where the resident is in line: number (1 = next) and the expected wait in minutes. */
  public record Place(int number, int minutes, boolean nobodyOnline) {}

  public Future<Place> place(Conversation c) {
    return repository
        .ahead(c)
        .compose(
            ahead ->
                repository
                    .online()
                    .compose(
                        online ->
                            repository
                                .recentHandling(clock.instant().minus(Duration.ofDays(7)))
                                .map(
                                    handling ->
                                        estimate(
                                            (int) (long) ahead + 1,
                                            online,
                                            handling.orElse(DEFAULT_HANDLING)))));
  }

  /**
   * The expected wait: with a free place at an online worker, about a minute; otherwise the
   * residents ahead beyond the free places share the online workers' capacity, each chat taking as
   * long as recent chats took.
   */
  Place estimate(int number, List<ChatRepository.OnlineWorker> online, Duration handling) {
    if (online.isEmpty()) {
      return new Place(number, 0, true);
    }
    int capacity = config.capacityPerWorker();
    int free = online.stream().mapToInt(w -> Math.max(0, capacity - w.open())).sum();
    if (number <= free) {
      return new Place(number, 1, false);
    }
    double seconds =
        (double) (number - free) * handling.toSeconds() / (online.size() * (double) capacity);
    return new Place(number, (int) Math.max(1, Math.ceil(seconds / 60)), false);
  }

  /** The wait in words: "je bent nummer 3, ongeveer 4 minuten". */
  public String placeText(Place place, Locale locale) {
    if (place.nobodyOnline()) {
      return messages.get(locale, "chat.place.nobody", place.number());
    }
    String wait =
        place.minutes() <= 1
            ? messages.get(locale, "chat.wait.oneMinute")
            : messages.get(locale, "chat.wait.minutes", place.minutes());
    return messages.get(locale, "chat.place", place.number(), wait);
  }

  // ---- worker ----

  public Future<Void> setAvailability(Party worker, String availability) {
    return repository
        .setAvailability(worker.workerId(), worker.workerName(), availability, clock.instant())
        .onSuccess(v -> queueChanged());
  }

  public Future<String> availability(UUID workerId) {
    return repository.availability(workerId);
  }

  public Future<List<Conversation>> queue() {
    return repository.queue(QUEUE_LIMIT);
  }

  public Future<List<Conversation>> openFor(UUID workerId) {
    return repository.openFor(workerId);
  }

  /** Online colleagues with a free place, other than {@code self}. */
  public Future<List<ChatRepository.OnlineWorker>> colleagues(UUID self) {
    return repository
        .online()
        .map(
            all ->
                all.stream()
                    .filter(w -> !w.id().equals(self) && w.open() < config.capacityPerWorker())
                    .toList());
  }

  /**
   * Accepts a waiting chat; empty when another worker was first, or this one is not online or full.
   */
  public Future<Optional<Conversation>> accept(UUID id, Party worker) {
    return repository
        .accept(
            id, worker.workerId(), worker.workerName(), clock.instant(), config.capacityPerWorker())
        .compose(
            accepted -> {
              if (accepted.isEmpty()) {
                return Future.succeededFuture(accepted);
              }
              Conversation c = accepted.get();
              Locale locale = Locale.forLanguageTag(c.taal());
              queueChanged();
              return repository
                  .system(
                      id,
                      messages.get(locale, "chat.system.joined", worker.workerName()),
                      null,
                      clock.instant())
                  .onSuccess(this::publish)
                  .map(
                      m -> {
                        publishState(c);
                        return accepted;
                      });
            });
  }

  /** Hands an active chat to an online colleague with a free place. */
  public Future<Boolean> transfer(UUID id, Party from, UUID to) {
    return repository
        .transfer(id, from.workerId(), to, config.capacityPerWorker())
        .compose(
            name -> {
              if (name.isEmpty()) {
                return Future.succeededFuture(false);
              }
              return repository
                  .find(id)
                  .compose(
                      c -> {
                        Locale locale = Locale.forLanguageTag(c.orElseThrow().taal());
                        return repository.system(
                            id,
                            messages.get(
                                locale, "chat.system.transferred", from.workerName(), name.get()),
                            null,
                            clock.instant());
                      })
                  .map(
                      m -> {
                        publish(m);
                        vertx
                            .eventBus()
                            .publish(
                                ChatAddresses.worker(to),
                                new JsonObject()
                                    .put("type", "toegewezen")
                                    .put("gesprek", id.toString()));
                        vertx
                            .eventBus()
                            .publish(
                                ChatAddresses.worker(from.workerId()),
                                new JsonObject()
                                    .put("type", "overgedragen")
                                    .put("gesprek", id.toString()));
                        return true;
                      });
            });
  }

  /** A canned answer with its placeholders filled in: {voornaam}, {telefoon}. */
  public Future<Optional<String>> cannedText(UUID cannedId, Conversation c, String phone) {
    return repository
        .canned(cannedId)
        .map(
            found ->
                found.map(
                    canned ->
                        canned
                            .body()
                            .replace("{voornaam}", c.firstName() == null ? "" : c.firstName())
                            .replace("{telefoon}", phone)
                            .replaceAll(" +,", ",")));
  }

  public Future<List<ChatRepository.Canned>> canned() {
    return repository.canned();
  }

  public Future<Void> addCanned(String title, String body) {
    return repository.addCanned(title, body, clock.instant());
  }

  public Future<Boolean> deleteCanned(UUID id) {
    return repository.deleteCanned(id);
  }

  /** A catalogue offer as a card in the chat. */
  public Future<SendResult> sendCard(
      UUID id, Party worker, String clientId, String title, String line, String link) {
    JsonObject card = new JsonObject().put("titel", title).put("regel", line).put("link", link);
    return send(id, worker, clientId, title, card);
  }

  /** What the resident gave for being reached, when the chat becomes an item. */
  public record Contact(String naam, String telefoon, String email, String postcode) {}

  /**
   * Turns the chat into an inbox item (kanaal chat) with the transcript, the leefgebieden and the
   * resident's contact details, and tells the resident what happens next and by when.
   */
  public Future<Optional<Receipt>> convert(
      UUID id, Party worker, List<String> leefgebieden, Contact contact, String address) {
    return repository
        .find(id)
        .compose(
            found -> {
              if (found.isEmpty() || !worker.handles(found.get()) || found.get().itemId() != null) {
                return Future.succeededFuture(Optional.<Receipt>empty());
              }
              Conversation c = found.get();
              Locale locale = Locale.forLanguageTag(c.taal());
              return repository
                  .after(id, 0, TRANSCRIPT_MESSAGES)
                  .compose(
                      transcript ->
                          // Up to 10,000 messages: the item's content is built off the event loop.
                          vertx.executeBlocking(
                              () -> chatContent(id, worker, leefgebieden, contact, transcript)))
                  .compose(
                      inhoud -> {
                        NewItem item =
                            NewItem.chat(
                                leefgebieden,
                                locale,
                                new Subject(
                                    blankToNull(contact.naam()),
                                    null,
                                    blankToNull(contact.postcode()),
                                    null),
                                inhoud,
                                blankToNull(contact.email()));
                        Actor actor =
                            Actor.account(
                                worker.workerId().toString(),
                                worker.workerName(),
                                "chat",
                                null,
                                address);
                        return intake
                            .submit(item, actor)
                            .compose(
                                receipt ->
                                    repository
                                        .linkItem(id, receipt.id())
                                        .compose(
                                            linked -> {
                                              String due = dueWords(receipt, locale);
                                              return repository
                                                  .system(
                                                      id,
                                                      messages.get(
                                                          locale,
                                                          "chat.system.converted",
                                                          receipt.referentie(),
                                                          due),
                                                      null,
                                                      clock.instant())
                                                  .onSuccess(this::publish)
                                                  .map(m -> Optional.of(receipt));
                                            }));
                      });
            });
  }

  /** The item's content of a converted chat: the question, contact details and transcript. */
  private static JsonObject chatContent(
      UUID id,
      Party worker,
      List<String> leefgebieden,
      Contact contact,
      List<ChatMessage> transcript) {
    JsonArray lines = new JsonArray();
    for (ChatMessage m : transcript) {
      lines.add(
          new JsonObject()
              .put("seq", m.seq())
              .put("van", m.sender())
              .put("naam", m.senderName())
              .put("tekst", m.text())
              .put("verzonden", m.sentAt().toString()));
    }
    return new JsonObject()
        .put("vraag", transcript.isEmpty() ? "" : transcript.get(0).text())
        .put("leefgebieden", new JsonArray(leefgebieden))
        .put("contact", contactJson(contact))
        .put(
            "betrokkene",
            new JsonObject()
                .put("naam", blankToNull(contact.naam()))
                .put("postcode", blankToNull(contact.postcode())))
        .put("chatGesprek", id.toString())
        .put("chatMedewerker", worker.workerName())
        .put("transcript", lines);
  }

  /** How the resident may be reached, as an item's content holds it. */
  private static JsonObject contactJson(Contact contact) {
    return new JsonObject()
        .put("naam", blankToNull(contact.naam()))
        .put("telefoon", blankToNull(contact.telefoon()))
        .put("email", blankToNull(contact.email()));
  }

  /**
   * The resident leaves the question outside opening hours (or with nobody online): an inbox item.
   */
  public Future<Receipt> leaveQuestion(
      String vraag, String leefgebied, Contact contact, Locale locale, String address) {
    JsonObject inhoud =
        new JsonObject()
            .put("vraag", vraag)
            .put("leefgebieden", new JsonArray().add(leefgebied))
            .put("contact", contactJson(contact))
            .put("achtergelatenBijChat", true);
    NewItem item =
        NewItem.chat(
            List.of(leefgebied),
            locale,
            new Subject(blankToNull(contact.naam()), null, null, null),
            inhoud,
            blankToNull(contact.email()));
    return intake.submit(item, Actor.resident(address));
  }

  /** "vrijdag 27 november 2026 om 17:00". */
  public String dueWords(Receipt receipt, Locale locale) {
    return DateTimeFormatter.ofPattern(messages.get(locale, "inbox.format.dateTime"), locale)
        .format(receipt.dueAt().withZoneSameInstant(OpeningHours.ZONE));
  }

  // ---- jobs ----

  /** Warns a quiet chat, then closes it; gives up on a waiting chat nobody took for two hours. */
  public Future<String> closeQuiet() {
    Instant now = clock.instant();
    Instant warnBefore = now.minus(Duration.ofMinutes(config.quietWarnMinutes()));
    Instant closeBefore = now.minus(Duration.ofMinutes(config.quietCloseMinutes()));
    return repository
        .quietToWarn(warnBefore)
        .compose(
            quiet -> {
              Future<Void> chain = Future.succeededFuture();
              for (Conversation c : quiet) {
                Locale locale = Locale.forLanguageTag(c.taal());
                int left = Math.max(1, config.quietCloseMinutes() - config.quietWarnMinutes());
                chain =
                    chain
                        .compose(
                            v ->
                                repository.system(
                                    c.id(),
                                    messages.get(locale, "chat.system.quiet", left),
                                    null,
                                    now))
                        .compose(
                            m -> {
                              publish(m);
                              return repository.markWarned(c.id(), now);
                            });
              }
              int warned = quiet.size();
              return chain
                  .compose(v -> repository.quietToClose(closeBefore, now.minus(WAITING_GIVE_UP)))
                  .compose(
                      ids -> {
                        Future<Void> closing = Future.succeededFuture();
                        for (UUID id : ids) {
                          closing = closing.compose(v -> close(id, "stilte").mapEmpty());
                        }
                        return closing.map(
                            v -> warned + " quiet chat(s) warned, " + ids.size() + " closed");
                      });
            });
  }

  /** Anonymises chats that ended more than the retention period ago and did not become an item. */
  public Future<String> enforceRetention() {
    Instant now = clock.instant();
    return repository
        .anonymiseEndedBefore(now.minus(Duration.ofDays(config.retentionDays())), now)
        .map(n -> n + " chat(s) anonymised");
  }

  // ---- events ----

  private void publish(ChatMessage m) {
    vertx.eventBus().publish(ChatAddresses.conversation(m.conversationId()), m.toJson());
  }

  private void publishState(Conversation c) {
    vertx
        .eventBus()
        .publish(
            ChatAddresses.conversation(c.id()),
            new JsonObject()
                .put("type", "status")
                .put("gesprek", c.id().toString())
                .put("status", c.state())
                .put("medewerker", c.workerName()));
  }

  private void queueChanged() {
    vertx.eventBus().publish(ChatAddresses.QUEUE, new JsonObject().put("type", "wachtrij"));
  }

  /** A typing signal: never stored, never replayed. */
  void typing(UUID id, String sender) {
    vertx
        .eventBus()
        .publish(
            ChatAddresses.conversation(id),
            new JsonObject().put("type", "typen").put("gesprek", id.toString()).put("van", sender));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * A NUL or another control character (line breaks and tabs aside, as in every long text of a
   * form): never typed, refused by PostgreSQL.
   */
  static boolean hasControlCharacters(String text) {
    return Form.controlCharacters(text, true);
  }
}
