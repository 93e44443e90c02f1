package nl.wijkportaal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.wijkportaal.platform.web.Messages;
import org.junit.jupiter.api.Test;

/** Dutch first, English complete: both bundles hold the same keys and every template key exists. */
class MessagesTest {

  private static Properties bundle(String lang) throws IOException {
    Properties all = new Properties();
    for (String name : Messages.BUNDLES) {
      Properties p = new Properties();
      try (InputStream in =
          MessagesTest.class.getResourceAsStream("/i18n/" + name + "_" + lang + ".properties")) {
        p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
      }
      for (String key : p.stringPropertyNames()) {
        assertThat(all).as("key " + key + " in more than one bundle").doesNotContainKey(key);
      }
      all.putAll(p);
    }
    return all;
  }

  /** The quick way of filling in a text's arguments gives what MessageFormat gives, every text. */
  @Test
  void every_text_with_arguments_reads_as_message_format_makes_it() throws IOException {
    Messages messages = new Messages();
    Object[][] argumentSets = {
      {"Jan", "<b>", 3},
      {7, 12L, "x"},
      {1234, -5, 2.5},
      {null, "a"},
      {java.time.LocalDate.of(2026, 3, 14), "b"},
      {}
    };
    for (String lang : List.of("nl", "en")) {
      Locale locale = Locale.forLanguageTag(lang);
      bundle(lang)
          .forEach(
              (k, v) -> {
                for (Object[] args : argumentSets) {
                  if (args.length == 0) {
                    continue;
                  }
                  String expected;
                  try {
                    expected = new MessageFormat((String) v, locale).format(args);
                  } catch (IllegalArgumentException e) {
                    // A number's place given a text: refused both ways.
                    assertThatThrownBy(() -> messages.get(locale, (String) k, args))
                        .as(lang + " " + k)
                        .isInstanceOf(IllegalArgumentException.class);
                    continue;
                  }
                  assertThat(messages.get(locale, (String) k, args))
                      .as(lang + " " + k)
                      .isEqualTo(expected);
                }
              });
    }
  }

  @Test
  void english_has_every_dutch_text_and_no_more() throws IOException {
    Properties nl = bundle("nl");
    Properties en = bundle("en");
    assertThat(en.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(nl.stringPropertyNames());
    nl.forEach((k, v) -> assertThat((String) v).as("nl " + k).isNotBlank());
    en.forEach((k, v) -> assertThat((String) v).as("en " + k).isNotBlank());
  }

  @Test
  void every_text_a_template_asks_for_exists() throws IOException, URISyntaxException {
    Properties nl = bundle("nl");
    Path templates = Path.of(MessagesTest.class.getResource("/templates").toURI());
    Pattern key = Pattern.compile("\\{\\{t \"([^\"]+)\"");
    Set<String> used = new HashSet<>();
    try (Stream<Path> files = Files.walk(templates)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".hbs")).toList()) {
        Matcher m = key.matcher(Files.readString(file));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertThat(used).isNotEmpty();
    assertThat(nl.stringPropertyNames()).containsAll(used);
  }
}
