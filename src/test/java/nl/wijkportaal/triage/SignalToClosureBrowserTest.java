package nl.wijkportaal.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import nl.wijkportaal.support.Browser;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole way of a signal: a school's system sends it while a triage worker has the inbox open;
 * it appears without reloading; she claims it, records first contact and closes it with a route to
 * a catalogue offer; the school's melder list then says "Afgerond".
 */
class SignalToClosureBrowserTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  private static String token() {
    HttpResponse<String> response =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    "demo-school",
                    "client_secret",
                    Staff.PASSWORD));
    return new JsonObject(response.body()).getString("access_token");
  }

  @Test
  void a_signal_arrives_live_is_closed_with_a_route_to_an_offer_and_the_school_sees_it_afgerond() {
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      Staff.signIn(browser, server, CLOCK, "triage");
      assertThat(driver.getCurrentUrl()).endsWith("/inbox");
      // The page's script says when its event stream is connected.
      wait.until(
          d -> "ja".equals(d.findElement(By.id("inbox-live")).getAttribute("data-connected")));

      JsonObject signal =
          new JsonObject()
              .put(
                  "betrokkene",
                  new JsonObject()
                      .put("naam", "Daan Visser")
                      .put("geboortedatum", "2013-05-05")
                      .put("postcode", "8031 CD")
                      .put("huisnummer", "5"))
              .put("leefgebieden", new JsonArray().add("financien"))
              .put("urgentie", "regulier")
              .put(
                  "omschrijving",
                  "Ouders vertellen over geldzorgen; er is geen geld voor het schoolreisje.")
              .put("betrokkeneGeinformeerd", true)
              .put("toestemming", "ja")
              .put("veiligheidszorg", false);
      HttpResponse<String> created =
          server
              .user()
              .postJson(
                  "/api/v1/signalen",
                  signal.encode(),
                  Map.of("Authorization", "Bearer " + token()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String referentie = new JsonObject(created.body()).getString("referentie");

      wait.until(d -> !d.findElements(By.linkText(referentie)).isEmpty());
      assertThat(driver.findElement(By.id("inbox-live")).getText()).contains(referentie);
      assertThat(browser.seriousAccessibilityProblems())
          .as("/inbox after the live update")
          .isEmpty();

      driver.findElement(By.linkText(referentie)).sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().contains("/inbox/items/"));
      press(driver, "actie-oppakken");
      wait.until(d -> alert(d).contains("Je hebt dit item opgepakt"));
      press(driver, "actie-contact");
      wait.until(d -> alert(d).contains("Het eerste contact is vastgelegd"));
      driver.findElement(By.id("route-sociale_basis")).sendKeys(Keys.SPACE);
      driver.findElement(By.id("aanbod")).sendKeys("Formulierenhulp", Keys.ENTER);
      wait.until(
          d ->
              !d.findElements(
                      By.xpath("//label[starts-with(normalize-space(.), 'Formulierenhulp')]"))
                  .isEmpty());
      String offer =
          driver
              .findElement(By.xpath("//label[starts-with(normalize-space(.), 'Formulierenhulp')]"))
              .getAttribute("for");
      driver.findElement(By.id(offer)).sendKeys(Keys.SPACE);
      driver
          .findElement(By.id("reden"))
          .sendKeys("Ouders verbonden met de formulierenhulp en het kindpakket.");
      press(driver, "actie-afsluiten");
      wait.until(d -> alert(d).contains("Het item is afgesloten"));
      assertThat(browser.seriousAccessibilityProblems()).as("closed item").isEmpty();
    }

    WebUser school = Staff.signIn(server, CLOCK, "school");
    String list = school.get("/signaleren/meldingen").body();
    assertThat(list).contains("Afgerond").contains("Tessa Jansen");
    assertThat(list)
        .doesNotContain("formulierenhulp")
        .doesNotContain("sociale_basis")
        .doesNotContain("kindpakket");
  }

  private static void press(WebDriver driver, String id) {
    driver.findElement(By.id(id)).sendKeys(Keys.ENTER);
  }

  private static String alert(WebDriver driver) {
    return driver.findElements(By.cssSelector(".alert--success")).stream()
        .map(WebElement::getText)
        .findFirst()
        .orElse("");
  }
}
