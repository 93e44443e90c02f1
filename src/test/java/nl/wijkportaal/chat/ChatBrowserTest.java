package nl.wijkportaal.chat;

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

/** A resident and a chat worker, each in their own browser, chat live using only the keyboard. */
class ChatBrowserTest {

  private static final TestClock CLOCK = TestClock.startingNow();
  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of(), CLOCK);

  @Test
  void
      a_resident_and_a_worker_chat_live_with_the_keyboard_and_both_pages_meet_no_serious_accessibility_problem() {
    try (Browser residentBrowser = new Browser("nl-NL");
        Browser workerBrowser = new Browser("nl-NL")) {
      var worker = workerBrowser.driver();
      Staff.signIn(workerBrowser, server, CLOCK, "chat");
      worker.get(server.url("/chat-console"));
      assertThat(worker.findElement(By.cssSelector("nav.staff-nav a[aria-current=page]")).getText())
          .isEqualTo("Chat");
      worker.findElement(By.id("beschikbaarheid-online")).sendKeys(Keys.SPACE);
      worker
          .findElement(By.cssSelector("form[action='/chat-console/beschikbaarheid'] button"))
          .sendKeys(Keys.ENTER);
      workerBrowser
          .waiting()
          .until(d -> d.findElement(By.cssSelector("legend")).getText().contains("Online"));
      assertThat(workerBrowser.seriousAccessibilityProblems()).isEmpty();

      var resident = residentBrowser.driver();
      resident.get(server.url("/"));
      resident.findElement(By.cssSelector("a.chat-entry")).sendKeys(Keys.ENTER);
      residentBrowser.waiting().until(d -> d.getCurrentUrl().endsWith("/chat"));
      assertThat(resident.getPageSource()).contains("niet voor noodgevallen");
      assertThat(residentBrowser.seriousAccessibilityProblems()).isEmpty();
      resident.findElement(By.id("voornaam")).sendKeys("Lotte");
      resident
          .findElement(By.id("vraag"))
          .sendKeys("Waar kan ik met mijn zoon praten over school?");
      resident.findElement(By.cssSelector("form[action='/chat'] button")).sendKeys(Keys.ENTER);
      residentBrowser.waiting().until(d -> d.getCurrentUrl().contains("/chat/gesprek/"));
      assertThat(resident.findElement(By.cssSelector("[role=status] #chat-state")).getText())
          .contains("Je bent nummer 1");
      assertThat(resident.findElements(By.cssSelector("[role=log] li"))).hasSize(1);
      assertThat(residentBrowser.seriousAccessibilityProblems()).isEmpty();

      // The queue on the console fills by itself; the worker accepts with the keyboard.
      workerBrowser
          .waiting()
          .until(d -> !d.findElements(By.cssSelector("#queue button")).isEmpty());
      worker.findElement(By.cssSelector("#queue button")).sendKeys(Keys.ENTER);
      workerBrowser.waiting().until(d -> d.getCurrentUrl().contains("/chat-console/gesprekken/"));
      assertThat(workerBrowser.seriousAccessibilityProblems()).isEmpty();

      // The resident's page hears that Chris joined, without a click.
      residentBrowser
          .waiting()
          .until(
              d ->
                  d.findElement(By.id("chat-state"))
                      .getText()
                      .contains("Je chat met Chris Mulder"));

      // Typing shows on the other side; the message arrives live.
      workerBrowser
          .waiting()
          .until(d -> "true".equals(d.findElement(By.id("chat-state")).getAttribute("data-live")));
      worker.findElement(By.id("bericht-tekst")).sendKeys("Hoi Lotte, wat fijn dat je chat.");
      residentBrowser
          .waiting()
          .until(d -> d.findElement(By.id("chat-typing")).getText().contains("typen"));
      worker.findElement(By.cssSelector("#chat-form button")).sendKeys(Keys.ENTER);
      residentBrowser
          .waiting()
          .until(
              d ->
                  d.findElement(By.cssSelector("[role=log]"))
                      .getText()
                      .contains("Hoi Lotte, wat fijn dat je chat."));

      resident.findElement(By.id("bericht")).sendKeys("Dank je! Hij spijbelt vaak.");
      resident.findElement(By.cssSelector("#chat-form button")).sendKeys(Keys.ENTER);
      workerBrowser
          .waiting()
          .until(
              d ->
                  d.findElement(By.cssSelector("[role=log]"))
                      .getText()
                      .contains("Dank je! Hij spijbelt vaak."));
      // Sent over the bridge, not by a page load: the form is cleared and the page did not reload.
      assertThat(resident.findElement(By.id("bericht")).getAttribute("value")).isEmpty();
      assertThat(resident.getCurrentUrl()).doesNotContain("verstuurd");

      // Each number once, in order, on both sides.
      assertThat(
              resident.findElements(By.cssSelector("[role=log] li")).stream()
                  .map(li -> li.getAttribute("data-seq"))
                  .toList())
          .containsExactly("1", "2", "3", "4");
      assertThat(
              worker.findElements(By.cssSelector("[role=log] li")).stream()
                  .map(li -> li.getAttribute("data-seq"))
                  .toList())
          .containsExactly("1", "2", "3", "4");
      assertThat(residentBrowser.seriousAccessibilityProblems()).isEmpty();
      assertThat(workerBrowser.seriousAccessibilityProblems()).isEmpty();
    }
  }
}
