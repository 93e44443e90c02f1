package nl.wijkportaal.faults;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.wijkportaal.support.WebUser;

/** A resident with their own session who has filled in every page of the aanmelding. */
final class Resident {

  private static final Pattern REFERENCE = Pattern.compile("A-[0-9A-Z]{4}-[0-9A-Z]{2}");

  final String naam;
  final WebUser user;

  private Resident(String base, String naam) {
    this.naam = naam;
    this.user = WebUser.at(base);
  }

  static Resident filledIn(String base, String naam) {
    Resident r = new Resident(base, naam);
    r.fillIn();
    return r;
  }

  private void fillIn() {
    user.get("/aanmelden");
    answer("voor-wie", "voorWie", "zelf");
    answer("onderwerp", "leefgebieden", "financien");
    answer(
        "vraag",
        "vraag",
        "Ik heb schulden en durf de post niet meer open te maken.",
        "wens",
        "Overzicht",
        "hulp",
        "",
        "urgentie",
        "regulier");
    answer(
        "over-wie",
        "naam",
        naam,
        "geboortedatum",
        "15-3-1980",
        "postcode",
        "8011 AB",
        "huisnummer",
        "12");
    answer("contact", "telefoon", "06 12345678", "email", "", "voorkeur", "telefoon");
    answer("gevonden", "gevondenVia", "huisarts");
    answer("privacy", "toestemming", "ja");
  }

  private void answer(String step, String... pairs) {
    HttpResponse<String> answered = user.postWithToken("/aanmelden/" + step, pairs);
    if (answered.statusCode() != 303) {
      throw new AssertionError(step + ": " + answered.statusCode() + " " + answered.body());
    }
  }

  HttpResponse<String> send() {
    return user.postWithToken("/aanmelden", "website", "");
  }

  /** Sends; a 503 page must keep the answers and say when to try again; then sends again. */
  void sendUntilReceipt(List<String> unexpected) throws InterruptedException {
    for (int attempt = 0; attempt < 200; attempt++) {
      HttpResponse<String> sent;
      try {
        sent = send();
      } catch (RuntimeException e) {
        Thread.sleep(200);
        continue;
      }
      if (sent.statusCode() == 303
          && "/aanmelden/ontvangen".equals(sent.headers().firstValue("location").orElse(""))) {
        HttpResponse<String> receipt = user.get("/aanmelden/ontvangen");
        Matcher m = REFERENCE.matcher(receipt.body());
        if (!m.find()) {
          unexpected.add(naam + ": a receipt without a reference");
        }
        return;
      }
      if (sent.statusCode() == 503
          && sent.headers().firstValue("retry-after").isPresent()
          && user.get("/aanmelden/controleren").body().contains(naam)) {
        Thread.sleep(200);
        continue;
      }
      unexpected.add(naam + ": " + sent.statusCode() + " " + sent.body());
      return;
    }
    unexpected.add(naam + " never received a receipt");
  }
}
