package org.registro.export;

import static org.registro.db.Tables.CHANNEL;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.EXPORT_TEMPLATE;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TOPIC;

import com.fasterxml.jackson.core.type.TypeReference;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.Json;
import org.registro.common.MemberList;
import org.registro.common.Messages;
import org.registro.common.PartFiles;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.common.RowArchive;
import org.registro.common.SpreadsheetText;
import org.registro.consent.Purpose;
import org.registro.contact.Emails;
import org.registro.contact.MergedRecords;
import org.registro.destination.DestinationService;
import org.registro.destination.Told;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * The one way a list leaves Registro. A request names who (segment, rule, all, double opt-in requests), why
 * (purpose), the channel and topic, and the format. Every selected contact is either written or left out with the
 * first {@link Exclusion} that applies; a commercial list needs a current opt-in for the channel and topic. Each
 * export is recorded with its members (and the consent event each rests on), the people left out and why, the
 * file's SHA-256 and the written cells, so it can be shown in a profile and written again exactly.
 */
public final class ExportService {

    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final Workspace workspace;
    private final AuditLog audit;
    private final SegmentService segments;
    private final DestinationService destinations;
    private final ExportScan scanner;

    public ExportService(Workspace workspace, AuditLog audit, SegmentService segments,
                         DestinationService destinations) {
        this.workspace = workspace;
        this.audit = audit;
        this.segments = segments;
        this.destinations = destinations;
        this.scanner = new ExportScan(workspace, segments);
    }

    // ------------------------------------------------------------------ preview and export

    /** Counts who would be written and who left out, per reason, without writing anything. */
    public ExportPreview preview(ExportRequest request, Progress progress) {
        var indexed = scanner.previewIndexed(request);
        if (indexed.isPresent()) {
            return indexed.get();
        }
        Map<Exclusion, Long> excluded = new EnumMap<>(Exclusion.class);
        long[] counts = new long[2];
        scanner.scan(request, false, progress, (row, reason, event) -> {
            counts[0]++;
            if (reason == null) {
                counts[1]++;
            } else {
                excluded.merge(reason, 1L, Long::sum);
            }
        });
        return new ExportPreview(counts[0], counts[1], excluded);
    }

    /**
     * Writes the list to {@code out} (and the people left out, with their reason, to {@code excludedOut} when not
     * null) and records the export. Nothing is recorded and no file is left behind when it fails or is cancelled.
     */
    public ExportResult export(ExportRequest request, Path out, Path excludedOut, Progress progress) {
        long started = System.nanoTime();
        OffsetDateTime now = OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
        ExportTemplate template = request.template();
        Path part = PartFiles.partOf(out);
        Path excludedPart = excludedOut == null ? null : PartFiles.partOf(excludedOut);
        Members members = new Members();
        String told = toldStatus(request);
        List<DestinationService.Seen> sent = new ArrayList<>();
        Map<Exclusion, Long> excluded = new EnumMap<>(Exclusion.class);
        RowArchive.Builder archive = new RowArchive.Builder();
        RowFormat format = new RowFormat(template);
        try {
            try (ListWriter writer = ListWriter.open(template, part, now);
                 CsvWriter left = excludedPart == null ? null : excludedWriter(excludedPart)) {
                writer.write(template.headers());
                archive.add(template.headers());
                scanner.scan(request, true, progress, (row, reason, event) -> {
                    if (reason == null) {
                        List<String> cells = format.cells(row);
                        writer.write(cells);
                        archive.add(cells);
                        members.add(row.id(), event);
                        if (told != null && row.email() != null) {
                            sent.add(new DestinationService.Seen(row.id(), Emails.normalize(row.email()), told));
                        }
                    } else {
                        excluded.merge(reason, 1L, Long::sum);
                        members.exclude(row.id(), reason);
                        if (left != null) {
                            left.writeRecord(Long.toString(row.id()), SpreadsheetText.defuse(nz(row.email())),
                                    SpreadsheetText.defuse(nz(row.firstName())),
                                    SpreadsheetText.defuse(nz(row.lastName())), reason.code(),
                                    Messages.get(reason.messageKey()));
                        }
                    }
                });
            } catch (IOException e) {
                throw new RegistroException(e, "error.file.write", out.toString(), e.getMessage());
            }
            progress.checkCancelled();
            progress.update(-1, -1, Messages.get("export.progress.recording"));
            String sha256 = sha256(part);
            PartFiles.move(part, out);
            if (excludedPart != null) {
                PartFiles.move(excludedPart, excludedOut);
            }
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            long id;
            try {
                id = record(request, out, sha256, members, sent, excluded, archive.finish(), now, durationMs);
            } catch (RuntimeException e) {
                PartFiles.deleteQuietly(out);
                PartFiles.deleteQuietly(excludedOut);
                throw e;
            }
            return new ExportResult(id, out, sha256, members.size, excluded, excludedOut, durationMs);
        } finally {
            PartFiles.deleteQuietly(part);
            PartFiles.deleteQuietly(excludedPart);
        }
    }

