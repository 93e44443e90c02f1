package nl.wijkportaal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chat benchmark's command (bench/chat.sh runs {@link ChatBenchmark}) still runs from start to
 * end at a tiny size: two nodes in JVMs of their own, clustered, three conversations across them,
 * nothing lost or doubled, every resident resumed through the other node without a gap. No latency
 * is judged here: a benchmark is not a unit test.
 */
class ChatBenchmarkTest {

  @Test
  void the_chat_benchmark_runs_at_a_tiny_size_across_two_node_processes() throws Exception {
    Path out = Path.of("target/bench-chat-test");
    assertThat(ChatBenchmark.run("3", "2", "200", "out=" + out)).isZero();
    assertThat(Files.readString(out.resolve("results.txt")))
        .contains("conversations 3, messages sent 6, acknowledged 6, refused 0, unanswered 0")
        .contains("lost 0, doubled 0")
        .contains("resumed through node two: 3 of 3 conversations complete")
        .contains("with a gap");
  }
}
