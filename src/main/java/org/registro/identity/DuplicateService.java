package org.registro.identity;

import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.DUPLICATE_PAIR;
import static org.registro.db.Tables.IDENTITY_CONFLICT;
import static org.registro.db.Tables.NOT_SAME_PAIR;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.contact.ContactService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Finds people recorded more than once: scans the active contacts ({@link CandidateScan}), keeps the pairs above
 * the review score in {@code duplicate_pair} for the review queue, remembers pairs declared different, and merges
 * the pairs above the automatic score on request, transitively, through {@link MergeService}.
 */
public final class DuplicateService {

    public static final String SETTING_AUTO = "dedupe_auto_merge_score";
    public static final String SETTING_REVIEW = "dedupe_review_score";
    /** Each pair merged automatically is one person with a probability of at least 99.5 %. */
    static final double DEFAULT_AUTO = 99.5;
    static final double DEFAULT_REVIEW = 70;

    private final Workspace workspace;
    private final AuditLog audit;
    /** The learned weights of the last scan (JSON), for explaining pairs between scans. */
    public static final String SETTING_MODEL = "dedupe_model";
    /** Random pairs for u are drawn with this seed: the same contacts give the same weights. */
    static final long SEED = 20_261_204L;

    private final PairScorer comparer = new PairScorer();
    /** The weights and name frequencies pairs are explained with: the last scan's, read when first needed. */
    private volatile PairScorer scorer;
    private final MergeService merges;

    public DuplicateService(Workspace workspace, AuditLog audit, MergeService merges) {
        this.workspace = workspace;
        this.audit = audit;
        this.merges = merges;
    }

    public MergeService merges() {
        return merges;
    }

    /** Scores at and above {@code autoMerge} merge on request; from {@code review} up, a person decides. */
    public record Thresholds(double autoMerge, double review) {
        public Thresholds {
            if (review < 0 || autoMerge > 100 || review > autoMerge) {
                throw new RegistroException("error.dedupe.thresholds", review, autoMerge);
            }
        }

        /** "merge", "review" or "ignore". */
        public String decision(double score) {
            return score >= autoMerge ? "merge" : score >= review ? "review" : "ignore";
        }
    }

    public Thresholds thresholds() {
        return new Thresholds(number(SETTING_AUTO, DEFAULT_AUTO), number(SETTING_REVIEW, DEFAULT_REVIEW));
    }

    public void setThresholds(Thresholds thresholds) {
        workspace.dsl().transaction(c -> {
            DSLContext tx = c.dsl();
            Workspace.putSetting(tx, SETTING_AUTO, format(thresholds.autoMerge()));
            Workspace.putSetting(tx, SETTING_REVIEW, format(thresholds.review()));
            audit.record(tx, "dedupe.thresholds", "workspace", null,
                    Phrase.of("audit.dedupe.thresholds", format(thresholds.autoMerge()), format(thresholds.review())),
                    thresholds);
        });
    }

    private double number(String key, double fallback) {
        return workspace.setting(key).map(Double::parseDouble).orElse(fallback);
    }

    private static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** What a scan found. */
    public record ScanSummary(int contacts, long comparisons, int pairs, int toMerge, int toReview, long millis) {
    }

