package nl.wijkportaal.bench;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestClock;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;

/**
 * The dashboard over a year of generated history (the demo generator, default 200,000 items): the
 * real application on the embedded PostgreSQL, one signed-in client on loopback, the whole page
 * (every KPI, chart and table) and one CSV. Run with {@code bench/sturing.sh}; the figures go into
 * the README.
 *
 * <p>Options (system properties, {@code JAVA_OPTS}): {@code -Dsturing.hold=true} stops after
 * generating and prints the {@code psql} command for the database, until a line arrives on stdin;
 * {@code -Dsturing.database=host:port/name} measures on the database such a held run keeps (nothing
 * generated again), so that code or table changes can be compared on the same data.
 */
public final class SturingBenchmark {

  private SturingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    long started = System.nanoTime();
    Map<String, String> settings =
        Map.of(
            "WIJKPORTAAL_ACCESS_LOG",
            "OFF",
            "WIJKPORTAAL_DEMO_HISTORY_ITEMS",
            String.valueOf(items));
    String held = System.getProperty("sturing.database");
    try (TestServer server =
        held == null
            ? TestServer.start(settings, clock)
            : TestServer.on(existing(held), settings, clock)) {
      System.out.printf(
          "start with %d generated items: %.1f s%n", items, (System.nanoTime() - started) / 1e9);
      server.app().pool().query("VACUUM ANALYZE").execute().await();
      if (Boolean.getBoolean("sturing.hold")) {
        // Profiling: keep the database up for psql until a line arrives on stdin.
        System.out.printf(
            "holding: psql -h 127.0.0.1 -p %d -U postgres %s%n",
            server.database().port(), server.database().database());
        new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
            .readLine();
      }
      if (held != null) {
        // A sign-in code is taken once: a later run on the same database signs in some minutes on.
        clock.advance(java.time.Duration.ofSeconds(System.currentTimeMillis() / 1000 % 21_600));
      }
      String year = "?van=2025-12-02&tot=2026-12-01";
      WebUser leader = Staff.signIn(server, clock, "teamleider");
      WebUser beheerder = Staff.signIn(server, clock, "beheerder");
      // The first load of a period nobody asked for yet: each request another year (one day
      // earlier), so nothing computed before serves it. The very first dashboard after the start
      // also warms the JVM (templates, charts) and reads the workload of now (kept across periods
      // after): it is a year of its own, printed apart and not counted.
      long warm = firstLoad(beheerder, java.time.LocalDate.of(2026, 11, 30).minusDays(rounds));
      System.out.printf(
          "GET /sturing, the first dashboard since the start (another year, not counted): %.1f ms%n",
          warm / 1000.0);
      List<Long> first = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        first.add(firstLoad(beheerder, java.time.LocalDate.of(2026, 11, 30).minusDays(r)));
      }
      System.out.println(
          "first loads, in order (ms): "
              + first.stream().map(t -> String.format("%.0f", t / 1000.0)).toList());
      report("/sturing, the first load of each of " + rounds + " other years", first, items);
      measure(beheerder, "/sturing" + year, rounds, items);
      measure(leader, "/sturing" + year, rounds, items);
      measure(leader, "/sturing" + year + "&wijk=noord", rounds, items);
      measure(leader, "/sturing/csv/wachttijd-intake" + year, rounds, items);
    }
  }

  /** The microseconds of the dashboard for the year up to {@code tot}, as beheerder. */
  private static long firstLoad(WebUser beheerder, java.time.LocalDate tot) {
    long t = System.nanoTime();
    HttpResponse<String> page =
        beheerder.get("/sturing?van=" + tot.minusYears(1).plusDays(1) + "&tot=" + tot);
    if (page.statusCode() != 200) {
      throw new IllegalStateException("first load answered " + page.statusCode());
    }
    return (System.nanoTime() - t) / 1000;
  }

  /** A database a held run keeps: {@code host:port/name}. */
  private static DatabaseUrl existing(String held) {
    String[] hostPort = held.substring(0, held.indexOf('/')).split(":", -1);
    return new DatabaseUrl(
        hostPort[0],
        Integer.parseInt(hostPort[1]),
        held.substring(held.indexOf('/') + 1),
        "postgres",
        "");
  }

  private static void measure(WebUser user, String path, int rounds, int items) {
    List<Long> micros = new ArrayList<>();
    for (int r = 0; r < rounds + 3; r++) {
      long t = System.nanoTime();
      HttpResponse<String> page = user.get(path);
      if (page.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + page.statusCode());
      }
      if (r >= 3) {
        micros.add((System.nanoTime() - t) / 1000);
      }
    }
    report(path, micros, items);
  }

  private static void report(String path, List<Long> micros, int items) {
    Collections.sort(micros);
    System.out.printf(
        "GET %s (%d items): %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        path,
        items,
        micros.size(),
        micros.get(micros.size() / 2) / 1000.0,
        micros.get((int) (micros.size() * 0.99)) / 1000.0,
        micros.get(micros.size() - 1) / 1000.0);
  }
}
