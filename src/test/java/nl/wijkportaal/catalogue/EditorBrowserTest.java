package nl.wijkportaal.catalogue;

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
import org.openqa.selenium.support.ui.WebDriverWait;

/** The editors' pages in a real browser: no serious accessibility problem on any of them. */
class EditorBrowserTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  @Test
  void every_editor_page_is_accessible_including_a_form_with_errors() {
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      Staff.signIn(browser, server, CLOCK, "redacteur");
      assertThat(driver.findElement(By.cssSelector("a[href='/redactie']")).isDisplayed()).isTrue();

      for (String page :
          new String[] {
            "/redactie",
            "/redactie/aanbod/nieuw",
            "/redactie/versheid",
            "/redactie/import",
            "/redactie/zoekinzicht",
            "/redactie/synoniemen"
          }) {
        driver.get(server.url(page));
        assertThat(browser.seriousAccessibilityProblems()).as(page).isEmpty();
      }

      driver.get(server.url("/redactie/aanbod/nieuw"));
      driver
          .findElement(By.cssSelector("form[action='/redactie/aanbod'] button[type=submit]"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(browser.seriousAccessibilityProblems()).as("form with errors").isEmpty();

      driver.get(server.url("/redactie"));
      driver
          .findElement(By.cssSelector("a[href^='/redactie/aanbod/'][href*='-']"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().matches(".*/redactie/aanbod/[0-9a-f-]{36}$"));
      assertThat(browser.seriousAccessibilityProblems()).as("edit page").isEmpty();
      driver.get(driver.getCurrentUrl() + "/voorbeeld");
      assertThat(browser.seriousAccessibilityProblems()).as("preview").isEmpty();
    }
  }
}
