package org.registro.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.registro.common.CancelledException;
import org.registro.common.Progress;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * Cancelling an import half-way (issue 24: cancel takes effect within a second): the file is imported into a new
 * workspace and cancelled after {@code afterMillis}; the rows are how long the import took to notice (it stops
 * reading and writing) and to hand the workspace back as it was (the rows written undone, indexes built again).
 */
final class ImportCancelBench {

    private ImportCancelBench() {
    }

    static List<BenchResult> run(Path file, Path dir, Clock clock, long afterMillis) {
        AtomicLong requested = new AtomicLong();
        AtomicLong noticed = new AtomicLong();
        long started = System.nanoTime();
        Progress progress = new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                long now = System.nanoTime();
                if (now - started < afterMillis * 1_000_000L) {
                    return false;
                }
                requested.compareAndSet(0, started + afterMillis * 1_000_000L);
                noticed.compareAndSet(0, now);
                return true;
            }
        };
        try (Workspace ws = new WorkspaceService(clock).create(dir.resolve("workspace-cancel-" + System.nanoTime()),
                new NewWorkspace("Bench cancel", "ES", null))) {
            try {
                new ImportService(ws, new AuditLog(clock, "bench"))
                        .importAsPlanned(file, SourceFile.Options.detect(), null, null, "first", progress);
                return List.of(new BenchResult("cancel an import: the file ended before " + afterMillis + " ms",
                        "", 0, null, 0, "", null));
            } catch (CancelledException e) {
                long back = System.nanoTime();
                double notice = (noticed.get() - requested.get()) / 1e6;
                double whole = (back - requested.get()) / 1e6;
                return List.of(
                        new BenchResult("cancel an import after " + afterMillis / 1000 + " s: until it stops reading",
                                "", notice, null, 0, "<= 1 s", notice <= 1_000),
                        new BenchResult("… until the workspace is as it was (rows undone, indexes back)", "", whole,
                                null, 0, "", null));
            }
        }
    }
}