    /**
     * The decision an export makes for a message with this purpose on the channel (about the topic), to ask for
     * group after group of people; nothing is written. An unknown channel or topic is refused here, once.
     */
    public ConsentCheck consentCheck(Purpose purpose, String channel, String topic) {
        String t = topic == null || topic.isBlank() ? null : topic.strip();
        scanner.checkChannelAndTopic(channel, t);
        return new ConsentCheck(scanner, purpose, channel, t, ExportScan.Known.load(workspace.dsl(), channel));
    }

    /** The confirmation-request list for the email tool's double opt-in campaign. */
    public static final ExportTemplate CONFIRMATION_REQUESTS = new ExportTemplate("confirmation requests",
            ListFormat.CSV, List.of(ExportColumn.of(ExportField.EMAIL, "email"),
            ExportColumn.of(ExportField.FIRST_NAME, "first_name"), ExportColumn.of(ExportField.LAST_NAME, "last_name"),
            ExportColumn.of(ExportField.LANGUAGE, "language"), ExportColumn.of(ExportField.COUNTRY, "country"),
            ExportColumn.of(ExportField.CONSENT_SINCE, "waiting_since"),
            ExportColumn.of(ExportField.CONTACT_ID, "registro_id")), CsvOptions.STANDARD);

    /**
     * Writes the list of people whose email opt-in waits for confirmation, for the email tool to send the request
     * to; recorded like every export. Restricted and erased people and bounced addresses are left out.
     */
    public ExportResult writeConfirmationRequests(Path out, Progress progress) {
        return export(new ExportRequest(Selector.doubleOptInPending(), Purpose.TRANSACTIONAL, "email", null,
                CONFIRMATION_REQUESTS), out, null, progress);
    }

    /**
     * What a list tells the destination it goes to: a commercial email list subscribes its people, a list of
     * double opt-in requests makes them pending; other lists (transactional, other channels) say nothing about
     * the subscription.
     */
    private static String toldStatus(ExportRequest request) {
        if (request.destinationId() == null || !"email".equals(request.channel())) {
            return null;
        }
        if (request.purpose() == Purpose.COMMERCIAL) {
            return Told.SUBSCRIBED;
        }
        return Selector.DOUBLE_OPT_IN.equals(request.selector().kind()) ? Told.PENDING : null;
    }

    // ------------------------------------------------------------------ history

    public List<ExportRun> list() {
        return workspace.dsl().select(EXPORT_RUN.fields()).from(EXPORT_RUN)
                .orderBy(EXPORT_RUN.CREATED_AT.desc(), EXPORT_RUN.ID.desc())
                .fetch(r -> run(r));
    }

    public ExportRun get(long id) {
        return workspace.dsl().select(EXPORT_RUN.fields()).from(EXPORT_RUN).where(EXPORT_RUN.ID.eq(id))
                .fetchOptional(r -> run(r)).orElseThrow(() -> new RegistroException("error.export.noExport", id));
    }

