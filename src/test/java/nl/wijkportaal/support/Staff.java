package nl.wijkportaal.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Signs demo staff in through the real pages: password, then a TOTP code from their secret. */
public final class Staff {

  public static final String PASSWORD = "Wijkportaal-demo-2026";
  public static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  private Staff() {}

  public static String email(String login) {
    return login + "@demo.wijkportaal.nl";
  }

  /** The TOTP code an authenticator app would show at the clock's time. */
  public static String code(String secret, Clock clock) {
    try {
      return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6)
          .generate(secret, clock.instant().getEpochSecond() / 30);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signs in the demo account {@code login} (e.g. "triage"); moves the clock a step so each code is
   * new.
   */
  public static WebUser signIn(TestServer server, TestClock clock, String login) {
    clock.advance(Duration.ofSeconds(31));
    WebUser user = server.user();
    HttpResponse<String> password = submitPassword(user, email(login), PASSWORD);
    assertThat(password.statusCode()).as("password step for " + login).isEqualTo(303);
    assertThat(password.headers().firstValue("location")).hasValue("/login/2fa");
    HttpResponse<String> code = submitCode(user, code(TOTP_SECRET, clock));
    assertThat(code.statusCode()).as("code step for " + login + ": " + code.body()).isEqualTo(303);
    // Follow the redirect as a browser does (this also hands out the new session's CSRF token).
    assertThat(user.get(code.headers().firstValue("location").orElseThrow()).statusCode())
        .isEqualTo(200);
    return user;
  }

  /**
   * Signs {@code login} in through the real pages in a browser, and waits for where the role lands
   * (triage: the inbox).
   */
  public static void signIn(Browser browser, TestServer server, TestClock clock, String login) {
    org.openqa.selenium.WebDriver driver = browser.driver();
    org.openqa.selenium.support.ui.WebDriverWait wait =
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(10));
    driver.get(server.url("/login"));
    driver.findElement(org.openqa.selenium.By.id("username")).sendKeys(email(login));
    driver
        .findElement(org.openqa.selenium.By.id("password"))
        .sendKeys(PASSWORD, org.openqa.selenium.Keys.ENTER);
    wait.until(d -> d.getCurrentUrl().endsWith("/login/2fa"));
    clock.advance(Duration.ofSeconds(31));
    driver
        .findElement(org.openqa.selenium.By.id("code"))
        .sendKeys(code(TOTP_SECRET, clock), org.openqa.selenium.Keys.ENTER);
    wait.until(d -> d.getCurrentUrl().endsWith("/start") || d.getCurrentUrl().endsWith("/inbox"));
  }

  public static HttpResponse<String> submitPassword(WebUser user, String email, String password) {
    user.get("/login");
    return user.postForm(
        "/login",
        Map.of("username", email, "password", password, "X-XSRF-TOKEN", user.cookie("XSRF-TOKEN")));
  }

  public static HttpResponse<String> submitCode(WebUser user, String code) {
    user.get("/login/2fa");
    return user.postForm(
        "/login/2fa", Map.of("code", code, "X-XSRF-TOKEN", user.cookie("XSRF-TOKEN")));
  }

  /** Posts a form with the user's current CSRF token. */
  public static HttpResponse<String> post(WebUser user, String path, Map<String, String> fields) {
    if (user.cookie("XSRF-TOKEN") == null) {
      user.get("/");
    }
    java.util.Map<String, String> all = new java.util.HashMap<>(fields);
    all.put("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN"));
    return user.postForm(path, all);
  }
}
