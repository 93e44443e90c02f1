package nl.wijkportaal.catalogue;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.wijkportaal.identity.SignedInUser;
import nl.wijkportaal.platform.http.Redirect;
import nl.wijkportaal.platform.municipality.OpeningHours;
import nl.wijkportaal.platform.municipality.TimeRange;
import nl.wijkportaal.platform.web.Language;
import nl.wijkportaal.platform.web.Pages;

/**
 * The editors' pages under {@code /redactie} (role redacteur): the list of offers, writing and
 * previewing one, publishing and archiving, the freshness list, import and export, what residents
 * search for, and the synonyms. Forms post back and redirect (post/redirect/get); a stale edit gets
 * the 409 page, never a silent overwrite.
 */
public final class EditorRoutes {

  private static final String BASE = "/redactie";
  private static final String OFFERS = BASE + "/aanbod/";

  private final EditorService editor;
  private final CatalogueRepository repository;
  private final Pages pages;

  public EditorRoutes(EditorService editor, CatalogueRepository repository, Pages pages) {
    this.editor = editor;
    this.repository = repository;
    this.pages = pages;
  }

  /** Mounts every editor page behind {@code guard}, which runs first on each of them. */
  public void mount(Router router, Handler<RoutingContext> guard) {
    router.route(BASE + "*").handler(guard);
    router.get(BASE).handler(this::index);
    router.get(BASE + "/aanbod/nieuw").handler(this::newOffer);
    router.post(BASE + "/aanbod").handler(this::create);
    router.get(BASE + "/aanbod/:id").handler(this::edit);
    router.post(BASE + "/aanbod/:id").handler(this::update);
    router.get(BASE + "/aanbod/:id/voorbeeld").handler(this::preview);
    router.post(BASE + "/aanbod/:id/status").handler(this::status);
    router.post(BASE + "/aanbod/:id/gecontroleerd").handler(this::checked);
    router.get(BASE + "/versheid").handler(this::freshness);
    router.get(BASE + "/import").handler(this::importPage);
    router.post(BASE + "/import").handler(this::importFile);
    router.get(BASE + "/export.json").handler(this::exportJson);
    router.get(BASE + "/export.csv").handler(this::exportCsv);
    router.get(BASE + "/zoekinzicht").handler(this::insight);
    router.get(BASE + "/synoniemen").handler(this::synonyms);
    router.post(BASE + "/synoniemen").handler(this::addSynonyms);
    router.post(BASE + "/synoniemen/:id/verwijderen").handler(this::deleteSynonyms);
  }

  // --- the list

