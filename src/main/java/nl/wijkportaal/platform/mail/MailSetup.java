package nl.wijkportaal.platform.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import nl.wijkportaal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where this node's mail goes: the configured SMTP server; else, on a demo installation,
 * its own demo mail server on loopback; else nowhere yet, and mail waits in the outbox until a
 * server is configured.
 */
public final class MailSetup {

  private static final Logger LOG = LoggerFactory.getLogger(MailSetup.class);

  private final MailOutbox outbox;
  private final Optional<MailSender> sender;
  private final Optional<DemoMailServer> demoServer;

  private MailSetup(
      MailOutbox outbox, Optional<MailSender> sender, Optional<DemoMailServer> demoServer) {
    this.outbox = outbox;
    this.sender = sender;
    this.demoServer = demoServer;
  }

  /**
   * Builds and starts the mail parts. Blocks while a demo mail server starts: not on an event loop.
   */
  public static MailSetup start(Vertx vertx, Pool pool, Clock clock, AppConfig config) {
    return start(vertx, pool, clock, config.mail(), config.demo(), config.mail().pollInterval());
  }

  static MailSetup start(
      Vertx vertx,
      Pool pool,
      Clock clock,
      AppConfig.Mail mail,
      boolean demo,
      Duration pollInterval) {
    MailOutbox outbox = new MailOutbox(pool, clock);
    if (mail.host().isPresent()) {
      MailSender sender =
          new MailSender(vertx, pool, clock, mail, mail.host().get(), mail.port(), pollInterval);
      sender.start();
      return new MailSetup(outbox, Optional.of(sender), Optional.empty());
    }
    if (demo) {
      DemoMailServer server = new DemoMailServer(mail.embeddedPort());
      server.start();
      // Our own server on loopback: no TLS to negotiate and no account to log in with.
      AppConfig.Mail local =
          new AppConfig.Mail(
              Optional.of(server.host()),
              server.port(),
              mail.from(),
              Optional.empty(),
              Optional.empty(),
              "DISABLED",
              mail.embeddedPort(),
              mail.pollMillis());
      MailSender sender =
          new MailSender(vertx, pool, clock, local, server.host(), server.port(), pollInterval);
      sender.start();
      return new MailSetup(outbox, Optional.of(sender), Optional.of(server));
    }
    LOG.warn(
        "No SMTP server configured (WIJKPORTAAL_SMTP_HOST): mail is kept in the outbox and sent once a node with a server runs");
    return new MailSetup(outbox, Optional.empty(), Optional.empty());
  }

  public MailOutbox outbox() {
    return outbox;
  }

  public Optional<MailSender> sender() {
    return sender;
  }

  /** Present on a demo node without a configured SMTP server: feeds the demo mailbox page. */
  public Optional<DemoMailServer> demoServer() {
    return demoServer;
  }

  /** Stops sending (a batch in progress finishes), then the demo mail server on a worker. */
  public Future<Void> stop(Vertx vertx) {
    Future<Void> stopped = sender.map(MailSender::stop).orElse(Future.succeededFuture());
    return stopped
        .otherwiseEmpty()
        .compose(
            ignored ->
                demoServer
                    .<Future<Void>>map(
                        server ->
                            vertx.executeBlocking(
                                () -> {
                                  server.stop();
                                  return null;
                                }))
                    .orElse(Future.succeededFuture()));
  }
}
