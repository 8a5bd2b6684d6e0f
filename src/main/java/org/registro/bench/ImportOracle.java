package org.registro.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.registro.ingest.DeferredIndexes;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The ceiling an import is measured against (issue 24): the rows an import left in its workspace — contacts,
 * identifiers, consent, provenance, events, everything it wrote — bulk-written into a fresh workspace with the
 * same schema and indexes in the fastest way H2 allows: the secondary indexes a first import sets aside set aside
 * and built at the end, each table's rows in key order read by {@code CSVREAD} straight into the table,
 * referential checks off, the default write delay, one checkpoint at the end. Only the
 * writing is timed; the rows are written out to CSV beforehand.
 */
final class ImportOracle {

    /** What the oracle wrote and how long it took. */
    record Result(double millis, long rows, Map<String, Long> tables) {
    }

    private ImportOracle() {
    }

    static Result run(Workspace imported, Path dir, Clock clock) throws Exception {
        Path fresh = dir.resolve("oracle-" + System.nanoTime());
        Path csvDir = Files.createDirectories(dir.resolve("oracle-rows-" + System.nanoTime()));
        try (Workspace target = new WorkspaceService(clock).create(fresh, new NewWorkspace("Oracle", "ES", null))) {
            Map<String, Long> tables = new LinkedHashMap<>();
            List<String> loads = new ArrayList<>();
            try (Connection from = connection(imported); Connection to = connection(target);
                 Statement read = from.createStatement(); Statement write = to.createStatement()) {
                // the tables the import filled: rows there, none in a fresh workspace
                for (String table : tables(from)) {
                    long there = count(read, table);
                    if (there == 0 || count(write, table) > 0) {
                        continue;
                    }
                    Path csv = csvDir.resolve(table + ".csv");
                    read.execute("CALL CSVWRITE('" + csv.toAbsolutePath() + "', 'SELECT * FROM \"" + table
                            + "\" ORDER BY 1', '" + OPTIONS + "')");
                    tables.put(table, there);
                    loads.add("INSERT INTO \"" + table + "\" SELECT * FROM CSVREAD('" + csv.toAbsolutePath()
                            + "', NULL, '" + OPTIONS + "')");
                }
                write.execute("SET REFERENTIAL_INTEGRITY FALSE");
                write.execute("SET WRITE_DELAY 500");
                long start = System.nanoTime();
                // the same indexes set aside as a first import's, and built over the loaded tables
                DeferredIndexes.setAside(to, 0, java.time.OffsetDateTime.now(clock));
                for (String load : loads) {
                    write.execute(load);
                }
                DeferredIndexes.rebuild(to);
                write.execute("CHECKPOINT SYNC");
                double ms = (System.nanoTime() - start) / 1e6;
                write.execute("SET WRITE_DELAY 0");
                write.execute("SET REFERENTIAL_INTEGRITY TRUE");
                for (Map.Entry<String, Long> t : tables.entrySet()) {
                    long written = count(write, t.getKey());
                    if (written != t.getValue()) {
                        throw new IllegalStateException("the oracle wrote " + written + " rows of " + t.getKey()
                                + ", the import " + t.getValue());
                    }
                }
                return new Result(ms, tables.values().stream().mapToLong(Long::longValue).sum(), tables);
            }
        }
    }

    /** NULL kept apart from the empty text, which NOT NULL columns hold. */
    private static final String OPTIONS = "charset=UTF-8 null=~NULL~";

    private static Connection connection(Workspace ws) {
        return ws.dsl().configuration().connectionProvider().acquire();
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var r = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (r.next()) {
                String name = r.getString("TABLE_NAME");
                if (!name.startsWith("flyway")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static long count(Statement s, String table) throws SQLException {
        try (var r = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            r.next();
            return r.getLong(1);
        }
    }
}
