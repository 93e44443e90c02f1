package nl.wijkportaal.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The chat tables: conversations, their messages, workers' availability, canned answers. */
final class ChatRepository {

  private static final String COLUMNS =
      "id, state, started_at, accepted_at, first_answer_at, ended_at, ended_by, abandoned, score, item_id, first_name, taal,"
          + " worker_id, worker_name, last_seq, last_activity_at, resident_token_hash";

  private static final String INSERT_CONVERSATION =
      "INSERT INTO chat_conversation (id, started_at, state, resident_token_hash, first_name, taal, last_activity_at)"
          + " VALUES ($1, $2, 'wachtend', $3, $4, $5, $2)";

  private static final String FIND = "SELECT " + COLUMNS + " FROM chat_conversation WHERE id = $1";

  /**
   * Takes the next sequence number; the row lock it holds serialises every send to one
   * conversation.
   */
  private static final String NEXT_SEQ =
      "UPDATE chat_conversation SET last_seq = last_seq + 1, last_activity_at = $2, warned_at = NULL"
          + " WHERE id = $1 AND state <> 'beeindigd' RETURNING last_seq";

  /** The same, for the closing words of a conversation that has just been ended. */
  private static final String NEXT_SEQ_ANY_STATE =
      "UPDATE chat_conversation SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq";

  private static final String INSERT_MESSAGE =
      "INSERT INTO chat_message (conversation_id, seq, client_id, sender, sender_name, body, card, sent_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  private static final String AFTER =
      "SELECT * FROM chat_message WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

  /** The newest {@code $2} messages, oldest first (for a page). */
  private static final String LAST =
      "SELECT * FROM (SELECT * FROM chat_message WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2) m ORDER BY seq";

  /**
   * Accept: one guarded UPDATE, so of two workers on any two nodes exactly one gets it. The worker
   * must be online and below capacity.
   */
  private static final String ACCEPT =
      "UPDATE chat_conversation c SET state = 'actief', worker_id = $2, worker_name = $3, accepted_at = $4, last_activity_at = $4,"
          + " version = version + 1"
          + " WHERE c.id = $1 AND c.state = 'wachtend'"
          + "   AND EXISTS (SELECT 1 FROM chat_worker w WHERE w.account_id = $2 AND w.availability = 'online')"
          + "   AND (SELECT count(*) FROM chat_conversation a WHERE a.worker_id = $2 AND a.state = 'actief') < $5"
          + " RETURNING "
          + COLUMNS;

  private static final String TRANSFER =
      "UPDATE chat_conversation c SET worker_id = $3, worker_name = w.name, version = c.version + 1"
          + " FROM chat_worker w"
          + " WHERE c.id = $1 AND c.state = 'actief' AND c.worker_id = $2 AND w.account_id = $3 AND w.availability = 'online'"
          + "   AND (SELECT count(*) FROM chat_conversation a WHERE a.worker_id = $3 AND a.state = 'actief') < $4"
          + " RETURNING c.worker_name";

  private static final String END =
      "UPDATE chat_conversation SET state = 'beeindigd', ended_at = $2, ended_by = $3,"
          + " abandoned = (first_answer_at IS NULL), version = version + 1"
          + " WHERE id = $1 AND state <> 'beeindigd' RETURNING "
          + COLUMNS;

  private static final String SCORE =
      "UPDATE chat_conversation SET score = $3 WHERE id = $1 AND resident_token_hash = $2 AND state = 'beeindigd'";

  private static final String LINK_ITEM =
      "UPDATE chat_conversation SET item_id = $2 WHERE id = $1 AND item_id IS NULL";

  private static final String LATEST_FOR_RESIDENT =
      "SELECT "
          + COLUMNS
          + " FROM chat_conversation WHERE resident_token_hash = $1 ORDER BY started_at DESC LIMIT 1";

  private static final String QUEUE =
      "SELECT "
          + COLUMNS
          + " FROM chat_conversation WHERE state = 'wachtend' ORDER BY started_at, id LIMIT $1";

  private static final String PLACE =
      "SELECT count(*) AS ahead FROM chat_conversation WHERE state = 'wachtend' AND (started_at, id) < ($1, $2)";

  private static final String OPEN_FOR_WORKER =
      "SELECT "
          + COLUMNS
          + " FROM chat_conversation WHERE state = 'actief' AND worker_id = $1 ORDER BY accepted_at";

