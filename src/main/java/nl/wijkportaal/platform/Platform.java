package nl.wijkportaal.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import nl.wijkportaal.platform.audit.AuditLog;
import nl.wijkportaal.platform.calendar.DeadlineRules;
import nl.wijkportaal.platform.calendar.WorkingDayCalendar;
import nl.wijkportaal.platform.config.AppConfig;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.platform.http.ClientAddress;
import nl.wijkportaal.platform.mail.MailOutbox;
import nl.wijkportaal.platform.mail.MailSetup;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.ratelimit.RateLimits;
import nl.wijkportaal.platform.web.Messages;
import nl.wijkportaal.platform.web.Pages;
import nl.wijkportaal.platform.web.Templates;

/**
 * The platform services every feature is wired from, built once per node: a feature's wiring class
 * takes this record (and the features it talks to) and nothing else.
 */
public record Platform(
    AppConfig config,
    Clock clock,
    Vertx vertx,
    Pool pool,
    DatabaseUrl database,
    Messages messages,
    Pages pages,
    OpeningHours openingHours,
    WorkingDayCalendar workingDays,
    DeadlineRules deadlines,
    AuditLog audit,
    MailSetup mail,
    RateLimits rateLimits,
    ClientAddress clientAddress) {

  /** Sent mail (invitation links among it) goes after 30 days. */
  private static final Duration SENT_MAIL_RETENTION = Duration.ofDays(30);

  /** The audit log is kept longer than anything it describes: 7 years. */
  private static final Duration AUDIT_RETENTION = Duration.ofDays(7 * 366);

  /** The services on a started Vert.x, pool (on {@code database}) and mail setup. */
  public static Platform of(
      AppConfig config,
      Clock clock,
      Vertx vertx,
      Pool pool,
      DatabaseUrl database,
      MailSetup mail,
      WorkingDayCalendar workingDays) {
    Messages messages = new Messages();
    OpeningHours openingHours =
        new OpeningHours(config.municipality(), clock, workingDays::holidayName);
    return new Platform(
        config,
        clock,
        vertx,
        pool,
        database,
        messages,
        new Pages(new Templates(messages), messages, openingHours),
        openingHours,
        workingDays,
        new DeadlineRules(workingDays, config.intake().deadlines()),
        new AuditLog(pool, clock),
        mail,
        RateLimits.create(vertx),
        new ClientAddress(config.http().trustedProxies()));
  }

  public MailOutbox outbox() {
    return mail.outbox();
  }

  /** The address of this installation as residents and staff see it, for links in mail. */
  public String publicUrl() {
    return config.http().publicUrl();
  }

  /** The platform's own share of retention: sent mail and old audit entries. */
  public Future<String> retention(Instant now) {
    return Future.join(
            outbox().repository().deleteSentBefore(now.minus(SENT_MAIL_RETENTION)),
            audit.deleteBefore(now.minus(AUDIT_RETENTION)))
        .map("sent mail and old audit entries pruned");
  }
}