    /** The template an earlier export used. */
    public ExportTemplate templateOf(long id) {
        String json = workspace.dsl().select(EXPORT_RUN.TEMPLATE_JSON).from(EXPORT_RUN).where(EXPORT_RUN.ID.eq(id))
                .fetchOptional(EXPORT_RUN.TEMPLATE_JSON).orElseThrow(() -> new RegistroException("error.export.noExport", id));
        return ExportTemplate.fromJson(json);
    }

    /**
     * The lists this person was in, newest first, each with the consent event it rested on, including lists sent
     * to records merged into them since. Reads every run's member list (a few milliseconds per million members).
     */
    public List<SentList> sentTo(long contactId) {
        DSLContext dsl = workspace.dsl();
        List<SentList> lists = new ArrayList<>();
        Set<Long> records = MergedRecords.withMerged(dsl, List.of(contactId));
        dsl.select(EXPORT_RUN.ID, EXPORT_RUN.CREATED_AT, EXPORT_RUN.DESTINATION, EXPORT_RUN.PURPOSE,
                        EXPORT_RUN.CHANNEL, EXPORT_RUN.TOPIC, EXPORT_RUN.SELECTOR_LABEL, EXPORT_RUN.FILE_NAME,
                        EXPORT_RUN.MEMBERS_BIN)
                .from(EXPORT_RUN).orderBy(EXPORT_RUN.CREATED_AT.desc(), EXPORT_RUN.ID.desc())
                .forEach(r -> {
                    long[] found = null;
                    for (long id : records) {
                        found = MemberList.find(r.value9(), id);
                        if (found != null) {
                            break;
                        }
                    }
                    if (found == null) {
                        return;
                    }
                    Record event = found[1] < 0 ? null : dsl.select(CONSENT_EVENT.STATUS, CONSENT_EVENT.METHOD,
                                    CONSENT_EVENT.OCCURRED_AT, DSL.coalesce(SOURCE.NAME, CONSENT_EVENT.SOURCE_SYSTEM))
                            .from(CONSENT_EVENT).leftJoin(SOURCE).on(SOURCE.ID.eq(CONSENT_EVENT.SOURCE_ID))
                            .where(CONSENT_EVENT.ID.eq(found[1])).fetchOne();
                    lists.add(new SentList(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                            r.value7(), r.value8(), found[1] < 0 ? null : found[1],
                            event == null ? null : event.get(0, String.class),
                            event == null ? null : event.get(1, String.class),
                            event == null ? null : event.get(2, OffsetDateTime.class),
                            event == null ? null : event.get(3, String.class)));
                });
        return lists;
    }

    /** The lists sent on that day (in the workspace's time zone) that this person was in. */
    public List<SentList> sentOn(long contactId, LocalDate day) {
        var zone = workspace.clock().getZone();
        return sentTo(contactId).stream()
                .filter(s -> s.exportedAt().atZoneSameInstant(zone).toLocalDate().equals(day)).toList();
    }

    /** How an earlier export was written again. */
    public record Recreated(Path file, long rows, long erasedSince, String sha256, boolean identical) {
    }

    /**
     * Writes an earlier export again from its recorded cells. People erased since are left out (their lines were
     * blanked when they were erased); otherwise the file is the same, byte for byte for CSV.
     */
    public Recreated recreate(long id, Path out) {
        Record run = workspace.dsl().select(EXPORT_RUN.TEMPLATE_JSON, EXPORT_RUN.ROWS_GZ, EXPORT_RUN.FILE_HASH,
                        EXPORT_RUN.CREATED_AT).from(EXPORT_RUN).where(EXPORT_RUN.ID.eq(id))
                .fetchOptional().orElseThrow(() -> new RegistroException("error.export.noExport", id));
        byte[] rows = run.get(EXPORT_RUN.ROWS_GZ);
        if (rows == null) {
            throw new RegistroException("error.export.noRows", id);
        }
        ExportTemplate template = ExportTemplate.fromJson(run.get(EXPORT_RUN.TEMPLATE_JSON));
        Path part = PartFiles.partOf(out);
        long[] counts = new long[2];
        try {
            try (ListWriter writer = ListWriter.open(template, part, run.get(EXPORT_RUN.CREATED_AT))) {
                RowArchive.read(rows, cells -> {
                    if (cells == null) {
                        counts[1]++;
                    } else {
                        writer.write(cells);
                        counts[0]++;
                    }
                });
            }
            String sha256 = sha256(part);
            PartFiles.move(part, out);
            audit.record(workspace.dsl(), "export.recreate", "export_run", id,
                    Phrase.of("audit.export.recreate", id, out.getFileName().toString()), Map.of("erasedSince", counts[1]));
            return new Recreated(out, counts[0] - 1, counts[1], sha256, sha256.equals(run.get(EXPORT_RUN.FILE_HASH)));
        } finally {
            PartFiles.deleteQuietly(part);
        }
    }

