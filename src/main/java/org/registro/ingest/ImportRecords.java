package org.registro.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The records the import service hands out: plans, requests, summaries and the batch history. */
public final class ImportRecords {

    private ImportRecords() {
    }

    /** What Registro found in a file and proposes before anything is written. */
    /**
     * What an import would do, before it runs.
     *
     * @param headerLooksLikeData a cell of the header row that looks like data (an email address, a phone
     *                            number, a date, a number): the file may have no header row; null otherwise
     */
    public record Plan(Path file, SourceFile.Description description, Preset preset, ImportMapping mapping,
                       boolean mappingSaved, String sourceName, String dataParty, List<ParsedRow> preview,
                       Optional<Batch> previous, String contentHash, String headerLooksLikeData) {
    }

    /**
     * What to import and how.
     *
     * @param dataParty first, second or third party (for a new source; an existing source keeps its own)
     * @param dryRun    read, link and count everything, then write nothing
     */
    /**
     * One file to import.
     *
     * @param destinationId the destination (email tool account) whose export this is, or null: who it lists
     *                      and their status there is what that tool knows
     */
    public record Request(Path file, SourceFile.Options options, String sourceName, String dataParty,
                          ImportMapping mapping, boolean dryRun, Long destinationId) {

        public Request(Path file, SourceFile.Options options, String sourceName, String dataParty,
                       ImportMapping mapping, boolean dryRun) {
            this(file, options, sourceName, dataParty, mapping, dryRun, null);
        }

        /** The same import, of an export of this destination. */
        public Request from(Long destination) {
            return new Request(file, options, sourceName, dataParty, mapping, dryRun, destination);
        }
    }

    /**
     * The outcome of one file: every row read is created, updated, unchanged or rejected.
     *
     * @param withProblems rows applied with some values left out (listed in the reject file too)
     * @param skipped      lines that are not data: empty rows, report footers
     * @param reimportOf   the earlier batch of the same file, when it was imported before
     */
    public record Summary(long batchId, String fileName, String status, long read, long created, long updated,
                          long unchanged, long rejected, long withProblems, long conflicts, long skipped,
                          Path rejectFile, boolean dryRun, Long reimportOf) {
    }

    /** One imported file in the history. */
    public record Batch(long id, String sourceName, String fileName, String preset, String status, long read,
                        long created, long updated, long unchanged, long rejected, long conflicts, String rejectFile,
                        Instant startedAt, Instant finishedAt, Instant undoneAt, String message) {
    }

    /**
     * What an undo did.
     *
     * @param contactsKept     contacts created by the batch and kept because they were merged or exported since
     * @param valuesChangedSince values the batch set that were changed again later and so were left as they are
     */
    public record UndoSummary(long batchId, long contactsRemoved, long contactsKept, long valuesRestored,
                              long valuesChangedSince, long identifiersRemoved, long tagsRemoved, long eventsRemoved,
                              long consentEventsRetracted) {
    }
}
