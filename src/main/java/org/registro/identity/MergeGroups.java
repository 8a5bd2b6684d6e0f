package org.registro.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The groups of contacts an automatic merge joins. Pairs are taken best first and join transitively, so three
 * records of one person end as one contact; but two groups are never joined when a record of one compares as
 * another person to a record of the other ({@link #APART}). Without that, one record that fits two
 * people ("A. Pedraza" beside Adela and Armando Pedraza, who share a home) would merge a whole household.
 */
final class MergeGroups {

    /**
     * Two records whose comparison weighs below this many bits are two people: what they show speaks against
     * one person (first names or birth dates that differ outweigh what they share), so their groups stay apart
     * whatever links them. The weight, not the score: two records of one group are not strangers taken at random,
     * and a weak link between them (a surname and a town, nothing else) is no sign of two people.
     */
    static final double APART = 0;

    /** Compares two contacts now: the weight of evidence (bits, without the prior) that they are one person. */
    @FunctionalInterface
    interface Comparer {
        double weight(long a, long b);
    }

    private final List<List<Long>> groups;
    private final Map<Long, Double> bestScore;
    private final int joined;
    private final int keptApart;

    private MergeGroups(List<List<Long>> groups, Map<Long, Double> bestScore, int joined, int keptApart) {
        this.groups = groups;
        this.bestScore = bestScore;
        this.joined = joined;
        this.keptApart = keptApart;
    }

    /**
     * Groups {@code pairs} (contact a, contact b, score as {@link Double#doubleToLongBits} bits), best first, the
     * way {@link DuplicateService#pairsFrom} lists them.
     */
    static MergeGroups of(List<long[]> pairs, Comparer comparer) {
        Map<Long, List<Long>> groupOf = new HashMap<>();
        Map<Long, Double> best = new HashMap<>();
        int joined = 0;
        int apart = 0;
        for (long[] p : pairs) {
            List<Long> a = groupOf.getOrDefault(p[0], List.of(p[0]));
            List<Long> b = groupOf.getOrDefault(p[1], List.of(p[1]));
            if (a == b) {
                continue;
            }
            if (a.size() + b.size() > 2 && twoPeople(a, b, p, comparer)) {
                apart++;
                continue;
            }
            List<Long> union = new ArrayList<>(a.size() + b.size());
            union.addAll(a);
            union.addAll(b);
            union.forEach(id -> groupOf.put(id, union));
            double score = Double.longBitsToDouble(p[2]);
            best.merge(p[0], score, Math::max);
            best.merge(p[1], score, Math::max);
            joined++;
        }
        Map<Long, List<Long>> byFirst = new TreeMap<>();
        Set<List<Long>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(groupOf.values());
        for (List<Long> group : distinct) {
            List<Long> sorted = new ArrayList<>(group);
            Collections.sort(sorted);
            byFirst.put(sorted.get(0), sorted);
        }
        return new MergeGroups(new ArrayList<>(byFirst.values()), best, joined, apart);
    }

    /** Whether a record of {@code a} and one of {@code b}, other than the pair itself, are clearly two people. */
    private static boolean twoPeople(List<Long> a, List<Long> b, long[] pair, Comparer comparer) {
        for (long x : a) {
            for (long y : b) {
                boolean thePair = x == pair[0] && y == pair[1] || x == pair[1] && y == pair[0];
                if (!thePair && comparer.weight(x, y) < APART) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The groups, each sorted by id, in the order of their smallest id. */
    List<List<Long>> groups() {
        return groups;
    }

    /** The best score that joined a contact to its group. */
    double bestScore(long contact) {
        return bestScore.get(contact);
    }

    /** Contacts in the groups. */
    int contacts() {
        return groups.stream().mapToInt(List::size).sum();
    }

    /** Pairs that joined two groups. */
    int joined() {
        return joined;
    }

    /** Pairs left out because they would have joined two people. */
    int keptApart() {
        return keptApart;
    }
}
