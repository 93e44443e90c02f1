package nl.wijkportaal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nl.wijkportaal.platform.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/**
 * The setting that keeps the chat open outside opening hours: on by default only on a demo
 * installation, so a newcomer can try the chat at any hour and a municipality's chat keeps its
 * hours.
 */
class ChatSettingsTest {

  private static final String DB = "postgresql://wp:secret@db.example:6543/wijkportaal";

  @Test
  void the_chat_is_open_at_any_hour_by_default_only_on_a_demo_installation() {
    assertThat(ConfigLoader.load(Map.of()).chat().alwaysOpen()).as("embedded demo").isTrue();
    assertThat(ConfigLoader.load(Map.of("WIJKPORTAAL_DB_URL", DB)).chat().alwaysOpen())
        .as("production")
        .isFalse();
    assertThat(
            ConfigLoader.load(Map.of("WIJKPORTAAL_DB_URL", DB, "WIJKPORTAAL_DEMO", "true"))
                .chat()
                .alwaysOpen())
        .as("demo on an external database")
        .isTrue();
    assertThat(
            ConfigLoader.load(
                    Map.of("WIJKPORTAAL_DB_URL", DB, "WIJKPORTAAL_CHAT_ALWAYS_OPEN", "true"))
                .chat()
                .alwaysOpen())
        .as("production, set on")
        .isTrue();
    assertThat(
            ConfigLoader.load(Map.of("WIJKPORTAAL_CHAT_ALWAYS_OPEN", "false")).chat().alwaysOpen())
        .as("demo, set off")
        .isFalse();
  }
}
