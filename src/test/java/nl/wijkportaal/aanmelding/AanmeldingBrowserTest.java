package nl.wijkportaal.aanmelding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Predicate;
import nl.wijkportaal.support.Browser;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A resident asks for help in a real browser, with the keyboard only, on pages without serious
 * accessibility problems.
 */
class AanmeldingBrowserTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  /**
   * Presses Tab until the focused element matches; fails after 200 presses. Each press goes to the
   * element the previous one focused (not asked for again before the next press, unless the page
   * replaced it).
   */
  private static WebElement tabTo(WebDriver driver, Predicate<WebElement> wanted) {
    WebElement focused = driver.switchTo().activeElement();
    for (int i = 0; i < 200; i++) {
      try {
        focused.sendKeys(Keys.TAB);
      } catch (StaleElementReferenceException e) {
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
      }
      focused = driver.switchTo().activeElement();
      if (wanted.test(focused)) {
        return focused;
      }
    }
    throw new AssertionError("never reached the element by keyboard");
  }

  private static WebElement tabToId(WebDriver driver, String id) {
    return tabTo(driver, e -> id.equals(e.getAttribute("id")));
  }

  private static void pressContinue(WebDriver driver) {
    tabTo(driver, e -> e.getTagName().equals("button") && "submit".equals(e.getAttribute("type")))
        .sendKeys(Keys.ENTER);
  }

  /** Waits for the page and checks it with axe-core. */
  private static void arrive(Browser browser, WebDriverWait wait, String path) {
    wait.until(d -> d.getCurrentUrl().endsWith(path));
    assertThat(browser.seriousAccessibilityProblems()).as(path).isEmpty();
  }

  @Test
  void a_resident_asks_for_help_with_the_keyboard_only_and_follows_the_request() {
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      driver.get(server.url("/"));
      tabTo(driver, e -> "Hulp vragen".equals(e.getText())).sendKeys(Keys.ENTER);
      arrive(browser, wait, "/aanmelden");
      tabTo(driver, e -> "Start".equals(e.getText())).sendKeys(Keys.ENTER);
      arrive(browser, wait, "/aanmelden/voor-wie");

      // Nothing chosen: the error summary, then the answer.
      pressContinue(driver);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(driver.getTitle()).startsWith("Fout: Voor wie vraag je hulp?");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
      tabToId(driver, "voorWie-zelf").sendKeys(Keys.SPACE);
      pressContinue(driver);
      arrive(browser, wait, "/aanmelden/onderwerp");

      tabToId(driver, "leefgebieden-financien").sendKeys(Keys.SPACE);
      tabToId(driver, "leefgebieden-wonen").sendKeys(Keys.SPACE);
      pressContinue(driver);
      arrive(browser, wait, "/aanmelden/vraag");
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("Dit kun je misschien ook zelf regelen");

      tabToId(driver, "vraag").sendKeys("Ik heb een betalingsachterstand bij de huur.");
      tabToId(driver, "urgentie-regulier").sendKeys(Keys.SPACE);
      pressContinue(driver);
      arrive(browser, wait, "/aanmelden/over-wie");

      tabToId(driver, "naam").sendKeys("Yusuf Demir");
      tabToId(driver, "geboortedatum").sendKeys("2-11-1975");
      tabToId(driver, "postcode").sendKeys("8011 AB");
      tabToId(driver, "huisnummer").sendKeys("7");
      pressContinue(driver);
      arrive(browser, wait, "/aanmelden/contact");

      tabToId(driver, "telefoon").sendKeys("06 11122233");
      tabToId(driver, "voorkeur-telefoon").sendKeys(Keys.SPACE);
      pressContinue(driver);
      arrive(browser, wait, "/aanmelden/gevonden");

      tabToId(driver, "gevondenVia-huisarts").sendKeys(Keys.SPACE);
      pressContinue(driver);
      arrive(browser, wait, "/aanmelden/privacy");

      tabToId(driver, "toestemming-ja").sendKeys(Keys.SPACE);
      pressContinue(driver);
      arrive(browser, wait, "/aanmelden/controleren");
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("Yusuf Demir")
          .contains("8011 AB");

      pressContinue(driver);
      arrive(browser, wait, "/aanmelden/ontvangen");
      String reference = driver.findElement(By.id("referentie")).getText();
      assertThat(reference)
          .matches("A-[346789ABCDEFGHJKMNPQRTUVWXY]{4}-[346789ABCDEFGHJKMNPQRTUVWXY]{2}");

      tabTo(driver, e -> String.valueOf(e.getAttribute("href")).contains("/aanmelden/status/"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().contains("/aanmelden/status/"));
      assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Ontvangen");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      tabToId(driver, "aanvulling").sendKeys("Ik ben overdag niet thuis.");
      tabTo(driver, e -> "Aanvulling versturen".equals(e.getText())).sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("?klaar=aangevuld"));
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("Ik ben overdag niet thuis.");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
    }
  }

  @Test
  void the_pages_for_someone_else_and_with_mistakes_are_accessible_in_english() {
    try (Browser browser = new Browser("en-GB")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      driver.get(server.url("/aanmelden/voor-wie"));
      assertThat(driver.findElement(By.tagName("h1")).getText())
          .isEqualTo("Who are you asking help for?");
      driver.findElement(By.id("voorWie-ander")).sendKeys(Keys.SPACE);
      driver.findElement(By.cssSelector("main button[type=submit]")).sendKeys(Keys.ENTER);
      arrive(browser, wait, "/aanmelden/ander");
      driver.findElement(By.cssSelector("main button[type=submit]")).sendKeys(Keys.ENTER);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(driver.findElement(By.cssSelector(".error-summary")).getText())
          .contains("Choose who the person is to you");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
      driver.findElement(By.id("relatie-mantelzorger")).sendKeys(Keys.SPACE);
      driver.findElement(By.id("geinformeerd-ja")).sendKeys(Keys.SPACE);
      driver.findElement(By.cssSelector("main button[type=submit]")).sendKeys(Keys.ENTER);
      arrive(browser, wait, "/aanmelden/onderwerp");
      driver.findElement(By.id("leefgebieden-dagelijkse_redzaamheid")).sendKeys(Keys.SPACE);
      driver.findElement(By.cssSelector("main button[type=submit]")).sendKeys(Keys.ENTER);
      arrive(browser, wait, "/aanmelden/vraag");
      driver.findElement(By.id("urgentie-crisis")).sendKeys(Keys.SPACE);
      driver.findElement(By.cssSelector("main button[type=submit]")).sendKeys(Keys.ENTER);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
      driver.findElement(By.id("vraag")).sendKeys("My mother can no longer cook for herself.");
      driver.findElement(By.cssSelector("main button[type=submit]")).sendKeys(Keys.ENTER);
      arrive(browser, wait, "/aanmelden/over-wie");
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("Immediate danger? Call now");
      driver.findElement(By.cssSelector("main button[type=submit]")).sendKeys(Keys.ENTER);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
    }
  }
}
