package nl.wijkportaal.platform.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import nl.wijkportaal.platform.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's due mail over SMTP every few seconds; a failed try is retried later with
 * exponential back-off, so a mail leaves the outbox only once a server accepted it.
 */
public final class MailSender {

  private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);

  static final int BATCH_SIZE = 10;
  static final Duration FIRST_RETRY = Duration.ofSeconds(30);
  static final Duration MAX_RETRY = Duration.ofHours(1);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
  // Longer than a whole batch can take (BATCH_SIZE × SEND_TIMEOUT): while a node still
  // sends, no other node may take its mail over and send it a second time.
  static final Duration CLAIM_LEASE = SEND_TIMEOUT.multipliedBy(BATCH_SIZE).plusMinutes(5);
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int IDLE_TIMEOUT_SECONDS = 60;
  private static final int MAX_ERROR_LENGTH = 1_000;
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");

  private final Vertx vertx;
  private final Clock clock;
  private final MailOutboxRepository repository;
  private final MailClient client;
  private final String from;
  private final String server;
  private final Duration pollInterval;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Future<Integer> lastRun = Future.succeededFuture(0);
  private volatile long timer = -1;
  private volatile boolean stopped;

  /**
   * A sender to the SMTP server at {@code host:port}, with the sender address, STARTTLS policy and
   * credentials of {@code settings}.
   */
  public MailSender(
      Vertx vertx,
      Pool pool,
      Clock clock,
      AppConfig.Mail settings,
      String host,
      int port,
      Duration pollInterval) {
    this.vertx = vertx;
    this.clock = clock;
    this.repository = new MailOutboxRepository(pool);
    this.client = MailClient.create(vertx, mailConfig(settings, host, port));
    this.from = settings.from();
    this.server = host + ":" + port;
    this.pollInterval = pollInterval;
  }

  static MailConfig mailConfig(AppConfig.Mail settings, String host, int port) {
    MailConfig config =
        new MailConfig(host, port)
            .setStarttls(StartTLSOptions.valueOf(settings.starttls().toUpperCase(Locale.ROOT)))
            .setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    // An SMTP server that stops answering must not hold a claimed batch for ever.
    config.setIdleTimeout(IDLE_TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (settings.username().isPresent()) {
      config
          .setLogin(LoginOption.REQUIRED)
          .setUsername(settings.username().get())
          .setPassword(settings.password().orElse(""));
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    return config;
  }

  /** Polls the outbox every poll interval until {@link #stop}. */
  public void start() {
    timer = vertx.setPeriodic(pollInterval.toMillis(), pollInterval.toMillis(), id -> tick());
    LOG.info(
        "Mail sender started: SMTP server {}, outbox polled every {} ms",
        server,
        pollInterval.toMillis());
  }

  /** Stops polling, lets a run in progress finish its batch, and closes the SMTP client. */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return lastRun.otherwiseEmpty().compose(ignored -> client.close());
  }

  private void tick() {
    // A slow SMTP server can make a run outlast the interval; runs of one node never overlap.
    if (stopped || !running.compareAndSet(false, true)) {
      return;
    }
    Future<Integer> run = sendDue();
    lastRun = run;
    run.onComplete(
        result -> {
          running.set(false);
          if (result.failed()) {
            LOG.warn(
                "Mail outbox run failed, the next run tries again: {}", result.cause().toString());
          }
        });
  }

  /**
   * Claims and sends every mail that is due, batch after batch. Returns how many a server accepted;
   * fails only when the database does (claimed mail then waits out its lease).
   */
  public Future<Integer> sendDue() {
    return sendDue(0);
  }

  private Future<Integer> sendDue(int sentBefore) {
    Instant now = clock.instant();
    return repository
        .claimDue(now, now.plus(CLAIM_LEASE), BATCH_SIZE)
        .compose(
            claimed ->
                sendAll(claimed)
                    .compose(
                        sent ->
                            claimed.size() == BATCH_SIZE && !stopped
                                ? sendDue(sentBefore + sent)
                                : Future.succeededFuture(sentBefore + sent)));
  }

  /** One after the other: mail volume is low, and one connection is kinder to the server. */
  private Future<Integer> sendAll(List<MailOutboxRepository.Claimed> claimed) {
    Future<Integer> sent = Future.succeededFuture(0);
    for (MailOutboxRepository.Claimed mail : claimed) {
      sent = sent.compose(n -> send(mail).map(accepted -> accepted ? n + 1 : n));
    }
    return sent;
  }

  private Future<Boolean> send(MailOutboxRepository.Claimed claimed) {
    return client
        .sendMail(message(claimed.mail()))
        .timeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .transform(
            result -> {
              if (result.succeeded()) {
                return repository.markSent(claimed.id(), clock.instant()).map(true);
              }
              int attempt = claimed.attempts() + 1;
              Instant next = clock.instant().plus(backoff(attempt));
              String error = describe(result.cause());
              // Never the body or the address in the log: the id finds the row.
              LOG.warn(
                  "Mail {} not accepted by {} (attempt {}), next try at {}: {}",
                  claimed.id(),
                  server,
                  attempt,
                  next,
                  withoutAddresses(error));
              return repository.markFailed(claimed.id(), error, next).map(false);
            });
  }

  private MailMessage message(Mail mail) {
    MailMessage message =
        new MailMessage()
            .setFrom(from)
            .setTo(mail.to())
            .setSubject(mail.subject())
            .setText(mail.text());
    mail.html().ifPresent(message::setHtml);
    return message;
  }

  /** The wait after the given failed attempt: 30 s, 1 min, 2 min, … at most one hour. */
  static Duration backoff(int failedAttempts) {
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 20);
    Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
    return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
  }

  private static String describe(Throwable failure) {
    String text =
        failure.getClass().getSimpleName()
            + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }

  static String withoutAddresses(String text) {
    return ADDRESS.matcher(text).replaceAll("<address>");
  }
}
