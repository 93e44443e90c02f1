package nl.wijkportaal.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.WebUser;

/**
 * Signs a demo account in at any address (a node in another JVM, a proxy) with the real clock's
 * TOTP code.
 */
final class StaffAt {

  private StaffAt() {}

  static WebUser signIn(String base, String login) {
    WebUser user = WebUser.at(base);
    HttpResponse<String> password = Staff.submitPassword(user, Staff.email(login), Staff.PASSWORD);
    assertThat(password.statusCode())
        .as("password step for " + login + ": " + password.body())
        .isEqualTo(303);
    HttpResponse<String> code =
        Staff.submitCode(user, Staff.code(Staff.TOTP_SECRET, Clock.systemUTC()));
    assertThat(code.statusCode()).as("code step for " + login + ": " + code.body()).isEqualTo(303);
    assertThat(user.get(code.headers().firstValue("location").orElseThrow()).statusCode())
        .isEqualTo(200);
    return user;
  }
}
