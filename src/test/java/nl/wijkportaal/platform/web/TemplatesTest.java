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

  /** A record, a bean and a public field: the reflective resolvers' cases. */
  record Offer(String title, List<String> tags) {}

  public static final class Bean {
    public final String field = "veld";

    public String getName() {
      return "naam";
    }

    public boolean isOpen() {
      return true;
    }
  }

  /**
   * The one resolver answers as Handlebars' four in a row, present keys, absent ones and members.
   */
  @Test
  void values_resolve_as_with_handlebars_own_resolvers() throws Exception {
    Handlebars handlebars = new Handlebars();
    String source =
        "{{title}}|{{#if missing}}x{{else}}-{{/if}}|{{empty}}|{{size}}|{{offer.title}}"
            + "|{{#each offer.tags}}{{this}}{{#if hint}}!{{/if}}{{/each}}|{{bean.name}}|{{bean.open}}"
            + "|{{bean.field}}|{{#each rows}}{{name}}{{title}}{{empty}}{{/each}}|{{#each map}}{{@key}}={{this}};{{/each}}";
    com.github.jknack.handlebars.Template template = handlebars.compileInline(source);
    Map<String, Object> model = new HashMap<>();
    model.put("title", "<T>");
    model.put("offer", new Offer("Aanbod", List.of("a", "b")));
    model.put("bean", new Bean());
    model.put("rows", List.of(Map.of("name", "r1"), new HashMap<>()));
    model.put("map", new java.util.TreeMap<>(Map.of("k", "v", "l", 2)));
    String own =
        template.apply(
            com.github.jknack.handlebars.Context.newBuilder(model)
                .resolver(
                    com.github.jknack.handlebars.context.MapValueResolver.INSTANCE,
                    com.github.jknack.handlebars.context.JavaBeanValueResolver.INSTANCE,
                    com.github.jknack.handlebars.context.MethodValueResolver.INSTANCE,
                    com.github.jknack.handlebars.context.FieldValueResolver.INSTANCE)
                .build());
    Templates.Resolvers resolvers = new Templates.Resolvers();
    for (int twice = 0; twice < 2; twice++) {
      String ours =
          template.apply(
              com.github.jknack.handlebars.Context.newBuilder(model).resolver(resolvers).build());
      assertThat(ours).isEqualTo(own);
    }
    assertThat(own).contains("Aanbod").contains("naam").contains("veld").contains("k=v;");
  }
}
