package nl.wijkportaal.platform.mail;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;

/**
 * The demo mailbox page for the beheerder: every mail the demo installation sent, as the recipient
 * would read it, newest first. Who may see it is decided by the guard it is given.
 */
public final class DemoMailboxRoutes {

  public static final String PATH = "/beheer/demo-mailbox";
  // Enough to find any mail of a demo session without building a page of unbounded size.
  static final int MAX_SHOWN = 200;
  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  private final Pages pages;
  private final DemoMailServer server;

  public DemoMailboxRoutes(Pages pages, DemoMailServer server) {
    this.pages = pages;
    this.server = server;
  }

  public void mount(Router router, Handler<RoutingContext> guard) {
    router.get(PATH).handler(guard).handler(this::page);
  }

  private void page(RoutingContext ctx) {
    // Decoding MIME costs CPU per message: a worker does it, the event loop only renders.
    ctx.vertx()
        .executeBlocking(server::messages, false)
        .onSuccess(
            mails -> {
              try {
                pages.render(
                    ctx, "beheer/demo-mailbox", "mailbox.title", model(mails, Language.of(ctx)));
              } catch (RuntimeException e) {
                ctx.fail(e);
              }
            })
        .onFailure(ctx::fail);
  }

  private static Map<String, Object> model(List<ReceivedMail> mails, Locale locale) {
    DateTimeFormatter time =
        DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm:ss", locale).withZone(AMSTERDAM);
    List<Map<String, Object>> shown = new ArrayList<>();
    for (ReceivedMail mail : mails.subList(0, Math.min(mails.size(), MAX_SHOWN))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("subject", mail.subject());
      m.put("to", mail.to());
      m.put("from", mail.from());
      m.put("receivedAt", time.format(mail.receivedAt()));
      m.put("receivedAtIso", mail.receivedAt().toString());
      m.put("paragraphs", paragraphs(mail.text()));
      shown.add(m);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("mails", shown);
    model.put("count", mails.size());
    model.put("truncated", mails.size() > MAX_SHOWN);
    model.put("maxShown", MAX_SHOWN);
    return model;
  }

  /**
   * Blank lines separate paragraphs, single line breaks stay line breaks (escaped by the template).
   */
  static List<List<String>> paragraphs(String text) {
    List<List<String>> paragraphs = new ArrayList<>();
    for (String block : text.split("\\n\\s*\\n", -1)) {
      if (!block.isBlank()) {
        paragraphs.add(List.of(block.strip().split("\\n", -1)));
      }
    }
    return paragraphs;
  }
}
