package nl.wijkportaal.faults;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small TCP proxy on 127.0.0.1 between a node and PostgreSQL that makes the database slow (every
 * chunk held back by the set latency, in order) or drops every open connection at once.
 */
final class SlowProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client =
      vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final NetServer server;
  private volatile long latencyMillis;

  private SlowProxy(String targetHost, int targetPort) {
    server =
        vertx
            .createNetServer()
            .connectHandler(
                front -> {
                  front.pause();
                  client
                      .connect(targetPort, targetHost)
                      .onSuccess(
                          back -> {
                            open.add(front);
                            open.add(back);
                            pipe(front, back);
                            pipe(back, front);
                            front.resume();
                          })
                      .onFailure(e -> front.close());
                });
    server.listen(0, "127.0.0.1").await();
  }

  static SlowProxy to(String host, int port) {
    return new SlowProxy(host, port);
  }

  int port() {
    return server.actualPort();
  }

  void latency(long millis) {
    latencyMillis = millis;
  }

  /** Closes every connection through the proxy, as a network that drops them would. */
  int dropAll() {
    int dropped = open.size() / 2;
    open.forEach(NetSocket::close);
    open.clear();
    return dropped;
  }

  private void pipe(NetSocket from, NetSocket to) {
    long[] lastDue = {0};
    from.handler(
        chunk -> {
          long delay = latencyMillis;
          if (delay <= 0 && lastDue[0] <= System.currentTimeMillis()) {
            to.write(chunk);
            return;
          }
          long due = Math.max(System.currentTimeMillis() + delay, lastDue[0]);
          lastDue[0] = due;
          Buffer held = chunk.copy();
          vertx.setTimer(Math.max(1, due - System.currentTimeMillis()), t -> to.write(held));
        });
    from.closeHandler(
        v -> {
          open.remove(from);
          to.close();
        });
    from.exceptionHandler(e -> from.close());
  }

  @Override
  public void close() {
    dropAll();
    vertx.close().await();
  }
}
