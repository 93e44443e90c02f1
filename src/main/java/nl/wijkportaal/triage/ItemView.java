package nl.wijkportaal.triage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.wijkportaal.inbox.Addition;
import nl.wijkportaal.inbox.ItemDates;
import nl.wijkportaal.inbox.ItemState;
import nl.wijkportaal.inbox.StateGraph;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;

/**
 * An item as its page shows it: what came in (as submitted, whatever shape the front door gave it),
 * who sent it, the clock, ownership, links, history, and which actions its state allows. Plain maps
 * for the template; no request, no I/O.
 */
final class ItemView {

  /** Where a known field sits among what came in; the rest follows in the order it came. */
  private static final List<String> ORDER =
      List.of(
          "vraag",
          "omschrijving",
          "wens",
          "leefgebieden",
          "urgentie",
          "veiligheidszorg",
          "hulpAanwezig",
          "hulpBetrokken",
          "voorWie",
          "relatie",
          "betrokkene",
          "contact",
          "melder",
          "naam",
          "geboortedatum",
          "postcode",
          "huisnummer",
          "telefoon",
          "email",
          "voorkeur",
          "betrokkeneGeinformeerd",
          "toestemming",
          "gevondenVia",
          "toestemmingTekstVersie");

  /** Fields of what came in whose value is a code, with the prefix of their words. */
  private static final Map<String, String> CODED =
      Map.of(
          "urgentie",
          "triage.urgentie.",
          "toestemming",
          "triage.toestemming.",
          "voorWie",
          "triage.voorWie.",
          "gevondenVia",
          "triage.gevondenVia.",
          "contact.voorkeur",
          "triage.voorkeur.",
          "kanaal",
          "triage.kanaal.",
          "leefgebieden",
          "leefgebied.");

  private final Labels labels;
  private final ItemDates dates;
  private final Instant now;

  ItemView(Labels labels, ItemDates dates, Instant now) {
    this.labels = labels;
    this.dates = dates;
    this.now = now;
  }

  /** Which action forms the page offers: what the state graph and the item's owner allow. */
  record Offered(
      boolean claim,
      boolean handBack,
      boolean assign,
      boolean firstContact,
      boolean supportStarted,
      String askFrom,
      boolean forward,
      boolean close,
      boolean reopen,
      boolean merge) {

    static Offered of(ItemDetail d) {
      ItemState s = d.state();
      Set<ItemState> next = StateGraph.next(s);
      boolean unclaimed = d.row().ownerAccountId().isEmpty();
      // Claiming, handing back and assigning have their own rules in Triage on top of the graph:
      // only an unclaimed item is claimed, only a claimed one handed back.
      boolean claimable = s == ItemState.NIEUW || s == ItemState.HEROPEND;
      boolean assignable = claimable || s == ItemState.IN_BEHANDELING;
      // A melder can be asked only about their signal, a resident only about their aanmelding.
      String askFrom =
          !next.contains(ItemState.WACHT_OP_INFORMATIE)
              ? null
              : "signaal".equals(d.row().kanaal())
                  ? "melder"
                  : "aanmelding".equals(d.row().kanaal()) ? "bewoner" : null;
      return new Offered(
          unclaimed && claimable,
          !unclaimed && next.contains(ItemState.NIEUW),
          assignable,
          next.contains(ItemState.CONTACT_GELEGD),
          d.supportStartedAt().isEmpty() && s.open() && s != ItemState.NIEUW,
          askFrom,
          next.contains(ItemState.DOORGEZET),
          next.contains(ItemState.AFGESLOTEN),
          next.contains(ItemState.HEROPEND),
          next.contains(ItemState.SAMENGEVOEGD));
    }

    boolean any() {
      return claim
          || handBack
          || assign
          || firstContact
          || supportStarted
          || askFrom != null
          || forward
          || close
          || reopen
          || merge;
    }
  }

