package nl.wijkportaal.platform.db;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;

/**
 * Tells a database that is down or restarting from a request that went wrong: the first gets a 503
 * with {@code Retry-After} (the caller may simply try again), the second a 4xx or a 500.
 */
public final class DatabaseUnavailable {

  /** Seconds a client is asked to wait before it tries again. */
  public static final int RETRY_AFTER_SECONDS = 30;

  /** Seconds when the database is up but every connection is busy and the queue full (a crowd). */
  public static final int BUSY_RETRY_AFTER_SECONDS = 2;

  private DatabaseUnavailable() {}

  /**
   * The pool had no connection to give in time, or its wait queue was full: load, not an outage.
   */
  public static boolean busy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionPoolTooBusyException
          || t instanceof QueueFull
          || String.valueOf(t.getMessage()).contains("Timeout waiting for connection")) {
        return true;
      }
    }
    return false;
  }

  /** What {@code Retry-After} says for this failure. */
  public static int retryAfterSeconds(Throwable failure) {
    return busy(failure) ? BUSY_RETRY_AFTER_SECONDS : RETRY_AFTER_SECONDS;
  }

  public static boolean is(Throwable failure) {
    if (busy(failure)) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // A connection reset mid-query (the server went away while answering) is the same outage.
      if (t instanceof ConnectException
          || t instanceof ClosedConnectionException
          || t instanceof SocketException) {
        return true;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        // Class 08: connection exceptions; 57P01-57P03: shut down by the administrator or starting
        // up.
        if (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03")) {
          return true;
        }
      }
      // The pool's own words when it has no connection to give (closed pool, timeout), and the
      // client's when a query goes out on a connection the network has just dropped.
      String message = String.valueOf(t.getMessage());
      if (message.contains("Connection refused")
          || message.contains("Timeout waiting for connection")
          || message.contains("Connection is not active now")) {
        return true;
      }
      // Statements sent at once (pipelined): the next one's write finds the socket the server
      // closed after the one before it failed.
      if (t instanceof IOException
          && (message.contains("Broken pipe") || message.contains("Connection reset"))) {
        return true;
      }
    }
    return false;
  }
}