    // ------------------------------------------------------------------ templates

    public List<ExportTemplate> templates() {
        return workspace.dsl().select(EXPORT_TEMPLATE.NAME, EXPORT_TEMPLATE.TEMPLATE_JSON).from(EXPORT_TEMPLATE)
                .orderBy(EXPORT_TEMPLATE.NAME)
                .fetch(r -> ExportTemplate.fromJson(r.value2()).named(r.value1()));
    }

    public Optional<ExportTemplate> template(String name) {
        return workspace.dsl().select(EXPORT_TEMPLATE.TEMPLATE_JSON).from(EXPORT_TEMPLATE)
                .where(EXPORT_TEMPLATE.NAME.eq(name)).fetchOptional(EXPORT_TEMPLATE.TEMPLATE_JSON)
                .map(json -> ExportTemplate.fromJson(json).named(name));
    }

    /** Saves the template under its name, replacing one of the same name. */
    public void saveTemplate(ExportTemplate template) {
        String name = template.name() == null ? "" : template.name().trim();
        if (name.isEmpty()) {
            throw new RegistroException("error.export.templateName");
        }
        ExportTemplate named = template.named(name);
        OffsetDateTime now = OffsetDateTime.now(workspace.clock());
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.deleteFrom(EXPORT_TEMPLATE).where(EXPORT_TEMPLATE.NAME.eq(name)).execute();
            tx.insertInto(EXPORT_TEMPLATE).set(EXPORT_TEMPLATE.NAME, name)
                    .set(EXPORT_TEMPLATE.DESTINATION, named.destination().code())
                    .set(EXPORT_TEMPLATE.TEMPLATE_JSON, named.toJson()).set(EXPORT_TEMPLATE.CREATED_AT, now).execute();
            audit.record(tx, "export.template", "export_template", null, Phrase.of("audit.export.template", name), null);
        });
    }

    public void deleteTemplate(String name) {
        workspace.dsl().deleteFrom(EXPORT_TEMPLATE).where(EXPORT_TEMPLATE.NAME.eq(name)).execute();
    }

    // ------------------------------------------------------------------ recording

    /** Who was written (with the consent event each rests on) and who was left out, as they were met. */
    private static final class Members {
        private long[] ids = new long[1024];
        private long[] events = new long[1024];
        private int size;
        private long[] excludedIds = new long[256];
        private long[] reasons = new long[256];
        private int excludedSize;

        void add(long id, Long event) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                events = Arrays.copyOf(events, size * 2);
            }
            ids[size] = id;
            events[size++] = event == null ? -1 : event;
        }

        void exclude(long id, Exclusion reason) {
            if (excludedSize == excludedIds.length) {
                excludedIds = Arrays.copyOf(excludedIds, excludedSize * 2);
                reasons = Arrays.copyOf(reasons, excludedSize * 2);
            }
            excludedIds[excludedSize] = id;
            reasons[excludedSize++] = reason.ordinal();
        }
    }

    private long record(ExportRequest request, Path out, String sha256, Members members,
                        List<DestinationService.Seen> sent, Map<Exclusion, Long> excluded, byte[] rows,
                        OffsetDateTime now, long durationMs) {
        Map<String, Long> excludedJson = new LinkedHashMap<>();
        excluded.forEach((k, v) -> excludedJson.put(k.code(), v));
        Selector selector = request.selector();
        return workspace.dsl().transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Long segmentId = selector.segment() == null ? null : segments.get(selector.segment()).id();
            long id = tx.insertInto(EXPORT_RUN)
                    .set(EXPORT_RUN.DESTINATION, request.template().destination().code())
                    .set(EXPORT_RUN.PURPOSE, request.purpose().code())
                    .set(EXPORT_RUN.CHANNEL, request.channel()).set(EXPORT_RUN.TOPIC, request.topic())
                    .set(EXPORT_RUN.SELECTOR_KIND, selector.kind()).set(EXPORT_RUN.SEGMENT_ID, segmentId)
                    .set(EXPORT_RUN.SELECTOR_LABEL, selector.label())
                    .set(EXPORT_RUN.JOURNEY_ID, selector.journey() == null ? null : selector.journey().journeyId())
                    .set(EXPORT_RUN.JOURNEY_STEP, selector.journey() == null ? null : selector.journey().step())
                    .set(EXPORT_RUN.RULE_JSON, selector.rule() == null ? null : selector.rule().toJson())
                    .set(EXPORT_RUN.TEMPLATE_JSON, request.template().toJson())
                    .set(EXPORT_RUN.FILE_NAME, out.toAbsolutePath().toString()).set(EXPORT_RUN.FILE_HASH, sha256)
                    .set(EXPORT_RUN.ROW_COUNT, members.size).set(EXPORT_RUN.EXCLUDED_COUNT, members.excludedSize)
                    .set(EXPORT_RUN.EXCLUDED_JSON, Json.write(excludedJson)).set(EXPORT_RUN.ROWS_GZ, rows)
                    .set(EXPORT_RUN.MEMBERS_BIN, MemberList.encode(members.ids, members.events, members.size))
                    .set(EXPORT_RUN.EXCLUSIONS_BIN, MemberList.encode(members.excludedIds, members.reasons,
                            members.excludedSize))
                    .set(EXPORT_RUN.DURATION_MS, durationMs)
                    .set(EXPORT_RUN.CREATED_BY, audit.actor()).set(EXPORT_RUN.CREATED_AT, now)
                    .set(EXPORT_RUN.DESTINATION_ID, request.destinationId())
                    .returningResult(EXPORT_RUN.ID).fetchSingle().value1();
            if (request.destinationId() != null) {
                destinations.recordSent(tx, request.destinationId(), id, sent);
            }
            audit.record(tx, "export.write", "export_run", id, Phrase.of(request.topic() == null
                    ? "audit.export.write" : "audit.export.write.topic", members.size,
                    request.template().destination().label(), Phrase.code("export.purpose.short.", request.purpose().code()),
                    Phrase.code("channel.", request.channel()), request.topic() == null ? ""
                            : Phrase.code("topic.", request.topic())), excludedJson);
            return id;
        });
    }

    private static ExportRun run(Record r) {
        String json = r.get(EXPORT_RUN.EXCLUDED_JSON);
        Map<String, Long> excluded = json == null ? Map.of() : Json.read(json, COUNTS);
        return new ExportRun(r.get(EXPORT_RUN.ID), r.get(EXPORT_RUN.CREATED_AT), r.get(EXPORT_RUN.CREATED_BY),
                r.get(EXPORT_RUN.DESTINATION), r.get(EXPORT_RUN.PURPOSE), r.get(EXPORT_RUN.CHANNEL),
                r.get(EXPORT_RUN.TOPIC), r.get(EXPORT_RUN.SELECTOR_KIND), r.get(EXPORT_RUN.SELECTOR_LABEL),
                r.get(EXPORT_RUN.FILE_NAME), r.get(EXPORT_RUN.FILE_HASH), r.get(EXPORT_RUN.ROW_COUNT),
                r.get(EXPORT_RUN.EXCLUDED_COUNT), excluded);
    }

    // ------------------------------------------------------------------ files

    private static CsvWriter excludedWriter(Path file) throws IOException {
        CsvWriter csv = CsvWriter.builder().build(new OutputStreamWriter(Files.newOutputStream(file),
                StandardCharsets.UTF_8));
        csv.writeRecord("registro_id", "email", "first_name", "last_name", "reason", "reason_text");
        return csv;
    }



    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }



    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
