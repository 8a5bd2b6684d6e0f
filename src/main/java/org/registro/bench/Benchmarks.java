package org.registro.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.registro.common.Progress;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactQuery;
import org.registro.consent.ConsentConditions;
import org.registro.consent.Purpose;
import org.registro.contact.ContactService;
import org.registro.contact.ContactSort;
import org.registro.generate.DataFileWriter;
import org.registro.generate.GeneratorOptions;
import org.registro.generate.SyntheticData;
import org.registro.ingest.ImportRecords;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The benchmark harness behind {@code registro bench}: each step is timed (queries as the median of
 * repeated runs) with the peak heap it needed. Later issues add their rows here.
 */
public final class Benchmarks {

    private static final int REPEATS = 25;

    private final Path dir;
    private final Clock clock;
    private final int generateRows;
    private final int contacts;
    private final int xlsxRows;
    private final Consumer<String> log;
    private Path existing;

    /**
     * @param dir          a scratch folder (files and a workspace are created in it)
     * @param generateRows rows for the generator benchmark
     * @param xlsxRows     rows of the XLSX import benchmark
     * @param contacts     contacts added one by one through the service
     * @param log          receives a line as each step starts
     */
    public Benchmarks(Path dir, Clock clock, int generateRows, int xlsxRows, int contacts, Consumer<String> log) {
        this.dir = dir;
        this.xlsxRows = xlsxRows;
        this.clock = clock;
        this.generateRows = generateRows;
        this.contacts = contacts;
        this.log = log;
    }

    /** Runs only the query rows, on a workspace that already holds contacts (e.g. a large one of the user's). */
    public Benchmarks onExisting(Path workspace) {
        this.existing = workspace;
        return this;
    }

