package nl.wijkportaal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.wijkportaal.support.Browser;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** A resident in a real browser: the home page, the language switch, keyboard use, axe-core. */
class HomePageBrowserTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  @Test
  void
      a_resident_opens_the_home_page_switches_to_english_and_meets_no_serious_accessibility_problem() {
    try (Browser browser = new Browser("nl-NL")) {
      var driver = browser.driver();
      driver.get(server.url("/"));
      assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("nl");
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Hulp in je wijk");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      driver.findElement(By.cssSelector("nav.lang-switch a[lang=en]")).click();
      browser
          .waiting()
          .until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
      assertThat(driver.findElement(By.tagName("h1")).getText())
          .isEqualTo("Help in your neighbourhood");
      assertThat(
              driver.findElement(By.cssSelector("nav.lang-switch a[aria-current=true]")).getText())
          .isEqualTo("English");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();

      // The choice sticks: the contact page comes in English without asking again.
      driver.findElement(By.cssSelector("a[href='/contact']")).click();
      browser.waiting().until(d -> d.getCurrentUrl().endsWith("/contact"));
      assertThat(driver.findElement(By.tagName("h1")).getText())
          .isEqualTo("Contact and opening hours");
      assertThat(browser.seriousAccessibilityProblems()).isEmpty();
    }
  }

  @Test
  void
      the_skip_link_is_the_first_thing_a_keyboard_user_reaches_and_it_moves_focus_to_the_content() {
    try (Browser browser = new Browser("nl-NL")) {
      var driver = browser.driver();
      driver.get(server.url("/"));
      driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
      WebElement focused = driver.switchTo().activeElement();
      assertThat(focused.getText()).isEqualTo("Naar de inhoud");
      assertThat(focused.isDisplayed()).as("visible when focused").isTrue();
      focused.sendKeys(Keys.ENTER);
      assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
    }
  }

  @Test
  void the_error_page_and_the_api_page_work_under_the_strict_content_security_policy() {
    try (Browser browser = new Browser("nl-NL")) {
      var driver = browser.driver();
      driver.get(server.url("/bestaat-niet"));
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Pagina niet gevonden");
      List<String> problems = browser.seriousAccessibilityProblems();
      assertThat(problems).isEmpty();

      driver.get(server.url("/api/v1/docs"));
      // Swagger UI renders the operations from our own contract, scripts and styles from our own
      // server.
      browser
          .waiting()
          .until(d -> !d.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
      assertThat(driver.findElement(By.tagName("body")).getText())
          .contains("/openingstijden")
          .contains("/gemeente");
    }
  }
}
