package nl.wijkportaal.insight;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.identity.Secrets;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;

/**
 * Cliëntervaringen: after an item is closed its resident answers at most two questions (a score
 * from 1 to 5, and whether they felt helped), once per item, through the link in the closing mail
 * or their status page. The answer is stored apart from the item, without worker or account, by
 * month: anonymous in the figures.
 */
public final class Experience {

  public static final List<String> GEHOLPEN = List.of("ja", "deels", "nee");

  /**
   * A new link for a closed item; a reopened and closed again item gets a new one, unless it was
   * answered.
   */
  private static final String INVITE =
      "INSERT INTO client_experience_invite (item_id, token_hash, created_at) VALUES ($1, $2, $3)"
          + " ON CONFLICT (item_id) DO UPDATE SET token_hash = EXCLUDED.token_hash WHERE client_experience_invite.answered_at IS NULL"
          + " RETURNING item_id";

  private static final String BY_TOKEN =
      "SELECT v.item_id, v.answered_at IS NOT NULL AS answered, i.state FROM client_experience_invite v JOIN inbox_item i ON i.id = v.item_id"
          + " WHERE v.token_hash = $1";

  private static final String ANSWERED =
      "SELECT answered_at IS NOT NULL AS answered FROM client_experience_invite WHERE item_id = $1";

  /** Marks the item answered (first time only), through either way in. */
  private static final String MARK =
      "INSERT INTO client_experience_invite (item_id, created_at, answered_at) VALUES ($1, $2, $2)"
          + " ON CONFLICT (item_id) DO UPDATE SET answered_at = EXCLUDED.answered_at WHERE client_experience_invite.answered_at IS NULL"
          + " RETURNING item_id";

  /** The answer, with only the item's kanaal and wijkteam (for the dashboard's scope), by month. */
  private static final String ANSWER =
      "INSERT INTO client_experience (kanaal, wijk, answered_in, score, geholpen)"
          + " SELECT kanaal, COALESCE(owner_wijkteam, wijk), $2, $3, $4 FROM inbox_item WHERE id = $1 AND state = 'afgesloten'";

  private final Pool pool;
  private final String publicUrl;
  private final Clock clock;

  public Experience(Pool pool, String publicUrl, Clock clock) {
    this.pool = pool;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /** The link for the closing mail, stored in the closing's transaction; empty once answered. */
  public Future<Optional<String>> invite(SqlClient tx, UUID itemId) {
    String token = Secrets.token(32);
    return tx.preparedQuery(INVITE)
        .execute(Tuple.of(itemId, Secrets.sha256(token), clock.instant().atOffset(ZoneOffset.UTC)))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(publicUrl + "/ervaring/" + token));
  }

  /** The item behind a mail link: its id, whether answered, and whether it is closed. */
  public record Invitation(UUID itemId, boolean answered, boolean closed) {}

  public Future<Optional<Invitation>> byToken(String token) {
    if (token == null
        || token.length() < 20
        || token.length() > 100
        || !token.matches("[A-Za-z0-9_-]+")) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(BY_TOKEN)
        .execute(Tuple.of(Secrets.sha256(token)))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.<Invitation>empty()
                    : Optional.of(
                        new Invitation(
                            rows.iterator().next().getUUID("item_id"),
                            rows.iterator().next().getBoolean("answered"),
                            "afgesloten".equals(rows.iterator().next().getString("state")))));
  }

  public Future<Boolean> answered(UUID itemId) {
    return pool.preparedQuery(ANSWERED)
        .execute(Tuple.of(itemId))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("answered"));
  }

  /** Stores an answer for a closed item; false when it was answered before (or is not closed). */
  public Future<Boolean> answer(UUID itemId, int score, String geholpen) {
    if (score < 1 || score > 5 || !GEHOLPEN.contains(geholpen)) {
      return Future.failedFuture(
          new IllegalArgumentException("score 1-5 and geholpen " + GEHOLPEN));
    }
    Instant now = clock.instant();
    LocalDate month = now.atZone(WorkingDayCalendar.ZONE).toLocalDate().withDayOfMonth(1);
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(MARK)
                    .execute(Tuple.of(itemId, now.atOffset(ZoneOffset.UTC)))
                    .compose(
                        marked ->
                            marked.size() == 0
                                ? Future.succeededFuture(false)
                                : tx.preparedQuery(ANSWER)
                                    .execute(Tuple.of(itemId, month, (short) score, geholpen))
                                    .compose(
                                        inserted ->
                                            inserted.rowCount() == 1
                                                ? Future.succeededFuture(true)
                                                // Not closed: undo the mark by failing the
                                                // transaction.
                                                : Future.<Boolean>failedFuture(new NotClosed()))))
        .recover(
            e -> e instanceof NotClosed ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  private static final class NotClosed extends RuntimeException {
    NotClosed() {
      super("item not closed", null, false, false);
    }
  }
}
