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
        AtomicLong comparisons = new AtomicLong();
        AtomicLong done = new AtomicLong();
        int total = blocks.size();
        List<PairScore> found = IntStream.range(0, total).parallel().mapToObj(b -> {
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
            List<PairScore> local = new ArrayList<>();
            long compared = 0;
            if (size <= MAX_BLOCK) {
                for (int x = 0; x < size; x++) {
                    for (int y = x + 1; y < size; y++) {
                        int i = members[x];
                        int j = members[y];
                        if (firstShared(smallKeys[i], smallKeys[j]) == key) {
                            compared++;
                            keep(records.get(i), records.get(j), minScore, excluded, local);
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
                            compared++;
                            keep(records.get(i), records.get(j), minScore, excluded, local);
                        }
                    }
                }
            }
            comparisons.addAndGet(compared);
            return local;
        }).flatMap(List::stream).toList();
        progress.update(total, total, null);
        // a pair windowed in two big blocks may come twice
        Set<Long> seen = new HashSet<>();
        List<PairScore> pairs = new ArrayList<>(found.size());
        for (PairScore p : found) {
            if (seen.add(pairKey(p.a(), p.b()))) {
                pairs.add(p);
            }
        }
        pairs.sort(Comparator.comparingDouble(PairScore::weight).reversed()
                .thenComparingLong(PairScore::a).thenComparingLong(PairScore::b));
        return new Result(pairs, n, comparisons.get(), total, bigKeys.size());
    }

    private void keep(MatchRecord x, MatchRecord y, double minScore, Excluded excluded, List<PairScore> out) {
        MatchRecord a = x.id() < y.id() ? x : y;
        MatchRecord b = a == x ? y : x;
        if (excluded.contains(a.id(), b.id())) {
            return;
        }
        PairScore score = scorer.score(a, b);
        if (score.score() >= minScore) {
            out.add(score);
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
