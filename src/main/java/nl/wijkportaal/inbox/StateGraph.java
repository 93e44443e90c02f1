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

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which state may follow which: the whitelist every change is checked against (as Signalen does),
 * kept as data so a test can walk every pair. {@code nieuw} and {@code heropend} are the unclaimed
 * states (the triage team owns them); handing an item back returns it to {@code nieuw}. Closed
 * ({@code afgesloten}) items can only be reopened; withdrawn and merged items are final.
 */
public final class StateGraph {

  private static final Map<ItemState, Set<ItemState>> NEXT = new EnumMap<>(ItemState.class);

  static {
    NEXT.put(NIEUW, EnumSet.of(IN_BEHANDELING, AFGESLOTEN, SAMENGEVOEGD, INGETROKKEN));
    NEXT.put(
        IN_BEHANDELING,
        EnumSet.of(
            NIEUW,
            WACHT_OP_INFORMATIE,
            CONTACT_GELEGD,
            DOORGEZET,
            AFGESLOTEN,
            SAMENGEVOEGD,
            INGETROKKEN));
    NEXT.put(
        WACHT_OP_INFORMATIE,
        EnumSet.of(IN_BEHANDELING, CONTACT_GELEGD, AFGESLOTEN, SAMENGEVOEGD, INGETROKKEN));
    NEXT.put(
        CONTACT_GELEGD,
        EnumSet.of(WACHT_OP_INFORMATIE, DOORGEZET, AFGESLOTEN, SAMENGEVOEGD, INGETROKKEN));
    NEXT.put(DOORGEZET, EnumSet.of(CONTACT_GELEGD, AFGESLOTEN, INGETROKKEN));
    NEXT.put(AFGESLOTEN, EnumSet.of(HEROPEND));
    NEXT.put(INGETROKKEN, EnumSet.noneOf(ItemState.class));
    NEXT.put(SAMENGEVOEGD, EnumSet.noneOf(ItemState.class));
    NEXT.put(
        HEROPEND,
        EnumSet.of(
            NIEUW,
            IN_BEHANDELING,
            WACHT_OP_INFORMATIE,
            CONTACT_GELEGD,
            DOORGEZET,
            AFGESLOTEN,
            SAMENGEVOEGD,
            INGETROKKEN));
  }

  private StateGraph() {}

  public static boolean allows(ItemState from, ItemState to) {
    return NEXT.get(from).contains(to);
  }

  /** The states that may follow {@code from}. */
  public static Set<ItemState> next(ItemState from) {
    return EnumSet.copyOf(
        NEXT.get(from).isEmpty() ? EnumSet.noneOf(ItemState.class) : NEXT.get(from));
  }

  /** The states from which {@code to} may be reached. */
  static Set<ItemState> reaching(ItemState to) {
    Set<ItemState> from = EnumSet.noneOf(ItemState.class);
    NEXT.forEach(
        (state, next) -> {
          if (next.contains(to)) {
            from.add(state);
          }
        });
    return from;
  }
}
