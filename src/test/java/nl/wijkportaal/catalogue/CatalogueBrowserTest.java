package nl.wijkportaal.catalogue;

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

/** A resident finds help with the keyboard only, in a real browser, on accessible pages. */
class CatalogueBrowserTest {

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

  @Test
  void a_resident_searches_filters_and_opens_an_offer_with_the_keyboard_only() {
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      driver.get(server.url("/"));

      tabTo(driver, e -> "home-q".equals(e.getAttribute("id"))).sendKeys("geldzorgen", Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().contains("/aanbod?q=geldzorgen"));
      assertThat(driver.findElement(By.cssSelector(".results h2")).getText())
          .containsPattern("\\d+ resultaten");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      tabTo(driver, e -> "gratis".equals(e.getAttribute("id"))).sendKeys(Keys.SPACE);
      tabTo(driver, e -> e.getText().equals("Filters toepassen")).sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().contains("gratis=ja"));
      assertThat(driver.findElement(By.id("gratis")).isSelected()).isTrue();

      WebElement first =
          tabTo(
              driver,
              e ->
                  e.getTagName().equals("a")
                      && String.valueOf(e.getAttribute("href")).contains("/aanbod/"));
      String title = first.getText();
      first.sendKeys(Keys.ENTER);
      wait.until(d -> d.findElement(By.tagName("h1")).getText().equals(title));
      assertThat(driver.findElements(By.cssSelector("[itemtype='https://schema.org/Service']")))
          .hasSize(1);
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
    }
  }

  @Test
  void the_wegwijzer_and_the_english_catalogue_are_accessible() {
    try (Browser browser = new Browser("en-GB")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      driver.get(server.url("/wegwijzer"));
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("How urgent is it?");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      driver
          .findElement(By.cssSelector("button[type=submit]"))
          .sendKeys(Keys.ENTER); // nothing chosen
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      driver.findElement(By.id("antwoord-snel")).sendKeys(Keys.SPACE);
      driver.findElement(By.cssSelector("button[type=submit]")).sendKeys(Keys.ENTER);
      wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("What is it about?"));
      driver.findElement(By.id("antwoord-sociaal_netwerk")).sendKeys(Keys.SPACE);
      driver.findElement(By.cssSelector("button[type=submit]")).sendKeys(Keys.ENTER);
      for (String step : new String[] {"voor-wie", "leeftijd", "wijk"}) {
        wait.until(
            d ->
                step.equals(
                    d.findElement(By.cssSelector("input[name=stap]")).getAttribute("value")));
        if (!step.equals("leeftijd")) {
          driver.findElements(By.cssSelector("input[name=antwoord]")).get(0).sendKeys(Keys.SPACE);
        }
        driver.findElement(By.cssSelector("button[type=submit]")).sendKeys(Keys.ENTER);
      }
      wait.until(d -> d.getCurrentUrl().endsWith("/wegwijzer/advies"));
      assertThat(driver.findElement(By.tagName("body")).getText())
          .contains("What you can do yourself")
          .contains("Need help soon?");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      driver.get(server.url("/aanbod?q=lonely"));
      assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
    }
  }
}
