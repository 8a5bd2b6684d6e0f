package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.DEFERRED_INDEX;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.CancelledException;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.contact.ContactLinks;
import org.registro.generate.DataFileWriter;
import org.registro.generate.GeneratorOptions;
import org.registro.ingest.ImportRecords.Summary;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** A large first import writes without the secondary indexes and builds them again, whatever happens (issue 24). */
class DeferredIndexesTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");

    /**
     * Every index and foreign key of the workspace, by table and columns (the name H2 gives a foreign key's index
     * changes when the key is declared again): what a fresh workspace of this version has.
     */
    static List<String> indexes(Workspace ws) {
        Map<String, String> byName = new TreeMap<>();
        ws.dsl().resultQuery("""
                SELECT c.TABLE_NAME, c.INDEX_NAME, c.COLUMN_NAME, c.ORDERING_SPECIFICATION, i.INDEX_TYPE_NAME
                FROM INFORMATION_SCHEMA.INDEX_COLUMNS c JOIN INFORMATION_SCHEMA.INDEXES i
                  ON i.INDEX_SCHEMA = c.INDEX_SCHEMA AND i.INDEX_NAME = c.INDEX_NAME AND i.TABLE_NAME = c.TABLE_NAME
                WHERE c.TABLE_SCHEMA = 'PUBLIC'
                ORDER BY c.TABLE_NAME, c.INDEX_NAME, c.ORDINAL_POSITION
                """).forEach(r -> byName.merge(r.get(1, String.class), r.get(0, String.class) + " "
                + r.get(4, String.class) + " (" + r.get(2, String.class) + " " + r.get(3, String.class),
                (a, b) -> a + ", " + b.substring(b.indexOf('(') + 1)));
        List<String> all = new ArrayList<>(byName.values().stream().map(v -> v + ")").toList());
        ws.dsl().resultQuery("""
                SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.COLUMN_NAME, rc.UNIQUE_CONSTRAINT_NAME, rc.DELETE_RULE
                FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
                JOIN INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                WHERE tc.TABLE_SCHEMA = 'PUBLIC' AND tc.CONSTRAINT_TYPE = 'FOREIGN KEY'
                ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION
                """).forEach(r -> all.add("foreign key " + r.get(1, String.class) + " " + r.get(0, String.class)
                + " (" + r.get(2, String.class) + ") → " + r.get(3, String.class) + " " + r.get(4, String.class)));
        all.sort(null);
        return all;
    }

    /** Every row of every table an import writes, as text, in a stable order. */
    private static Map<String, List<String>> rows(Workspace ws) {
        Map<String, List<String>> all = new TreeMap<>();
        for (ContactLinks.BatchLink link : ContactLinks.batchLinks()) {
            List<String> rows = new ArrayList<>();
            ws.dsl().selectFrom(link.table()).fetch().forEach(r -> rows.add(r.formatCSV(false).strip()));
            rows.sort(null);
            all.put(link.table().getName(), rows);
        }
        return all;
    }

    private Path generated(int rows) {
        Path file = tmp.resolve("crm-" + rows + ".csv");
        DataFileWriter.write(new GeneratorOptions(rows, 0.1, 11, "es"), file, Progress.NONE);
        return file;
    }

    private static final class Recorded implements Progress {
        final List<String> messages = new ArrayList<>();
        long cancelAfter = Long.MAX_VALUE;

        @Override
        public void update(long done, long total, String message) {
            messages.add(message);
            if (message != null && message.matches("^[\\d,.\\s]+ rows read.*")) {
                long read = Long.parseLong(message.replaceFirst(" rows read.*", "").replaceAll("\\D", ""));
                if (read >= cancelAfter) {
                    cancelAfter = -1;
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelAfter < 0;
        }
    }

    private Summary importInto(Workspace ws, Path file, long asideFrom, Progress progress) {
        return new ImportService(ws, new AuditLog(clock, "tester")).withIndexesAsideFrom(asideFrom)
                .importAsPlanned(file, SourceFile.Options.detect(), null, null, "first", progress);
    }

    @Test
    void aLargeFirstImportLeavesTheSameRowsAndEveryIndex() {
        Path file = generated(3_000);
        Map<String, List<String>> kept;
        List<String> freshIndexes;
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("kept"), clock)) {
            freshIndexes = indexes(ws);
            Recorded progress = new Recorded();
            importInto(ws, file, Long.MAX_VALUE, progress);
            assertThat(progress.messages).doesNotContain(Messages.get("import.progress.indexes"));
            kept = rows(ws);
        }
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("aside"), clock)) {
            Recorded progress = new Recorded();
            Summary summary = importInto(ws, file, 1_000, progress);
            assertThat(progress.messages).contains(Messages.get("import.progress.indexes"));
            assertThat(summary.created()).isGreaterThan(2_500);
            assertThat(rows(ws)).isEqualTo(kept);
            assertThat(indexes(ws)).isEqualTo(freshIndexes);
            assertThat(ws.dsl().fetchCount(DEFERRED_INDEX)).isZero();
        }
    }

    @Test
    void aCancelledImportBuildsTheIndexesAgainAndIsUndone() {
        Path file = generated(4_000);
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("ws"), clock)) {
            List<String> freshIndexes = indexes(ws);
            Recorded progress = new Recorded();
            progress.cancelAfter = 2_000;
            assertThatThrownBy(() -> importInto(ws, file, 1_000, progress)).isInstanceOf(CancelledException.class);
            assertThat(indexes(ws)).isEqualTo(freshIndexes);
            assertThat(ws.dsl().fetchCount(DEFERRED_INDEX)).isZero();
            assertThat(ws.dsl().fetchCount(CONTACT)).isZero();
        }
    }

    @Test
    void theNextOpenBuildsTheIndexesAnImportLeftAside() throws Exception {
        Path dir = tmp.resolve("ws");
        List<String> freshIndexes;
        int setAside;
        try (Workspace ws = new WorkspaceService(clock).create(dir, new NewWorkspace("Aside", "ES", null))) {
            freshIndexes = indexes(ws);
            var provider = ws.dsl().configuration().connectionProvider();
            Connection connection = provider.acquire();
            try {
                setAside = DeferredIndexes.setAside(connection, 1, clock.instant().atOffset(java.time.ZoneOffset.UTC));
            } finally {
                provider.release(connection);
            }
            assertThat(indexes(ws)).hasSizeLessThanOrEqualTo(freshIndexes.size() - setAside);
        }
        // the contact table's plain indexes, the import's lookups by value, and batch columns are among them
        assertThat(setAside).isGreaterThanOrEqualTo(15);
        try (Workspace ws = org.registro.wiring.Session.recoveringWorkspaceService(Clock.systemUTC(), "registro")
                .open(dir, null)) {
            assertThat(indexes(ws)).isEqualTo(freshIndexes);
            assertThat(ws.dsl().fetchCount(DEFERRED_INDEX)).isZero();
        }
    }

    @Test
    void indexesAreKeptThatTheImportReadsByContactOrThatAConstraintOwns() throws Exception {
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("ws"), clock)) {
            var provider = ws.dsl().configuration().connectionProvider();
            Connection connection = provider.acquire();
            TreeSet<String> left = new TreeSet<>();
            try {
                DeferredIndexes.setAside(connection, 1, clock.instant().atOffset(java.time.ZoneOffset.UTC));
                try (Statement st = connection.createStatement();
                     ResultSet rs = st.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES "
                             + "WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                    while (rs.next()) {
                        left.add(rs.getString(1));
                    }
                }
                DeferredIndexes.rebuild(connection);
            } finally {
                provider.release(connection);
            }
            assertThat(left).contains("CONSENT_EVENT_CONTACT", "EVENT_CONTACT_TIME")
                    .doesNotContain("CONTACT_LAST_NAME_KEY", "IDENTIFIER_VALUE", "CONTACT_VALUE_TEXT",
                            "CONSENT_STATE_LOOKUP", "IDENTIFIER_BATCH");
        }
    }

    @Test
    void onlyAFileLargeBesideTheWorkspaceSetsThemAside() {
        assertThat(DeferredIndexes.worthIt(0, 200_000, DeferredIndexes.MIN_ROWS)).isTrue();
        assertThat(DeferredIndexes.worthIt(40_000, 200_000, DeferredIndexes.MIN_ROWS)).isTrue();
        assertThat(DeferredIndexes.worthIt(60_000, 200_000, DeferredIndexes.MIN_ROWS)).isFalse();
        assertThat(DeferredIndexes.worthIt(0, 5_000, DeferredIndexes.MIN_ROWS)).isFalse();
    }
}
