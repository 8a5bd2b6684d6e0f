package org.registro.bench;

import static org.registro.db.Tables.CONTACT;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.registro.common.Progress;
import org.registro.contact.ContactService;
import org.registro.contact.Emails;
import org.registro.contact.Phones;
import org.registro.generate.GeneratorOptions;
import org.registro.generate.SyntheticData;
import org.registro.identity.DuplicateService;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The duplicates benchmark: generated rows with a known share of near-duplicates (initials, nicknames, typos,
 * swapped names, other emails, reformatted phones; in the hard profile also common names, households and a slip
 * in every field) are loaded one contact per row, so every duplicate is left for the scan to find, even those an
 * import would have linked by a shared email or phone. The scan learns the weights and runs at the default
 * thresholds; the pairs it finds, grouped as an automatic merge would, are checked against the
 * generator's true person: precision, recall and F1. Then 2,000 distinct people with the most common names,
 * each with their own email, phone and birth date: none may reach the automatic merge, at most ten the review.
 */
public final class DuplicateBench {

    private final Path dir;
    private final Clock clock;
    private final int[] sizes;
    private final double duplicateRate;
    private final String locale;
    private final String profile;
    private final Consumer<String> log;

    /** Distinct people with common names in the namesakes row. */
    static final int NAMESAKES = 2_000;

    public DuplicateBench(Path dir, Clock clock, int[] sizes, double duplicateRate, String locale, String profile,
                          Consumer<String> log) {
        this.dir = dir;
        this.clock = clock;
        this.sizes = sizes.clone();
        this.duplicateRate = duplicateRate;
        this.locale = locale;
        this.profile = profile;
        this.log = log;
        new GeneratorOptions(0, duplicateRate, 7, locale, profile); // refuses an unknown profile at once
    }

    public List<BenchResult> run() {
        List<BenchResult> results = new ArrayList<>();
        for (int size : sizes) {
            Path wsDir = dir.resolve("duplicates-" + size + "-" + System.nanoTime());
            try (Workspace ws = new WorkspaceService(clock).create(wsDir,
                    new NewWorkspace("Duplicates bench", locale.toUpperCase(java.util.Locale.ROOT), null))) {
                log.accept("generating and loading " + size + " contacts (" + locale + ", " + profile + ")");
                long start = System.nanoTime();
                int[] truth = load(ws, new GeneratorOptions(size, duplicateRate, 7, locale, profile));
                double loadMs = (System.nanoTime() - start) / 1e6;
                String label = String.format("%,d contacts, %.0f%% duplicates (%s, %s)", size, duplicateRate * 100,
                        locale, profile);
                results.add(new BenchResult("load generated contacts through SQL", label, loadMs, null, 0, "", null));
                DuplicateService service = org.registro.wiring.Session.open(ws, new WorkspaceService(clock), "bench").duplicates();
                DuplicateService.Thresholds thresholds = service.thresholds();
                log.accept("scanning");
                Benchmarks.resetPeaks();
                start = System.nanoTime();
                DuplicateService.ScanSummary scan = service.scan(Progress.NONE);
                double scanMs = (System.nanoTime() - start) / 1e6;
                boolean timed = size == 100_000;
                results.add(new BenchResult("duplicate scan: block, compare, learn weights, store pairs",
                        label + String.format(" → %,d comparisons, %,d pairs, weights %s", scan.comparisons(),
                                scan.pairs(), service.model().source().code()), scanMs,
                        String.format("%,.0f contacts/s", size / (scanMs / 1000)), Benchmarks.peakHeapMb(),
                        timed ? "< 30 s at 100k" : "", timed ? scanMs < 30_000 : null));
                for (double min : new double[] {thresholds.autoMerge(), thresholds.review()}) {
                    Quality q = Quality.of(service.mergeGroups(min), truth);
                    boolean auto = min == thresholds.autoMerge();
                    results.add(new BenchResult((auto ? "found at the automatic-merge score ≥ " : "found at the review"
                            + " score ≥ ") + fmt(min) + ", grouped as a merge would", label + String.format(
                            " → precision %.3f, recall %.3f, F1 %.3f (%,d true pairs)", q.precision(), q.recall(),
                            q.f1(), q.truePairs()), 0, null, 0, auto ? "F1 ≥ 0.98, precision ≥ 0.995" : "",
                            auto ? q.f1() >= 0.98 && q.precision() >= 0.995 : null));
                }
                if (size <= 100_000) {
                    log.accept("merging automatically");
                    Benchmarks.resetPeaks();
                    start = System.nanoTime();
                    DuplicateService.AutoMergeResult merged = service.autoMerge(thresholds.autoMerge(),
                            Progress.NONE);
                    double mergeMs = (System.nanoTime() - start) / 1e6;
                    double rate = merged.merges() / (mergeMs / 1000);
                    results.add(new BenchResult("automatic merge of every pair ≥ " + fmt(thresholds.autoMerge())
                            + ", each undoable", label + String.format(" → %,d merges", merged.merges()), mergeMs,
                            String.format("%,.0f merges/s", rate), Benchmarks.peakHeapMb(),
                            timed ? "10,000 in ≤ 10 s" : "", timed ? rate >= 1_000 : null));
                }
            }
        }
        results.add(namesakes());
        return results;
    }

