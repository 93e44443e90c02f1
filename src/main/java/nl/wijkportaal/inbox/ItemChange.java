package nl.wijkportaal.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import nl.wijkportaal.platform.db.Rows;

/**
 * One state change of one item, as the one guarded update runs it ({@link ItemChanges}): the {@link
 * Action}, who makes it, at which version, whom the item must be visible to, what it sets besides
 * the state and what it checks besides the from-states. Every value goes in through {@link #bind},
 * which answers its placeholder, so an assignment names what it sets ({@code "owner_account_id = "
 * + change.bind(owner)}) instead of counting parameters. The row being changed is {@code x}.
 */
public final class ItemChange {

  private final Action action;
  private final UUID id;
  private final Actor actor;
  private final Instant now;
  private final Tuple params = Tuple.tuple();
  private final String nowParam;
  private final List<String> assignments = new ArrayList<>();
  private final List<String> conditions = new ArrayList<>();
  private String visibility;
  private Integer version;
  private String detailKey;
  private String detailValue;
  private Function<SqlClient, Future<Void>> also;
  private String sql;

  private ItemChange(Action action, UUID id, Actor actor, Instant now) {
    this.action = action;
    this.id = id;
    this.actor = actor;
    this.now = now;
    this.nowParam = bind(Rows.time(now));
  }

  public static ItemChange of(Action action, UUID id, Actor actor, Instant now) {
    return new ItemChange(action, id, actor, now);
  }

  /** Binds a value and answers its placeholder ({@code $n}). */
  public String bind(Object value) {
    params.addValue(value);
    return "$" + params.size();
  }

  /** The placeholder of the moment of the change. */
  public String now() {
    return nowParam;
  }

  /** Sets a column besides the state, e.g. {@code "closed_at = " + change.now()}. */
  public ItemChange set(String assignment) {
    assignments.add(assignment);
    return this;
  }

  /** A further condition on the row {@code x}. */
  public ItemChange where(String condition) {
    conditions.add(condition);
    return this;
  }

  /** Refuses the change unless the item is still at {@code version}. */
  public ItemChange atVersion(int version) {
    this.version = version;
    return this;
  }

  /** Changes the item only when the viewer may see it. */
  public ItemChange visibleTo(Viewer viewer) {
    this.visibility = viewer.visible("i", this::bind);
    return this;
  }

  /** One more fact for the audit entry (to whom an item was assigned). */
  public ItemChange detail(String key, String value) {
    this.detailKey = key;
    this.detailValue = value;
    return this;
  }

  /** What the change writes besides mails of a new state (a letter), in its transaction. */
  public ItemChange also(Function<SqlClient, Future<Void>> also) {
    this.also = also;
    return this;
  }

  public Action action() {
    return action;
  }

  public UUID id() {
    return id;
  }

  public Actor actor() {
    return actor;
  }

  public Instant at() {
    return now;
  }

  public Integer version() {
    return version;
  }

  String detailKey() {
    return detailKey;
  }

  String detailValue() {
    return detailValue;
  }

  Function<SqlClient, Future<Void>> alsoWrites() {
    return also;
  }

  Tuple params() {
    return params;
  }

  /**
   * The guarded update: locks the item (visible, not anonymised), changes it only from one of the
   * action's from-states, at the version when one is given, and answers the state it came from and
   * its owner.
   */
  String sql() {
    if (sql == null) {
      sql = build();
    }
    return sql;
  }

  private String build() {
    String idParam = bind(id);
    String from = bind(action.from().stream().map(ItemState::code).sorted().toArray(String[]::new));
    StringBuilder sql =
        new StringBuilder("WITH old AS (SELECT i.id, i.state FROM inbox_item i WHERE i.id = ")
            .append(idParam)
            .append(" AND i.anonymised_at IS NULL");
    if (visibility != null) {
      sql.append(" AND ").append(visibility);
    }
    sql.append(" FOR UPDATE) UPDATE inbox_item x SET ");
    action.to().ifPresent(to -> sql.append("state = ").append(bind(to.code())).append(", "));
    sql.append("updated_at = ").append(nowParam).append(", version = x.version + 1");
    assignments.forEach(a -> sql.append(", ").append(a));
    sql.append(" FROM old WHERE x.id = old.id AND old.state = ANY(")
        .append(from)
        .append("::text[])");
    if (version != null) {
      sql.append(" AND x.version = ").append(bind(version));
    }
    conditions.forEach(c -> sql.append(" AND ").append(c));
    return sql.append(" RETURNING old.state AS from_state, x.owner_account_id").toString();
  }
}
