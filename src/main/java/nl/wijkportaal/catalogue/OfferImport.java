package nl.wijkportaal.catalogue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An editor's import file read into drafts: JSON as the export writes it, or CSV from a
 * spreadsheet, in UTF-8 or the Windows code page. Rows that cannot be read or taken reject the
 * whole file, each named. Plain Java: the page hands it the bytes, off the event loop.
 */
final class OfferImport {

  /**
   * Offers in one import file. A municipality's whole catalogue is some hundreds; the limit bounds
   * the work (parsing, checking, one transaction) and the answer one upload can cause.
   */
  static final int MAX_ROWS = 2_000;

  /** An uploaded file as text, and whether it is CSV (else JSON). */
  record File(String text, boolean csv) {

    /** The file's bytes as text; CSV or JSON by its name, else its type, else its content. */
    static File of(byte[] bytes, String fileName, String contentType) {
      String text = decode(bytes);
      return new File(text, isCsv(fileName, contentType, text));
    }

    /**
     * The file as drafts. A CSV row, or a JSON offer without locations, keeps the locations an
     * offer has.
     *
     * @throws EditorService.ImportRejected naming every row that cannot be read or taken
     * @throws OfferCsv.Unreadable when the file as a whole is neither CSV nor JSON of offers
     * @throws OfferCsv.TooManyRows when it holds more than {@link #MAX_ROWS} offers
     */
    List<OfferDraft> drafts(List<String> wijken) {
      List<OfferDraft> drafts = read(text, csv, wijken);
      // The rules once more, as the import will check them: here, off the event loop.
      Map<Integer, Map<String, String>> bad = new LinkedHashMap<>();
      for (int i = 0; i < drafts.size(); i++) {
        Map<String, String> errors = OfferRules.check(drafts.get(i), wijken);
        if (!errors.isEmpty()) {
          bad.put(i + 1, errors);
        }
      }
      if (!bad.isEmpty()) {
        throw new EditorService.ImportRejected(bad);
      }
      return drafts;
    }
  }

  private OfferImport() {}

  /** By the file's name, else its type, else its first character: JSON starts with { or [. */
  static boolean isCsv(String fileName, String contentType, String text) {
    String name = String.valueOf(fileName).toLowerCase(Locale.ROOT);
    String type = String.valueOf(contentType).toLowerCase(Locale.ROOT);
    if (name.endsWith(".json") || name.endsWith(".csv")) {
      return name.endsWith(".csv");
    }
    if (type.contains("json") || type.contains("csv")) {
      return type.contains("csv");
    }
    String start = text.replace("\uFEFF", "").stripLeading();
    return !(start.startsWith("{") || start.startsWith("["));
  }

  /** UTF-8, or the Windows code page a spreadsheet program may still save CSV in. */
  static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, Charset.forName("windows-1252"));
    }
  }

  private static List<OfferDraft> read(String text, boolean csv, List<String> wijken) {
    List<OfferDraft> drafts = new ArrayList<>();
    Map<Integer, Map<String, String>> unreadable = new LinkedHashMap<>();
    if (csv) {
      OfferCsv.Parsed parsed = OfferCsv.read(text, MAX_ROWS);
      drafts.addAll(parsed.drafts());
      unreadable.putAll(parsed.errors());
    } else {
      JsonArray items = offers(text);
      if (items.size() > MAX_ROWS) {
        throw new OfferCsv.TooManyRows();
      }
      for (int i = 0; i < items.size(); i++) {
        try {
          JsonObject item = items.getJsonObject(i);
          drafts.add(OfferJson.read(item, Map.of()));
          // OfferJson drops an age it cannot read; an import says so instead.
          for (String age : OfferCsv.AGES) {
            if (item.getValue(age) != null
                && !"".equals(item.getValue(age))
                && OfferJson.integer(item.getValue(age)) == null) {
              unreadable.put(i + 1, Map.of("ageMin", "catalogue.error.age"));
            }
          }
        } catch (RuntimeException e) {
          drafts.add(null);
          unreadable.put(i + 1, Map.of("row", "redactie.error.row"));
        }
      }
    }
    if (!unreadable.isEmpty()) {
      // Show every problem at once: the rules' errors of the rows that could be read too.
      Map<Integer, Map<String, String>> all = new LinkedHashMap<>();
      for (int i = 0; i < drafts.size(); i++) {
        Map<String, String> errors = new LinkedHashMap<>(unreadable.getOrDefault(i + 1, Map.of()));
        if (drafts.get(i) != null) {
          OfferRules.check(drafts.get(i), wijken).forEach(errors::putIfAbsent);
        }
        if (!errors.isEmpty()) {
          all.put(i + 1, errors);
        }
      }
      throw new EditorService.ImportRejected(all);
    }
    return drafts;
  }

  /** The offers of a JSON file: {@code {"offers": [...]}} as the export writes, or a bare array. */
  private static JsonArray offers(String text) {
    Object json;
    try {
      json = Json.decodeValue(text.isBlank() ? "null" : text);
    } catch (DecodeException e) {
      throw new OfferCsv.Unreadable("not JSON: " + e.getMessage());
    }
    if (json instanceof JsonArray array) {
      return array;
    }
    if (json instanceof JsonObject object && object.getValue("offers") instanceof JsonArray array) {
      return array;
    }
    throw new OfferCsv.Unreadable("neither {\"offers\": [...]} nor an array");
  }
}
