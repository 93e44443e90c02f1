package nl.wijkportaal.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
 * The dashboard in a real browser, by keyboard only, over the demo's generated history: open it
 * from the start page, choose another period and a wijkteam, follow a chart to the inbox; no
 * serious accessibility problem on the way. And the complaint form for a resident.
 */
class SturingBrowserTest {

  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("WIJKPORTAAL_DEMO_HISTORY_ITEMS", "800"), CLOCK);

  @Test
  void
      a_teamleider_opens_the_dashboard_changes_the_period_and_follows_a_chart_to_the_inbox_by_keyboard() {
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      Staff.signIn(browser, server, CLOCK, "teamleider");
      driver.get(server.url("/start"));
      driver.findElement(By.linkText("Sturing")).sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/sturing"));
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sturing");
      assertThat(driver.findElements(By.cssSelector("svg.chart"))).hasSize(Sturing.KPIS.size());
      assertThat(browser.seriousAccessibilityProblems()).as("/sturing").isEmpty();

      // Another period (typed into the date field; the browser's own date order decides day or
      // month first) and one wijkteam, by keyboard.
      WebElement van = driver.findElement(By.id("van"));
      van.sendKeys("01062026");
      driver.findElement(By.id("wijk")).sendKeys("Wijkteam Noord");
      driver
          .findElement(By.cssSelector("form[action='/sturing'] button[type=submit]"))
          .sendKeys(Keys.ENTER);
      wait.until(
          d ->
              (d.getCurrentUrl().contains("van=2026-06-01")
                      || d.getCurrentUrl().contains("van=2026-01-06"))
                  && d.getCurrentUrl().contains("wijk=noord"));
      assertThat(driver.findElement(By.tagName("main")).getText())
          .containsAnyOf("Van 1 juni 2026", "Van 6 januari 2026")
          .contains("Wijkteam Noord");
      assertThat(browser.seriousAccessibilityProblems())
          .as("/sturing for noord since June")
          .isEmpty();

      // A bar of the workload chart opens the inbox with the same filter.
      WebElement bar = driver.findElement(By.cssSelector("#werkvoorraad-wijk svg a"));
      String href = bar.getDomAttribute("href");
      bar.sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().contains("/inbox?"));
      assertThat(driver.getCurrentUrl()).contains("wijk=noord");
      assertThat(href).contains("/inbox?wijk=noord");
      assertThat(browser.seriousAccessibilityProblems()).as("the inbox behind a chart").isEmpty();
    }
  }

  @Test
  void a_resident_files_a_complaint_by_keyboard() {
    try (Browser browser = new Browser("nl-NL")) {
      WebDriver driver = browser.driver();
      WebDriverWait wait = browser.waiting();
      driver.get(server.url("/"));
      driver.findElement(By.linkText("Een klacht indienen")).sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/klacht"));
      assertThat(browser.seriousAccessibilityProblems()).as("/klacht").isEmpty();
      driver
          .findElement(By.cssSelector("form[action='/klacht'] button[type=submit]"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> !d.findElements(By.cssSelector(".error-summary")).isEmpty());
      assertThat(browser.seriousAccessibilityProblems()).as("/klacht with errors").isEmpty();
      driver.findElement(By.id("naam")).sendKeys("Kees Klager");
      driver.findElement(By.id("email")).sendKeys("kees@example.org");
      driver.findElement(By.id("omschrijving")).sendKeys("Niemand belde terug.");
      driver
          .findElement(By.cssSelector("form[action='/klacht'] button[type=submit]"))
          .sendKeys(Keys.ENTER);
      wait.until(d -> d.getCurrentUrl().endsWith("/klacht/ontvangen"));
      assertThat(driver.findElement(By.id("referentie")).getText()).startsWith("K-");
      assertThat(browser.seriousAccessibilityProblems()).as("/klacht/ontvangen").isEmpty();
    }
  }
}