    /** Distinct people who share only common names: none may be merged, at most ten reviewed. */
    private BenchResult namesakes() {
        Path wsDir = dir.resolve("namesakes-" + System.nanoTime());
        try (Workspace ws = new WorkspaceService(clock).create(wsDir,
                new NewWorkspace("Namesakes bench", locale.toUpperCase(java.util.Locale.ROOT), null))) {
            log.accept("generating " + NAMESAKES + " distinct people with common names (" + locale + ")");
            load(ws, new GeneratorOptions(NAMESAKES, 0, 11, locale, GeneratorOptions.NAMESAKES));
            DuplicateService service = org.registro.wiring.Session.open(ws, new WorkspaceService(clock), "bench")
                    .duplicates();
            long start = System.nanoTime();
            DuplicateService.ScanSummary scan = service.scan(Progress.NONE);
            double ms = (System.nanoTime() - start) / 1e6;
            return new BenchResult("namesakes: distinct people, common names, own email, phone, birth date",
                    String.format("%,d contacts (%s) → %,d to merge, %,d to review", NAMESAKES, locale,
                            scan.toMerge(), scan.toReview()), ms, null, 0, "0 to merge, ≤ 10 to review",
                    scan.toMerge() == 0 && scan.toReview() <= 10);
        }
    }

    private static String fmt(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Loads one contact per generated row (contact id = row number) and returns each contact's true person. */
    private int[] load(Workspace ws, GeneratorOptions options) {
        int size = options.rows();
        SyntheticData data = new SyntheticData(options);
        int[] truth = new int[size + 1];
        String region = ws.defaultRegion();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        DSLContext dsl = ws.dsl();
        List<SyntheticData.Row> chunk = new ArrayList<>();
        int[] next = {1};
        Map<String, Integer> persons = new HashMap<>();
        Consumer<List<SyntheticData.Row>> flush = rows -> dsl.transaction(c -> {
            var insert = c.dsl().batch(c.dsl().insertInto(CONTACT, CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME,
                    CONTACT.FIRST_NAME_KEY, CONTACT.LAST_NAME_KEY, CONTACT.EMAIL, CONTACT.PHONE, CONTACT.BIRTH_DATE,
                    CONTACT.STREET, CONTACT.POSTAL_CODE, CONTACT.CITY, CONTACT.COUNTRY, CONTACT.CREATED_AT,
                    CONTACT.UPDATED_AT).values((Long) null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null));
            for (SyntheticData.Row r : rows) {
                int id = next[0]++;
                truth[id] = persons.computeIfAbsent(r.truePersonId(), k -> persons.size());
                insert.bind((long) id, r.firstName(), r.lastName(), ContactService.nameKey(r.firstName()),
                        ContactService.nameKey(r.lastName()),
                        r.email() == null ? null : Emails.normalize(r.email()),
                        Phones.toE164(r.phone(), region).orElse(null), r.birthDate(), r.street(), r.postalCode(),
                        r.city(), region, now, now);
            }
            insert.execute();
        });
        data.generate(row -> {
            chunk.add(row);
            if (chunk.size() == 5_000) {
                flush.accept(chunk);
                chunk.clear();
            }
        }, Progress.NONE);
        if (!chunk.isEmpty()) {
            flush.accept(chunk);
        }
        dsl.execute("ALTER TABLE contact ALTER COLUMN id RESTART WITH " + (size + 1));
        return truth;
    }


    /** Pairwise quality of the groups an automatic merge would make, against the true persons. */
    record Quality(long predicted, long correct, long truePairs) {

        static Quality of(List<List<Long>> groups, int[] truth) {
            List<Map<Integer, Integer>> clusters = new ArrayList<>();
            for (List<Long> group : groups) {
                Map<Integer, Integer> persons = new HashMap<>();
                group.forEach(id -> persons.merge(truth[id.intValue()], 1, Integer::sum));
                clusters.add(persons);
            }
            long predicted = 0;
            long correct = 0;
            for (Map<Integer, Integer> cluster : clusters) {
                long n = cluster.values().stream().mapToLong(Integer::longValue).sum();
                predicted += n * (n - 1) / 2;
                for (int k : cluster.values()) {
                    correct += (long) k * (k - 1) / 2;
                }
            }
            Map<Integer, Integer> perPerson = new HashMap<>();
            for (int i = 1; i < truth.length; i++) {
                perPerson.merge(truth[i], 1, Integer::sum);
            }
            long truePairs = 0;
            for (int k : perPerson.values()) {
                truePairs += (long) k * (k - 1) / 2;
            }
            return new Quality(predicted, correct, truePairs);
        }

        double precision() {
            return predicted == 0 ? 1 : (double) correct / predicted;
        }

        double recall() {
            return truePairs == 0 ? 1 : (double) correct / truePairs;
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }
}
