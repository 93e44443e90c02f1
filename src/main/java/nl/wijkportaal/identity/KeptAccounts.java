package nl.wijkportaal.identity;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The accounts this node identified sessions with, kept so that a signed-in worker's page does not
 * read its account again on every request, and dropped as soon as anything behind an account
 * changes (V32: PostgreSQL's notice {@code account_changed}, sent on commit whoever changed it;
 * this node's own writes drop them at once as well). Nothing is kept or used while notices may be
 * missed ({@code listening} false), and an account read while a change came in is not kept: a
 * deactivation, role change or new security stamp counts from the next request, as before.
 */
final class KeptAccounts {

  /** The channel of V32's notices. */
  static final String CHANNEL = "account_changed";

  /** More signed-in accounts than a municipality has staff: past it, all are dropped. */
  static final int MAX_KEPT = 10_000;

  private final Map<UUID, Account> kept = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  private volatile BooleanSupplier listening = () -> false;

  /** From now on accounts are kept while {@code listening} says notices arrive. */
  void keepWhile(BooleanSupplier listening) {
    changed();
    this.listening = listening;
  }

  /** The account kept under {@code id}, else {@code read} (kept when nothing changed meanwhile). */
  Future<Optional<Account>> account(UUID id, Function<UUID, Future<Optional<Account>>> read) {
    Account known = listening.getAsBoolean() ? kept.get(id) : null;
    if (known != null) {
      return Future.succeededFuture(Optional.of(known));
    }
    long before = changes.get();
    return read.apply(id).onSuccess(found -> found.ifPresent(account -> keep(id, account, before)));
  }

  /** Something behind an account changed, or notices may have been missed: keep nothing. */
  void changed() {
    changes.incrementAndGet();
    kept.clear();
  }

  private void keep(UUID id, Account account, long before) {
    if (!listening.getAsBoolean() || changes.get() != before) {
      return;
    }
    if (kept.size() >= MAX_KEPT) {
      kept.clear();
    }
    kept.put(id, account);
    if (changes.get() != before) {
      kept.remove(id, account); // a change came in between the check and the put
    }
  }
}
