package nl.wijkportaal.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import nl.wijkportaal.catalogue.Codes;
import nl.wijkportaal.catalogue.SearchTerms;

/**
 * The benchmark's searches, drawn from the demo catalogue's own vocabulary (seeded, the same every
 * run): single words of titles and summaries, word pairs, typos, the editors' synonyms, English
 * words, and searches with filters (wijk, leefgebied, doelgroep, gratis, leeftijd, taal, also
 * without words). Each is a query string for {@code /aanbod} and {@code /api/v1/aanbod}.
 */
public final class QueryMix {

  private static final List<String> WIJKEN = List.of("midden", "noord", "oost", "zuid", "west");
  private static final Set<String> STOP =
      Set.of(
          "voor",
          "naar",
          "door",
          "over",
          "een",
          "het",
          "de",
          "van",
          "met",
          "bij",
          "als",
          "ook",
          "maar",
          "niet",
          "jouw",
          "jullie",
          "wordt",
          "worden",
          "kunnen",
          "heeft",
          "hebben",
          "waar",
          "wat",
          "welke",
          "zijn",
          "deze",
          "die",
          "dat",
          "elke",
          "samen",
          "andere",
          "zonder",
          "onder",
          "eigen",
          "alles",
          "kinderen",
          "mensen",
          "tussen",
          "iemand",
          "helpt");

  private QueryMix() {}

  /** At least {@code size} distinct query strings (without the leading '?'). */
  public static List<String> searches(int size) {
    JsonObject demo = demo();
    Random random = new Random(13);
    List<String> titleWords = new ArrayList<>();
    List<String> summaryWords = new ArrayList<>();
    List<String> englishWords = new ArrayList<>();
    for (Object o : demo.getJsonArray("offers")) {
      JsonObject offer = (JsonObject) o;
      words(offer.getString("title"), titleWords);
      words(offer.getString("summary"), summaryWords);
      words(offer.getString("titleEn", ""), englishWords);
    }
    List<String> vocabulary = new ArrayList<>(new TreeSet<>(titleWords));
    vocabulary.addAll(new TreeSet<>(summaryWords));
    vocabulary = new ArrayList<>(new LinkedHashSet<>(vocabulary));
    Collections.shuffle(vocabulary, random);
    List<String> synonyms = new ArrayList<>();
    for (Object g : demo.getJsonArray("synonyms")) {
      for (Object t : (JsonArray) g) {
        synonyms.add(SearchTerms.normalise(String.valueOf(t)));
      }
    }
    Collections.shuffle(synonyms, random);
    List<String> english = new ArrayList<>(new TreeSet<>(englishWords));
    Collections.shuffle(english, random);

    Set<String> mix = new LinkedHashSet<>();
    int words = size * 45 / 100;
    for (int i = 0; mix.size() < words && i < vocabulary.size(); i++) {
      mix.add(q(vocabulary.get(i)));
    }
    for (int i = 0; i < size * 10 / 100; i++) { // word pairs
      mix.add(q(pick(vocabulary, random) + " " + pick(vocabulary, random)));
    }
    int typos = 0;
    for (int i = 0;
        typos < size * 12 / 100 && i < 10 * size;
        i++) { // two neighbouring letters swapped
      String w = pick(vocabulary, random);
      if (w.length() >= 7) {
        int at = 2 + random.nextInt(w.length() - 4);
        String typo = w.substring(0, at) + w.charAt(at + 1) + w.charAt(at) + w.substring(at + 2);
        if (!typo.equals(w) && mix.add(q(typo))) {
          typos++;
        }
      }
    }
    for (int i = 0; i < Math.min(synonyms.size(), size * 10 / 100); i++) {
      mix.add(q(synonyms.get(i)));
    }
    for (int i = 0; i < Math.min(english.size(), size * 5 / 100); i++) {
      mix.add(q(english.get(i)));
    }
    while (mix.size() < size) { // filters, with and without words
      String w = pick(vocabulary, random);
      StringBuilder s = new StringBuilder(random.nextInt(4) == 0 ? "" : q(w));
      switch (random.nextInt(6)) {
        case 0 -> add(s, "wijk=" + pick(WIJKEN, random));
        case 1 -> add(s, "leefgebied=" + pick(Codes.LEEFGEBIEDEN, random));
        case 2 -> add(s, "doelgroep=" + pick(Codes.DOELGROEPEN, random));
        case 3 -> add(s, "gratis=ja");
        case 4 -> add(s, "leeftijd=" + (8 + random.nextInt(70)));
        default ->
            add(
                s,
                "gesprokenTaal="
                    + pick(List.of("ar", "en", "pl", "tr"), random)
                    + "&wijk="
                    + pick(WIJKEN, random));
      }
      mix.add(s.toString());
    }
    List<String> list = new ArrayList<>(mix);
    Collections.shuffle(list, random);
    return list;
  }

  private static void add(StringBuilder s, String param) {
    s.append(s.length() == 0 ? "" : "&").append(param);
  }

  private static String q(String words) {
    return "q=" + URLEncoder.encode(words, StandardCharsets.UTF_8);
  }

  private static <T> T pick(List<T> list, Random random) {
    return list.get(random.nextInt(list.size()));
  }

  private static void words(String text, List<String> into) {
    for (String w : SearchTerms.normalise(text).split(" ", -1)) {
      if (w.length() >= 4 && !STOP.contains(w) && w.chars().allMatch(Character::isLetter)) {
        into.add(w);
      }
    }
  }

  private static JsonObject demo() {
    try (InputStream in = QueryMix.class.getResourceAsStream("/catalogue/demo-catalogue.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