  private static final String SET_AVAILABILITY =
      "INSERT INTO chat_worker (account_id, name, availability, since) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (account_id) DO UPDATE SET name = EXCLUDED.name, availability = EXCLUDED.availability, since = EXCLUDED.since";

  private static final String AVAILABILITY =
      "SELECT availability FROM chat_worker WHERE account_id = $1";

  /** Online workers with how many chats each has open. */
  private static final String ONLINE =
      "SELECT w.account_id, w.name,"
          + " (SELECT count(*) FROM chat_conversation c WHERE c.worker_id = w.account_id AND c.state = 'actief') AS open"
          + " FROM chat_worker w WHERE w.availability = 'online' ORDER BY w.name";

  /**
   * How long recent chats took from acceptance to end, and how long residents waited, in seconds.
   */
  private static final String RECENT_DURATIONS =
      "SELECT avg(extract(epoch FROM ended_at - accepted_at)) AS handling FROM ("
          + " SELECT ended_at, accepted_at FROM chat_conversation"
          + " WHERE accepted_at IS NOT NULL AND ended_at IS NOT NULL AND ended_at > $1 ORDER BY ended_at DESC LIMIT 50) recent";

  private static final String QUIET_TO_WARN =
      "SELECT "
          + COLUMNS
          + " FROM chat_conversation WHERE state = 'actief' AND warned_at IS NULL AND last_activity_at < $1 LIMIT 200";

  private static final String MARK_WARNED =
      "UPDATE chat_conversation SET warned_at = $2 WHERE id = $1";

  private static final String QUIET_TO_CLOSE =
      "SELECT id FROM chat_conversation WHERE (state = 'actief' AND warned_at IS NOT NULL AND last_activity_at < $1)"
          + " OR (state = 'wachtend' AND last_activity_at < $2) LIMIT 200";

  /**
   * Retention: a chat that did not become an item loses its messages, name and token after the
   * period; one that became an item keeps them while the item does (the item holds the transcript).
   */
  private static final String ANONYMISE_ENDED =
      "WITH gone AS (UPDATE chat_conversation SET first_name = NULL, resident_token_hash = NULL, worker_name = NULL,"
          + "   anonymised_at = $2"
          + " WHERE anonymised_at IS NULL AND state = 'beeindigd' AND ended_at < $1"
          + "   AND (item_id IS NULL OR EXISTS (SELECT 1 FROM inbox_item i WHERE i.id = item_id AND i.anonymised_at IS NOT NULL))"
          + " RETURNING id)"
          + " DELETE FROM chat_message WHERE conversation_id IN (SELECT id FROM gone)";

  private static final String COUNT_ANONYMISED =
      "SELECT count(*) AS n FROM chat_conversation WHERE anonymised_at = $1";

  private static final String CANNED =
      "SELECT id, title, body FROM chat_canned_answer ORDER BY title LIMIT 200";
  private static final String CANNED_ONE =
      "SELECT id, title, body FROM chat_canned_answer WHERE id = $1";
  private static final String INSERT_CANNED =
      "INSERT INTO chat_canned_answer (id, title, body, created_at) VALUES ($1, $2, $3, $4)";
  private static final String DELETE_CANNED = "DELETE FROM chat_canned_answer WHERE id = $1";

  private final Pool pool;

  ChatRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** Creates a waiting conversation with its first message (the question), in one transaction. */
  Future<ChatMessage> start(
      UUID id,
      Instant now,
      String tokenHash,
      String firstName,
      String taal,
      String question,
      String clientId) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(INSERT_CONVERSATION)
                .execute(Tuple.of(id, time(now), tokenHash, firstName, taal))
                .compose(
                    v ->
                        store(
                            tx,
                            id,
                            ChatMessage.INWONER,
                            firstName,
                            clientId,
                            question,
                            null,
                            now,
                            false)));
  }

  Future<Optional<Conversation>> find(UUID id) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(conversation(rows.iterator().next())));
  }

  Future<Optional<Conversation>> latestFor(String tokenHash) {
    return pool.preparedQuery(LATEST_FOR_RESIDENT)
        .execute(Tuple.of(tokenHash))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(conversation(rows.iterator().next())));
  }

  /** What a send came to: stored (new or the earlier copy), not theirs, or ended. */
  sealed interface Outcome permits Stored, NotTheirs, Ended {}

  /** What a send stored: the message, and whether it is new (false: a resend of an earlier one). */
  record Stored(ChatMessage message, boolean fresh) implements Outcome {}

  /** No such conversation, or the sender may not act in it (any more). */
  record NotTheirs() implements Outcome {}

  /** The conversation has ended: nothing new is stored. */
  record Ended() implements Outcome {}

  /**
   * Stores a message in one statement: the conversation's row lock hands out the next sequence
   * number and the insert follows, or, for a client id already stored, nothing happens. Two sends
   * with the same client id at once: the second waits for the row lock, then its insert hits the
   * unique (conversation, client id) and the whole statement, number included, is undone; it then
   * answers with the stored message. So numbers have no gaps and a resend never makes a second
   * message. The statement also checks the sender against the row it locks (a worker only in a chat
   * they handle now; a resident only with the conversation's token), so a message needs no read of
   * the conversation before it: this statement is its one round trip. A resident's name is the
   * conversation's first name.
   */
  private static final String SEND =
      "WITH next AS ("
          + " UPDATE chat_conversation SET last_seq = last_seq + 1, last_activity_at = $2, warned_at = NULL,"
          + "   first_answer_at = CASE WHEN $4 = 'medewerker' THEN coalesce(first_answer_at, $2) ELSE first_answer_at END"
          + " WHERE id = $1 AND state <> 'beeindigd'"
          + "   AND CASE WHEN $4 = 'medewerker' THEN state = 'actief' AND worker_id = $8"
          + "       ELSE resident_token_hash = $9 END"
          + "   AND NOT EXISTS (SELECT 1 FROM chat_message WHERE conversation_id = $1 AND client_id = $3)"
          + " RETURNING last_seq, first_name)"
          + " INSERT INTO chat_message (conversation_id, seq, client_id, sender, sender_name, body, card, sent_at)"
          + " SELECT $1, last_seq, $3, $4, CASE WHEN $4 = 'medewerker' THEN $5 ELSE first_name END, $6, $7, $2"
          + " FROM next RETURNING seq, sender_name";

  /** After a send stored nothing: why (the conversation and the message with that client id). */
  private static final String AFTER_NOTHING_STORED =
      "SELECT c.state, c.worker_id, c.resident_token_hash, m.conversation_id, m.seq, m.client_id,"
          + " m.sender, m.sender_name, m.body, m.card, m.sent_at"
          + " FROM chat_conversation c"
          + " LEFT JOIN chat_message m ON m.conversation_id = c.id AND m.client_id = $2"
          + " WHERE c.id = $1";

  /**
   * Stores a message from {@code party}; an unknown client id gets the next sequence number, a
   * known one the message stored before.
   */
  Future<Outcome> send(
      UUID id,
      Party party,
      String workerName,
      String clientId,
      String text,
      JsonObject card,
      Instant now) {
    String sender = party.sender();
    return pool.preparedQuery(SEND)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  time(now),
                  clientId,
                  sender,
                  workerName,
                  text,
                  card,
                  party.workerId(),
                  party.isWorker() ? null : party.tokenHash()
                }))
        .<Outcome>map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              return new Stored(
                  new ChatMessage(
                      id,
                      row.getInteger("seq"),
                      clientId,
                      sender,
                      row.getString("sender_name"),
                      text,
                      card,
                      now),
                  true);
            })
        .recover(
            failure ->
                failure instanceof io.vertx.pgclient.PgException pg
                        && "23505".equals(pg.getSqlState())
                    ? Future.succeededFuture(null)
                    : Future.failedFuture(failure))
        .compose(
            stored ->
                stored != null
                    ? Future.succeededFuture(stored)
                    // Nothing stored: a resend (answer with the earlier message), an ended
                    // conversation, or one that is not the sender's.
                    : pool.preparedQuery(AFTER_NOTHING_STORED)
                        .execute(Tuple.of(id, clientId))
                        .map(
                            rows ->
                                whyNothing(
                                    rows.size() == 0 ? null : rows.iterator().next(), party)));
  }

  private static Outcome whyNothing(Row row, Party party) {
    if (row == null) {
      return new NotTheirs();
    }
    String state = row.getString("state");
    boolean theirs =
        party.isWorker()
            ? Conversation.ACTIEF.equals(state) && party.workerId().equals(row.getUUID("worker_id"))
            : party.tokenHash() != null
                && party.tokenHash().equals(row.getString("resident_token_hash"));
    if (!theirs) {
      return new NotTheirs();
    }
    if (row.getValue("seq") != null) {
      return new Stored(message(row), false);
    }
    return new Ended();
  }

  /** A system message (joined, ended, transferred), also after the end. */
  Future<ChatMessage> system(UUID id, String text, JsonObject card, Instant now) {
    return pool.withTransaction(
        tx ->
            store(
                tx,
                id,
                ChatMessage.SYSTEEM,
                null,
                "systeem-" + UUID.randomUUID(),
                text,
                card,
                now,
                true));
  }

  private Future<ChatMessage> store(
      SqlClient tx,
      UUID id,
      String sender,
      String senderName,
      String clientId,
      String text,
      JsonObject card,
      Instant now,
      boolean anyState) {
    return tx.preparedQuery(anyState ? NEXT_SEQ_ANY_STATE : NEXT_SEQ)
        .execute(anyState ? Tuple.of(id) : Tuple.of(id, time(now)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(
                    new IllegalStateException("conversation " + id + " has ended"));
              }
              ChatMessage m =
                  new ChatMessage(
                      id,
                      rows.iterator().next().getInteger("last_seq"),
                      clientId,
                      sender,
                      senderName,
                      text,
                      card,
                      now);
              return insert(tx, m).map(m);
            });
  }

  private static Future<Void> insert(SqlClient tx, ChatMessage m) {
    return tx.preparedQuery(INSERT_MESSAGE)
        .execute(
            Tuple.from(
                new Object[] {
                  m.conversationId(),
                  m.seq(),
                  m.clientId(),
                  m.sender(),
                  m.senderName(),
                  m.text(),
                  m.card(),
                  time(m.sentAt())
                }))
        .mapEmpty();
  }

  Future<List<ChatMessage>> after(UUID id, int seq, int limit) {
    return pool.preparedQuery(AFTER)
        .execute(Tuple.of(id, seq, limit))
        .map(ChatRepository::messages);
  }

  Future<List<ChatMessage>> last(UUID id, int limit) {
    return pool.preparedQuery(LAST).execute(Tuple.of(id, limit)).map(ChatRepository::messages);
  }

  Future<Optional<Conversation>> accept(
      UUID id, UUID workerId, String workerName, Instant now, int capacity) {
    return pool.preparedQuery(ACCEPT)
        .execute(Tuple.of(id, workerId, workerName, time(now), capacity))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(conversation(rows.iterator().next())));
  }

  Future<Optional<String>> transfer(UUID id, UUID from, UUID to, int capacity) {
    return pool.preparedQuery(TRANSFER)
        .execute(Tuple.of(id, from, to, capacity))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getString("worker_name")));
  }

  Future<Optional<Conversation>> end(UUID id, String by, Instant now) {
    return pool.preparedQuery(END)
        .execute(Tuple.of(id, time(now), by))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(conversation(rows.iterator().next())));
  }

  Future<Boolean> score(UUID id, String tokenHash, int score) {
    return pool.preparedQuery(SCORE)
        .execute(Tuple.of(id, tokenHash, score))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> linkItem(UUID id, UUID itemId) {
    return pool.preparedQuery(LINK_ITEM)
        .execute(Tuple.of(id, itemId))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<List<Conversation>> queue(int limit) {
    return pool.preparedQuery(QUEUE).execute(Tuple.of(limit)).map(ChatRepository::conversations);
  }

  /** How many wait before this conversation. */
  Future<Long> ahead(Conversation c) {
    return pool.preparedQuery(PLACE)
        .execute(Tuple.of(time(c.startedAt()), c.id()))
        .map(rows -> rows.iterator().next().getLong("ahead"));
  }

  Future<List<Conversation>> openFor(UUID workerId) {
    return pool.preparedQuery(OPEN_FOR_WORKER)
        .execute(Tuple.of(workerId))
        .map(ChatRepository::conversations);
  }

  Future<Void> setAvailability(UUID workerId, String name, String availability, Instant now) {
    return pool.preparedQuery(SET_AVAILABILITY)
        .execute(Tuple.of(workerId, name, availability, time(now)))
        .mapEmpty();
  }

  Future<String> availability(UUID workerId) {
    return pool.preparedQuery(AVAILABILITY)
        .execute(Tuple.of(workerId))
        .map(
            rows ->
                rows.size() == 0 ? "offline" : rows.iterator().next().getString("availability"));
  }

  /** An online worker and how many chats they have open. */
  record OnlineWorker(UUID id, String name, int open) {}

  Future<List<OnlineWorker>> online() {
    return pool.query(ONLINE)
        .execute()
        .map(
            rows -> {
              List<OnlineWorker> list = new ArrayList<>();
              rows.forEach(
                  r ->
                      list.add(
                          new OnlineWorker(
                              r.getUUID("account_id"),
                              r.getString("name"),
                              r.getLong("open").intValue())));
              return list;
            });
  }

  /** The average handling time of recent chats, if there were any. */
  Future<Optional<Duration>> recentHandling(Instant since) {
    return pool.preparedQuery(RECENT_DURATIONS)
        .execute(Tuple.of(time(since)))
        .map(
            rows -> {
              Object v = rows.iterator().next().getValue("handling");
              return v == null
                  ? Optional.empty()
                  : Optional.of(Duration.ofSeconds(Math.round(Double.parseDouble(v.toString()))));
            });
  }

  Future<List<Conversation>> quietToWarn(Instant before) {
    return pool.preparedQuery(QUIET_TO_WARN)
        .execute(Tuple.of(time(before)))
        .map(ChatRepository::conversations);
  }

  Future<Void> markWarned(UUID id, Instant now) {
    return pool.preparedQuery(MARK_WARNED).execute(Tuple.of(id, time(now))).mapEmpty();
  }

  Future<List<UUID>> quietToClose(Instant activeBefore, Instant waitingBefore) {
    return pool.preparedQuery(QUIET_TO_CLOSE)
        .execute(Tuple.of(time(activeBefore), time(waitingBefore)))
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return ids;
            });
  }

  Future<Long> anonymiseEndedBefore(Instant cutoff, Instant now) {
    return pool.preparedQuery(ANONYMISE_ENDED)
        .execute(Tuple.of(time(cutoff), time(now)))
        .compose(v -> pool.preparedQuery(COUNT_ANONYMISED).execute(Tuple.of(time(now))))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** A canned answer: a title for the worker, a text with {voornaam} and {telefoon}. */
  record Canned(UUID id, String title, String body) {}

  Future<List<Canned>> canned() {
    return pool.query(CANNED)
        .execute()
        .map(
            rows -> {
              List<Canned> list = new ArrayList<>();
              rows.forEach(
                  r ->
                      list.add(
                          new Canned(r.getUUID("id"), r.getString("title"), r.getString("body"))));
              return list;
            });
  }

  Future<Optional<Canned>> canned(UUID id) {
    return pool.preparedQuery(CANNED_ONE)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Canned(r.getUUID("id"), r.getString("title"), r.getString("body")));
            });
  }

  Future<Void> addCanned(String title, String body, Instant now) {
    return pool.preparedQuery(INSERT_CANNED)
        .execute(Tuple.of(UUID.randomUUID(), title, body, time(now)))
        .mapEmpty();
  }

  Future<Boolean> deleteCanned(UUID id) {
    return pool.preparedQuery(DELETE_CANNED)
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() == 1);
  }

  private static List<Conversation> conversations(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Conversation> list = new ArrayList<>();
    rows.forEach(r -> list.add(conversation(r)));
    return list;
  }

  private static List<ChatMessage> messages(io.vertx.sqlclient.RowSet<Row> rows) {
    List<ChatMessage> list = new ArrayList<>();
    rows.forEach(r -> list.add(message(r)));
    return list;
  }

  private static Conversation conversation(Row r) {
    return new Conversation(
        r.getUUID("id"),
        r.getString("state"),
        instant(r, "started_at"),
        instant(r, "accepted_at"),
        instant(r, "first_answer_at"),
        instant(r, "ended_at"),
        r.getString("ended_by"),
        r.getBoolean("abandoned"),
        r.getValue("score") == null ? null : r.getShort("score").intValue(),
        r.getUUID("item_id"),
        r.getString("first_name"),
        r.getString("taal"),
        r.getUUID("worker_id"),
        r.getString("worker_name"),
        r.getInteger("last_seq"),
        instant(r, "last_activity_at"),
        r.getString("resident_token_hash"));
  }

  private static ChatMessage message(Row r) {
    Object card = r.getValue("card");
    return new ChatMessage(
        r.getUUID("conversation_id"),
        r.getInteger("seq"),
        r.getString("client_id"),
        r.getString("sender"),
        r.getString("sender_name"),
        r.getString("body"),
        card instanceof JsonObject json ? json : null,
        instant(r, "sent_at"));
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
