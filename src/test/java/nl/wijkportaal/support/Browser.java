package nl.wijkportaal.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with axe-core (vendored in the test resources,
 * never from a CDN) to check a page for accessibility problems.
 */
public final class Browser implements AutoCloseable {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static String axeSource;

  private final ChromeDriver driver;

  public Browser(String acceptLanguage) {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      throw new IllegalStateException(
          "Chromium is missing: .ci/ensure-debian.sh installs it (apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,1024",
        "--lang=" + acceptLanguage);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Waits up to 15 seconds for what a user would see. A page that reloads under the wait (a
   * redirect after a form, a live update) makes a found element stale, which Chromium reports
   * either as a stale element or as a node that "does not belong to the document": the wait then
   * looks again. What never comes still fails the wait, with the last of these as its cause.
   */
  public WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    wait.ignoring(WebDriverException.class); // stale elements among them
    return wait;
  }

  /** Runs axe-core on the current page; returns the serious and critical violations. */
  @SuppressWarnings("unchecked")
  public List<String> seriousAccessibilityProblems() {
    JavascriptExecutor js = driver;
    js.executeScript(axe());
    Object result =
        js.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
                + ".then(function (r) { done(r.violations.map(function (v) {"
                + "  return {id: v.id, impact: v.impact, help: v.help,"
                + "          nodes: v.nodes.map(function (n) { return n.target.join(' '); }).join(', ')}; })); })"
                + ".catch(function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: ''}]); });");
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> v : (List<Map<String, Object>>) result) {
      String impact = String.valueOf(v.get("impact"));
      if (impact.equals("serious") || impact.equals("critical")) {
        problems.add(v.get("id") + " (" + impact + "): " + v.get("help") + " at " + v.get("nodes"));
      }
    }
    return problems;
  }

  private static synchronized String axe() {
    if (axeSource == null) {
      try (InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
        axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return axeSource;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
