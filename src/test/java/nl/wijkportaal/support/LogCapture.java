package nl.wijkportaal.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the application logs while a test runs (every logger), to assert on stack traces and errors.
 */
public final class LogCapture implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Events logged at ERROR, or with a stack trace at any level. */
  public synchronized List<String> errorsAndStackTraces() {
    return List.copyOf(appender.list).stream()
        .filter(
            e ->
                e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR)
                    || e.getThrowableProxy() != null)
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getLoggerName()
                    + ": "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " / "
                            + e.getThrowableProxy().getClassName()
                            + ": "
                            + e.getThrowableProxy().getMessage()))
        .toList();
  }

  public void clear() {
    appender.list.clear();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
