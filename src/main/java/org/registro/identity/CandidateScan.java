package org.registro.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.registro.common.Progress;

/**
 * Finds the pairs of records that may be one person: records sharing a {@link Blocking} key are scored by
 * {@link PairScorer}, each pair once. A key shared by more than {@link #MAX_BLOCK} records (a common surname in
 * a big city) is compared with a sliding window over the records sorted by name instead of all its pairs, so
 * no key costs more than linear work. Runs on all cores.
 */
public final class CandidateScan {

    /** Blocks up to this size compare all their pairs; bigger ones a window of {@link #WINDOW} neighbours. */
    static final int MAX_BLOCK = 100;
    static final int WINDOW = 20;

    /** What a scan found. */
    public record Result(List<PairScore> pairs, int records, long comparisons, int blocks, int windowedBlocks) {
    }

    /**
     * Every candidate pair compared, once: the positions of its two records in the scanned list and its
     * comparison code ({@link PairScorer#compare}).
     */
    public record Compared(int[] first, int[] second, long[] codes, int records, int blocks, int windowedBlocks) {
        public int size() {
            return codes.length;
        }
    }

    /** Pairs of contact ids never to report (declared different people). */
    public interface Excluded {
        boolean contains(long a, long b);
    }

    private final PairScorer scorer;

    public CandidateScan(PairScorer scorer) {
        this.scorer = scorer;
    }

    /** Every pair scoring at least {@code minScore}, best first. */
    public Result run(List<MatchRecord> records, double minScore, Excluded excluded, Progress progress) {
        return score(records, compare(records, excluded, progress), scorer, minScore);
    }

    /** The pairs of a comparison that score at least {@code minScore} with this scorer's weights, best first. */
    public static Result score(List<MatchRecord> records, Compared compared, PairScorer scorer, double minScore) {
        List<PairScore> pairs = IntStream.range(0, compared.size()).parallel().mapToObj(k -> {
            MatchRecord x = records.get(compared.first()[k]);
            MatchRecord y = records.get(compared.second()[k]);
            MatchRecord a = x.id() < y.id() ? x : y;
            MatchRecord b = a == x ? y : x;
            double weight = scorer.weight(a, b, compared.codes()[k]);
            return scorer.model().score(weight) >= minScore ? scorer.score(a, b) : null;
        }).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        pairs.sort(Comparator.comparingDouble(PairScore::weight).reversed()
                .thenComparingLong(PairScore::a).thenComparingLong(PairScore::b));
        return new Result(pairs, compared.records(), compared.size(), compared.blocks(), compared.windowedBlocks());
    }

