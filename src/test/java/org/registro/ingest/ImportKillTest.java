package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.IDENTIFIER;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** DESIGN.md invariant 3 for imports: a kill -9 in the middle of a file leaves the workspace as it was. */
class ImportKillTest {

    @TempDir
    Path tmp;

    /** The process that gets killed: imports a large file and reports each chunk it commits. */
    public static final class Importer {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Path file = Path.of(args[1]);
            try (Workspace ws = new WorkspaceService(Clock.systemUTC()).open(dir, null)) {
                ImportService imports = new ImportService(ws, new AuditLog(Clock.systemUTC(), "importer"));
                imports.importAsPlanned(file, SourceFile.Options.detect(), null, null, "first", new Progress() {
                            @Override
                            public void update(long done, long total, String message) {
                                try {
                                    Files.writeString(dir.resolve("progress.txt"), message);
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }

                            @Override
                            public boolean isCancelled() {
                                return false;
                            }
                        });
            }
        }
    }

    private static long rowsRead(Path progress) throws java.io.IOException {
        if (!Files.exists(progress)) {
            return 0;
        }
        String digits = Files.readString(progress).replaceFirst("(?s)^([0-9,.\\s]+) rows.*", "$1").replaceAll("\\D", "");
        return digits.isEmpty() || digits.length() > 12 ? 0 : Long.parseLong(digits);
    }

    private static ImportRecords.Summary importFile(Workspace ws, Path file) {
        return new ImportService(ws, new AuditLog(Clock.systemUTC(), "t"))
                .importAsPlanned(file, SourceFile.Options.detect(), null, null, "first", Progress.NONE);
    }

    private static long count(Workspace ws, org.jooq.Table<?> table) {
        return ws.dsl().selectCount().from(table).fetchSingle(0, long.class);
    }

    @Test
    void killingAnImportMidFileLeavesTheWorkspaceAsItWasAtTheNextOpen() throws Exception {
        Path dir = tmp.resolve("ws");
        Path first = tmp.resolve("members.csv");
        Files.writeString(first, "email,first name,city,newsletter\n"
                + "keep1@example.org,Ana,Madrid,yes\nkeep2@example.org,Bea,Vigo,no\n");
        long contacts;
        long identifiers;
        java.util.List<String> indexes;
        try (Workspace ws = new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("Kill", "ES", null))) {
            indexes = DeferredIndexesTest.indexes(ws);
            importFile(ws, first);
            contacts = count(ws, CONTACT);
            identifiers = count(ws, IDENTIFIER);
        }
        // The big file first changes the two existing members, then adds many new ones.
        Path big = tmp.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            out.write("email,first name,city,newsletter,tags\n");
            out.write("keep1@example.org,Ana,Sevilla,no,moved\nkeep2@example.org,Bea,Lugo,yes,moved\n");
            for (int i = 0; i < 400_000; i++) {
                out.write("p" + i + "@example.org,Person" + i + ",City" + (i % 50) + ",yes,bulk\n");
            }
        }
        Process importer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Importer.class.getName(), dir.toString(), big.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("importer.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path progress = dir.resolve("progress.txt");
        // Past the first commit (20,000 rows), so committed rows of the batch have to be taken out again.
        while (System.nanoTime() < deadline && rowsRead(progress) < 25_000) {
            Thread.sleep(50);
        }
        Thread.sleep(300); // inside a later chunk
        assertThat(importer.isAlive()).as("the import is still running when killed").isTrue();
        importer.destroyForcibly();
        assertThat(importer.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (Workspace ws = org.registro.wiring.Session.recoveringWorkspaceService(Clock.systemUTC(), "registro")
                .open(dir, null)) {
            assertThat(count(ws, CONTACT)).isEqualTo(contacts);
            assertThat(count(ws, IDENTIFIER)).isEqualTo(identifiers);
            // a file this large beside the workspace was written with its indexes set aside: all are back
            assertThat(DeferredIndexesTest.indexes(ws)).isEqualTo(indexes);
            assertThat(count(ws, org.registro.db.Tables.DEFERRED_INDEX)).isZero();
            assertThat(count(ws, CONTACT_TAG)).isZero();
            assertThat(ws.dsl().select(CONTACT.CITY).from(CONTACT).orderBy(CONTACT.ID).fetch(CONTACT.CITY))
                    .containsExactly("Madrid", "Vigo");
            // the killed batch's consent events on the two people who stay are retracted, not deleted
            assertThat(ws.dsl().fetchCount(CONSENT_EVENT, org.registro.consent.ConsentLedger.notRetracted()))
                    .isEqualTo(2);
            assertThat(count(ws, org.registro.db.Tables.CONSENT_RETRACTION)).isEqualTo(1);
            var batches = new ImportService(ws, new AuditLog(Clock.systemUTC(), "t")).batches();
            assertThat(batches.get(0).status()).isEqualTo("failed");
            assertThat(batches.get(0).message()).isEqualTo("import.interrupted");
            assertThat(batches.get(1).status()).isEqualTo("completed");
        }
    }
}
