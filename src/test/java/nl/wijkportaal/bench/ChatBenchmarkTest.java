package nl.wijkportaal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chat benchmark's command (bench/chat.sh runs {@link ChatBenchmark}) still runs from start to
 * end at its tiniest size: two nodes in JVMs of their own, clustered, one conversation across them
 * with one message, nothing lost or doubled, the resident resumed through the other node without a
 * gap. Starting the two nodes is most of its time. No latency is judged here: a benchmark is not a
 * unit test.
 */
class ChatBenchmarkTest {

  @Test
  void the_chat_benchmark_runs_at_a_tiny_size_across_two_node_processes() throws Exception {
    Path out = Path.of("target/bench-chat-test");
    assertThat(
            ChatBenchmark.run(
                "1", "1", "100", "nodeJvm=" + BenchProcesses.TINY_RUN_JVM, "out=" + out))
        .isZero();
    assertThat(Files.readString(out.resolve("results.txt")))
        .contains("conversations 1, messages sent 1, acknowledged 1, refused 0, unanswered 0")
        .contains("lost 0, doubled 0")
        .contains("resumed through node two: 1 of 1 conversations complete")
        .contains("; 0 with a gap");
  }
}
