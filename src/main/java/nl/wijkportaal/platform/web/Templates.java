package nl.wijkportaal.platform.web;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.ValueResolver;
import com.github.jknack.handlebars.cache.ConcurrentMapTemplateCache;
import com.github.jknack.handlebars.context.FieldValueResolver;
import com.github.jknack.handlebars.context.JavaBeanValueResolver;
import com.github.jknack.handlebars.context.MapValueResolver;
import com.github.jknack.handlebars.context.MethodValueResolver;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handlebars templates from {@code templates/} on the classpath, compiled once and cached. Helpers:
 * {@code {{t "key" arg…}}} for a text in the page's language and {@code {{#eq a b}}…{{/eq}}}.
 * Values are HTML-escaped unless a template asks otherwise.
 */
public final class Templates {

  private static final ValueResolver[] RESOLVERS = {
    MapValueResolver.INSTANCE,
    JavaBeanValueResolver.INSTANCE,
    MethodValueResolver.INSTANCE,
    FieldValueResolver.INSTANCE
  };

  private final Handlebars handlebars;
  private final Map<String, Template> compiled = new ConcurrentHashMap<>();

  public Templates(Messages messages) {
    handlebars =
        new Handlebars(new ClassPathTemplateLoader("/templates", ".hbs"))
            .with(new ConcurrentMapTemplateCache())
            .prettyPrint(false);
    handlebars.registerHelper(
        "t",
        (Helper<String>)
            (key, options) -> {
              Locale locale = options.get("locale");
              return messages.get(locale == null ? Language.DUTCH : locale, key, options.params);
            });
    handlebars.registerHelper(
        "eq",
        (Helper<Object>)
            (a, options) ->
                Objects.equals(String.valueOf(a), String.valueOf((Object) options.param(0, null)))
                    ? options.fn()
                    : options.inverse());
  }

  /** Renders {@code templates/<name>.hbs} with the given model. */
  public String render(String name, Map<String, Object> model) {
    try {
      Template template = compiled.computeIfAbsent(name, this::compile);
      return template.apply(Context.newBuilder(model).resolver(RESOLVERS).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Template compile(String name) {
    try {
      return handlebars.compile(name);
    } catch (IOException e) {
      throw new UncheckedIOException("Template " + name + " cannot be read", e);
    }
  }
}
