package org.registro.ingest;

import static org.registro.db.Tables.IMPORT_BATCH;
import static org.registro.db.Tables.SOURCE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.CancelledException;
import org.registro.common.Json;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.db.tables.records.ImportBatchRecord;
import org.registro.ingest.ImportRecords.Batch;
import org.registro.ingest.ImportRecords.Plan;
import org.registro.ingest.ImportRecords.Request;
import org.registro.ingest.ImportRecords.Summary;
import org.registro.destination.DestinationService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Imports CSV and Excel files into the single customer record. A file is planned (format, preset, mapping,
 * preview), then run as one batch: rows are normalized, linked to the contacts their identifiers belong to,
 * and applied a thousand at a time. Every row ends created, updated, unchanged or rejected; rejected rows
 * and values left out go to the batch's reject file.
 *
 * <p>A batch is all or nothing. Every row it writes carries its batch id, and the batch is marked
 * "running" before the first row is written: a cancelled or failed batch is undone at once, and one still
 * "running" when a workspace opens (Registro was killed) is undone then, by {@link #recoverInterrupted()}.
 */
public final class ImportService {

    public static final int PREVIEW_ROWS = 20;
    static final int CHUNK = 1000;
    static final int SAMPLE_ROWS = 1000;
    public static final String STATUS_RUNNING = "running";
    public static final String STATUS_COMPLETED = "completed";
    public static final String STATUS_FAILED = "failed";
    public static final String STATUS_CANCELLED = "cancelled";
    public static final String STATUS_UNDOING = "undoing";
    public static final String STATUS_UNDONE = "undone";
    public static final List<String> PARTIES = List.of("first", "second", "third");

    private final Workspace workspace;
    private final AuditLog audit;
    private final Clock clock;
    private int commitRows = BatchRun.COMMIT_ROWS;
    private long indexesAsideFrom = DeferredIndexes.MIN_ROWS;

    private final DestinationService destinations;

    public ImportService(Workspace workspace, AuditLog audit, DestinationService destinations) {
        this.workspace = workspace;
        this.audit = audit;
        this.clock = workspace.clock();
        this.destinations = destinations;
    }

    /** For imports that name no destination (samples, recovery, tests). */
    public ImportService(Workspace workspace, AuditLog audit) {
        this(workspace, audit, new DestinationService(workspace, audit));
    }

    DestinationService destinations() {
        return destinations;
    }

    private DSLContext dsl() {
        return workspace.dsl();
    }

    // ------------------------------------------------------------------ planning

    /**
     * Reads the start of a file and proposes how to import it: the preset (detected unless {@code presetCode}
     * names one), the mapping (the one saved with the source when its columns match), and a preview.
     */
    public Plan plan(Path file, SourceFile.Options options, String presetCode, String sourceName, Progress progress) {
        return new ImportPlanner(this).plan(file, options, presetCode, sourceName, progress);
    }

    /** The first rows as they would be imported under {@code mapping}. */
    public List<ParsedRow> preview(SourceFile.Description description, ImportMapping mapping, String sourceName) {
        return new ImportPlanner(this).preview(description, mapping, sourceName);
    }

    /** The completed, not undone, batch that imported a file with these exact contents. */
    public Optional<Batch> previousImport(String contentHash) {
        return dsl().selectFrom(IMPORT_BATCH)
                .where(IMPORT_BATCH.CONTENT_HASH.eq(contentHash).and(IMPORT_BATCH.STATUS.eq(STATUS_COMPLETED)))
                .orderBy(IMPORT_BATCH.ID.desc()).limit(1)
                .fetchOptional().map(this::batch);
    }

    public static String contentHash(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ running

    /**
     * Imports a file the way {@link #plan} proposes: the detected (or named) preset, the mapping saved with
     * the source or the preset's, no questions asked. For samples, benchmarks and scripts.
     */
    public Summary importAsPlanned(Path file, SourceFile.Options options, String presetCode, String sourceName,
                                   String dataParty, Progress progress) {
        Plan plan = plan(file, options, presetCode, sourceName, progress);
        return run(new Request(file, options, plan.sourceName(), dataParty, plan.mapping(), false), progress);
    }

    /** Imports the file as one batch (or, for a dry run, reads and counts it and writes nothing). */
    public Summary run(Request request, Progress progress) {
        validate(request.mapping());
        String party = request.dataParty() == null ? "first" : request.dataParty().toLowerCase(Locale.ROOT);
        if (!PARTIES.contains(party)) {
            throw new RegistroException("error.import.party", request.dataParty());
        }
        String hash = contentHash(request.file());
        Long reimportOf = previousImport(hash).map(Batch::id).orElse(null);
        if (request.dryRun()) {
            return dryRun(request, party, hash, reimportOf, progress);
        }
        return workspace.exclusively(Phrase.of("team.busy.import", request.file().getFileName().toString()),
                () -> write(request, party, hash, reimportOf, progress));
    }

    private Summary write(Request request, String party, String hash, Long reimportOf, Progress progress) {
        long sourceId = ensureSource(request.sourceName(), party, request.mapping());
        long batchId = startBatch(request, sourceId, hash);
        BatchRun run = new BatchRun(this, request, batchId, sourceId, workspace.rejectsDir().resolve(
                rejectFileName(batchId, request.file())), false);
        try {
            run.execute(progress, null);
        } catch (CancelledException e) {
            run.closeQuietly();
            undoInterrupted(batchId, STATUS_CANCELLED, null);
            throw e;
        } catch (RuntimeException e) {
            run.closeQuietly();
            undoInterrupted(batchId, STATUS_FAILED, e.getMessage());
            throw e;
        }
        Summary summary = run.summary(STATUS_COMPLETED, reimportOf);
        dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.update(IMPORT_BATCH)
                    .set(IMPORT_BATCH.STATUS, STATUS_COMPLETED)
                    .set(IMPORT_BATCH.FINISHED_AT, now())
                    .set(IMPORT_BATCH.REJECT_FILE, summary.rejectFile() == null ? null : summary.rejectFile().toString())
                    .where(IMPORT_BATCH.ID.eq(batchId)).execute();
            run.storeCounts(tx);
            audit.record(tx, "import.complete", "import_batch", batchId, Phrase.of("audit.import.complete",
                    summary.fileName(), summary.created(), summary.updated(), summary.rejected()), Map.of("read", summary.read(), "created", summary.created(),
                    "updated", summary.updated(), "unchanged", summary.unchanged(), "rejected", summary.rejected()));
        });
        return summary;
    }

    private Summary dryRun(Request request, String party, String hash, Long reimportOf, Progress progress) {
        // a dry run writes nothing into the workspace, not even its reject file
        Path rejects;
        try {
            rejects = Files.createTempDirectory("registro-dry-run-").resolve(rejectFileName(0, request.file()));
        } catch (java.io.IOException e) {
            throw new RegistroException(e, "error.file.write", System.getProperty("java.io.tmpdir"), e.getMessage());
        }
        BatchRun[] result = new BatchRun[1];
        try {
            dsl().transaction(cfg -> {
                DSLContext tx = cfg.dsl();
                long sourceId = ensureSource(tx, request.sourceName(), party, request.mapping());
                long batchId = insertBatch(tx, request, sourceId, hash);
                result[0] = new BatchRun(this, request, batchId, sourceId, rejects, true);
                result[0].execute(progress, tx);
                throw new DryRunDone();
            });
        } catch (DryRunDone done) {
            // everything written was rolled back
        } finally {
            if (result[0] != null) {
                result[0].closeQuietly();
            }
        }
        Summary s = result[0].summary("dry-run", reimportOf);
        return new Summary(0, s.fileName(), s.status(), s.read(), s.created(), s.updated(), s.unchanged(),
                s.rejected(), s.withProblems(), s.conflicts(), s.skipped(), s.rejectFile(), true, reimportOf);
    }

    private static final class DryRunDone extends RuntimeException {
        DryRunDone() {
            super(null, null, false, false);
        }
    }

    private static void validate(ImportMapping mapping) {
        for (ColumnMapping c : mapping.columns()) {
            if (c.target() == Target.CUSTOM) {
                if (c.customKey() == null || !c.customKey().matches("[a-z][a-z0-9_]{0,99}")
                        || BuiltInField.byKey(c.customKey()).isPresent()) {
                    throw new RegistroException("error.import.customKey", c.column(), String.valueOf(c.customKey()));
                }
                if (!List.of("text", "number", "date", "boolean").contains(c.customType())) {
                    throw new RegistroException("error.import.customType", c.column(), String.valueOf(c.customType()));
                }
            }
            if ((c.target() == Target.CONSENT || c.target() == Target.CONSENT_TIME) && c.channel() == null) {
                throw new RegistroException("error.import.consentChannel", c.column());
            }
        }
        if (mapping.mapsEvents() && (mapping.eventType() == null || mapping.eventType().isBlank())
                && mapping.columns().stream().noneMatch(c -> EventPart.TYPE.key().equals(c.eventPart()))) {
            throw new RegistroException("error.import.eventType");
        }
    }

    private static String rejectFileName(long batchId, Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "").replaceAll("[^\\p{Alnum}._-]+", "_");
        return (batchId > 0 ? "batch-" + batchId + "-" : "") + stem + "-rejects.csv";
    }

    private long ensureSource(String name, String party, ImportMapping mapping) {
        return dsl().transactionResult(cfg -> ensureSource(cfg.dsl(), name, party, mapping));
    }

    /** The source by name, created with its party on first use; its saved mapping becomes this one. */
    private long ensureSource(DSLContext tx, String name, String party, ImportMapping mapping) {
        if (name == null || name.isBlank()) {
            throw new RegistroException("error.import.sourceName");
        }
        String stripped = name.strip();
        tx.insertInto(SOURCE)
                .set(SOURCE.NAME, stripped).set(SOURCE.SYSTEM, mapping.system()).set(SOURCE.DATA_PARTY, party)
                .set(SOURCE.TRUST_RANK, 50).set(SOURCE.PRESET, mapping.preset()).set(SOURCE.CREATED_AT, now())
                .onDuplicateKeyIgnore().execute();
        tx.update(SOURCE).set(SOURCE.MAPPING_JSON, Json.write(mapping)).set(SOURCE.PRESET, mapping.preset())
                .where(SOURCE.NAME.eq(stripped)).execute();
        return tx.select(SOURCE.ID).from(SOURCE).where(SOURCE.NAME.eq(stripped)).fetchSingle(SOURCE.ID);
    }

    /** Marks the batch running, committed before any row is written: the journal a recovery reads. */
    private long startBatch(Request request, long sourceId, String hash) {
        return dsl().transactionResult(cfg -> insertBatch(cfg.dsl(), request, sourceId, hash));
    }

    private long insertBatch(DSLContext tx, Request request, long sourceId, String hash) throws IOException {
        Path file = request.file();
        SourceFile.Format format = SourceFile.format(file);
        String encoding = null;
        String delimiter = null;
        if (format == SourceFile.Format.CSV) {
            DelimitedFile.Options read = SourceFile.detectedCsvOptions(file, request.options());
            encoding = read.charset().name();
            delimiter = read.delimiter() == '\t' ? "\\t" : String.valueOf(read.delimiter());
        }
        return tx.insertInto(IMPORT_BATCH)
                .set(IMPORT_BATCH.SOURCE_ID, sourceId)
                .set(IMPORT_BATCH.FILE_NAME, file.getFileName().toString())
                .set(IMPORT_BATCH.CONTENT_HASH, hash)
                .set(IMPORT_BATCH.FILE_SIZE, Files.size(file))
                .set(IMPORT_BATCH.PRESET, request.mapping().preset())
                .set(IMPORT_BATCH.ENCODING, encoding)
                .set(IMPORT_BATCH.DELIMITER, delimiter)
                .set(IMPORT_BATCH.SHEET_NAME, request.options().sheet())
                .set(IMPORT_BATCH.HEADER_ROW, request.options().headerRow())
                .set(IMPORT_BATCH.MAPPING_JSON, Json.write(request.mapping()))
                .set(IMPORT_BATCH.DESTINATION_ID, request.destinationId())
                .set(IMPORT_BATCH.STATUS, STATUS_RUNNING)
                .set(IMPORT_BATCH.CREATED_BY, audit.actor())
                .set(IMPORT_BATCH.STARTED_AT, now())
                .returningResult(IMPORT_BATCH.ID).fetchSingle().value1();
    }

    // ------------------------------------------------------------------ history

    public List<Batch> batches() {
        return dsl().selectFrom(IMPORT_BATCH).orderBy(IMPORT_BATCH.ID.desc()).fetch(this::batch);
    }

    public Optional<Batch> batch(long id) {
        return dsl().selectFrom(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(id)).fetchOptional().map(this::batch);
    }

    private Batch batch(ImportBatchRecord r) {
        String source = dsl().select(SOURCE.NAME).from(SOURCE).where(SOURCE.ID.eq(r.getSourceId()))
                .fetchOptional(SOURCE.NAME).orElse("");
        return new Batch(r.getId(), source, r.getFileName(), r.getPreset(), r.getStatus(), r.getRowsRead(),
                r.getRowsCreated(), r.getRowsUpdated(), r.getRowsUnchanged(), r.getRowsRejected(),
                r.getRowsConflicted(), r.getRejectFile(), instant(r.getStartedAt()), instant(r.getFinishedAt()),
                instant(r.getUndoneAt()), r.getMessage());
    }

    // ------------------------------------------------------------------ undo and recovery

    /** Undoes a whole batch, after a backup; see {@link BatchUndo}. */
    public ImportRecords.UndoSummary undo(long batchId, Progress progress) {
        return workspace.exclusively(Phrase.of("team.busy.undo", batchId), () -> undoAlone(batchId, progress));
    }

    private ImportRecords.UndoSummary undoAlone(long batchId, Progress progress) {
        ImportBatchRecord batch = dsl().selectFrom(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(batchId)).fetchOptional()
                .orElseThrow(() -> new RegistroException("error.import.noBatch", batchId));
        if (STATUS_UNDONE.equals(batch.getStatus())) {
            throw new RegistroException("error.import.alreadyUndone", batchId);
        }
        if (STATUS_RUNNING.equals(batch.getStatus())) {
            throw new RegistroException("error.import.stillRunning", batchId);
        }
        progress.update(-1, -1, org.registro.common.Messages.get("workspace.progress.backingUp"));
        workspace.backup("before-undo");
        dsl().update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, STATUS_UNDOING).where(IMPORT_BATCH.ID.eq(batchId))
                .execute();
        ImportRecords.UndoSummary summary = new BatchUndo(workspace, batchId, now(), audit.actor()).run(progress);
        finishUndo(batchId, STATUS_UNDONE, null, summary);
        return summary;
    }

    /**
     * Undoes the batches a killed Registro left running or half undone. Called when a workspace opens,
     * before anything else writes to it.
     *
     * @return the batches undone
     */
    public List<Long> recoverInterrupted() {
        List<Long> recovered = new ArrayList<>();
        for (ImportBatchRecord batch : dsl().selectFrom(IMPORT_BATCH)
                .where(IMPORT_BATCH.STATUS.in(STATUS_RUNNING, STATUS_UNDOING)).orderBy(IMPORT_BATCH.ID.desc()).fetch()) {
            boolean wasUndoing = STATUS_UNDOING.equals(batch.getStatus());
            try {
                undoInterrupted(batch.getId(), wasUndoing ? STATUS_UNDONE : STATUS_FAILED,
                        wasUndoing ? null : "import.interrupted");
            } catch (RuntimeException e) {
                // said in words: which import, and what stood in the way (the whole error stays as the cause)
                throw new RegistroException(e, "error.recovery.importUndo", batch.getFileName(), batch.getId(),
                        obstacle(e));
            }
            recovered.add(batch.getId());
        }
        return recovered;
    }

    /** The hook that recovers interrupted imports whenever a workspace opens. */
    /** What stopped an undo, for people: the table still pointing at a contact, or the first line of the error. */
    static String obstacle(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            java.util.regex.Matcher fk = java.util.regex.Pattern
                    .compile("PUBLIC\\.([A-Z_0-9]+) FOREIGN KEY").matcher(String.valueOf(t.getMessage()));
            if (fk.find()) {
                return org.registro.common.Messages.get("error.recovery.pointsAt",
                        fk.group(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }


    private void undoInterrupted(long batchId, String finalStatus, String message) {
        dsl().update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, STATUS_UNDOING).where(IMPORT_BATCH.ID.eq(batchId))
                .execute();
        ImportRecords.UndoSummary summary = new BatchUndo(workspace, batchId, now(), audit.actor()).run(Progress.NONE);
        finishUndo(batchId, finalStatus, message, summary);
    }

    private void finishUndo(long batchId, String status, String message, ImportRecords.UndoSummary summary) {
        dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            var update = tx.update(IMPORT_BATCH).set(IMPORT_BATCH.STATUS, status)
                    .set(IMPORT_BATCH.FINISHED_AT, DSL.coalesce(IMPORT_BATCH.FINISHED_AT, DSL.val(now())));
            if (STATUS_UNDONE.equals(status)) {
                update = update.set(IMPORT_BATCH.UNDONE_AT, now());
            }
            if (message != null) {
                update = update.set(IMPORT_BATCH.MESSAGE, message.length() > 4000 ? message.substring(0, 4000) : message);
            }
            update.where(IMPORT_BATCH.ID.eq(batchId)).execute();
            audit.record(tx, "import." + status, "import_batch", batchId, switch (status) {
                case STATUS_UNDONE -> Phrase.of("audit.import.undone", batchId);
                case STATUS_CANCELLED -> Phrase.of("audit.import.cancelled", batchId);
                default -> Phrase.of("audit.import.failed", batchId);
            }, Map.of("contactsRemoved", summary.contactsRemoved(), "contactsKept", summary.contactsKept(),
                    "valuesRestored", summary.valuesRestored(), "valuesChangedSince", summary.valuesChangedSince()));
        });
    }

    // ------------------------------------------------------------------ shared

    /** Smaller transactions, so tests can fail an import after some of its rows were committed. */
    ImportService withCommitRows(int rows) {
        this.commitRows = rows;
        return this;
    }

    int commitRows() {
        return commitRows;
    }

    /** Tests: the smallest file (in rows expected) for which an import sets the secondary indexes aside. */
    ImportService withIndexesAsideFrom(long rows) {
        this.indexesAsideFrom = rows;
        return this;
    }

    long indexesAsideFrom() {
        return indexesAsideFrom;
    }

    Workspace workspace() {
        return workspace;
    }

    AuditLog audit() {
        return audit;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
