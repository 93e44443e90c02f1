package nl.wijkportaal.inbox;

import static nl.wijkportaal.inbox.ItemState.AFGESLOTEN;
import static nl.wijkportaal.inbox.ItemState.CONTACT_GELEGD;
import static nl.wijkportaal.inbox.ItemState.DOORGEZET;
import static nl.wijkportaal.inbox.ItemState.HEROPEND;
import static nl.wijkportaal.inbox.ItemState.INGETROKKEN;
import static nl.wijkportaal.inbox.ItemState.IN_BEHANDELING;
import static nl.wijkportaal.inbox.ItemState.NIEUW;
import static nl.wijkportaal.inbox.ItemState.SAMENGEVOEGD;
import static nl.wijkportaal.inbox.ItemState.WACHT_OP_INFORMATIE;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every change of an item's state, named once: the states it may start from, the state it leads to
 * (none: the state stays what it is), the kind of its history row and the action of its audit entry
 * (none: the caller audits). Each goes through the one guarded update ({@link ItemChanges}); a test
 * checks every transition here against the {@link StateGraph}. An action without its own
 * from-states may start wherever the graph lets its to-state be reached.
 */
public enum Action {
  CLAIM(IN_BEHANDELING, "geclaimd", "item.claimed"),
  HAND_BACK(NIEUW, "teruggegeven", "item.handed_back"),
  /** To a wijkteam: unclaimed for that team ({@code nieuw} stays {@code nieuw}). */
  ASSIGN_WIJKTEAM(NIEUW, "toegewezen_wijkteam", "item.assigned"),
  /** To a colleague ({@code in_behandeling} stays {@code in_behandeling}). */
  ASSIGN_COLLEAGUE(IN_BEHANDELING, "toegewezen", "item.assigned"),
  FIRST_CONTACT(CONTACT_GELEGD, "contact_gelegd", "item.first_contact"),
  /** The state stays: only the support clock starts. */
  SUPPORT_STARTED(null, "ondersteuning_gestart", "item.support_started"),
  ASK(WACHT_OP_INFORMATIE, "informatie_gevraagd", "item.information_requested"),
  /** The asked party's addition returns the item to its owner (the addition audits itself). */
  ANSWER_RECEIVED(IN_BEHANDELING, "informatie_ontvangen", null),
  HAND_OVER(DOORGEZET, "doorgezet", "item.forwarded"),
  CLOSE(AFGESLOTEN, "afgesloten", "item.closed"),
  REOPEN(HEROPEND, "heropend", "item.reopened"),
  /** "Ik heb weer hulp nodig" through the status link, within the nazorg period. */
  REOPEN_BY_RESIDENT(HEROPEND, "heropend", "item.reopened"),
  /** The resident withdraws their aanmelding through the status link. */
  WITHDRAW(INGETROKKEN, "ingetrokken", "item.withdrawn"),
  MERGE(SAMENGEVOEGD, "samengevoegd", "item.merged"),
  /** The Awb handling term of a complaint, once, by 4 weeks; the state stays. */
  EXTEND_COMPLAINT(null, "klacht_verlengd", "item.complaint_extended"),
  /** The teamleider's judgement closes a complaint. */
  DECIDE_COMPLAINT(AFGESLOTEN, "klacht_afgehandeld", "item.complaint_decided");

  private final ItemState to;
  private final String historyKind;
  private final String auditAction;

  Action(ItemState to, String historyKind, String auditAction) {
    this.to = to;
    this.historyKind = historyKind;
    this.auditAction = auditAction;
  }

  /**
   * The states each action may start from. Not a field of the constants: an enum is shared by the
   * whole JVM, so its fields are immutable, which a {@code Set} is not. The switch has no default:
   * a new action must say where it starts.
   */
  private static Set<ItemState> declaredFrom(Action action) {
    return switch (action) {
      case CLAIM -> EnumSet.of(NIEUW, HEROPEND);
      case HAND_BACK -> EnumSet.of(IN_BEHANDELING, HEROPEND);
      case ASSIGN_WIJKTEAM, ASSIGN_COLLEAGUE -> EnumSet.of(NIEUW, IN_BEHANDELING, HEROPEND);
      case SUPPORT_STARTED ->
          EnumSet.of(IN_BEHANDELING, WACHT_OP_INFORMATIE, CONTACT_GELEGD, DOORGEZET, HEROPEND);
      case ANSWER_RECEIVED -> EnumSet.of(WACHT_OP_INFORMATIE);
      case REOPEN, REOPEN_BY_RESIDENT -> EnumSet.of(AFGESLOTEN);
      case EXTEND_COMPLAINT -> ItemState.openStates();
      // Wherever the graph lets its to-state be reached.
      case FIRST_CONTACT, ASK, HAND_OVER, CLOSE, WITHDRAW, MERGE, DECIDE_COMPLAINT ->
          StateGraph.reaching(action.to);
    };
  }

  /** Every action's from-states, read-only, built once after the constants. */
  private static final class From {
    private static final Map<Action, Set<ItemState>> STATES = new EnumMap<>(Action.class);

    static {
      for (Action action : values()) {
        STATES.put(action, Collections.unmodifiableSet(EnumSet.copyOf(declaredFrom(action))));
      }
    }
  }

  /** The state it leads to; empty when the state stays what it is. */
  public Optional<ItemState> to() {
    return Optional.ofNullable(to);
  }

  /** The states it may start from. */
  public Set<ItemState> from() {
    return From.STATES.get(this);
  }

  public boolean allowedFrom(ItemState state) {
    return from().contains(state);
  }

  /** The kind of its history row (and of the change announced on the event bus). */
  public String historyKind() {
    return historyKind;
  }

  /** The action of its audit entry; empty when the caller writes its own. */
  public Optional<String> auditAction() {
    return Optional.ofNullable(auditAction);
  }
}
