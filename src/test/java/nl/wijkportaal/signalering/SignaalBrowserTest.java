package nl.wijkportaal.signalering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nl.wijkportaal.support.Browser;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A school melder signals in a real browser, by keyboard; no serious accessibility problem on the
 * way.
 */
class SignaalBrowserTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  @Test
  void a_school_melder_signals_with_the_keyboard_and_reads_the_reference_on_the_receipt() {
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      Staff.signIn(browser, server, CLOCK, "school");
      driver.findElement(By.cssSelector("main a[href='/signaleren']")).sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/signaleren"));
      assertThat(browser.seriousAccessibilityProblems()).as("the form").isEmpty();

      // Sent empty first: the error summary takes the melder to each field.
      driver
          .findElement(By.cssSelector("form[action='/signaleren'] button[type=submit]"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(browser.seriousAccessibilityProblems()).as("the form with errors").isEmpty();
      driver.findElement(By.cssSelector(".error-summary a[href='#naam']")).sendKeys(Keys.ENTER);
      assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("naam");

      type(driver, "naam", "Kim Toetsenbord");
      type(driver, "geboortedatum", "2-10-2011");
      type(driver, "postcode", "8031 CD");
      type(driver, "huisnummer", "7");
      check(driver, "leefgebieden-school_verzuim");
      check(driver, "leefgebieden-sociaal_netwerk");
      type(driver, "omschrijving", "Trekt zich terug in de klas.");
      check(driver, "urgentie-regulier");
      check(driver, "veiligheidszorg-nee");
      check(driver, "betrokkeneGeinformeerd-ja");
      check(driver, "toestemming-ja");
      driver
          .findElement(By.cssSelector("form[action='/signaleren'] button[type=submit]"))
          .sendKeys(Keys.ENTER);

      wait.until(d -> d.getCurrentUrl().matches(".*/signaleren/meldingen/[0-9a-f-]{36}$"));
      String receipt = driver.findElement(By.tagName("main")).getText();
      assertThat(receipt)
          .contains("Signaal ontvangen")
          .containsPattern("S-[A-Z0-9]{4}-[A-Z0-9]{2}")
          .contains("Kim Toetsenbord");
      assertThat(browser.seriousAccessibilityProblems()).as("the receipt").isEmpty();

      driver
          .findElement(By.cssSelector("main a[href='/signaleren/meldingen']"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/signaleren/meldingen"));
      assertThat(driver.findElement(By.tagName("table")).getText()).contains("Inge Bakker");
      assertThat(browser.seriousAccessibilityProblems()).as("the list").isEmpty();
    }
  }

  /** Types into a field; Selenium focuses it first, as tabbing to it would. */
  private static void type(WebDriver driver, String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  /** Checks a checkbox or radio button with the space bar. */
  private static void check(WebDriver driver, String id) {
    WebElement choice = driver.findElement(By.id(id));
    if (!choice.isSelected()) {
      choice.sendKeys(Keys.SPACE);
    }
    assertThat(choice.isSelected()).as(id).isTrue();
  }
}
