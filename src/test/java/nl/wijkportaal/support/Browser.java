package nl.wijkportaal.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with axe-core (vendored in the test resources,
 * never from a CDN) to check a page for accessibility problems.
 *
 * <p>Starting Chromium and its driver costs seconds, so the test JVM keeps the ones it started: a
 * closed browser goes back to an idle set per language, emptied (its cookies and cache cleared,
 * extra windows closed, on {@code about:blank}), and the next {@code new Browser} of that language
 * takes it; what cannot be emptied is quit. The idle ones are quit when the JVM ends.
 */
public final class Browser implements AutoCloseable {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Map<String, Deque<ChromeDriver>> IDLE = new HashMap<>();
  private static boolean quitAtExit;
  private static String axeSource;

  private final ChromeDriver driver;
  private final String language;
  private boolean closed;

  public Browser(String acceptLanguage) {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      throw new IllegalStateException(
          "Chromium is missing: .ci/ensure-debian.sh installs it (apt-get install chromium chromium-driver)");
    }
    this.language = acceptLanguage;
    ChromeDriver idle = takeIdle(acceptLanguage);
    this.driver = idle != null ? idle : start(acceptLanguage);
  }

  private static synchronized ChromeDriver takeIdle(String language) {
    Deque<ChromeDriver> idle = IDLE.get(language);
    return idle == null ? null : idle.poll();
  }

  private static synchronized void giveBack(String language, ChromeDriver driver) {
    IDLE.computeIfAbsent(language, l -> new ArrayDeque<>()).push(driver);
    if (!quitAtExit) {
      quitAtExit = true;
      Runtime.getRuntime().addShutdownHook(new Thread(Browser::quitIdle, "browser-quit"));
    }
  }

  private static synchronized void quitIdle() {
    IDLE.values()
        .forEach(
            drivers ->
                drivers.forEach(
                    d -> {
                      try {
                        d.quit();
                      } catch (WebDriverException e) {
                        // Ending anyway.
                      }
                    }));
    IDLE.clear();
  }

  private static ChromeDriver start(String acceptLanguage) {
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
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
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
    // The 500 KB script once per page: a second check of the same page finds it there.
    if (!Boolean.TRUE.equals(
        js.executeScript("return !!(window.axe && typeof window.axe.run === 'function');"))) {
      js.executeScript(axe());
    }
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

  /** Empties the browser for the next test (see the class comment), or quits it. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      try {
        driver.switchTo().alert().dismiss();
      } catch (NoAlertPresentException e) {
        // None open.
      }
      List<String> windows = new ArrayList<>(driver.getWindowHandles());
      for (String w : windows.subList(1, windows.size())) {
        driver.switchTo().window(w).close();
      }
      driver.switchTo().window(windows.get(0));
      driver.get("about:blank");
      driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
      driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
      giveBack(language, driver);
    } catch (WebDriverException | IndexOutOfBoundsException e) {
      driver.quit();
    }
  }
}
