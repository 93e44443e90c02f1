package nl.wijkportaal.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import nl.wijkportaal.inbox.Receipt;
import nl.wijkportaal.support.Browser;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inbox in a real browser, by keyboard only: no serious accessibility problem on any page or
 * state.
 */
class InboxBrowserTest {

  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);
  private static TestItems items;

  @BeforeAll
  static void start() {
    items = new TestItems(server);
  }

  @Test
  void
      a_triage_worker_picks_up_an_item_records_first_contact_and_closes_it_with_a_route_by_keyboard() {
    Receipt item =
        items.aanmelding("8011 AB", "Fatima Amrani", "Ik snap de brieven over de toeslagen niet.");
    items.aanmelding("8011 AB", "Fatima Amrani", "Nog een keer, dezelfde vraag.");
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      Staff.signIn(browser, server, CLOCK, "triage");
      assertThat(driver.getCurrentUrl()).endsWith("/inbox");
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Triage-inbox");
      assertThat(browser.seriousAccessibilityProblems()).as("/inbox").isEmpty();

      // The filter form works without script: choose a kanaal with the keyboard and submit.
      driver.findElement(By.id("kanaal")).sendKeys("Aanmelding");
      driver
          .findElement(By.cssSelector("form[action='/inbox'] button[type=submit]"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().contains("kanaal=aanmelding"));

      driver.findElement(By.linkText(item.referentie())).sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/inbox/items/" + item.id()));
      assertThat(browser.seriousAccessibilityProblems())
          .as("item page, new, with a possible match")
          .isEmpty();

      press(driver, "actie-oppakken");
      wait.until(d -> alert(d).contains("Je hebt dit item opgepakt"));
      press(driver, "actie-contact");
      wait.until(d -> alert(d).contains("Het eerste contact is vastgelegd"));
      assertThat(driver.findElement(By.id("klok")).getText())
          .doesNotContain("Eerste contact\nNog niet");

      // Closing without a route: the summary links to the first route, which takes the focus.
      press(driver, "actie-afsluiten");
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(browser.seriousAccessibilityProblems()).as("item page with errors").isEmpty();
      driver
          .findElement(By.cssSelector(".error-summary a[href='#route-informatie_advies']"))
          .sendKeys(Keys.ENTER);
      assertThat(driver.switchTo().activeElement().getAttribute("id"))
          .isEqualTo("route-informatie_advies");

      driver.findElement(By.id("route-sociale_basis")).sendKeys(Keys.SPACE);
      WebElement search = driver.findElement(By.id("aanbod"));
      search.sendKeys("Formulierenhulp", Keys.ENTER);
      wait.until(
          d ->
              d.findElements(
                          By.xpath("//label[starts-with(normalize-space(.), 'Formulierenhulp')]"))
                      .size()
                  > 0);
      assertThat(driver.findElement(By.id("route-sociale_basis")).isSelected())
          .as("the search keeps the chosen route")
          .isTrue();
      String offer =
          driver
              .findElement(By.xpath("//label[starts-with(normalize-space(.), 'Formulierenhulp')]"))
              .getAttribute("for");
      driver.findElement(By.id(offer)).sendKeys(Keys.SPACE);
      driver
          .findElement(By.id("reden"))
          .sendKeys("Verbonden met de formulierenhulp in de bibliotheek.");
      press(driver, "actie-afsluiten");
      wait.until(d -> alert(d).contains("Het item is afgesloten"));
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("Verbinden met de sociale basis")
          .contains("Formulierenhulp");
      assertThat(browser.seriousAccessibilityProblems()).as("closed item").isEmpty();
    }
  }

  @Test
  void registering_a_call_is_accessible_with_and_without_errors() {
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      Staff.signIn(browser, server, CLOCK, "triage");
      driver
          .findElement(By.linkText("Telefoontje, balie of huisbezoek registreren"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/inbox/nieuw"));
      assertThat(browser.seriousAccessibilityProblems()).as("/inbox/nieuw").isEmpty();

      driver.findElement(By.id("naam")).sendKeys("Piet Jansen");
      driver
          .findElement(By.cssSelector("form[action='/inbox/nieuw'] button[type=submit]"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(browser.seriousAccessibilityProblems()).as("/inbox/nieuw with errors").isEmpty();

      driver.findElement(By.id("kanaal-telefoon")).sendKeys(Keys.SPACE);
      driver.findElement(By.id("postcode")).sendKeys("8011 AB");
      driver.findElement(By.id("vraag")).sendKeys("Vraagt hulp bij de administratie.");
      driver.findElement(By.id("leefgebieden-financien")).sendKeys(Keys.SPACE);
      driver.findElement(By.id("urgentie-regulier")).sendKeys(Keys.SPACE);
      driver.findElement(By.id("betrokkeneGeinformeerd-ja")).sendKeys(Keys.SPACE);
      driver.findElement(By.id("toestemming-ja")).sendKeys(Keys.SPACE);
      driver.findElement(By.id("gevondenVia-huisarts")).sendKeys(Keys.SPACE);
      driver
          .findElement(By.cssSelector("form[action='/inbox/nieuw'] button[type=submit]"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().contains("klaar=geregistreerd"));
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("Tessa Jansen")
          .contains("Telefoon");
      assertThat(browser.seriousAccessibilityProblems()).as("registered item").isEmpty();
    }
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
