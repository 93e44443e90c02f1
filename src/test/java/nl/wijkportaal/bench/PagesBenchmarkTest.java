package nl.wijkportaal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The pages benchmark's command (bench/pages.sh runs {@link PagesBenchmark}) still runs from start
 * to end at a tiny size: product and bare server started (the demo's open items are the inbox), the
 * worker signed in, wrk at one level on every page and on the signals API. No figure is judged
 * here: a benchmark is not a unit test.
 */
class PagesBenchmarkTest {

  @Test
  void the_pages_benchmark_runs_at_a_tiny_size_and_writes_its_tables() throws Exception {
    Path out = Path.of("target/bench-pages-test");
    int status =
        PagesBenchmark.run(
            "items=20",
            "statuses=3",
            "seconds=1",
            "warmup=0",
            "levels=1",
            "signalLevels=1",
            "productJvm=" + BenchProcesses.TINY_RUN_JVM,
            "out=" + out);
    assertThat(status).isZero();
    String results = Files.readString(out.resolve("results.md"));
    assertThat(results)
        .contains("| / (home) | 1 |")
        .contains("| /aanbod/{slug} (offer page) | 1 |")
        .contains("| /aanmelden/voor-wie (aanmelding step) | 1 |")
        .contains("| /aanmelden/status/{token} (status page) | 1 |")
        .contains("| /inbox (worker, pages 1-20) | 1 |")
        .contains("| /inbox/items/{id} (item page) | 1 |")
        .contains("| signals API | 1 |");
  }
}
