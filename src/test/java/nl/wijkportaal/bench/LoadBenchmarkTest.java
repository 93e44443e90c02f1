package nl.wijkportaal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's command (bench/load.sh runs {@link LoadBenchmark}) still runs from start to end,
 * at a tiny size: product and bare server started, offers generated, wrk at one level, figures and
 * memory written. No figure is judged here: a benchmark is not a unit test.
 */
class LoadBenchmarkTest {

  @Test
  void the_benchmark_runs_at_a_tiny_size_and_writes_its_table() throws Exception {
    Path out = Path.of("target/bench-test");
    int status =
        LoadBenchmark.run(
            "offers=30",
            "seconds=1",
            "warmup=0",
            "levels=1",
            "searches=200",
            "demoHistory=0",
            "productJvm=" + BenchProcesses.TINY_RUN_JVM,
            "out=" + out);
    assertThat(status).isZero();
    String results = Files.readString(out.resolve("results.md"));
    assertThat(results)
        .contains("query mix: 200 distinct searches")
        .contains("| /aanbod (search page) | 1 |")
        .contains("| /api/v1/aanbod (search API) | 1 |")
        .contains("memory at rest");
    assertThat(Files.readAllLines(out.resolve("search-html.paths")))
        .hasSize(200)
        .doesNotHaveDuplicates();
  }
}