    public List<BenchResult> run() throws Exception {
        List<BenchResult> results = new ArrayList<>();
        if (existing != null) {
            try (Workspace ws = new WorkspaceService(clock).open(existing, null)) {
                ContactService service = new ContactService(ws, new AuditLog(clock, "bench"));
                queries(ws, service, (int) service.count(), results);
            }
            return results;
        }
        Files.createDirectories(dir);

        log.accept("generating " + generateRows + " rows");
        Path csv = dir.resolve("generated.csv");
        Files.deleteIfExists(csv);
        resetPeaks();
        long start = System.nanoTime();
        DataFileWriter.write(new GeneratorOptions(generateRows, 0.1, 42, "es"), csv, Progress.NONE);
        double ms = (System.nanoTime() - start) / 1e6;
        results.add(new BenchResult("generate CSV (es, 10% duplicates)", String.format("%,d rows", generateRows), ms,
                rate(generateRows, ms, "rows/s"), peakHeapMb(), "", null));

        log.accept("H2's own bulk load of the same CSV");
        resetPeaks();
        double h2Ms = h2BulkLoad(csv);
        double csvMsPerRow;
        results.add(new BenchResult("H2 CSVREAD into a plain table (baseline)", String.format("%,d rows", generateRows),
                h2Ms, rate(generateRows, h2Ms, "rows/s"), peakHeapMb(), "", null));

        log.accept("creating a workspace");
        Path wsDir = dir.resolve("workspace-" + System.nanoTime());
        resetPeaks();
        start = System.nanoTime();
        Workspace ws = new WorkspaceService(clock).create(wsDir, new NewWorkspace("Bench", "ES", null));
        ms = (System.nanoTime() - start) / 1e6;
        results.add(new BenchResult("create workspace (schema migration)", "", ms, null, peakHeapMb(), "", null));

        try (ws) {
            log.accept("importing the " + generateRows + "-row CSV");
            resetPeaks();
            start = System.nanoTime();
            ImportRecords.Summary summary = importFile(ws, csv);
            ms = (System.nanoTime() - start) / 1e6;
            double rowsPerSecond = generateRows / (ms / 1000.0);
            csvMsPerRow = ms / generateRows;
            results.add(new BenchResult("import CSV: normalize, link identities, write (generic preset)",
                    String.format("%,d rows → %,d contacts", summary.read(), summary.created()), ms,
                    rate(generateRows, ms, "rows/s"), peakHeapMb(), ">= 8,000 rows/s", rowsPerSecond >= 8_000));
            results.add(new BenchResult("import CSV time / H2 CSVREAD time", "", ms / h2Ms, null, 0, "", null));
            log.accept("the oracle: the import's rows bulk-written into a fresh workspace");
            ImportOracle.Result oracle = ImportOracle.run(ws, dir, clock);
            results.add(new BenchResult("oracle: the same final rows bulk-written by H2 (CSVREAD into each table, "
                    + "same schema and indexes)", String.format("%,d rows in %d tables", oracle.rows(),
                    oracle.tables().size()), oracle.millis(), rate(generateRows, oracle.millis(), "input rows/s"), 0,
                    "", null));
            results.add(new BenchResult("import time / oracle time", "", ms / oracle.millis(), null, 0, "<= 1.5x",
                    ms / oracle.millis() <= 1.5));
            ContactService service = new ContactService(ws, new AuditLog(clock, "bench"));
            queries(ws, service, (int) service.count(), results);
        }
        log.accept("cancelling an import half-way");
        results.addAll(ImportCancelBench.run(csv, dir, clock, Math.max(2_000, (long) (ms / 2))));

        log.accept("generating and importing " + xlsxRows + " rows of XLSX");
        Path xlsx = dir.resolve("generated.xlsx");
        Files.deleteIfExists(xlsx);
        DataFileWriter.write(new GeneratorOptions(xlsxRows, 0.1, 43, "da"), xlsx, Progress.NONE);
        try (Workspace xws = new WorkspaceService(clock).create(dir.resolve("workspace-xlsx-" + System.nanoTime()),
                new NewWorkspace("Bench XLSX", "DK", null))) {
            resetPeaks();
            start = System.nanoTime();
            ImportRecords.Summary summary = importFile(xws, xlsx);
            ms = (System.nanoTime() - start) / 1e6;
            long peak = peakHeapMb();
            results.add(new BenchResult("import XLSX (streamed), same pipeline",
                    String.format("%,d rows → %,d contacts", summary.read(), summary.created()), ms,
                    rate(xlsxRows, ms, "rows/s"), peak, "peak heap < 512 MiB", peak < 512));
            double slower = ms / xlsxRows / csvMsPerRow;
            results.add(new BenchResult("XLSX time per row / CSV time per row", "", slower, null, 0, "<= 1.3x",
                    slower <= 1.3));
        }

        log.accept("adding " + contacts + " contacts through the service layer");
        try (Workspace sws = new WorkspaceService(clock).create(dir.resolve("workspace-service-" + System.nanoTime()),
                new NewWorkspace("Bench service", "ES", null))) {
            ContactService service = new ContactService(sws, new AuditLog(clock, "bench"));
            int typed = Math.min(contacts, 10_000); // one transaction each, as when typed in
            List<ContactDraft> drafts = drafts(typed);
            resetPeaks();
            start = System.nanoTime();
            drafts.forEach(service::create);
            ms = (System.nanoTime() - start) / 1e6;
            results.add(new BenchResult("add contacts one by one through ContactService (typing, not import)",
                    String.format("%,d contacts", typed), ms, rate(typed, ms, "contacts/s"), peakHeapMb(), "",
                    null));
        }
        return results;
    }

