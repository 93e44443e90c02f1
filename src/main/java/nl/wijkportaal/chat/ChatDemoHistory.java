package nl.wijkportaal.chat;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import nl.wijkportaal.platform.db.Rows;

/**
 * Ended chats of a demo installation's generated history (the insight feature's demo generator
 * decides when and how long they waited): only the figures the chat records for the dashboard, no
 * names, no messages. A real installation never gets them.
 */
public final class ChatDemoHistory {

  /** One ended chat: a null first answer is a chat left before anyone answered. */
  public record DemoChat(
      UUID id,
      Instant startedAt,
      String wijk,
      Instant firstAnswerAt,
      Instant endedAt,
      Short score) {}

  private static final int CHUNK = 2000;

  private static final String INSERT =
      "INSERT INTO chat_conversation (id, started_at, wijk, accepted_at, first_answer_at, ended_at, abandoned, score, state,"
          + " ended_by, last_activity_at)"
          + " SELECT id, s, w, a, a, e, a IS NULL, sc, 'beeindigd', CASE WHEN a IS NULL THEN 'inwoner' ELSE 'medewerker' END, e"
          + " FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int2[])"
          + " AS t(id, s, w, a, e, sc)";

  /** Writes the chats in multi-row inserts on the given client (the generator's transaction). */
  public Future<Void> write(SqlClient client, List<DemoChat> chats) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < chats.size(); from += CHUNK) {
      List<DemoChat> part = chats.subList(from, Math.min(chats.size(), from + CHUNK));
      chain =
          chain.compose(
              v ->
                  client
                      .preparedQuery(INSERT)
                      .execute(
                          Tuple.tuple()
                              .addArrayOfUUID(part.stream().map(DemoChat::id).toArray(UUID[]::new))
                              .addArrayOfOffsetDateTime(
                                  times(part.stream().map(DemoChat::startedAt)))
                              .addArrayOfString(
                                  part.stream().map(DemoChat::wijk).toArray(String[]::new))
                              .addArrayOfOffsetDateTime(
                                  times(part.stream().map(DemoChat::firstAnswerAt)))
                              .addArrayOfOffsetDateTime(times(part.stream().map(DemoChat::endedAt)))
                              .addArrayOfShort(
                                  part.stream().map(DemoChat::score).toArray(Short[]::new)))
                      .mapEmpty());
    }
    return chain;
  }

  private static OffsetDateTime[] times(java.util.stream.Stream<Instant> instants) {
    return instants.map(Rows::time).toArray(OffsetDateTime[]::new);
  }
}