    /** Compares every candidate pair once (pairs {@code excluded} aside) and keeps how they compared. */
    public Compared compare(List<MatchRecord> records, Excluded excluded, Progress progress) {
        int n = records.size();
        if (n >= (1 << 24)) {
            throw new IllegalArgumentException("too many records for one scan: " + n);
        }
        Blocking blocking = new Blocking();
        long[][] keysOf = new long[n][];
        int entries = 0;
        for (int i = 0; i < n; i++) {
            keysOf[i] = blocking.hashedKeys(records.get(i));
            entries += keysOf[i].length;
            if (i % 50_000 == 0) {
                progress.checkCancelled();
            }
        }
        long[] sorted = new long[entries];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (long key : keysOf[i]) {
                sorted[e++] = (key << 24) | i;
            }
        }
        Arrays.parallelSort(sorted);
        List<int[]> blocks = new ArrayList<>();
        Set<Long> bigKeys = new HashSet<>();
        for (int start = 0; start < entries; ) {
            long key = sorted[start] >>> 24;
            int end = start + 1;
            while (end < entries && (sorted[end] >>> 24) == key) {
                end++;
            }
            if (end - start > 1) {
                blocks.add(new int[] {start, end});
                if (end - start > MAX_BLOCK) {
                    bigKeys.add(key);
                }
            }
            start = end;
        }
        // each record's keys of small blocks, so a pair is scored in the first small block it shares only
        long[][] smallKeys = new long[n][];
        for (int i = 0; i < n; i++) {
            smallKeys[i] = bigKeys.isEmpty() ? keysOf[i]
                    : Arrays.stream(keysOf[i]).filter(k -> !bigKeys.contains(k)).toArray();
        }
        AtomicLong done = new AtomicLong();
        int total = blocks.size();
        List<Found> found = IntStream.range(0, total).parallel().mapToObj(b -> {
            if (done.incrementAndGet() % 2_000 == 0) {
                progress.checkCancelled();
                progress.update(done.get(), total, null);
            }
            int[] block = blocks.get(b);
            long key = sorted[block[0]] >>> 24;
            int size = block[1] - block[0];
            int[] members = new int[size];
            for (int k = 0; k < size; k++) {
                members[k] = (int) (sorted[block[0] + k] & 0xFFFFFF);
            }
            Found local = new Found(size > MAX_BLOCK);
            if (size <= MAX_BLOCK) {
                for (int x = 0; x < size; x++) {
                    for (int y = x + 1; y < size; y++) {
                        int i = members[x];
                        int j = members[y];
                        if (firstShared(smallKeys[i], smallKeys[j]) == key) {
                            keep(records, i, j, excluded, local);
                        }
                    }
                }
            } else {
                Integer[] order = new Integer[size];
                for (int k = 0; k < size; k++) {
                    order[k] = members[k];
                }
                Arrays.sort(order, Comparator.comparing((Integer k) -> nameKey(records.get(k))));
                for (int x = 0; x < size; x++) {
                    for (int y = x + 1; y < Math.min(size, x + WINDOW); y++) {
                        int i = order[x];
                        int j = order[y];
                        if (firstShared(smallKeys[i], smallKeys[j]) == -1) {
                            keep(records, i, j, excluded, local);
                        }
                    }
                }
            }
            return local;
        }).toList();
        progress.update(total, total, null);
        // a small block scores each pair once; a pair windowed in two big blocks may come twice
        Set<Long> seen = new HashSet<>();
        Found all = new Found(false);
        for (Found f : found) {
            for (int k = 0; k < f.size; k++) {
                int i = Math.min(f.first[k], f.second[k]);
                int j = Math.max(f.first[k], f.second[k]);
                // the multiplier spreads the two positions over the hash (i ^ j alone collides)
                if (!f.windowed || seen.add((((long) i << 32) | j) * 0x9E3779B97F4A7C15L)) {
                    all.add(i, j, f.codes[k]);
                }
            }
        }
        return new Compared(Arrays.copyOf(all.first, all.size), Arrays.copyOf(all.second, all.size),
                Arrays.copyOf(all.codes, all.size), n, total, bigKeys.size());
    }

    private void keep(List<MatchRecord> records, int i, int j, Excluded excluded, Found out) {
        MatchRecord x = records.get(i);
        MatchRecord y = records.get(j);
        MatchRecord a = x.id() < y.id() ? x : y;
        MatchRecord b = a == x ? y : x;
        if (excluded.contains(a.id(), b.id())) {
            return;
        }
        out.add(a == x ? i : j, a == x ? j : i, scorer.compare(a, b));
    }

    /** Compared pairs as growing primitive arrays: a scan of a million contacts keeps millions of them. */
    private static final class Found {
        final boolean windowed;
        int[] first = new int[16];
        int[] second = new int[16];
        long[] codes = new long[16];
        int size;

        Found(boolean windowed) {
            this.windowed = windowed;
        }

        void add(int i, int j, long code) {
            if (size == codes.length) {
                first = Arrays.copyOf(first, size * 2);
                second = Arrays.copyOf(second, size * 2);
                codes = Arrays.copyOf(codes, size * 2);
            }
            first[size] = i;
            second[size] = j;
            codes[size++] = code;
        }
    }

    private static String nameKey(MatchRecord r) {
        return r.nameKey();
    }

    /** The smallest key two sorted arrays share, or -1. */
    static long firstShared(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                return a[i];
            }
            if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return -1;
    }

    /** A set key for an unordered pair of contact ids. */
    public static long pairKey(long a, long b) {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        return lo * 0x1_0000_0000L + hi;
    }
}