  private void index(RoutingContext ctx) {
    String wanted = ctx.request().getParam("status");
    String status = wanted != null && Codes.STATUSES.contains(wanted) ? wanted : null;
    Locale locale = Language.of(ctx);
    repository
        .forEditors(status)
        .onSuccess(
            offers -> {
              List<Map<String, Object>> filters = new ArrayList<>();
              filters.add(filter(text(ctx, "redactie.index.all"), BASE, status == null));
              for (String code : Codes.STATUSES) {
                filters.add(
                    filter(
                        text(ctx, "status." + code),
                        BASE + "?status=" + code,
                        code.equals(status)));
              }
              List<Map<String, Object>> rows = new ArrayList<>();
              for (Offer o : offers) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", o.id().toString());
                row.put("title", o.title());
                row.put("status", text(ctx, "status." + o.status()));
                row.put("provider", o.provider().name());
                row.put("lastChecked", date(o.lastCheckedAt(), locale));
                rows.add(row);
              }
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("offers", rows);
              model.put("filters", filters);
              model.put("filtered", status == null ? null : text(ctx, "status." + status));
              pages.render(ctx, 200, "redactie/index", "redactie.index.title", model);
            })
        .onFailure(ctx::fail);
  }

  private static Map<String, Object> filter(String label, String href, boolean current) {
    return Map.of("label", label, "href", href, "current", current);
  }

  // --- writing an offer

  private void newOffer(RoutingContext ctx) {
    renderNew(ctx, 200, OfferForm.blank());
  }

  private void renderNew(RoutingContext ctx, int status, OfferForm form) {
    pages.render(ctx, status, "redactie/new", "redactie.new.title", formModel(ctx, form));
  }

  private void create(RoutingContext ctx) {
    OfferForm form = OfferForm.submitted(ctx.request().formAttributes());
    OfferDraft draft = form.draft(editor.wijken());
    if (!form.valid()) {
      renderNew(ctx, 400, form.rejected(OfferRules.check(draft, editor.wijken())));
      return;
    }
    editor
        .create(draft, me(ctx))
        .onSuccess(id -> Redirect.seeOther(ctx, OFFERS + id + "?klaar=aangemaakt"))
        .onFailure(e -> rejectedOr(ctx, e, form, () -> renderNew(ctx, 400, form)));
  }

  private void edit(RoutingContext ctx) {
    UUID id = uuid(ctx);
    if (id == null) {
      return;
    }
    offer(id)
        .onSuccess(
            offer ->
                renderEdit(ctx, 200, offer, OfferForm.of(offer, Language.of(ctx)), offer.version()))
        .onFailure(ctx::fail);
  }

  private void renderEdit(
      RoutingContext ctx, int status, Offer offer, OfferForm form, int version) {
    renderEdit(ctx, status, offer, form, version, false);
  }

  /**
   * The edit page. {@code version} goes back in the form: after a conflict it stays the one the
   * editor started from, so saving again conflicts again until they have seen the newer one.
   */
  private void renderEdit(
      RoutingContext ctx, int status, Offer offer, OfferForm form, int version, boolean conflict) {
    Locale locale = Language.of(ctx);
    repository
        .history(offer.id())
        .onSuccess(
            history -> {
              Map<String, Object> model = formModel(ctx, form);
              model.put(
                  "offer",
                  Map.of(
                      "id",
                      offer.id().toString(),
                      "title",
                      offer.title(),
                      "slug",
                      offer.slug(),
                      "status",
                      text(ctx, "status." + offer.status()),
                      "lastChecked",
                      date(offer.lastCheckedAt(), locale)));
              model.put("version", version);
              model.put("currentVersion", offer.version());
              model.put("conflict", conflict);
              List<Map<String, Object>> actions = new ArrayList<>();
              for (String code : Codes.STATUSES) {
                if (!code.equals(offer.status())) {
                  actions.add(
                      Map.of("status", code, "label", text(ctx, "redactie.edit.to." + code)));
                }
              }
              model.put("statusActions", actions);
              List<Map<String, Object>> rows = new ArrayList<>();
              for (Object[] h : history) {
                String action = (String) h[1];
                String label = text(ctx, "redactie.history." + action);
                rows.add(
                    Map.of(
                        "version",
                        h[0],
                        "action",
                        label.startsWith("??") ? action : label,
                        "when",
                        dateTime((Instant) h[2], locale),
                        "who",
                        h[3]));
              }
              model.put("history", rows);
              model.put(
                  "done",
                  known(
                      ctx.request().getParam("klaar"),
                      "aangemaakt",
                      "opgeslagen",
                      "status",
                      "gecontroleerd"));
              pages.render(ctx, status, "redactie/edit", "redactie.edit.title", model);
            })
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    UUID id = uuid(ctx);
    if (id == null) {
      return;
    }
    Integer version = version(ctx);
    OfferForm form = OfferForm.submitted(ctx.request().formAttributes());
    offer(id)
        .onSuccess(
            offer -> {
              if (version == null) {
                ctx.fail(400);
                return;
              }
              OfferDraft draft = form.draft(editor.wijken());
              if (!form.valid()) {
                renderEdit(
                    ctx,
                    400,
                    offer,
                    form.rejected(OfferRules.check(draft, editor.wijken())),
                    version);
                return;
              }
              // A stale version fails with 409: the form comes back as typed, with a link to the
              // newer version.
              editor
                  .update(id, draft, version, me(ctx))
                  .onSuccess(v -> Redirect.seeOther(ctx, OFFERS + id + "?klaar=opgeslagen"))
                  .onFailure(
                      e -> {
                        if (e instanceof HttpException h && h.getStatusCode() == 409) {
                          offer(id)
                              .onSuccess(
                                  current -> renderEdit(ctx, 409, current, form, version, true))
                              .onFailure(ctx::fail);
                        } else {
                          rejectedOr(
                              ctx, e, form, () -> renderEdit(ctx, 400, offer, form, version));
                        }
                      });
            })
        .onFailure(ctx::fail);
  }

  private void status(RoutingContext ctx) {
    UUID id = uuid(ctx);
    if (id == null) {
      return;
    }
    Integer version = version(ctx);
    String status = String.valueOf(ctx.request().getFormAttribute("status")).trim();
    offer(id)
        .compose(
            offer ->
                version == null
                    ? Future.failedFuture(new HttpException(400))
                    : editor.setStatus(id, status, version, me(ctx)))
        .onSuccess(v -> Redirect.seeOther(ctx, OFFERS + id + "?klaar=status"))
        .onFailure(ctx::fail);
  }

  private void checked(RoutingContext ctx) {
    UUID id = uuid(ctx);
    if (id == null) {
      return;
    }
    Integer version = version(ctx);
    boolean fromOffer = "aanbod".equals(ctx.request().getFormAttribute("terug"));
    offer(id)
        .compose(
            offer ->
                version == null
                    ? Future.failedFuture(new HttpException(400))
                    : editor.markChecked(id, version, me(ctx)))
        .onSuccess(
            v ->
                Redirect.seeOther(
                    ctx,
                    fromOffer
                        ? OFFERS + id + "?klaar=gecontroleerd"
                        : BASE + "/versheid?klaar=" + id))
        .onFailure(ctx::fail);
  }

  // --- preview

  private void preview(RoutingContext ctx) {
    UUID id = uuid(ctx);
    if (id == null) {
      return;
    }
    offer(id)
        .onSuccess(
            offer ->
                pages.render(
                    ctx,
                    200,
                    "redactie/preview",
                    "redactie.preview.title",
                    previewModel(ctx, offer)))
        .onFailure(ctx::fail);
  }

  /** A plain version of the residents' detail page, in the page's language. */
  private Map<String, Object> previewModel(RoutingContext ctx, Offer o) {
    Locale locale = Language.of(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id().toString());
    m.put("status", text(ctx, "status." + o.status()));
    m.put("published", o.published());
    m.put("title", o.title(locale));
    m.put("summary", o.summary(locale));
    List<String> paragraphs = new ArrayList<>();
    for (String p : o.description(locale).split("\\n\\s*\\n")) {
      if (!p.isBlank()) {
        paragraphs.add(p.trim());
      }
    }
    m.put("paragraphs", paragraphs);
    m.put("provider", o.provider().name());
    m.put("leefgebieden", labels(ctx, "leefgebied.", o.leefgebieden()));
    m.put("doelgroepen", labels(ctx, "doelgroep.", o.doelgroepen()));
    m.put("niveau", text(ctx, "niveau." + o.niveau()));
    m.put("join", text(ctx, "join." + o.join()));
    m.put("languages", labels(ctx, "taal.", o.languages()));
    m.put("age", age(ctx, o));
    m.put(
        "where",
        o.wholeCity()
            ? text(ctx, "redactie.preview.wholeCity")
            : String.join(", ", o.wijken().stream().map(EditorRoutes::capitalise).toList()));
    m.put("cost", o.costFree() ? text(ctx, "redactie.preview.free") : o.costText());
    m.put("accessibility", o.accessibility());
    String phone = o.contactPhone() != null ? o.contactPhone() : o.provider().phone();
    m.put("phone", phone);
    m.put("phoneHref", phone == null ? null : "tel:" + phone.replaceAll("[^0-9+]", ""));
    m.put("email", o.contactEmail() != null ? o.contactEmail() : o.provider().email());
    m.put("website", o.website() != null ? o.website() : o.provider().website());
    m.put("lastChecked", date(o.lastCheckedAt(), locale));
    List<Map<String, Object>> locations = new ArrayList<>();
    for (OfferLocation l : o.locations()) {
      Map<String, Object> loc = new LinkedHashMap<>();
      loc.put("name", l.name());
      loc.put("address", l.address());
      loc.put("postcode", l.postcode());
      loc.put("city", l.city());
      loc.put("note", l.note());
      List<Map<String, Object>> week = new ArrayList<>();
      for (DayOfWeek day : DayOfWeek.values()) {
        List<TimeRange> ranges = l.hours().get(day);
        if (ranges != null && !ranges.isEmpty()) {
          week.add(
              Map.of(
                  "day",
                  Pages.weekday(day, locale),
                  "hours",
                  String.join(", ", ranges.stream().map(r -> r.from() + " – " + r.to()).toList())));
        }
      }
      loc.put("week", week);
      locations.add(loc);
    }
    m.put("locations", locations);
    return Map.of("offer", m);
  }

  private String age(RoutingContext ctx, Offer o) {
    if (o.ageMin() == null && o.ageMax() == null) {
      return null;
    }
    if (o.ageMax() == null) {
      return text(ctx, "redactie.preview.ageFrom", o.ageMin());
    }
    if (o.ageMin() == null) {
      return text(ctx, "redactie.preview.ageUntil", o.ageMax());
    }
    return text(ctx, "redactie.preview.ageBetween", o.ageMin(), o.ageMax());
  }

  // --- freshness

  private void freshness(RoutingContext ctx) {
    Locale locale = Language.of(ctx);
    String done = ctx.request().getParam("klaar");
    editor
        .stale()
        .onSuccess(
            offers -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              for (Offer o : offers) {
                rows.add(
                    Map.of(
                        "id",
                        o.id().toString(),
                        "title",
                        o.title(),
                        "provider",
                        o.provider().name(),
                        "lastChecked",
                        date(o.lastCheckedAt(), locale),
                        "version",
                        o.version()));
              }
              Map<String, Object> model = new LinkedHashMap<>();
              model.put("offers", rows);
              model.put("done", done != null && done.matches("[0-9a-f-]{36}"));
              pages.render(ctx, 200, "redactie/freshness", "redactie.freshness.title", model);
            })
        .onFailure(ctx::fail);
  }

  // --- import and export

  /**
   * Offers in one import file. A municipality's whole catalogue is some hundreds; the limit bounds
   * the work (parsing, checking, one transaction) and the answer one upload can cause.
   */
  static final int MAX_IMPORT_ROWS = 2_000;

  private void importPage(RoutingContext ctx) {
    String count = ctx.request().getParam("ingelezen");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put(
        "imported", count != null && count.matches("\\d{1,6}") ? Integer.valueOf(count) : null);
    renderImport(ctx, 200, model);
  }

  private void renderImport(RoutingContext ctx, int status, Map<String, Object> model) {
    model.putIfAbsent("errors", List.of());
    model.putIfAbsent("fieldErrors", Map.of());
    pages.render(ctx, status, "redactie/import", "redactie.import.title", model);
  }

  private void importFile(RoutingContext ctx) {
    Optional<FileUpload> found =
        ctx.fileUploads().stream().filter(u -> "bestand".equals(u.name())).findFirst();
    if (found.isEmpty() || found.get().size() == 0) {
      importFailed(ctx, "redactie.error.noFile");
      return;
    }
    FileUpload upload = found.get();
    String editorName = me(ctx);
    boolean[] csv = {true};
    List<String> wijken = editor.wijken();
    ctx.vertx()
        .fileSystem()
        .readFile(upload.uploadedFileName())
        // Decoding and parsing a large file takes time: not on the event loop.
        .compose(
            buffer ->
                ctx.vertx()
                    .executeBlocking(
                        () -> {
                          String text = decode(buffer);
                          csv[0] = isCsv(upload, text);
                          return drafts(text, csv[0], wijken);
                        },
                        false))
        .compose(drafts -> editor.importOffers(drafts, editorName))
        .onSuccess(count -> Redirect.seeOther(ctx, BASE + "/import?ingelezen=" + count))
        .onFailure(
            e -> {
              if (e instanceof EditorService.ImportRejected rejected) {
                importRejected(ctx, rejected, csv[0]);
              } else if (e instanceof OfferCsv.TooManyRows) {
                importFailed(ctx, text(ctx, "import.error.tooManyRows", MAX_IMPORT_ROWS));
              } else if (e instanceof OfferCsv.Unreadable || e instanceof DecodeException) {
                importFailed(ctx, "catalogue.error.file");
              } else {
                ctx.fail(e);
              }
            });
  }

  /**
   * The file as drafts: JSON as the export writes it, or CSV; rows that cannot be read reject the
   * file. A CSV row, or a JSON offer without locations, keeps the locations an offer has.
   *
   * @throws EditorService.ImportRejected naming every row that cannot be read or taken
   * @throws OfferCsv.Unreadable when the file as a whole is neither
   */
  static List<OfferDraft> drafts(String text, boolean csv, List<String> wijken) {
    List<OfferDraft> drafts = readDrafts(text, csv, wijken);
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

  private static List<OfferDraft> readDrafts(String text, boolean csv, List<String> wijken) {
    List<OfferDraft> drafts = new ArrayList<>();
    Map<Integer, Map<String, String>> unreadable = new LinkedHashMap<>();
    if (csv) {
      OfferCsv.Parsed parsed = OfferCsv.read(text, MAX_IMPORT_ROWS);
      drafts.addAll(parsed.drafts());
      unreadable.putAll(parsed.errors());
    } else {
      Object json = Json.decodeValue(text.isBlank() ? "null" : text);
      JsonArray items =
          json instanceof JsonArray array
              ? array
              : json instanceof JsonObject object
                      && object.getValue("offers") instanceof JsonArray array
                  ? array
                  : null;
      if (items == null) {
        throw new OfferCsv.Unreadable("neither {\"offers\": [...]} nor an array");
      }
      if (items.size() > MAX_IMPORT_ROWS) {
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

  private void importFailed(RoutingContext ctx, String messageKey) {
    String message = messageKey.contains(" ") ? messageKey : text(ctx, messageKey);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("errors", List.of(Map.of("field", "bestand", "message", message)));
    model.put("fieldErrors", Map.of("bestand", message));
    renderImport(ctx, 400, model);
  }

  private void importRejected(
      RoutingContext ctx, EditorService.ImportRejected rejected, boolean csv) {
    if (rejected.rows().containsKey(0)) {
      importFailed(ctx, rejected.rows().get(0).values().iterator().next());
      return;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    rejected
        .rows()
        .forEach(
            (row, errors) -> {
              List<String> messages = new ArrayList<>();
              errors.forEach(
                  (field, key) -> {
                    String label =
                        text(
                            ctx,
                            "redactie.field." + field.replaceFirst("^location\\d+", "location"));
                    messages.add(
                        label.startsWith("??") ? text(ctx, key) : label + ": " + text(ctx, key));
                  });
              // A spreadsheet counts the header as row 1; a JSON file counts offers.
              rows.add(
                  Map.of(
                      "label",
                      csv
                          ? text(ctx, "redactie.import.csvRow", row + 1)
                          : text(ctx, "redactie.import.jsonRow", row),
                      "messages",
                      messages));
            });
    String summary = text(ctx, "redactie.import.rejected", rejected.total());
    Map<String, Object> model = new LinkedHashMap<>();
    if (rejected.total() > rows.size()) {
      model.put(
          "moreRows", text(ctx, "import.moreRows", rejected.total() - rows.size(), rows.size()));
    }
    model.put("errors", List.of(Map.of("field", "rijen", "message", summary)));
    model.put("fieldErrors", Map.of("bestand", summary));
    model.put("rows", rows);
    renderImport(ctx, 400, model);
  }

  /** By the file's name, else its type, else its first character: JSON starts with { or [. */
  private static boolean isCsv(FileUpload upload, String text) {
    String name = String.valueOf(upload.fileName()).toLowerCase(Locale.ROOT);
    String type = String.valueOf(upload.contentType()).toLowerCase(Locale.ROOT);
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
  private static String decode(Buffer buffer) {
    byte[] bytes = buffer.getBytes();
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

  private void exportJson(RoutingContext ctx) {
    editor
        .export()
        .onSuccess(
            offers -> {
              JsonArray list = new JsonArray();
              offers.forEach(o -> list.add(OfferJson.write(o)));
              download(
                  ctx,
                  "application/json; charset=utf-8",
                  "aanbod.json",
                  new JsonObject().put("offers", list).encodePrettily());
            })
        .onFailure(ctx::fail);
  }

  private void exportCsv(RoutingContext ctx) {
    editor
        .export()
        .onSuccess(
            offers ->
                download(ctx, "text/csv; charset=utf-8", "aanbod.csv", OfferCsv.write(offers)))
        .onFailure(ctx::fail);
  }

  private static void download(RoutingContext ctx, String type, String fileName, String body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }

  // --- search insight and synonyms

  private void insight(RoutingContext ctx) {
    Future.all(editor.frequentSearches(), editor.zeroResultSearches())
        .onSuccess(
            all -> {
              List<Object[]> frequent = all.resultAt(0);
              List<Object[]> empty = all.resultAt(1);
              Map<String, Object> model = new LinkedHashMap<>();
              model.put(
                  "frequent",
                  frequent.stream()
                      .filter(r -> safe((String) r[0]))
                      .map(r -> Map.of("query", r[0], "count", r[1], "empty", r[2]))
                      .toList());
              model.put(
                  "empty",
                  empty.stream()
                      .filter(r -> safe((String) r[0]))
                      .map(r -> Map.of("query", r[0], "count", r[1]))
                      .toList());
              pages.render(ctx, 200, "redactie/insight", "redactie.insight.title", model);
            })
        .onFailure(ctx::fail);
  }

  /** The log keeps no digits nor e-mail addresses; should one be there, it is still not shown. */
  private static boolean safe(String query) {
    return query != null && !query.matches("(?s).*[\\p{N}@].*");
  }

  private void synonyms(RoutingContext ctx) {
    renderSynonyms(ctx, 200, null, "");
  }

  private void renderSynonyms(RoutingContext ctx, int status, String error, String typed) {
    String done = ctx.request().getParam("klaar");
    repository
        .synonyms()
        .onSuccess(
            groups -> {
              Map<String, Object> model = new LinkedHashMap<>();
              model.put(
                  "groups",
                  groups.stream()
                      .map(
                          g ->
                              Map.of(
                                  "id",
                                  g.getKey().toString(),
                                  "terms",
                                  String.join(", ", g.getValue())))
                      .toList());
              model.put("values", Map.of("woorden", typed));
              model.put(
                  "errors",
                  error == null
                      ? List.of()
                      : List.of(Map.of("field", "woorden", "message", error)));
              model.put("fieldErrors", error == null ? Map.of() : Map.of("woorden", error));
              model.put("done", status == 200 ? known(done, "toegevoegd", "verwijderd") : null);
              pages.render(ctx, status, "redactie/synonyms", "redactie.synonyms.title", model);
            })
        .onFailure(ctx::fail);
  }

  private void addSynonyms(RoutingContext ctx) {
    String typed =
        String.valueOf(Optional.ofNullable(ctx.request().getFormAttribute("woorden")).orElse(""))
            .trim();
    editor
        .addSynonyms(List.of(typed.split("[,;\\n]")))
        .onSuccess(v -> Redirect.seeOther(ctx, BASE + "/synoniemen?klaar=toegevoegd"))
        .onFailure(
            e -> {
              if (e instanceof EditorService.Rejected rejected) {
                renderSynonyms(
                    ctx, 400, text(ctx, rejected.errors().values().iterator().next()), typed);
              } else {
                ctx.fail(e);
              }
            });
  }

  private void deleteSynonyms(RoutingContext ctx) {
    UUID id = uuid(ctx);
    if (id == null) {
      return;
    }
    editor
        .deleteSynonyms(id)
        .onSuccess(
            deleted -> {
              if (deleted) {
                Redirect.seeOther(ctx, BASE + "/synoniemen?klaar=verwijderd");
              } else {
                ctx.fail(404);
              }
            })
        .onFailure(ctx::fail);
  }

  // --- helpers

  /** The offer form's model: values, error summary, messages beside fields, the choices. */
  private Map<String, Object> formModel(RoutingContext ctx, OfferForm form) {
    Map<String, String> messages = new LinkedHashMap<>();
    form.errors().forEach((field, key) -> messages.put(field, text(ctx, key)));
    List<Map<String, String>> summary = new ArrayList<>();
    messages.forEach((field, message) -> summary.add(Map.of("field", field, "message", message)));
    Map<String, String> values = form.values();
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String field : OfferForm.TEXT_FIELDS) {
      fields.put(field, field(ctx, field, field, values, messages));
    }
    List<Map<String, Object>> locations = new ArrayList<>();
    for (int n = 1; n <= form.locationSlots(); n++) {
      String p = "location" + n;
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("n", n);
      for (String part : OfferForm.LOCATION_FIELDS) {
        location.put(
            part.toLowerCase(Locale.ROOT),
            field(ctx, p + part, "location" + part, values, messages));
      }
      String wijk = values.getOrDefault(p + "Wijk", "");
      location.put(
          "wijkOptions",
          editor.wijken().stream()
              .map(
                  w ->
                      Map.<String, Object>of(
                          "code", w, "label", capitalise(w), "selected", w.equals(wijk)))
              .toList());
      locations.add(location);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("values", values);
    model.put("errors", summary);
    model.put("fieldErrors", messages);
    model.put("fields", fields);
    model.put("locations", locations);
    model.put(
        "leefgebieden", choices(ctx, form, "leefgebieden", "leefgebied.", Codes.LEEFGEBIEDEN));
    model.put("doelgroepen", choices(ctx, form, "doelgroepen", "doelgroep.", Codes.DOELGROEPEN));
    model.put("niveaus", choices(ctx, form, "niveau", "niveau.", Codes.NIVEAUS));
    model.put("joins", choices(ctx, form, "join", "join.", Codes.JOIN));
    model.put(
        "wijken",
        editor.wijken().stream()
            .map(
                w ->
                    Map.<String, Object>of(
                        "code", w, "label", capitalise(w), "checked", form.isChosen("wijken", w)))
            .toList());
    model.put("wholeCity", !values.getOrDefault("wholeCity", "").isEmpty());
    model.put("costFree", !values.getOrDefault("costFree", "").isEmpty());
    return model;
  }

  /** One text field for the {@code redactie/text-field} partial; label and hint by {@code kind}. */
  private Map<String, Object> field(
      RoutingContext ctx,
      String id,
      String kind,
      Map<String, String> values,
      Map<String, String> messages) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", id);
    f.put("label", text(ctx, "redactie.field." + kind));
    String hint = text(ctx, "redactie.hint." + kind);
    f.put("hint", hint.startsWith("??") ? null : hint);
    f.put("value", values.getOrDefault(id, ""));
    f.put("error", messages.get(id));
    List<String> describedBy = new ArrayList<>();
    if (f.get("hint") != null) {
      describedBy.add(id + "-hint");
    }
    if (f.get("error") != null) {
      describedBy.add(id + "-error");
    }
    f.put("describedBy", describedBy.isEmpty() ? null : String.join(" ", describedBy));
    f.put(
        "area",
        List.of("description", "descriptionEn", "accessibility", "locationHours").contains(kind));
    f.put("rows", kind.startsWith("description") ? 8 : 3);
    f.put(
        "type",
        switch (kind) {
          case "providerEmail", "contactEmail" -> "email";
          case "providerPhone", "contactPhone" -> "tel";
          default -> "text";
        });
    f.put(
        "inputmode",
        switch (kind) {
          case "ageMin", "ageMax" -> "numeric";
          case "providerWebsite", "website" -> "url";
          default -> null;
        });
    f.put(
        "spellcheck",
        !List.of(
                "slug",
                "languages",
                "providerWebsite",
                "website",
                "providerEmail",
                "contactEmail",
                "locationPostcode")
            .contains(kind));
    return f;
  }

  private List<Map<String, Object>> choices(
      RoutingContext ctx, OfferForm form, String field, String prefix, List<String> codes) {
    return codes.stream()
        .map(
            code ->
                Map.<String, Object>of(
                    "code",
                    code,
                    "label",
                    text(ctx, prefix + code),
                    "checked",
                    form.isChosen(field, code)))
        .toList();
  }

  private List<String> labels(RoutingContext ctx, String prefix, List<String> codes) {
    List<String> list = new ArrayList<>();
    for (String code : codes) {
      String label = text(ctx, prefix + code);
      list.add(label.startsWith("??") ? code : label);
    }
    return list;
  }

  /** The offer, or a 404 failure. */
  private Future<Offer> offer(UUID id) {
    return repository
        .byId(id)
        .compose(
            found ->
                found.isPresent()
                    ? Future.succeededFuture(found.get())
                    : Future.failedFuture(new HttpException(404)));
  }

  private void rejectedOr(RoutingContext ctx, Throwable e, OfferForm form, Runnable rerender) {
    if (e instanceof EditorService.Rejected rejected) {
      form.rejected(rejected.errors());
      rerender.run();
    } else {
      ctx.fail(e);
    }
  }

  private String text(RoutingContext ctx, String key, Object... args) {
    return pages.text(ctx, key, args);
  }

  private static String me(RoutingContext ctx) {
    return SignedInUser.of(ctx).orElseThrow().account().name();
  }

  private static UUID uuid(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ctx.fail(404);
      return null;
    }
  }

  private static Integer version(RoutingContext ctx) {
    String v = ctx.request().getFormAttribute("version");
    return v != null && v.trim().matches("\\d{1,9}") ? Integer.valueOf(v.trim()) : null;
  }

  private static String known(String value, String... allowed) {
    return value != null && List.of(allowed).contains(value) ? value : null;
  }

  private static String date(Instant instant, Locale locale) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy", locale)
        .format(instant.atZone(OpeningHours.ZONE));
  }

  private static String dateTime(Instant instant, Locale locale) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", locale)
        .format(instant.atZone(OpeningHours.ZONE));
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
