package nl.wijkportaal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import nl.wijkportaal.support.Browser;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A triage worker signs in with two-factor in a real browser, by keyboard, and meets no serious
 * accessibility problem.
 */
class LoginBrowserTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  @Test
  void a_triage_worker_signs_in_with_two_factor_and_lands_on_the_inbox() {
    try (Browser browser = new Browser("nl-NL")) {
      var driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      driver.get(server.url("/"));
      driver.findElement(By.linkText("Ik ben professional")).sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/login"));
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      // A mistake first: the error summary links to the field and the page stays accessible.
      driver.findElement(By.id("username")).sendKeys(Staff.email("triage"));
      driver.findElement(By.id("password")).sendKeys("verkeerd-wachtwoord", Keys.ENTER);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(driver.findElement(By.cssSelector(".error-summary a")).getAttribute("href"))
          .endsWith("#username");
      assertThat(driver.findElement(By.id("username")).getAttribute("value"))
          .isEqualTo(Staff.email("triage"));
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      driver.findElement(By.id("password")).sendKeys(Staff.PASSWORD, Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/login/2fa"));
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Vul je code in");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      CLOCK.advance(Duration.ofSeconds(31));
      driver.findElement(By.id("code")).sendKeys(Staff.code(Staff.TOTP_SECRET, CLOCK), Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/inbox"));
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Triage-inbox");
      assertThat(driver.findElement(By.cssSelector(".account-bar")).getText())
          .contains("Ingelogd als Tessa Jansen");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      driver.findElement(By.cssSelector(".account-bar button")).click();
      wait.until(d -> d.findElements(By.cssSelector(".account-bar")).isEmpty());
      driver.get(server.url("/start"));
      wait.until(d -> d.getCurrentUrl().contains("/login"));
    }
  }

  @Test
  void the_enrolment_page_with_its_qr_code_is_accessible() {
    server
        .app()
        .pool()
        .query(
            "UPDATE account SET totp_secret = NULL WHERE email = 'redacteur@demo.wijkportaal.nl'")
        .execute()
        .await();
    try (Browser browser = new Browser("en-GB")) {
      var driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      driver.get(server.url("/login"));
      driver.findElement(By.id("username")).sendKeys(Staff.email("redacteur"));
      driver.findElement(By.id("password")).sendKeys(Staff.PASSWORD, Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/login/2fa/instellen"));
      assertThat(driver.findElement(By.tagName("h1")).getText())
          .isEqualTo("Set up two-step verification");
      assertThat(
              driver.findElement(By.cssSelector("img[src^='data:image/png']")).getAttribute("alt"))
          .isNotBlank();
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
    }
  }
}