    /**
     * Compares the active contacts and replaces the stored pairs with those scoring at least the review score,
     * plus the pairs of unresolved import conflicts. Pairs declared different are left out. Cancelling leaves the
     * pairs of the previous scan.
     */
    public ScanSummary scan(Progress progress) {
        long start = System.nanoTime();
        progress.update(0, -1, Messages.get("dedupe.progress.reading"));
        List<MatchRecord> records = records(progress);
        Thresholds thresholds = thresholds();
        Set<Long> notSame = notSamePairs();
        progress.update(0, -1, Messages.get("dedupe.progress.comparing"));
        CandidateScan.Compared compared = new CandidateScan(comparer).compare(records,
                (a, b) -> notSame.contains(CandidateScan.pairKey(a, b)), new Progress() {
                    @Override
                    public void update(long done, long total, String message) {
                        progress.update(done, total, Messages.get("dedupe.progress.comparing"));
                    }

                    @Override
                    public boolean isCancelled() {
                        return progress.isCancelled();
                    }
                });
        progress.checkCancelled();
        progress.update(0, -1, Messages.get("dedupe.progress.learning"));
        OffsetDateTime learnedAt = OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
        MatchModel model = new ModelEstimator(comparer).estimate(records, compared.codes(), SEED,
                learnedAt.toInstant());
        PairScorer weighed = comparer.with(model, TermFrequencies.of(records));
        CandidateScan.Result result = CandidateScan.score(records, compared, weighed, thresholds.review());
        progress.checkCancelled();
        List<PairScore> pairs = new ArrayList<>(result.pairs());
        pairs.addAll(conflictPairs(weighed, records, result.pairs(), notSame));
        int toMerge = 0;
        for (PairScore p : pairs) {
            if (p.score() >= thresholds.autoMerge()) {
                toMerge++;
            }
        }
        OffsetDateTime now = OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
        long millis = (System.nanoTime() - start) / 1_000_000;
        ScanSummary summary = new ScanSummary(result.records(), result.comparisons(), pairs.size(), toMerge,
                pairs.size() - toMerge, millis);
        workspace.dsl().transaction(c -> {
            DSLContext tx = c.dsl();
            tx.deleteFrom(DUPLICATE_PAIR).execute();
            Workspace.putSetting(tx, SETTING_MODEL, model.toJson());
            List<PairScore> all = pairs;
            for (int i = 0; i < all.size(); i += 5_000) {
                var insert = tx.batch(tx.insertInto(DUPLICATE_PAIR, DUPLICATE_PAIR.CONTACT_A, DUPLICATE_PAIR.CONTACT_B,
                        DUPLICATE_PAIR.SCORE, DUPLICATE_PAIR.WEIGHT, DUPLICATE_PAIR.FOUND_AT).values(0L, 0L,
                        BigDecimal.ZERO, BigDecimal.ZERO, now));
                for (PairScore p : all.subList(i, Math.min(all.size(), i + 5_000))) {
                    insert.bind(p.a(), p.b(), decimal(p.score()), decimal(p.weight()), now);
                }
                insert.execute();
            }
            audit.record(tx, "dedupe.scan", "workspace", null, Phrase.of("audit.dedupe.scan",
                    summary.pairs(), summary.toMerge(), summary.toReview(), summary.contacts()), summary);
        });
        scorer = weighed;
        return summary;
    }

    /**
     * The weights pairs are scored with: those the last scan learned, or the fixed table before any scan (see
     * {@link MatchModel}).
     */
    public MatchModel model() {
        return workspace.setting(SETTING_MODEL).map(MatchModel::fromJson)
                .orElseGet(() -> MatchModel.fixed(workspace.dsl().fetchCount(CONTACT,
                        CONTACT.STATUS.eq(ContactService.STATUS_ACTIVE))));
    }

    /** The last scan's weights with the current name and place frequencies, counted once per session. */
    private PairScorer scorer() {
        PairScorer current = scorer;
        if (current == null) {
            current = comparer.with(model(), TermFrequencies.of(records(Progress.NONE)));
            scorer = current;
        }
        return current;
    }

    /**
     * The contacts an import found sharing identifiers with each other (a row whose email was one contact's and
     * phone another's) and that the scan did not pair: they are queued whatever their score, for a person to
     * decide.
     */
    private List<PairScore> conflictPairs(PairScorer scorer, List<MatchRecord> records, List<PairScore> found,
                                          Set<Long> notSame) {
        Set<Long> seen = new HashSet<>();
        found.forEach(p -> seen.add(CandidateScan.pairKey(p.a(), p.b())));
        Map<Long, MatchRecord> byId = new HashMap<>();
        List<PairScore> pairs = new ArrayList<>();
        workspace.dsl().selectDistinct(IDENTITY_CONFLICT.CONTACT_ID, IDENTITY_CONFLICT.OTHER_CONTACT_ID)
                .from(IDENTITY_CONFLICT).where(IDENTITY_CONFLICT.RESOLVED_AT.isNull()).forEach(r -> {
                    long key = CandidateScan.pairKey(r.value1(), r.value2());
                    if (r.value1().equals(r.value2()) || notSame.contains(key) || !seen.add(key)) {
                        return;
                    }
                    if (byId.isEmpty()) {
                        records.forEach(m -> byId.put(m.id(), m));
                    }
                    MatchRecord a = byId.get(Math.min(r.value1(), r.value2()));
                    MatchRecord b = byId.get(Math.max(r.value1(), r.value2()));
                    if (a != null && b != null) {
                        pairs.add(scorer.score(a, b));
                    }
                });
        return pairs;
    }