  /** The item at a glance: reference, state, kanaal, urgency and the markers of the list. */
  Map<String, Object> summary(ItemDetail d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.row().id().toString());
    m.put("referentie", d.row().referentie());
    m.put("version", d.version());
    m.put("state", labels.state(d.state().code()));
    m.put("kanaal", labels.kanaal(d.row().kanaal()));
    m.put(
        "markers",
        InboxPage.markers(
            d.row().urgentie(),
            d.row().veiligheidszorg(),
            d.row().toestemming().orElse(null),
            d.row().possibleMatch(),
            labels));
    return m;
  }

  /**
   * Who sent it: the organisation and melder of a signal, the resident, or the worker who
   * registered it.
   */
  List<Map<String, Object>> sender(ItemDetail d) {
    List<Map<String, Object>> rows = new ArrayList<>();
    add(rows, "triage.sender.kanaal", labels.kanaal(d.row().kanaal()));
    d.organisationName().ifPresent(v -> add(rows, "triage.sender.organisation", v));
    d.vindplek()
        .ifPresent(v -> add(rows, "triage.sender.vindplek", labels.of("triage.vindplek.", v)));
    boolean staff = List.of("telefoon", "balie", "huisbezoek").contains(d.row().kanaal());
    d.submittedByName()
        .ifPresent(
            v -> add(rows, staff ? "triage.sender.registeredBy" : "triage.sender.submittedBy", v));
    d.voorWie().ifPresent(v -> add(rows, "triage.sender.voorWie", labels.of("triage.voorWie.", v)));
    d.gevondenVia()
        .ifPresent(
            v -> add(rows, "triage.sender.gevondenVia", labels.of("triage.gevondenVia.", v)));
    d.betrokkeneGeinformeerd().ifPresent(v -> add(rows, "triage.sender.informed", labels.yesNo(v)));
    add(
        rows,
        "triage.sender.toestemming",
        d.row().toestemming().map(labels::toestemming).orElse(labels.text("triage.unknown")));
    return rows;
  }

  /** The clock: received, due (overdue said in words), first contact, support started, closed. */
  List<Map<String, Object>> clock(ItemDetail d) {
    List<Map<String, Object>> rows = new ArrayList<>();
    add(rows, "triage.clock.received", dates.dateTime(d.row().receivedAt(), labels.locale()));
    Map<String, Object> due =
        add(rows, "triage.clock.due", dates.dateTime(d.row().dueAt(), labels.locale()));
    LocalDate today = now.atZone(WorkingDayCalendar.ZONE).toLocalDate();
    due.put("badge", InboxPage.dueBadge(d.row(), now, today, labels));
    add(rows, "triage.clock.firstContact", when(d.row().firstContactAt()));
    add(rows, "triage.clock.supportStarted", when(d.supportStartedAt()));
    add(rows, "triage.clock.closed", when(d.closedAt()));
    return rows;
  }

  /** Owner and team, and what a hand-over or closing decided. */
  List<Map<String, Object>> ownership(
      ItemDetail d, Map<String, String> wijkNames, List<Map<String, Object>> routeOffers) {
    List<Map<String, Object>> rows = new ArrayList<>();
    add(rows, "triage.owner", d.row().ownerName().orElse(labels.text("triage.owner.none")));
    d.ownerWijkteam()
        .ifPresent(w -> add(rows, "triage.owner.wijkteam", wijkNames.getOrDefault(w, w)));
    String wijk =
        d.row().buitenGemeente()
            ? wijkNames.get("buiten_gemeente")
            : d.row()
                .wijk()
                .map(w -> wijkNames.getOrDefault(w, w))
                .orElse(labels.text("triage.wijk.unknown"));
    add(rows, "triage.wijk", wijk);
    d.doorgezetOrganisatie().ifPresent(v -> add(rows, "triage.forward.organisatie", v));
    d.doorgezetContact().ifPresent(v -> add(rows, "triage.forward.contact", v));
    d.followUpOn()
        .ifPresent(
            v ->
                add(
                    rows,
                    "triage.forward.followUp",
                    DateTimeFormatter.ofPattern(labels.text("inbox.format.date"), labels.locale())
                        .format(v)));
    d.route().ifPresent(v -> add(rows, "triage.close.route", labels.route(v)));
    if (!routeOffers.isEmpty()) {
      Map<String, Object> offers = add(rows, "triage.close.offers", "");
      offers.put("list", routeOffers);
    }
    d.closeReason().ifPresent(v -> add(rows, "triage.close.reason", v).put("long", true));
    return rows;
  }

  /** What came in as submitted: every field, nested objects flattened, Dutch labels where known. */
  List<Map<String, Object>> inhoud(JsonObject inhoud) {
    List<Map<String, Object>> rows = new ArrayList<>();
    flatten("", inhoud, rows);
    return rows;
  }

  private void flatten(String prefix, JsonObject json, List<Map<String, Object>> rows) {
    List<String> keys = new ArrayList<>(json.fieldNames());
    keys.sort(Comparator.comparingInt(k -> ORDER.contains(k) ? ORDER.indexOf(k) : ORDER.size()));
    for (String key : keys) {
      Object value = json.getValue(key);
      String path = prefix + key;
      if (value instanceof JsonObject nested) {
        flatten(path + ".", nested, rows);
      } else if (value != null) {
        String shown = shown(path, value);
        if (!shown.isBlank()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("label", labels.of("triage.inhoud.", path));
          row.put("value", shown);
          row.put("long", shown.length() > 80 || shown.contains("\n"));
          rows.add(row);
        }
      }
    }
  }

  private String shown(String path, Object value) {
    String coded = CODED.getOrDefault(path, CODED.get(path.substring(path.lastIndexOf('.') + 1)));
    if (value instanceof JsonArray array) {
      List<String> parts = new ArrayList<>();
      array.forEach(
          v ->
              parts.add(
                  v == null
                      ? ""
                      : coded == null ? String.valueOf(v) : labels.of(coded, String.valueOf(v))));
      return String.join(", ", parts);
    }
    if (value instanceof Boolean b) {
      return labels.yesNo(b);
    }
    return coded == null ? String.valueOf(value) : labels.of(coded, String.valueOf(value));
  }

  List<Map<String, Object>> additions(List<Addition> additions) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Addition a : additions) {
      list.add(
          Map.of(
              "at",
              dates.dateTime(a.addedAt(), labels.locale()),
              "door",
              labels.of("triage.addition.", a.door()),
              "tekst",
              a.tekst()));
    }
    return list;
  }

  List<Map<String, Object>> notes(List<ItemDetail.Note> notes) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ItemDetail.Note n : notes) {
      list.add(
          Map.of(
              "at",
              dates.dateTime(n.at(), labels.locale()),
              "author",
              n.author(),
              "tekst",
              n.tekst()));
    }
    return list;
  }

  List<Map<String, Object>> history(List<ItemDetail.Event> events) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ItemDetail.Event e : events) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("at", dates.dateTime(e.at(), labels.locale()));
      row.put("what", labels.of("triage.event.", e.kind()));
      row.put(
          "change",
          e.from().isPresent() && e.to().isPresent() && !e.from().equals(e.to())
              ? labels.text(
                  "triage.history.change", labels.state(e.from().get()), labels.state(e.to().get()))
              : "");
      row.put("who", e.actor().orElse(labels.text("triage.history.resident")));
      list.add(row);
    }
    return list;
  }

  List<Map<String, Object>> matches(List<ItemDetail.Match> matches) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ItemDetail.Match m : matches) {
      Map<String, Object> row = new LinkedHashMap<>(reference(m.other()));
      row.put("reason", labels.of("triage.match.reason.", m.reason()));
      row.put("status", labels.of("triage.match.status.", m.status()));
      row.put("open", "open".equals(m.status()));
      list.add(row);
    }
    return list;
  }

  Map<String, Object> reference(ItemDetail.Reference r) {
    return Map.of(
        "id",
        r.id().toString(),
        "href",
        "/inbox/items/" + r.id(),
        "referentie",
        r.referentie(),
        "state",
        labels.state(r.state().code()));
  }

  private String when(Optional<Instant> at) {
    return at.map(t -> dates.dateTime(t, labels.locale()))
        .orElse(labels.text("triage.clock.notYet"));
  }

  private Map<String, Object> add(List<Map<String, Object>> rows, String labelKey, String value) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("label", labels.text(labelKey));
    row.put("value", value);
    rows.add(row);
    return row;
  }
}
