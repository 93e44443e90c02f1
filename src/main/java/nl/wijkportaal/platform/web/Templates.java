package nl.wijkportaal.platform.web;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.EscapingStrategy;
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
import com.github.jknack.handlebars.io.TemplateSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handlebars templates from {@code templates/} on the classpath, compiled once and cached. Helpers:
 * {@code {{t "key" arg…}}} for a text in the page's language and {@code {{#eq a b}}…{{/eq}}}.
 * Values are HTML-escaped unless a template asks otherwise.
 */
public final class Templates {

  private static final ValueResolver[] RESOLVERS = {new Resolvers()};

  /**
   * Handlebars' four value resolvers (a map's entry, a JavaBean property, a method without
   * arguments, a public field), asked in the same order with the same answers, but a name that no
   * member of the value's class resolves is remembered per class and not looked up again. A page
   * model is maps, and every {@code {{#if hint}}} whose key is absent, in every context up to the
   * page's, asked the three reflective resolvers about the map's class: a tenth of rendering in the
   * pages' profile. (Those resolvers find a member by the class and the name alone, so the answer
   * "none" holds for every value of the class.)
   */
  static final class Resolvers implements ValueResolver {
    private static final ValueResolver[] ALL = {
      MapValueResolver.INSTANCE,
      JavaBeanValueResolver.INSTANCE,
      MethodValueResolver.INSTANCE,
      FieldValueResolver.INSTANCE
    };

    /** Per class: the names none of the reflective resolvers resolves. */
    private final Map<Class<?>, Set<String>> none = new ConcurrentHashMap<>();

    @Override
    public Object resolve(Object context, String name) {
      Object value = MapValueResolver.INSTANCE.resolve(context, name);
      if (value != UNRESOLVED) {
        return value;
      }
      Set<String> unresolved =
          none.computeIfAbsent(context.getClass(), c -> ConcurrentHashMap.newKeySet());
      if (unresolved.contains(name)) {
        return UNRESOLVED;
      }
      for (int i = 1; i < ALL.length; i++) {
        value = ALL[i].resolve(context, name);
        if (value != UNRESOLVED) {
          return value;
        }
      }
      unresolved.add(name);
      return UNRESOLVED;
    }

    @Override
    public Object resolve(Object context) {
      for (ValueResolver resolver : ALL) {
        Object value = resolver.resolve(context);
        if (value != UNRESOLVED) {
          return value;
        }
      }
      return UNRESOLVED;
    }

    @Override
    public Set<Map.Entry<String, Object>> propertySet(Object context) {
      Set<Map.Entry<String, Object>> all = new LinkedHashSet<>();
      for (ValueResolver resolver : ALL) {
        all.addAll(resolver.propertySet(context));
      }
      return all;
    }
  }

  private final Handlebars handlebars;
  private final Map<String, Template> compiled = new ConcurrentHashMap<>();
  private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

  public Templates(Messages messages) {
    handlebars =
        new Handlebars(new KeptSources("/templates", ".hbs"))
            .with(new ConcurrentMapTemplateCache())
            .with((EscapingStrategy) Templates::escape)
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
      // Sized as the template's last page was, so a large page is not copied as it grows.
      StringBuilderWriter out = new StringBuilderWriter(sizes.getOrDefault(name, 4096));
      template.apply(Context.newBuilder(model).resolver(RESOLVERS).build(), out);
      sizes.put(name, out.length() + out.length() / 8);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Handlebars' own HTML escaping ({@code EscapingStrategy.HTML_ENTITY}: the same seven characters,
   * the same entities), as one pass over the text that returns it unchanged when nothing needs
   * escaping. Handlebars' version looks up every character in a map of strings, and was the largest
   * share of rendering in the pages' profile.
   */
  static CharSequence escape(CharSequence value) {
    if (value instanceof Handlebars.SafeString) {
      return value.toString();
    }
    if (value == null || value.length() == 0) {
      return "";
    }
    int n = value.length();
    int i = 0;
    while (i < n && entity(value.charAt(i)) == null) {
      i++;
    }
    if (i == n) {
      return value;
    }
    StringBuilder b = new StringBuilder(n + 16).append(value, 0, i);
    for (; i < n; i++) {
      char c = value.charAt(i);
      String entity = entity(c);
      if (entity == null) {
        b.append(c);
      } else {
        b.append(entity);
      }
    }
    return b;
  }

  private static String entity(char c) {
    return switch (c) {
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&#x27;";
      case '`' -> "&#x60;";
      case '&' -> "&amp;";
      case '=' -> "&#x3D;";
      default -> null;
    };
  }

  /**
   * The class path's templates, each looked up once: Handlebars asks the loader for a partial's
   * source every time a page includes it (to find it in its cache of compiled templates), and the
   * class path lookup behind it was a twentieth of a form page's CPU in the profile. The templates
   * are in the jar and do not change while the node runs.
   */
  private static final class KeptSources extends ClassPathTemplateLoader {
    private final Map<String, TemplateSource> sources = new ConcurrentHashMap<>();

    KeptSources(String prefix, String suffix) {
      super(prefix, suffix);
    }

    @Override
    public TemplateSource sourceAt(String location) throws IOException {
      TemplateSource source = sources.get(location);
      if (source == null) {
        source = super.sourceAt(location);
        sources.put(location, source);
      }
      return source;
    }
  }

  /** A writer into one unsynchronised builder (StringWriter's is synchronised). */
  private static final class StringBuilderWriter extends Writer {
    private final StringBuilder b;

    StringBuilderWriter(int capacity) {
      this.b = new StringBuilder(capacity);
    }

    @Override
    public void write(int c) {
      b.append((char) c);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      b.append(chars, offset, length);
    }

    @Override
    public void write(String s, int offset, int length) {
      b.append(s, offset, offset + length);
    }

    @Override
    public Writer append(CharSequence s) {
      b.append(s);
      return this;
    }

    @Override
    public Writer append(CharSequence s, int start, int end) {
      b.append(s, start, end);
      return this;
    }

    int length() {
      return b.length();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return b.toString();
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