    static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.FLOOR); // 99.9997 is not 100
    }

    /** The active contacts as match records, with every valid email and phone they are known by. */
    public List<MatchRecord> records(Progress progress) {
        return MatchRecords.all(workspace.dsl(), progress);
    }

    /** One active contact as a match record. */
    public Optional<MatchRecord> record(long id) {
        return MatchRecords.one(workspace.dsl(), id);
    }

    /** Two active contacts compared now, with the explanation; empty when either is no longer active. */
    public Optional<PairScore> compare(long a, long b) {
        Optional<MatchRecord> ra = record(a);
        Optional<MatchRecord> rb = record(b);
        if (ra.isEmpty() || rb.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(scorer().score(ra.get(), rb.get()));
    }

    /** The pairs the last scan stored that still join two active contacts, and when that scan ran (null: never). */
    public record Stored(int pairs, int toMerge, java.time.Instant scannedAt) {
    }

    public Stored stored() {
        var ca = CONTACT.as("ca");
        var cb = CONTACT.as("cb");
        double auto = thresholds().autoMerge();
        var r = workspace.dsl().select(DSL.count(), DSL.count().filterWhere(DUPLICATE_PAIR.SCORE.ge(decimal(auto))),
                        DSL.max(DUPLICATE_PAIR.FOUND_AT))
                .from(DUPLICATE_PAIR)
                .join(ca).on(ca.ID.eq(DUPLICATE_PAIR.CONTACT_A))
                .join(cb).on(cb.ID.eq(DUPLICATE_PAIR.CONTACT_B))
                .where(ca.STATUS.eq(ContactService.STATUS_ACTIVE).and(cb.STATUS.eq(ContactService.STATUS_ACTIVE)))
                .fetchOne();
        java.time.Instant at = r.value3() == null ? lastScanAt() : r.value3().toInstant();
        return new Stored(r.value1(), r.value2(), at);
    }

    private java.time.Instant lastScanAt() {
        return workspace.dsl().select(DSL.max(AUDIT_LOG.OCCURRED_AT)).from(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq("dedupe.scan")).fetchOptional(0, OffsetDateTime.class)
                .map(OffsetDateTime::toInstant).orElse(null);
    }

    /** Where a contact's data came from, for telling two records apart: its sources and when it was created. */
    public record Origin(long contactId, java.time.Instant createdAt, List<String> sources) {
    }

    public Optional<Origin> origin(long contactId) {
        return RecordOrigins.origin(workspace.dsl(), contactId);
    }

    /** A pair in the queue: both contacts, the score of the scan and the names to list it by. */
    public record QueuedPair(long a, long b, double score, String nameA, String nameB) {
    }

    /** Pairs of active contacts scoring in [{@code min}, {@code max}), best first. */
    public List<QueuedPair> queue(double min, double max, int limit) {
        var ca = CONTACT.as("ca");
        var cb = CONTACT.as("cb");
        return workspace.dsl().select(DUPLICATE_PAIR.CONTACT_A, DUPLICATE_PAIR.CONTACT_B, DUPLICATE_PAIR.SCORE,
                        ca.FIRST_NAME, ca.LAST_NAME, cb.FIRST_NAME, cb.LAST_NAME)
                .from(DUPLICATE_PAIR)
                .join(ca).on(ca.ID.eq(DUPLICATE_PAIR.CONTACT_A))
                .join(cb).on(cb.ID.eq(DUPLICATE_PAIR.CONTACT_B))
                .where(DUPLICATE_PAIR.SCORE.ge(decimal(min)).and(DUPLICATE_PAIR.SCORE.lt(decimal(max)))
                        .and(ca.STATUS.eq(ContactService.STATUS_ACTIVE))
                        .and(cb.STATUS.eq(ContactService.STATUS_ACTIVE)))
                .orderBy(DUPLICATE_PAIR.SCORE.desc(), DUPLICATE_PAIR.CONTACT_A, DUPLICATE_PAIR.CONTACT_B)
                .limit(limit)
                .fetch(r -> new QueuedPair(r.value1(), r.value2(), r.value3().doubleValue(),
                        name(r.value4(), r.value5()), name(r.value6(), r.value7())));
    }

    private static String name(String first, String last) {
        return org.registro.contact.ContactSummary.displayName(first, last);
    }

    /**
     * The share of the stored pairs scoring at least {@code min} that are one person, as their scores (match
     * probabilities) tell; 1 when there is none.
     */
    public double expectedPrecision(double min) {
        List<long[]> pairs = pairsFrom(min);
        double sum = 0;
        for (long[] p : pairs) {
            sum += Double.longBitsToDouble(p[2]) / 100;
        }
        return pairs.isEmpty() ? 1 : sum / pairs.size();
    }

    /**
     * What {@link #autoMerge} would do at this score: pairs, contacts involved, merges (contacts that go), and
     * pairs left for a person because they would join two people.
     */
    public record Preview(int pairs, int contacts, int merges, int keptApart) {
    }

    public Preview preview(double min) {
        List<long[]> pairs = pairsFrom(min);
        MergeGroups groups = groups(pairs);
        return new Preview(pairs.size(), groups.contacts(), groups.contacts() - groups.groups().size(),
                groups.keptApart());
    }

    /** The groups of contacts an automatic merge at this score joins (see {@link MergeGroups}), each by id. */
    public List<List<Long>> mergeGroups(double min) {
        return groups(pairsFrom(min)).groups();
    }

    private MergeGroups groups(List<long[]> pairs) {
        Map<Long, MatchRecord> records = new HashMap<>();
        PairScorer[] weights = new PairScorer[1];
        return MergeGroups.of(pairs, (a, b) -> {
            if (weights[0] == null) {
                // only groups that grow past a pair are checked, and only records that pairs chain into three
                // or more can be in one: read those once
                UnionFind chains = new UnionFind();
                pairs.forEach(p -> chains.union(p[0], p[1]));
                Set<Long> ids = new HashSet<>();
                chains.groups().stream().filter(g -> g.size() > 2).forEach(ids::addAll);
                records.putAll(MatchRecords.some(workspace.dsl(), ids));
                weights[0] = scorer();
            }
            MatchRecord x = records.get(a);
            MatchRecord y = records.get(b);
            return x == null || y == null ? Double.MAX_VALUE : weights[0].score(x, y).weight();
        });
    }

    private List<long[]> pairsFrom(double min) {
        var ca = CONTACT.as("ca");
        var cb = CONTACT.as("cb");
        return workspace.dsl().select(DUPLICATE_PAIR.CONTACT_A, DUPLICATE_PAIR.CONTACT_B, DUPLICATE_PAIR.SCORE)
                .from(DUPLICATE_PAIR)
                .join(ca).on(ca.ID.eq(DUPLICATE_PAIR.CONTACT_A))
                .join(cb).on(cb.ID.eq(DUPLICATE_PAIR.CONTACT_B))
                .where(DUPLICATE_PAIR.SCORE.ge(decimal(min)).and(ca.STATUS.eq(ContactService.STATUS_ACTIVE))
                        .and(cb.STATUS.eq(ContactService.STATUS_ACTIVE)))
                .orderBy(DUPLICATE_PAIR.SCORE.desc(), DUPLICATE_PAIR.CONTACT_A, DUPLICATE_PAIR.CONTACT_B)
                .fetch(r -> new long[] {r.value1(), r.value2(), Double.doubleToLongBits(r.value3().doubleValue())});
    }

    /** What an automatic merge did; {@code keptApart} pairs stayed for a person: they would join two people. */
    public record AutoMergeResult(int merges, int people, int keptApart, List<Long> mergeIds) {
    }

    /**
     * Merges every stored pair scoring at least {@code min}, transitively: three records of one person end as one
     * contact, but never two records that compare as two people ({@link MergeGroups}). Each group keeps its
     * {@link MergeService#chooseSurvivor best record}; each merge is its own undoable step, so a cancel keeps the
     * merges done so far. A backup is taken first.
     */
    public AutoMergeResult autoMerge(double min, Progress progress) {
        MergeGroups grouped = groups(pairsFrom(min));
        List<List<Long>> groups = grouped.groups();
        if (!groups.isEmpty()) {
            progress.update(-1, -1, Messages.get("workspace.progress.backingUp"));
            workspace.backup("before-merge");
        }
        int total = grouped.contacts() - groups.size();
        List<Long> mergeIds = new ArrayList<>();
        List<MergeService.Step> steps = new ArrayList<>();
        for (List<Long> group : groups) {
            long survivor = merges.chooseSurvivor(group);
            for (long other : group) {
                if (other != survivor) {
                    steps.add(new MergeService.Step(survivor, other, grouped.bestScore(other)));
                }
            }
        }
        for (int i = 0; i < steps.size(); i += 1000) {
            progress.checkCancelled();
            for (MergeService.MergeResult r : merges.mergeAll(steps.subList(i, Math.min(steps.size(), i + 1000)))) {
                mergeIds.add(r.mergeId());
            }
            progress.update(mergeIds.size(), total, Messages.get("dedupe.progress.merging"));
        }
        return new AutoMergeResult(mergeIds.size(), groups.size(), grouped.keptApart(), mergeIds);
    }

    /**
     * The keys each contact is known by in the systems its records came from (CRM customer numbers, source
     * record ids), as "system:key", for matching a pair back to those systems.
     */
    public Map<Long, List<String>> sourceKeys(Collection<Long> contactIds) {
        return RecordOrigins.sourceKeys(workspace.dsl(), contactIds);
    }

    /** A stored pair as it is reported outside Registro: with the keys each contact has in its source systems. */
    public record ReportedPair(long contactA, long contactB, String nameA, String nameB, List<String> sourceKeysA,
                               List<String> sourceKeysB, double score, String decision) {
    }

    /** The stored pairs scoring at least {@code min}, best first, with source record keys and decisions. */
    public List<ReportedPair> reportedPairs(double min) {
        List<QueuedPair> pairs = queue(min, 101, Integer.MAX_VALUE);
        Set<Long> ids = new HashSet<>();
        pairs.forEach(p -> {
            ids.add(p.a());
            ids.add(p.b());
        });
        Map<Long, List<String>> keys = sourceKeys(ids);
        Thresholds thresholds = thresholds();
        List<ReportedPair> reported = new ArrayList<>(pairs.size());
        for (QueuedPair p : pairs) {
            reported.add(new ReportedPair(p.a(), p.b(), p.nameA(), p.nameB(), keys.getOrDefault(p.a(), List.of()),
                    keys.getOrDefault(p.b(), List.of()), p.score(), thresholds.decision(p.score())));
        }
        return reported;
    }

    /**
     * Writes pairs as CSV: both contact ids, their names and source record keys, the score and the decision the
     * thresholds give.
     */
    public static void writePairs(Path file, List<ReportedPair> pairs) {
        PairsCsv.write(file, pairs);
    }

    /** Remembers that two contacts are different people: the pair never comes back in a scan. */
    public void notSame(long a, long b) {
        if (a == b) {
            throw new RegistroException("error.dedupe.samecontact", a);
        }
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        workspace.dsl().transaction(c -> {
            DSLContext tx = c.dsl();
            for (long id : new long[] {lo, hi}) {
                if (!tx.fetchExists(CONTACT, CONTACT.ID.eq(id))) {
                    throw new RegistroException("error.contact.notFound", id);
                }
            }
            if (!tx.fetchExists(NOT_SAME_PAIR, NOT_SAME_PAIR.CONTACT_A.eq(lo).and(NOT_SAME_PAIR.CONTACT_B.eq(hi)))) {
                tx.insertInto(NOT_SAME_PAIR).set(NOT_SAME_PAIR.CONTACT_A, lo).set(NOT_SAME_PAIR.CONTACT_B, hi)
                        .set(NOT_SAME_PAIR.DECIDED_BY, audit.actor())
                        .set(NOT_SAME_PAIR.DECIDED_AT, OffsetDateTime.now(workspace.clock())
                                .withOffsetSameInstant(ZoneOffset.UTC))
                        .execute();
            }
            tx.deleteFrom(DUPLICATE_PAIR).where(DUPLICATE_PAIR.CONTACT_A.eq(lo).and(DUPLICATE_PAIR.CONTACT_B.eq(hi)))
                    .execute();
            audit.record(tx, "dedupe.notsame", "contact", lo, Phrase.of("audit.dedupe.notsame", hi), null);
        });
    }

    /**
     * The pairs declared different, by the contacts they live on now: a record merged since speaks for its
     * survivor, so "A is not B" still holds after B absorbed C.
     */
    Set<Long> notSamePairs() {
        DSLContext dsl = workspace.dsl();
        Map<Long, Long> mergedInto = new HashMap<>();
        dsl.select(CONTACT.ID, CONTACT.MERGED_INTO_ID).from(CONTACT).where(CONTACT.STATUS.eq("merged"))
                .forEach(r -> mergedInto.put(r.value1(), r.value2()));
        Set<Long> pairs = new HashSet<>();
        for (Record r : dsl.select(NOT_SAME_PAIR.CONTACT_A, NOT_SAME_PAIR.CONTACT_B).from(NOT_SAME_PAIR).fetch()) {
            long a = r.get(0, Long.class);
            long b = r.get(1, Long.class);
            pairs.add(CandidateScan.pairKey(a, b));
            pairs.add(CandidateScan.pairKey(live(a, mergedInto), live(b, mergedInto)));
        }
        return pairs;
    }

    private static long live(long id, Map<Long, Long> mergedInto) {
        long current = id;
        for (int hop = 0; hop < 50 && mergedInto.containsKey(current); hop++) {
            current = mergedInto.get(current);
        }
        return current;
    }
}
