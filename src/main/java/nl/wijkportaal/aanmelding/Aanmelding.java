package nl.wijkportaal.aanmelding;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.wijkportaal.inbox.NewItem;
import nl.wijkportaal.inbox.Subject;

/**
 * A resident's answers so far, kept in the session (as JSON, so a clustered session store can hold
 * it) until the aanmelding is sent. Knows which pages apply and which are still to do, and turns
 * the answers into the inbox's {@link NewItem}.
 */
final class Aanmelding {

  static final String SESSION = "aanmelding";

  /** The privacy statement's version: a changed text gets a new one, and is asked again. */
  static final String PRIVACY_VERSION = "2026-11";

  /** Answers that mean something only when writing for someone else. */
  private static final List<String> ONLY_FOR_ANOTHER =
      List.of("relatie", "geinformeerd", "eigenNaam");

  private final JsonObject answers;

  private Aanmelding(JsonObject answers) {
    this.answers = answers;
  }

  /** The answers kept in {@code session}; none without a session. */
  static Aanmelding in(Session session) {
    String json = session == null ? null : session.get(SESSION);
    try {
      return new Aanmelding(json == null ? new JsonObject() : new JsonObject(json));
    } catch (RuntimeException e) {
      return new Aanmelding(new JsonObject());
    }
  }

  void keepIn(Session session) {
    session.put(SESSION, answers.encode());
  }

  static void forget(Session session) {
    session.remove(SESSION);
  }

  boolean isEmpty() {
    return answers.isEmpty();
  }

  /** A one-value answer, {@code ""} when not given. */
  String text(String name) {
    Object v = answers.getValue(name);
    return v instanceof String s ? s : "";
  }

  /** The options chosen for a several-value answer. */
  List<String> chosen(String name) {
    Object v = answers.getValue(name);
    if (v instanceof JsonArray a) {
      return a.stream().map(String::valueOf).toList();
    }
    return v instanceof String s && !s.isEmpty() ? List.of(s) : List.of();
  }

  void answer(String name, String value) {
    answers.put(name, value);
  }

  void answer(String name, List<String> values) {
    answers.put(name, new JsonArray(new ArrayList<>(values)));
  }

  /** After a change of "for whom": what was said about another person goes. */
  void forgetWhatNoLongerApplies() {
    if (!forSomeoneElse()) {
      ONLY_FOR_ANOTHER.forEach(answers::remove);
    }
  }

  boolean forSomeoneElse() {
    return "ander".equals(text("voorWie"));
  }

  boolean crisis() {
    return "crisis".equals(text("urgentie"));
  }

  /** Every page, in order: for someone writing for another person. */
  private static final List<Step> FOR_ANOTHER = List.of(Step.values());

  /** The pages of someone writing for themselves, in order. */
  private static final List<Step> FOR_THEMSELVES =
      Arrays.stream(Step.values()).filter(s -> s != Step.ANDER).toList();

  /** The pages this resident goes through, in order. */
  List<Step> steps() {
    return forSomeoneElse() ? FOR_ANOTHER : FOR_THEMSELVES;
  }

  boolean applies(Step step) {
    return steps().contains(step);
  }

  boolean answered(Step step) {
    return switch (step) {
      case VOOR_WIE -> !text("voorWie").isEmpty();
      case ANDER -> !text("relatie").isEmpty() && !text("geinformeerd").isEmpty();
      case ONDERWERP -> !chosen("leefgebieden").isEmpty();
      case VRAAG -> !text("vraag").isEmpty() && !text("urgentie").isEmpty();
      case OVER_WIE -> !text("naam").isEmpty() && !text("postcode").isEmpty();
      case CONTACT ->
          !text("voorkeur").isEmpty() && (!forSomeoneElse() || !text("eigenNaam").isEmpty());
      case GEVONDEN -> !text("gevondenVia").isEmpty();
      case PRIVACY ->
          chosen("toestemming").contains("ja") && PRIVACY_VERSION.equals(text("toestemmingVersie"));
      case CONTROLEREN -> false;
    };
  }

  /** The first page still to answer; empty when everything is ready to check and send. */
  Optional<Step> firstUnanswered() {
    for (Step s : steps()) {
      if (s != Step.CONTROLEREN && !answered(s)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  Step after(Step step) {
    List<Step> steps = steps();
    int i = steps.indexOf(step);
    return i < 0 || i + 1 >= steps.size() ? Step.CONTROLEREN : steps.get(i + 1);
  }

  Optional<Step> before(Step step) {
    List<Step> steps = steps();
    int i = steps.indexOf(step);
    return i > 0 ? Optional.of(steps.get(i - 1)) : Optional.empty();
  }

  /** The aanmelding as the inbox stores it; call only when {@link #firstUnanswered()} is empty. */
  NewItem item(Locale taal) {
    boolean another = forSomeoneElse();
    Subject subject =
        new Subject(text("naam"), birthDate().orElse(null), text("postcode"), orNull("huisnummer"));
    return NewItem.aanmelding(
        chosen("leefgebieden"),
        text("urgentie"),
        // Writing for someone else is not that person's consent, however well meant.
        another ? "niet_gevraagd" : "ja",
        !another || "ja".equals(text("geinformeerd")),
        text("voorWie"),
        text("gevondenVia"),
        text("toestemmingVersie"),
        taal,
        subject,
        inhoud(),
        orNull("email"));
  }

  /** Everything the resident typed, for triage. */
  JsonObject inhoud() {
    boolean another = forSomeoneElse();
    JsonObject betrokkene =
        new JsonObject()
            .put("naam", text("naam"))
            .put("geboortedatum", orNull("geboortedatum"))
            .put("postcode", text("postcode"))
            .put("huisnummer", orNull("huisnummer"));
    JsonObject contact =
        new JsonObject()
            .put("naam", another ? text("eigenNaam") : text("naam"))
            .put("telefoon", orNull("telefoon"))
            .put("email", orNull("email"))
            .put("voorkeur", text("voorkeur"));
    JsonObject inhoud = new JsonObject().put("voorWie", text("voorWie"));
    if (another) {
      inhoud
          .put("relatie", text("relatie"))
          .put("betrokkeneGeinformeerd", "ja".equals(text("geinformeerd")));
    }
    return inhoud
        .put("leefgebieden", new JsonArray(chosen("leefgebieden")))
        .put("vraag", text("vraag"))
        .put("wens", orNull("wens"))
        .put("hulpAanwezig", orNull("hulp"))
        .put("urgentie", text("urgentie"))
        .put("betrokkene", betrokkene)
        .put("contact", contact)
        .put("gevondenVia", text("gevondenVia"))
        .put("toestemmingTekstVersie", text("toestemmingVersie"));
  }

  Optional<LocalDate> birthDate() {
    try {
      return text("geboortedatum").isEmpty()
          ? Optional.empty()
          : Optional.of(LocalDate.parse(text("geboortedatum")));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private String orNull(String name) {
    String v = text(name);
    return v.isEmpty() ? null : v;
  }
}
