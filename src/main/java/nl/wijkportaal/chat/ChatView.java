package nl.wijkportaal.chat;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.web.Messages;

/** Messages as the pages show them, from the resident's or the worker's side. */
final class ChatView {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private ChatView() {}

  static List<Map<String, Object>> messages(
      List<ChatMessage> list, boolean forWorker, Messages messages, Locale locale) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ChatMessage m : list) {
      Map<String, Object> row = new LinkedHashMap<>();
      boolean system = ChatMessage.SYSTEEM.equals(m.sender());
      boolean mine =
          forWorker
              ? ChatMessage.MEDEWERKER.equals(m.sender())
              : ChatMessage.INWONER.equals(m.sender());
      row.put("seq", m.seq());
      row.put("van", m.sender());
      row.put("system", system);
      row.put("mine", mine);
      row.put(
          "who",
          system
              ? messages.get(locale, "chat.system")
              : mine
                  ? messages.get(locale, "chat.you")
                  : m.senderName() == null || m.senderName().isBlank()
                      ? messages.get(
                          locale,
                          ChatMessage.INWONER.equals(m.sender()) ? "chat.resident" : "chat.worker")
                      : m.senderName());
      row.put("time", TIME.format(m.sentAt().atZone(OpeningHours.ZONE)));
      // A card's message text is its title (for the transcript and plain clients): shown once.
      boolean cardOnly = m.card() != null && m.text().equals(m.card().getString("titel"));
      row.put("text", cardOnly ? null : m.text());
      if (m.card() != null) {
        row.put(
            "card",
            Map.of(
                "titel", String.valueOf(m.card().getString("titel")),
                "regel", String.valueOf(m.card().getString("regel")),
                "link", String.valueOf(m.card().getString("link"))));
      }
      rows.add(row);
    }
    return rows;
  }
}
