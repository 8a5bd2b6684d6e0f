package org.registro.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Learns a workspace's {@link MatchModel}, the way Splink does:
 * <ul>
 *   <li><b>u</b> from pairs of contacts taken at random (almost all of them two different people);</li>
 *   <li><b>m</b> by expectation-maximisation over the candidate pairs, in sessions: the pairs that share an
 *       email, those that share a phone, those with the same first and last name. A session learns the fields
 *       it was not chosen by (pairs chosen for sharing a phone tell nothing about how often duplicates share a
 *       phone), and each field's m is the average of the sessions that learned it;</li>
 *   <li>the <b>prior</b> from how many duplicates each session found and how many of all duplicates such a
 *       session can see (for the email session: how often duplicates share an email).</li>
 * </ul>
 * The fixed table is the starting point: its m counts as {@link #PSEUDO_MATCHES} duplicates already seen and
 * its u as {@link #PSEUDO_PAIRS} random pairs, so a workspace with few duplicates keeps weights close to it; with
 * fewer than {@link #MIN_DUPLICATES} duplicates found the fixed m is kept as it is.
 */
final class ModelEstimator {

    static final int RANDOM_PAIRS = 300_000;
    static final double PSEUDO_MATCHES = 50;
    static final double PSEUDO_PAIRS = 1_000;
    static final double MIN_DUPLICATES = 20;
    private static final int ITERATIONS = 60;

    /** A training session: the candidate pairs that agree on what chose them, and the fields it learns. */
    private enum Session {
        EMAIL(EnumSet.of(MatchField.EMAIL)),
        PHONE(EnumSet.of(MatchField.PHONE)),
        NAME(EnumSet.of(MatchField.FIRST_NAME, MatchField.LAST_NAME));

        final Set<MatchField> chosenBy;

        Session(Set<MatchField> chosenBy) {
            this.chosenBy = chosenBy;
        }

        boolean contains(long code) {
            return switch (this) {
                case EMAIL -> PairScorer.level(code, MatchField.EMAIL) == MatchLevel.EXACT;
                case PHONE -> PairScorer.level(code, MatchField.PHONE) == MatchLevel.EXACT;
                case NAME -> PairScorer.level(code, MatchField.FIRST_NAME) == MatchLevel.EXACT
                        && PairScorer.level(code, MatchField.LAST_NAME) == MatchLevel.EXACT
                        && !PairScorer.swapped(code);
            };
        }
    }

    /** What one session learned. */
    private record Learned(Session session, double duplicates, long pairs,
                           Map<MatchField, Map<MatchLevel, Double>> m) {
    }

    private final PairScorer scorer;

    ModelEstimator(PairScorer scorer) {
        this.scorer = scorer;
    }

    /**
     * The model of these contacts, from the codes of their candidate pairs ({@link PairScorer#compare}); the
     * same contacts and seed give the same model.
     */
    MatchModel estimate(List<MatchRecord> records, long[] candidates, long seed, Instant now) {
        int n = records.size();
        MatchModel fixed = MatchModel.fixed(n);
        if (n < 2) {
            return fixed;
        }
        double[][] uCounts = new double[MatchField.values().length][MatchLevel.values().length];
        double[] present = new double[MatchField.values().length];
        long sampled = randomPairs(records, seed, uCounts, present);
        Map<MatchField, Map<MatchLevel, Double>> u = new EnumMap<>(MatchField.class);
        for (MatchField f : MatchField.values()) {
            Map<MatchLevel, Double> of = new EnumMap<>(MatchLevel.class);
            for (MatchModel.Level l : fixed.levels()) {
                if (l.field() == f) {
                    of.put(l.level(), (uCounts[f.ordinal()][l.level().ordinal()] + PSEUDO_PAIRS * l.fixedU())
                            / (present[f.ordinal()] + PSEUDO_PAIRS));
                }
            }
            u.put(f, of);
        }
        List<Learned> sessions = new ArrayList<>();
        for (Session s : Session.values()) {
            sessions.add(em(s, candidates, fixed, u));
        }
        double found = sessions.stream().mapToDouble(Learned::duplicates).sum();
        List<MatchModel.Level> levels = new ArrayList<>();
        for (MatchModel.Level l : fixed.levels()) {
            double m = l.fixedM();
            if (found >= MIN_DUPLICATES) {
                double mass = PSEUDO_MATCHES * l.fixedM();
                double weight = PSEUDO_MATCHES;
                for (Learned s : sessions) {
                    Map<MatchLevel, Double> of = s.m().get(l.field());
                    if (of != null) {
                        mass += s.duplicates() * of.getOrDefault(l.level(), 0.0);
                        weight += s.duplicates();
                    }
                }
                m = mass / weight;
            }
            levels.add(new MatchModel.Level(l.field(), l.level(), Math.max(m, 1e-6), u.get(l.field()).get(l.level()),
                    l.fixedM(), l.fixedU()));
        }
        if (found < MIN_DUPLICATES) {
            return new MatchModel(MatchModel.Source.FIXED, fixed.prior(), n, candidates.length, fixed.duplicates(),
                    now, levels);
        }
        MatchModel draft = new MatchModel(MatchModel.Source.LEARNED, 0, n, candidates.length, 0, now, levels);
        double duplicates = duplicates(sessions, draft, present, sampled);
        return new MatchModel(MatchModel.Source.LEARNED, MatchModel.priorOf(duplicates, n), n, candidates.length,
                duplicates, now, levels);
    }

    /** Compares random pairs (every pair in a small workspace) and counts each field's levels. */
    private long randomPairs(List<MatchRecord> records, long seed, double[][] counts, double[] present) {
        int n = records.size();
        long all = (long) n * (n - 1) / 2;
        long[] codes;
        if (all <= RANDOM_PAIRS) {
            codes = IntStream.range(0, n).parallel().mapToObj(i -> {
                long[] row = new long[n - i - 1];
                for (int j = i + 1; j < n; j++) {
                    row[j - i - 1] = scorer.compare(records.get(i), records.get(j));
                }
                return row;
            }).flatMapToLong(java.util.Arrays::stream).toArray();
        } else {
            Random random = new Random(seed);
            int[][] pairs = new int[RANDOM_PAIRS][];
            for (int k = 0; k < RANDOM_PAIRS; k++) {
                int i = random.nextInt(n);
                int j = random.nextInt(n - 1);
                pairs[k] = new int[] {i, j >= i ? j + 1 : j};
            }
            codes = IntStream.range(0, RANDOM_PAIRS).parallel()
                    .mapToLong(k -> scorer.compare(records.get(pairs[k][0]), records.get(pairs[k][1]))).toArray();
        }
        for (long code : codes) {
            for (MatchField f : MatchField.values()) {
                MatchLevel level = PairScorer.level(code, f);
                if (level != MatchLevel.MISSING) {
                    counts[f.ordinal()][level.ordinal()]++;
                    present[f.ordinal()]++;
                }
            }
        }
        return codes.length;
    }

    /**
     * Expectation-maximisation over one session's pairs, u held at the random pairs' values: how many of them
     * are duplicates, and m of the fields the session was not chosen by.
     */
    private Learned em(Session session, long[] candidates, MatchModel fixed,
                       Map<MatchField, Map<MatchLevel, Double>> u) {
        // identical comparisons counted once: a few hundred patterns however many pairs
        Map<Long, Integer> patterns = new HashMap<>();
        long pairs = 0;
        for (long code : candidates) {
            if (session.contains(code)) {
                patterns.merge(code & ~(1L << 24), 1, Integer::sum);
                pairs++;
            }
        }
        List<MatchField> learned = new ArrayList<>();
        for (MatchField f : MatchField.values()) {
            if (!session.chosenBy.contains(f)) {
                learned.add(f);
            }
        }
        Map<MatchField, Map<MatchLevel, Double>> m = new EnumMap<>(MatchField.class);
        for (MatchField f : learned) {
            Map<MatchLevel, Double> of = new EnumMap<>(MatchLevel.class);
            fixed.levels().stream().filter(l -> l.field() == f).forEach(l -> of.put(l.level(), l.fixedM()));
            m.put(f, of);
        }
        if (pairs == 0) {
            return new Learned(session, 0, 0, m);
        }
        double lambda = 0.5;
        double expected = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            Map<MatchField, Map<MatchLevel, Double>> mass = new EnumMap<>(MatchField.class);
            learned.forEach(f -> mass.put(f, new EnumMap<>(MatchLevel.class)));
            double matches = 0;
            for (Map.Entry<Long, Integer> p : patterns.entrySet()) {
                double bits = 0;
                for (MatchField f : learned) {
                    MatchLevel level = PairScorer.level(p.getKey(), f);
                    if (level != MatchLevel.MISSING) {
                        bits += MatchModel.log2(m.get(f).get(level) / u.get(f).get(level));
                    }
                }
                double odds = lambda / (1 - lambda) * Math.pow(2, bits);
                double probability = Double.isInfinite(odds) ? 1 : odds / (1 + odds);
                double weight = probability * p.getValue();
                matches += weight;
                for (MatchField f : learned) {
                    MatchLevel level = PairScorer.level(p.getKey(), f);
                    if (level != MatchLevel.MISSING) {
                        mass.get(f).merge(level, weight, Double::sum);
                    }
                }
            }
            lambda = Math.min(1 - 1e-9, Math.max(1e-9, matches / pairs));
            for (MatchField f : learned) {
                double total = mass.get(f).values().stream().mapToDouble(Double::doubleValue).sum();
                Map<MatchLevel, Double> of = m.get(f);
                for (MatchLevel level : of.keySet()) {
                    // a level never seen among the duplicates keeps a trace of the fixed table
                    double fixedM = fixed.level(f, level).fixedM();
                    of.put(level, (mass.get(f).getOrDefault(level, 0.0) + fixedM) / (total + 1));
                }
            }
            if (Math.abs(matches - expected) < 1e-3) {
                expected = matches;
                break;
            }
            expected = matches;
        }
        return new Learned(session, expected, pairs, m);
    }

    /**
     * How many pairs of contacts are one person: each session's duplicates divided by the share of all
     * duplicates it can see (both records have the value, and they agree on it), averaged over the sessions by
     * how many they found.
     */
    private static double duplicates(List<Learned> sessions, MatchModel model, double[] present, long sampled) {
        double total = 0;
        double weight = 0;
        for (Learned s : sessions) {
            if (s.duplicates() < 1) {
                continue;
            }
            double seen = 1;
            for (MatchField f : s.session().chosenBy) {
                seen *= model.level(f, MatchLevel.EXACT).m() * (present[f.ordinal()] / sampled);
            }
            if (seen <= 0) {
                continue;
            }
            total += s.duplicates() / seen * s.duplicates();
            weight += s.duplicates();
        }
        return weight == 0 ? model.duplicates() : total / weight;
    }
}
