package nl.wijkportaal.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one-pass HTML escaping gives what Handlebars' own escaping gives, character for character.
 */
class TemplatesTest {

  @Test
  void escaping_is_the_same_as_handlebars_html_entity_escaping() {
    for (String text :
        List.of(
            "",
            "gewoon tekst",
            "<script>alert('x')</script>",
            "a & b = c \"d\" `e` > f",
            "één – twee € 😀 <b>",
            "&amp; al ge-escaped",
            "'",
            "=")) {
      assertThat(Templates.escape(text).toString())
          .as(text)
          .isEqualTo(EscapingStrategy.HTML_ENTITY.escape(text).toString());
    }
    assertThat(Templates.escape(null).toString()).isEmpty();
    assertThat(Templates.escape(new Handlebars.SafeString("<b>")).toString()).isEqualTo("<b>");
  }

  @Test
  void a_page_renders_with_its_values_escaped() {
    Templates templates = new Templates(new Messages());
    String html =
        templates.render(
            "layout/base",
            new HashMap<>(Map.of("title", "<Titel & meer>", "body", "<p>inhoud</p>")));
    assertThat(html).contains("&lt;Titel &amp; meer&gt;").contains("<p>inhoud</p>");
  }
}
