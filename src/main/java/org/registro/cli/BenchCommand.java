package org.registro.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.registro.bench.BenchResult;
import org.registro.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro bench}: prints the benchmark table (timings and peak heap). */
@Command(name = "bench", description = "Run the benchmarks and print a table of timings and peak heap.")
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    RegistroCommand root;
    @Spec
    CommandSpec spec;
    @Option(names = "--generate", defaultValue = "1000000", description = "Rows generated as CSV and imported (default: ${DEFAULT-VALUE}).")
    int generate;
    @Option(names = "--xlsx", defaultValue = "200000", description = "Rows for the XLSX import benchmark (default: ${DEFAULT-VALUE}).")
    int xlsx;
    @Option(names = "--contacts", defaultValue = "20000", description = "Contacts added one by one through the service (default: ${DEFAULT-VALUE}).")
    int contacts;
    @Option(names = "--dir", description = "Scratch folder (default: a new temporary folder).")
    Path dir;
    @Option(names = "--segments", paramLabel = "CONTACTS",
            description = "Only the segment benchmark: this many contacts and five events each, loaded through SQL.")
    Integer segments;
    @Option(names = "--exports", paramLabel = "CONTACTS",
            description = "Only the export benchmark: this many contacts with consent, loaded through SQL.")
    Integer exports;
    @Option(names = "--journeys", paramLabel = "CONTACTS",
            description = "Only the journey benchmark: this many contacts, five events each, five templates active.")
    Integer journeys;
    @Option(names = "--start", description = "Only the start-time benchmark: the app on the Spanish sample, started "
            + "in a new JVM once cold and five times warm (needs a display: xvfb-run -a).")
    boolean start;
    @Option(names = "--launcher", paramLabel = "PATH", description = "With --start: the installed app's launcher "
            + "(target/installer/Registro/bin/Registro) instead of this Java.")
    Path launcher;
    @Option(names = "--recommend", paramLabel = "CONTACTS",
            description = "Only the recommendations benchmark: this many people with planted tastes, 500 items.")
    Integer recommend;
    @Option(names = "--duplicates", paramLabel = "CONTACTS", split = ",",
            description = "Only the duplicates benchmark, at these sizes (e.g. 10000,100000): generated contacts with "
                    + "known duplicates, scan time, precision, recall and F1.")
    int[] duplicates;
    @Option(names = "--duplicate-rate", defaultValue = "0.1",
            description = "Share of duplicate rows in the duplicates benchmark (default: ${DEFAULT-VALUE}).")
    double duplicateRate;
    @Option(names = "--locale", defaultValue = "es",
            description = "Names and addresses of the duplicates benchmark: es, en or da (default: ${DEFAULT-VALUE}).")
    String locale;
    @Option(names = "--profile", defaultValue = "hard",
            description = "Generated data of the duplicates benchmark: standard (names spread evenly, one change per "
                    + "duplicate) or hard (common names, households, a slip in every field, fewer emails) "
                    + "(default: ${DEFAULT-VALUE}).")
    String profile;
    @Option(names = "--team", paramLabel = "CONTACTS",
            description = "Only the team benchmark: this many generated rows imported, counted and scanned for "
                    + "duplicates in a folder (H2) and on the PostgreSQL server of --server.")
    Integer team;
    @Option(names = "--server", paramLabel = "ADDRESS",
            description = "With --team: postgresql://user@host:port/database (password from PGPASSWORD or ~/.pgpass); "
                    + "each run makes a new schema there.")
    String server;
    @Option(names = "--existing", paramLabel = "WORKSPACE",
            description = "Only the query rows, on this existing (unencrypted) workspace.")
    Path existing;

    @Override
    public Integer call() throws Exception {
        Path scratch = dir != null ? dir : existing != null ? null : Files.createTempDirectory("registro-bench");
        var err = spec.commandLine().getErr();
        java.util.function.Consumer<String> log = line -> {
            err.println("... " + line);
            err.flush();
        };
        Benchmarks benchmarks = new Benchmarks(scratch, root.clock, generate, xlsx, contacts, log);
        if (existing != null) {
            benchmarks.onExisting(existing);
        }
        org.registro.bench.SegmentBench segmentBench = segments == null ? null
                : new org.registro.bench.SegmentBench(scratch, root.clock, segments, log);
        List<BenchResult> results = segmentBench != null ? segmentBench.run()
                : journeys != null ? new org.registro.bench.JourneyBench(scratch, root.clock, journeys, log).run()
                : exports != null ? new org.registro.bench.ExportBench(scratch, root.clock, exports, log).run()
                : recommend != null ? new org.registro.bench.RecommendBench(scratch, root.clock, recommend, log).run()
                : start ? new org.registro.bench.StartBench(scratch, root.clock, launcher, log).run()
                : duplicates != null ? new org.registro.bench.DuplicateBench(scratch, root.clock, duplicates,
                        duplicateRate, locale, profile, log).run()
                : team != null ? new org.registro.bench.TeamBench(scratch, root.clock, team,
                        org.registro.workspace.TeamAddress.parse(server == null
                                ? "postgresql://localhost/registro" : server),
                        org.registro.workspace.TeamPassword.fromEnvironment(), log).run()
                : benchmarks.run();
        Output out = new Output(spec, root.json);
        if (out.json()) {
            if (segmentBench != null) {
                // one object: the figures by name, and the rows
                java.util.Map<String, Object> report = new java.util.LinkedHashMap<>(segmentBench.summary());
                report.put("rows", results);
                out.json(report);
            } else {
                out.json(results);
            }
            return 0;
        }
        out.line(String.format("Registro benchmarks — Java %s, %d cores, max heap %,d MiB", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        List<List<String>> rows = new ArrayList<>();
        for (BenchResult r : results) {
            rows.add(List.of(r.name(), r.size(), String.format("%,.1f", r.millis()), r.rate() == null ? "" : r.rate(),
                    String.valueOf(r.peakHeapMb()), r.target(), r.met() == null ? "" : r.met() ? "yes" : "NO"));
        }
        out.table(List.of("STEP", "SIZE", "TIME MS", "RATE", "PEAK HEAP MiB", "TARGET", "MET"), rows);
        return 0;
    }
}