    private void queries(Workspace ws, ContactService service, int contacts, List<BenchResult> results) {
        log.accept("querying " + contacts + " contacts");
        int middle = contacts / 2;
        results.add(median("contacts page 1 (100 rows, by name)", contacts, 50,
                () -> service.page(new ContactQuery(null, ContactSort.NAME, true, 0, 100))));
        List<Object> middleKey = service.page(new ContactQuery(null, ContactSort.NAME, true, middle, 1)).firstKey();
        results.add(median("contacts next page from the middle (by name)", contacts, 50,
                () -> service.page(new ContactQuery(null, ContactSort.NAME, true, ContactQuery.Position.AFTER,
                        middleKey, middle, 100))));
        results.add(median("contacts previous page from the middle (by name)", contacts, 50,
                () -> service.page(new ContactQuery(null, ContactSort.NAME, true, ContactQuery.Position.BEFORE,
                        middleKey, middle, 100))));
        results.add(median("contacts last page (by name)", contacts, 50,
                () -> service.page(new ContactQuery(null, ContactSort.NAME, true, ContactQuery.Position.LAST,
                        null, 0, 100))));
        results.add(median("contacts last page (by email, descending)", contacts, 50,
                () -> service.page(new ContactQuery(null, ContactSort.EMAIL, false, ContactQuery.Position.LAST,
                        null, 0, 100))));
        // City can be empty: seeking crosses from the empty values to the others.
        List<Object> cityKey = service.page(new ContactQuery(null, ContactSort.CITY, true, middle, 1)).firstKey();
        results.add(median("contacts next page from the middle (by city)", contacts, 50,
                () -> service.page(new ContactQuery(null, ContactSort.CITY, true, ContactQuery.Position.AFTER,
                        cityKey, middle, 100))));
        results.add(median("contacts count", contacts, 50, service::count));
        String someLast = service.page(new ContactQuery(null, ContactSort.NAME, true, middle, 1)).rows().get(0)
                .lastName();
        String lastPrefix = someLast.substring(0, Math.min(4, someLast.length()));
        results.add(median("quick search: last name \"" + lastPrefix + "\" (page + count)", contacts, 300,
                () -> search(service, lastPrefix)));
        results.add(median("quick search: full name \"maria gar\" (page + count)", contacts, 300,
                () -> search(service, "maria gar")));
        results.add(median("quick search: email prefix \"carmen.\" (page + count)", contacts, 300,
                () -> search(service, "carmen.")));
        results.add(median("quick search: phone \"612 3\" (page + count)", contacts, 300,
                () -> search(service, "612 3")));
        // The consent rule every segment and export uses, as one SQL condition over the derived state.
        results.add(median("count: may receive commercial email", contacts, 150,
                () -> ws.dsl().fetchCount(org.registro.db.Tables.CONTACT, ConsentConditions.mayReceive(
                        Purpose.COMMERCIAL, "email", null))));
        results.add(median("count: may receive commercial email about the newsletter", contacts, 150,
                () -> ws.dsl().fetchCount(org.registro.db.Tables.CONTACT, ConsentConditions.mayReceive(
                        Purpose.COMMERCIAL, "email", "newsletter"))));
    }

    private ImportRecords.Summary importFile(Workspace ws, Path file) {
        return new ImportService(ws, new AuditLog(clock, "bench"))
                .importAsPlanned(file, SourceFile.Options.detect(), null, null, "first", Progress.NONE);
    }

    /** H2 reading the same file into a table without indexes: the floor an importer is measured against. */
    private double h2BulkLoad(Path csv) throws Exception {
        Path db = dir.resolve("h2-baseline-" + System.nanoTime());
        String options = "charset=UTF-8 fieldSeparator=" + org.registro.ingest.Delimiters.detect(
                Files.readString(csv).substring(0, 4096));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + db + ";CACHE_SIZE=262144",
                "bench", "");
             java.sql.Statement st = c.createStatement()) {
            long start = System.nanoTime();
            st.execute("CREATE TABLE loaded AS SELECT * FROM CSVREAD('" + csv.toAbsolutePath().toString()
                    .replace("'", "''") + "', NULL, '" + options + "')");
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static Object search(ContactService service, String text) {
        service.page(new ContactQuery(text, ContactSort.NAME, true, 0, 100));
        return service.countMatching(text);
    }

    /** Distinct people from the generator (no duplicates), as a person would type them in. */
    private static List<ContactDraft> drafts(int count) {
        List<ContactDraft> drafts = new ArrayList<>(count);
        new SyntheticData(new GeneratorOptions(count, 0, 7, "es")).generate(row -> drafts.add(new ContactDraft(
                row.firstName(), row.lastName(), row.email(), row.phone(), row.birthDate(), null, null, row.street(),
                row.postalCode(), row.city(), null, "ES", "es", List.of())), Progress.NONE);
        return drafts;
    }

    private BenchResult median(String name, int size, double targetMs, Supplier<Object> query) {
        for (int i = 0; i < 3; i++) {
            query.get(); // warm-up
        }
        resetPeaks();
        double[] times = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            query.get();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        double median = times[REPEATS / 2];
        return new BenchResult(name + " — median of " + REPEATS, String.format("%,d contacts", size), median,
                null, peakHeapMb(), String.format("< %.0f ms", targetMs), median < targetMs);
    }

    private static String rate(int units, double ms, String unit) {
        return String.format("%,.0f %s", units / (ms / 1000.0), unit);
    }

    /** The highest total heap in use, sampled every 20 ms while a step runs (garbage included). */
    private static final java.util.concurrent.atomic.AtomicLong PEAK = new java.util.concurrent.atomic.AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                PEAK.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static void resetPeaks() {
        System.gc();
        PEAK.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    static long peakHeapMb() {
        PEAK.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        return PEAK.get() / (1024 * 1024);
    }
}
