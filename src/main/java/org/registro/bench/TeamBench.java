package org.registro.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.registro.common.Progress;
import org.registro.generate.DataFileWriter;
import org.registro.generate.GeneratorOptions;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.segment.RuleDocument;
import org.registro.wiring.Session;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.TeamAddress;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The same work on both stores (issue 25): one generated CRM file imported into a new workspace in a folder (H2)
 * and into a new team workspace on a PostgreSQL server, then the same segment counted in SQL (as a command line
 * count does; the app answers from its in-memory index on either) and the same duplicates scan. Rows: each step
 * on H2, on PostgreSQL, and the ratio.
 */
public final class TeamBench {

    /** A typical marketing rule: may receive marketing email, lives in Madrid, born before 1990. */
    static final String RULE = """
            {"version": 1, "rule": {"type": "group", "match": "all", "conditions": [
              {"type": "consent", "purpose": "commercial", "channel": "email"},
              {"type": "field", "field": "city", "op": "equals", "value": "Madrid"},
              {"type": "field", "field": "birthDate", "op": "before", "value": "1990-01-01"}]}}""";

    private final Path dir;
    private final Clock clock;
    private final int rows;
    private final TeamAddress server;
    private final char[] password;
    private final Consumer<String> log;

    public TeamBench(Path dir, Clock clock, int rows, TeamAddress server, char[] password, Consumer<String> log) {
        this.dir = dir;
        this.clock = clock;
        this.rows = rows;
        this.server = server;
        this.password = password;
        this.log = log;
    }

    public List<BenchResult> run() throws Exception {
        Path csv = dir.resolve("team-" + rows + ".csv");
        log.accept("generating " + rows + " rows");
        DataFileWriter.write(new GeneratorOptions(rows, 0.1, 42, "es"), csv, Progress.NONE);
        WorkspaceService service = new WorkspaceService(clock);
        NewWorkspace spec = new NewWorkspace("Bench", "ES", null);
        String schema = "bench_" + Long.toString(System.currentTimeMillis(), 36);
        double[] h2;
        double[] pg;
        log.accept("H2: import, count, duplicates scan");
        try (Workspace ws = service.create(dir.resolve("h2-" + schema), spec)) {
            h2 = steps(ws, csv);
        }
        log.accept("PostgreSQL (" + server + ", schema " + schema + "): import, count, duplicates scan");
        TeamAddress address = new TeamAddress(server.user(), server.host(), server.port(), server.database(), schema);
        try (Workspace ws = service.create(address, password, spec)) {
            pg = steps(ws, csv);
        }
        String[] names = {"import CSV", "segment count in SQL (email opt-in, Madrid, born before 1990)",
            "duplicates scan"};
        List<BenchResult> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // the same answer on both stores: contacts imported, people counted, pairs found
            int answer = i == 0 ? 3 : i == 1 ? 4 : 5;
            String[] what = {"contacts", "people", "pairs"};
            out.add(new BenchResult(names[i] + ": H2", String.format("%,d %s", (long) h2[answer], what[i]), h2[i],
                    i == 0 ? rate(h2[i]) : null, 0, "", null));
            out.add(new BenchResult(names[i] + ": PostgreSQL", String.format("%,d %s", (long) pg[answer], what[i]),
                    pg[i], i == 0 ? rate(pg[i]) : null, 0, "the same answer as H2", h2[answer] == pg[answer]));
            out.add(new BenchResult(names[i] + ": PostgreSQL / H2", "", pg[i] / h2[i], null, 0, "", null));
        }
        return out;
    }

    private String rate(double ms) {
        return String.format("%,.0f rows/s", rows / (ms / 1000.0));
    }

    /** Import, count, scan: their times, and the contacts imported. */
    private double[] steps(Workspace ws, Path csv) {
        AuditLog audit = new AuditLog(clock, "bench");
        long start = System.nanoTime();
        var summary = new ImportService(ws, audit).importAsPlanned(csv, SourceFile.Options.detect(), null, null, "first",
                Progress.NONE);
        double importMs = (System.nanoTime() - start) / 1e6;
        Session session = Session.open(ws, null, "bench");
        RuleDocument rule = RuleDocument.parse(RULE);
        session.segments().count(rule); // warm: plans and caches, as a second count in a session would find them
        start = System.nanoTime();
        long counted = session.segments().count(rule);
        double countMs = (System.nanoTime() - start) / 1e6;
        log.accept("  counted " + counted);
        start = System.nanoTime();
        var scan = session.duplicates().scan(Progress.NONE);
        double scanMs = (System.nanoTime() - start) / 1e6;
        log.accept("  scan: " + scan);
        return new double[] {importMs, countMs, scanMs, summary.created(), counted, scan.pairs()};
    }
}
