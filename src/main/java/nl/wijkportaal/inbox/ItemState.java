package nl.wijkportaal.inbox;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The states of an inbox item (DOMAIN.md), each with the coarser, content-free view a melder and a
 * resident get. {@code samengevoegd} has no view of its own: it shows the view of the item it was
 * merged into.
 */
public enum ItemState {
  NIEUW("nieuw", "ontvangen", "ontvangen"),
  IN_BEHANDELING("in_behandeling", "opgepakt", "in_behandeling"),
  WACHT_OP_INFORMATIE("wacht_op_informatie", "opgepakt", "in_behandeling"),
  CONTACT_GELEGD("contact_gelegd", "opgepakt", "contact_opgenomen"),
  DOORGEZET("doorgezet", "opgepakt", "contact_opgenomen"),
  AFGESLOTEN("afgesloten", "afgerond", "afgerond"),
  INGETROKKEN("ingetrokken", "afgerond", "ingetrokken"),
  SAMENGEVOEGD("samengevoegd", null, null),
  HEROPEND("heropend", "opgepakt", "in_behandeling");

  private final String code;
  private final String melderView;
  private final String residentView;

  ItemState(String code, String melderView, String residentView) {
    this.code = code;
    this.melderView = melderView;
    this.residentView = residentView;
  }

  public String code() {
    return code;
  }

  /** What a melder sees; empty for {@code samengevoegd} (use the item it was merged into). */
  public Optional<String> melderView() {
    return Optional.ofNullable(melderView);
  }

  /** What the resident sees; empty for {@code samengevoegd}. */
  public Optional<String> residentView() {
    return Optional.ofNullable(residentView);
  }

  /** Whether the item still needs work: an open item is one a new signal may match. */
  public boolean open() {
    return this != AFGESLOTEN && this != INGETROKKEN && this != SAMENGEVOEGD;
  }

  /** Every state in which an item still needs work ({@link #open()}). */
  public static Set<ItemState> openStates() {
    Set<ItemState> open = EnumSet.noneOf(ItemState.class);
    for (ItemState s : values()) {
      if (s.open()) {
        open.add(s);
      }
    }
    return open;
  }

  public static ItemState of(String code) {
    return Arrays.stream(values())
        .filter(s -> s.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown item state '" + code + "'"));
  }
}
