package nl.wijkportaal.catalogue;

import java.util.List;
import java.util.Optional;

/** A resident's search: words, filters (each may hold several values) and the page. */
public record OfferQuery(
    String text,
    List<String> leefgebieden,
    List<String> doelgroepen,
    List<String> wijken,
    boolean onlyFree,
    List<String> languages,
    Optional<Integer> age,
    int page,
    int pageSize) {

  public static final int PAGE_SIZE = 20;

  public OfferQuery {
    text = text == null ? "" : text.trim();
    leefgebieden = List.copyOf(leefgebieden);
    doelgroepen = List.copyOf(doelgroepen);
    wijken = List.copyOf(wijken);
    languages = List.copyOf(languages);
    page = Math.max(1, page);
  }

  public static OfferQuery all() {
    return new OfferQuery(
        "", List.of(), List.of(), List.of(), false, List.of(), Optional.empty(), 1, PAGE_SIZE);
  }
}
