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

import java.util.EnumSet;
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
  CLAIM(IN_BEHANDELING, EnumSet.of(NIEUW, HEROPEND), "geclaimd", "item.claimed"),
  HAND_BACK(NIEUW, EnumSet.of(IN_BEHANDELING, HEROPEND), "teruggegeven", "item.handed_back"),
  /** To a wijkteam: unclaimed for that team ({@code nieuw} stays {@code nieuw}). */
  ASSIGN_WIJKTEAM(
      NIEUW, EnumSet.of(NIEUW, IN_BEHANDELING, HEROPEND), "toegewezen_wijkteam", "item.assigned"),
  /** To a colleague ({@code in_behandeling} stays {@code in_behandeling}). */
  ASSIGN_COLLEAGUE(
      IN_BEHANDELING, EnumSet.of(NIEUW, IN_BEHANDELING, HEROPEND), "toegewezen", "item.assigned"),
  FIRST_CONTACT(CONTACT_GELEGD, "contact_gelegd", "item.first_contact"),
  /** The state stays: only the support clock starts. */
  SUPPORT_STARTED(
      null,
      EnumSet.of(IN_BEHANDELING, WACHT_OP_INFORMATIE, CONTACT_GELEGD, DOORGEZET, HEROPEND),
      "ondersteuning_gestart",
      "item.support_started"),
  ASK(WACHT_OP_INFORMATIE, "informatie_gevraagd", "item.information_requested"),
  /** The asked party's addition returns the item to its owner (the addition audits itself). */
  ANSWER_RECEIVED(IN_BEHANDELING, EnumSet.of(WACHT_OP_INFORMATIE), "informatie_ontvangen", null),
  HAND_OVER(DOORGEZET, "doorgezet", "item.forwarded"),
  CLOSE(AFGESLOTEN, "afgesloten", "item.closed"),
  REOPEN(HEROPEND, EnumSet.of(AFGESLOTEN), "heropend", "item.reopened"),
  /** "Ik heb weer hulp nodig" through the status link, within the nazorg period. */
  REOPEN_BY_RESIDENT(HEROPEND, EnumSet.of(AFGESLOTEN), "heropend", "item.reopened"),
  /** The resident withdraws their aanmelding through the status link. */
  WITHDRAW(INGETROKKEN, "ingetrokken", "item.withdrawn"),
  MERGE(SAMENGEVOEGD, "samengevoegd", "item.merged"),
  /** The Awb handling term of a complaint, once, by 4 weeks; the state stays. */
  EXTEND_COMPLAINT(null, ItemState.openStates(), "klacht_verlengd", "item.complaint_extended"),
  /** The teamleider's judgement closes a complaint. */
  DECIDE_COMPLAINT(AFGESLOTEN, "klacht_afgehandeld", "item.complaint_decided");

  private final ItemState to;
  private final Set<ItemState> from;
  private final String historyKind;
  private final String auditAction;

  Action(ItemState to, Set<ItemState> from, String historyKind, String auditAction) {
    this.to = to;
    this.from = EnumSet.copyOf(from);
    this.historyKind = historyKind;
    this.auditAction = auditAction;
  }

  /** An action that may start from every state the graph lets reach {@code to}. */
  Action(ItemState to, String historyKind, String auditAction) {
    this(to, StateGraph.reaching(to), historyKind, auditAction);
  }

  /** The state it leads to; empty when the state stays what it is. */
  public Optional<ItemState> to() {
    return Optional.ofNullable(to);
  }

  /** The states it may start from. */
  public Set<ItemState> from() {
    return EnumSet.copyOf(from);
  }

  public boolean allowedFrom(ItemState state) {
    return from.contains(state);
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
