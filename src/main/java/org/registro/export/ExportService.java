package org.registro.export;

import static org.registro.db.Tables.CHANNEL;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.EXPORT_TEMPLATE;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;
import static org.registro.db.Tables.TOPIC;

import com.fasterxml.jackson.core.type.TypeReference;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.registro.common.Json;
import org.registro.common.MemberList;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.common.RowArchive;
import org.registro.common.SortedByContact;
import org.registro.common.SpreadsheetText;
import org.registro.consent.Consent;
import org.registro.consent.Purpose;
import org.registro.consent.Suppression;
import org.registro.contact.Emails;
import org.registro.contact.MergedRecords;
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
    private static final Set<String> PHONE_CHANNELS = Set.of("sms", "phone", "whatsapp");
    private static final int BATCH = 5_000;

    private final Workspace workspace;
    private final AuditLog audit;
    private final SegmentService segments;

    public ExportService(Workspace workspace, AuditLog audit, SegmentService segments) {
        this.workspace = workspace;
        this.audit = audit;
        this.segments = segments;
    }

    // ------------------------------------------------------------------ preview and export

    /** Counts who would be written and who left out, per reason, without writing anything. */
    public ExportPreview preview(ExportRequest request, Progress progress) {
        Map<Exclusion, Long> excluded = new EnumMap<>(Exclusion.class);
        long[] counts = new long[2];
        scan(request, false, progress, (row, reason, event) -> {
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
        Path part = partFile(out);
        Path excludedPart = excludedOut == null ? null : partFile(excludedOut);
        Members members = new Members();
        Map<Exclusion, Long> excluded = new EnumMap<>(Exclusion.class);
        RowArchive.Builder archive = new RowArchive.Builder();
        RowFormat format = new RowFormat(template);
        try {
            try (ListWriter writer = ListWriter.open(template, part, now);
                 CsvWriter left = excludedPart == null ? null : excludedWriter(excludedPart)) {
                writer.write(template.headers());
                archive.add(template.headers());
                scan(request, true, progress, (row, reason, event) -> {
                    if (reason == null) {
                        List<String> cells = format.cells(row);
                        writer.write(cells);
                        archive.add(cells);
                        members.add(row.id(), event);
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
            move(part, out);
            if (excludedPart != null) {
                move(excludedPart, excludedOut);
            }
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            long id;
            try {
                id = record(request, out, sha256, members, excluded, archive.finish(), now, durationMs);
            } catch (RuntimeException e) {
                deleteQuietly(out);
                deleteQuietly(excludedOut);
                throw e;
            }
            return new ExportResult(id, out, sha256, members.size, excluded, excludedOut, durationMs);
        } finally {
            deleteQuietly(part);
            deleteQuietly(excludedPart);
        }
    }

    /** The confirmation-request list for the email tool's double opt-in campaign. */
    public static final ExportTemplate CONFIRMATION_REQUESTS = new ExportTemplate("confirmation requests",
            Destination.CSV, List.of(ExportColumn.of(ExportField.EMAIL, "email"),
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
        Path part = partFile(out);
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
            move(part, out);
            audit.record(workspace.dsl(), "export.recreate", "export_run", id,
                    "Re-created export " + id + " as " + out.getFileName(), Map.of("erasedSince", counts[1]));
            return new Recreated(out, counts[0] - 1, counts[1], sha256, sha256.equals(run.get(EXPORT_RUN.FILE_HASH)));
        } finally {
            deleteQuietly(part);
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
            audit.record(tx, "export.template", "export_template", null, "Saved export template " + name, null);
        });
    }

    public void deleteTemplate(String name) {
        workspace.dsl().deleteFrom(EXPORT_TEMPLATE).where(EXPORT_TEMPLATE.NAME.eq(name)).execute();
    }

    // ------------------------------------------------------------------ the scan

    @FunctionalInterface
    private interface Sink {
        void accept(ExportRow row, Exclusion reason, Long consentEventId);
    }

    /**
     * Reads the selected contacts in id order with their consent state for the channel (and topic) and, for email,
     * their address's validity, and hands each to the sink with the reason it is left out (null when written).
     * The rows are read through plain JDBC: at a million contacts, mapping each into a jOOQ record cost more than
     * the database's own work.
     */
    private void scan(ExportRequest request, boolean details, Progress progress, Sink sink) {
        checkChannelAndTopic(request);
        DSLContext dsl = workspace.dsl();
        String channel = request.channel();
        String topic = request.topic();
        boolean email = "email".equals(channel);
        var cs = CONSENT_STATE.as("cs");
        var ts = CONSENT_STATE.as("ts");
        List<Field<?>> fields = new ArrayList<>(List.of(CONTACT.ID, CONTACT.STATUS, CONTACT.DO_NOT_CONTACT,
                CONTACT.EMAIL, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.PHONE, CONTACT.BIRTH_DATE,
                CONTACT.GENDER, CONTACT.LANGUAGE, CONTACT.ORGANIZATION, CONTACT.JOB_TITLE, CONTACT.STREET,
                CONTACT.POSTAL_CODE, CONTACT.CITY, CONTACT.REGION, CONTACT.COUNTRY,
                cs.STATUS, cs.EVENT_ID, cs.OCCURRED_AT, ts.STATUS, ts.EVENT_ID, ts.OCCURRED_AT));
        Table<?> from = CONTACT.leftJoin(cs).on(cs.CONTACT_ID.eq(CONTACT.ID).and(cs.CHANNEL.eq(channel))
                .and(cs.TOPIC.eq("")));
        from = from.leftJoin(ts).on(topic == null ? DSL.falseCondition()
                : ts.CONTACT_ID.eq(CONTACT.ID).and(ts.CHANNEL.eq(channel)).and(ts.TOPIC.eq(topic)));
        Condition selected = selectorCondition(request);
        long total = dsl.fetchCount(CONTACT, selected);
        Suppression suppression = Suppression.load(dsl);
        Map<Long, Map<String, Boolean>> unusable = email ? unusableEmails(dsl) : Map.of();
        List<String> customKeys = details ? customKeys(request.template()) : List.of();
        boolean tagsNeeded = details && needsTags(request.template());
        var query = dsl.select(fields).from(from).where(selected).orderBy(CONTACT.ID);
        progress.update(0, total, Messages.get("export.progress.reading"));
        try (SortedByContact<Record2<Long, String>> tags = tagsNeeded ? new SortedByContact<>(dsl.select(CONTACT_TAG.CONTACT_ID, TAG.NAME)
                .from(CONTACT_TAG).join(TAG).on(TAG.ID.eq(CONTACT_TAG.TAG_ID))
                .orderBy(CONTACT_TAG.CONTACT_ID, TAG.NAME).fetchSize(5_000).fetchLazy()) : null;
             SortedByContact<Record3<Long, String, String>> custom = customKeys.isEmpty() ? null
                     : new SortedByContact<>(dsl.select(CONTACT_VALUE.CONTACT_ID, FIELD_DEFINITION.FIELD_KEY,
                                     DSL.coalesce(CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER.cast(String.class),
                                             CONTACT_VALUE.VALUE_DATE.cast(String.class),
                                             CONTACT_VALUE.VALUE_BOOL.cast(String.class)))
                             .from(CONTACT_VALUE).join(FIELD_DEFINITION).on(FIELD_DEFINITION.ID.eq(CONTACT_VALUE.FIELD_ID))
                             .where(FIELD_DEFINITION.FIELD_KEY.in(customKeys))
                             .orderBy(CONTACT_VALUE.CONTACT_ID).fetchSize(5_000).fetchLazy())) {
            dsl.connection(c -> {
                try (var lazy = c.createStatement()) {
                    // stream the rows instead of copying a million of them to a temporary result first
                    lazy.execute("SET LAZY_QUERY_EXECUTION TRUE");
                }
                try (PreparedStatement ps = c.prepareStatement(query.getSQL())) {
                    List<Object> binds = query.getBindValues();
                    for (int i = 0; i < binds.size(); i++) {
                        ps.setObject(i + 1, binds.get(i));
                    }
                    ps.setFetchSize(5_000);
                    long done = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            List<String> tagNames = tags == null ? List.of()
                                    : tags.take(id).stream().map(Record2::value2).toList();
                            Map<String, String> values = Map.of();
                            if (custom != null) {
                                Map<String, String> found = new LinkedHashMap<>();
                                custom.take(id).forEach(v -> found.put(v.value2(), v.value3()));
                                values = found;
                            }
                            boolean topicRow = topic != null && rs.getObject(22) != null;
                            ExportRow row = new ExportRow(id, rs.getString(4), rs.getString(5), rs.getString(6),
                                    rs.getString(7), rs.getObject(8, LocalDate.class), rs.getString(9), rs.getString(10),
                                    rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                                    rs.getString(15), rs.getString(16), rs.getString(17), tagNames, values,
                                    rs.getObject(topicRow ? 23 : 20, OffsetDateTime.class));
                            Map<String, Boolean> flagged = unusable.get(id);
                            Boolean bounced = flagged == null || row.email() == null ? null
                                    : flagged.get(Emails.normalize(row.email()));
                            Exclusion reason = reason(request.purpose(), channel, topic != null, rs.getString(2),
                                    rs.getBoolean(3), row, rs.getString(18), rs.getString(21),
                                    Boolean.FALSE.equals(bounced) ? Boolean.FALSE : null, Boolean.TRUE.equals(bounced),
                                    suppression);
                            long event = rs.getLong(topicRow ? 22 : 19);
                            sink.accept(row, reason, reason == null && !rs.wasNull() ? event : null);
                            if (++done % BATCH == 0) {
                                progress.checkCancelled();
                                progress.update(done, total, Messages.get("export.progress.reading"));
                            }
                        }
                    }
                    progress.update(done, total, Messages.get("export.progress.reading"));
                } finally {
                    try (var eager = c.createStatement()) {
                        eager.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
            });
        }
    }

    /**
     * The email addresses that cannot be used, per contact: address → true when it bounced, false when it is
     * invalid. Few in any workspace, so they are read once instead of joined to every contact.
     */
    private static Map<Long, Map<String, Boolean>> unusableEmails(DSLContext dsl) {
        Map<Long, Map<String, Boolean>> unusable = new java.util.HashMap<>();
        dsl.select(IDENTIFIER.CONTACT_ID, IDENTIFIER.VALUE_NORM, IDENTIFIER.BOUNCED_AT).from(IDENTIFIER)
                .where(IDENTIFIER.KIND.eq("email").and(IDENTIFIER.SYSTEM.eq(""))
                        .and(IDENTIFIER.IS_VALID.isFalse().or(IDENTIFIER.BOUNCED_AT.isNotNull())))
                .forEach(r -> unusable.computeIfAbsent(r.value1(), k -> new java.util.HashMap<>())
                        .put(r.value2(), r.value3() != null));
        return unusable;
    }

    /** The first reason that leaves this contact out, or null when it is written. */
    static Exclusion reason(Purpose purpose, String channel, boolean hasTopic, String status, boolean doNotContact,
                            ExportRow row, String channelStatus, String topicStatus, Boolean addressValid,
                            boolean bounced, Suppression suppression) {
        if ("erased".equals(status)) {
            return Exclusion.ERASED;
        }
        if (doNotContact || suppression.any() && (row.email() != null
                && suppression.isErased("email", "", Emails.normalize(row.email()))
                || row.phone() != null && suppression.isErased("phone", "", row.phone()))) {
            return Exclusion.SUPPRESSED;
        }
        if (!hasAddress(channel, row, addressValid)) {
            return Exclusion.INVALID_ADDRESS;
        }
        if (bounced) {
            return Exclusion.BOUNCED;
        }
        if (purpose == Purpose.TRANSACTIONAL) {
            return null;
        }
        if (Consent.PENDING.equals(channelStatus)) {
            return Exclusion.PENDING_DOUBLE_OPT_IN;
        }
        if (!optedIn(channelStatus)) {
            return Exclusion.NO_OPT_IN;
        }
        if (hasTopic && Consent.PENDING.equals(topicStatus)) {
            return Exclusion.PENDING_DOUBLE_OPT_IN;
        }
        return hasTopic && !optedIn(topicStatus) ? Exclusion.NO_TOPIC_OPT_IN : null;
    }

    private static boolean optedIn(String status) {
        return Consent.GRANTED.equals(status) || Consent.CONFIRMED.equals(status);
    }

    /**
     * The channel's address is there and usable: a valid email that no spreadsheet would read as a formula, a phone
     * for SMS, phone and WhatsApp, a street with a city or postal code for post.
     */
    private static boolean hasAddress(String channel, ExportRow row, Boolean addressValid) {
        if ("email".equals(channel)) {
            String email = row.email();
            return email != null && !email.isBlank() && !Boolean.FALSE.equals(addressValid) && Emails.isValid(email)
                    && SpreadsheetText.defuse(email).equals(email);
        }
        if (PHONE_CHANNELS.contains(channel)) {
            return notBlank(row.phone());
        }
        if ("post".equals(channel)) {
            return notBlank(row.street()) && (notBlank(row.city()) || notBlank(row.postalCode()));
        }
        return true;
    }

    private Condition selectorCondition(ExportRequest request) {
        Selector selector = request.selector();
        return switch (selector.kind()) {
            case Selector.SEGMENT -> segments.membersOf(selector.segment());
            case Selector.RULE -> segments.condition(selector.rule());
            case Selector.DOUBLE_OPT_IN -> CONTACT.STATUS.eq("active").and(CONTACT.ID.in(
                    DSL.select(CONSENT_STATE.CONTACT_ID).from(CONSENT_STATE).where(CONSENT_STATE.CHANNEL
                            .eq(request.channel()).and(CONSENT_STATE.TOPIC.eq("")).and(CONSENT_STATE.STATUS.eq(Consent.PENDING)))));
            default -> CONTACT.STATUS.ne("merged");
        };
    }

    private void checkChannelAndTopic(ExportRequest request) {
        DSLContext dsl = workspace.dsl();
        if (!dsl.fetchExists(CHANNEL, CHANNEL.CODE.eq(request.channel()))) {
            throw new RegistroException("error.export.channel", request.channel());
        }
        if (request.topic() != null && !dsl.fetchExists(TOPIC, TOPIC.CODE.eq(request.topic()))) {
            throw new RegistroException("error.export.topic", request.topic());
        }
        if (request.template().columns().isEmpty()) {
            throw new RegistroException("error.export.noColumns");
        }
    }

    /** The custom fields the columns read; listmonk's attributes read them all. Empty when none is needed. */
    private List<String> customKeys(ExportTemplate template) {
        if (template.columns().stream().anyMatch(c -> ExportField.ATTRIBUTES.code().equals(c.field()))) {
            return workspace.dsl().select(FIELD_DEFINITION.FIELD_KEY).from(FIELD_DEFINITION)
                    .where(FIELD_DEFINITION.ARCHIVED_AT.isNull()).fetch(FIELD_DEFINITION.FIELD_KEY);
        }
        List<String> keys = new ArrayList<>();
        template.columns().forEach(c -> c.customKey().ifPresent(keys::add));
        return keys;
    }

    private static boolean needsTags(ExportTemplate template) {
        return template.columns().stream().anyMatch(c -> ExportField.TAGS.code().equals(c.field())
                || ExportField.ATTRIBUTES.code().equals(c.field()));
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

    private long record(ExportRequest request, Path out, String sha256, Members members, Map<Exclusion, Long> excluded,
                        byte[] rows, OffsetDateTime now, long durationMs) {
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
                    .returningResult(EXPORT_RUN.ID).fetchSingle().value1();
            audit.record(tx, "export.write", "export_run", id, "Exported " + members.size + " to "
                    + request.template().destination().label() + " (" + request.purpose().code() + ", "
                    + request.channel() + (request.topic() == null ? "" : "/" + request.topic()) + ")", excludedJson);
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

    private static Path partFile(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.write", out.toString(), e.getMessage());
        }
        return parent.resolve(out.getFileName() + ".part");
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.write", to.toString(), e.getMessage());
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a left-over part file is harmless and overwritten next time
            }
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
