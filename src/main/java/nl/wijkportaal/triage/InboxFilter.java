package nl.wijkportaal.triage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import nl.wijkportaal.inbox.ItemState;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.web.Form;

/**
 * The filters of the inbox list, each optional: state (default: every open state), kanaal, wijk
 * ({@code buiten_gemeente} for items outside the municipality), urgentie, leefgebied, owner ({@code
 * mij}, {@code team}, {@code vrij}), toestemming, due ({@code te_laat}, {@code vandaag}, {@code
 * week}), possible match, text, and the days received ({@code ontvangenVan}, {@code ontvangenTot},
 * both included; with {@code status=alle} the items in every state but merged, as the steering
 * figures count them). Read from and written to query parameters, so a view is a link and a saved
 * view is its query string.
 */
public record InboxFilter(
    Optional<String> state,
    Optional<String> kanaal,
    Optional<String> wijk,
    Optional<String> urgentie,
    Optional<String> leefgebied,
    Optional<String> eigenaar,
    Optional<String> toestemming,
    Optional<String> termijn,
    Optional<Boolean> match,
    Optional<String> tekst,
    Optional<LocalDate> ontvangenVan,
    Optional<LocalDate> ontvangenTot,
    int pagina) {

  public static final List<String> KEYS =
      List.of(
          "status",
          "kanaal",
          "wijk",
          "urgentie",
          "leefgebied",
          "eigenaar",
          "toestemming",
          "termijn",
          "match",
          "tekst",
          "ontvangenVan",
          "ontvangenTot");
  public static final List<String> EIGENAAR = List.of("mij", "team", "vrij");
  public static final List<String> TERMIJN = List.of("te_laat", "vandaag", "week");

  /** Every state but {@code samengevoegd}: what the steering figures count, open or not. */
  public static final String ALLE = "alle";

  private static final List<String> STATUS =
      java.util.stream.Stream.concat(codes(ItemState.values()).stream(), Stream.of(ALLE)).toList();

  public static final InboxFilter ALL_OPEN =
      new InboxFilter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          1);

  /** From query parameters; an unknown value for a closed list is dropped, never an error. */
  public static InboxFilter of(Map<String, String> params) {
    return new InboxFilter(
        known(params.get("status"), STATUS),
        known(params.get("kanaal"), DeadlineRules.KANALEN),
        text(params.get("wijk"), 40),
        known(params.get("urgentie"), DeadlineRules.URGENTIES),
        text(params.get("leefgebied"), 40),
        known(params.get("eigenaar"), EIGENAAR),
        known(params.get("toestemming"), List.of("ja", "nee", "niet_gevraagd")),
        known(params.get("termijn"), TERMIJN),
        Optional.ofNullable(params.get("match"))
            .filter(v -> v.equals("ja") || v.equals("nee"))
            .map("ja"::equals),
        text(params.get("tekst"), 100),
        date(params.get("ontvangenVan")),
        date(params.get("ontvangenTot")),
        page(params.get("pagina")));
  }

  private static List<String> codes(ItemState[] states) {
    return Arrays.stream(states).map(ItemState::code).toList();
  }

  /** A date (ISO or Dutch) of the received-from/until filter; anything else is dropped. */
  private static Optional<LocalDate> date(String value) {
    return Form.parseDate(value);
  }

  /** The first moment of the {@code ontvangenVan} day, Amsterdam time (SQL parameter). */
  public Optional<Instant> receivedFrom() {
    return ontvangenVan.map(d -> d.atStartOfDay(WorkingDayCalendar.ZONE).toInstant());
  }

  /** The first moment after the {@code ontvangenTot} day (both days included). */
  public Optional<Instant> receivedUntil() {
    return ontvangenTot.map(d -> d.plusDays(1).atStartOfDay(WorkingDayCalendar.ZONE).toInstant());
  }

  private static Optional<String> known(String value, List<String> allowed) {
    return Optional.ofNullable(value).filter(allowed::contains);
  }

  private static Optional<String> text(String value, int max) {
    return Optional.ofNullable(value)
        .map(String::strip)
        .filter(v -> !v.isEmpty() && v.length() <= max && !Form.controlCharacters(v, false));
  }

  private static int page(String value) {
    try {
      int p = Integer.parseInt(value);
      return p >= 1 && p <= 10_000 ? p : 1;
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** The same filter without its text search: a saved view keeps no names. */
  public InboxFilter withoutText() {
    return new InboxFilter(
        state,
        kanaal,
        wijk,
        urgentie,
        leefgebied,
        eigenaar,
        toestemming,
        termijn,
        match,
        Optional.empty(),
        ontvangenVan,
        ontvangenTot,
        pagina);
  }

  /** The filter as a query string (without the page), stable key order: the saved view's form. */
  public String query() {
    StringBuilder q = new StringBuilder();
    add(q, "status", state);
    add(q, "kanaal", kanaal);
    add(q, "wijk", wijk);
    add(q, "urgentie", urgentie);
    add(q, "leefgebied", leefgebied);
    add(q, "eigenaar", eigenaar);
    add(q, "toestemming", toestemming);
    add(q, "termijn", termijn);
    add(q, "match", match.map(m -> m ? "ja" : "nee"));
    add(q, "tekst", tekst);
    add(q, "ontvangenVan", ontvangenVan.map(LocalDate::toString));
    add(q, "ontvangenTot", ontvangenTot.map(LocalDate::toString));
    return q.toString();
  }

  private static void add(StringBuilder q, String key, Optional<String> value) {
    value.ifPresent(
        v ->
            q.append(q.isEmpty() ? "" : "&")
                .append(key)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
  }
}
