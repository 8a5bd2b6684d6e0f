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
 * Learns a workspace's {@link MatchModel}, the way Splink does, with households in mind
 * (docs/decisions/0006):
 * <ul>
 *   <li><b>u</b> from pairs of contacts taken at random (almost all of them two different people);</li>
 *   <li><b>m</b> by expectation-maximisation over the candidate pairs, in sessions: the pairs that share an
 *       email, a phone or a street address, and those with the same first and last name. A session counts as
 *       evidence only the fields that tell duplicates from the others in it (first name and birth date where
 *       relatives may share the contact point; email, phone, birth date and address among namesakes), and
 *       each field's m is the average of the sessions that learned it;</li>
 *   <li>for the contact-point sessions, how surname, address and the other contact points compare among its
 *       duplicates and among its other pairs: the "given a shared contact point" weights;</li>
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
    /**
     * A level random pairs almost never show (an initial, a nickname: nobody in the workspace writes them so)
     * keeps at least this share of the fixed u: too few pairs to tell how rare it really is.
     */
    static final double U_FLOOR = 0.1;
    /** Pairs a session needs besides its duplicates to say how fields compare given what chose it. */
    static final double MIN_OTHERS = 20;
    /** Imaginary pairs at the overall m or u when a session tallies how a field compares. */
    static final double PSEUDO_GIVEN = 5;
    /** Imaginary pairs at the random pairs' u when a session counts how relatives' first names or birth dates compare. */
    static final double PSEUDO_APART = 20;
    private static final int ITERATIONS = 60;

    /**
     * A training session: the candidate pairs that agree on what chose them, the fields whose evidence tells
     * duplicates from the rest inside it, and the fields it learns only given what chose it.
     */
    private enum Session {
        /** Pairs sharing an email: duplicates, or members of a household who share it. */
        EMAIL(MatchField.EMAIL, EnumSet.of(MatchField.FIRST_NAME, MatchField.BIRTH_DATE)),
        /** Pairs sharing a phone: duplicates, or members of a household who share a landline. */
        PHONE(MatchField.PHONE, EnumSet.of(MatchField.FIRST_NAME, MatchField.BIRTH_DATE)),
        /** Pairs at the same street address: duplicates, or members of a household. */
        ADDRESS(MatchField.ADDRESS, EnumSet.of(MatchField.FIRST_NAME, MatchField.BIRTH_DATE)),
        /** Pairs with the same first and last name: duplicates, or namesakes. */
        NAME(null, EnumSet.of(MatchField.EMAIL, MatchField.PHONE, MatchField.BIRTH_DATE, MatchField.ADDRESS));

        /** The contact point the session is chosen by (null: the names). */
        final MatchField anchor;
        final Set<MatchField> evidence;

        Session(MatchField anchor, Set<MatchField> evidence) {
            this.anchor = anchor;
            this.evidence = evidence;
        }

        boolean contains(long code) {
            return switch (this) {
                case EMAIL -> PairScorer.level(code, MatchField.EMAIL) == MatchLevel.EXACT;
                case PHONE -> PairScorer.level(code, MatchField.PHONE) == MatchLevel.EXACT;
                case ADDRESS -> PairScorer.level(code, MatchField.ADDRESS) == MatchLevel.SAME_STREET;
                case NAME -> PairScorer.level(code, MatchField.FIRST_NAME) == MatchLevel.EXACT
                        && PairScorer.level(code, MatchField.LAST_NAME) == MatchLevel.EXACT
                        && !PairScorer.swapped(code);
            };
        }

        /** How many of all duplicates a session can see, as the chance that a duplicate pair is in it. */
        double seen(MatchModel model, double[] present, long sampled) {
            double seen = 1;
            List<MatchField> chosenBy = anchor != null ? List.of(anchor)
                    : List.of(MatchField.FIRST_NAME, MatchField.LAST_NAME);
            for (MatchField f : chosenBy) {
                seen *= model.level(f, MatchModel.anchorLevel(f)).m() * (present[f.ordinal()] / sampled);
            }
            return seen;
        }
    }

    /**
     * What one session learned: its duplicates, m of its evidence fields, and for the others how they compare
     * among its duplicates ({@code m}) and among its other pairs ({@code u}).
     */
    private record Learned(Session session, double duplicates, double others,
                           Map<MatchField, Map<MatchLevel, Double>> m, Map<MatchField, Map<MatchLevel, Double>> u,
                           Map<MatchField, Map<MatchLevel, Double>> apart) {
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
                    double sampledU = (uCounts[f.ordinal()][l.level().ordinal()] + PSEUDO_PAIRS * l.fixedU())
                            / (present[f.ordinal()] + PSEUDO_PAIRS);
                    of.put(l.level(), Math.max(sampledU, U_FLOOR * l.fixedU()));
                }
            }
            u.put(f, of);
        }
        List<Learned> sessions = new ArrayList<>();
        for (Session s : Session.values()) {
            sessions.add(em(s, candidates, fixed, u));
        }
        double found = sessions.stream().mapToDouble(Learned::duplicates).sum();
        boolean learn = found >= MIN_DUPLICATES;
        List<MatchModel.Level> levels = new ArrayList<>();
        for (MatchModel.Level l : fixed.levels()) {
            double m = l.fixedM();
            double uOf = learnable(l.level()) ? u.get(l.field()).get(l.level()) : l.fixedU();
            if (learn && learnable(l.level())) {
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
            levels.add(new MatchModel.Level(l.field(), l.level(), Math.max(m, 1e-6), uOf, l.fixedM(), l.fixedU()));
        }
        if (!learn) {
            return new MatchModel(MatchModel.Source.FIXED, fixed.prior(), n, candidates.length, fixed.duplicates(),
                    now, levels, List.of());
        }
        MatchModel draft = new MatchModel(MatchModel.Source.LEARNED, 0, n, candidates.length, 0, now, levels,
                List.of());
        List<MatchModel.Given> given = new ArrayList<>();
        double allPairs = n * (n - 1.0) / 2;
        for (Learned s : sessions) {
            if (s.session().anchor == null || s.others() < MIN_OTHERS) {
                continue;
            }
            MatchField anchor = s.session().anchor;
            MatchModel.Level shared = draft.level(anchor, MatchModel.anchorLevel(anchor));
            given.add(new MatchModel.Given(anchor, anchor, shared.level(), shared.m(),
                    Math.max(shared.u(), s.others() / allPairs)));
            for (Map.Entry<MatchField, Map<MatchLevel, Double>> f : s.u().entrySet()) {
                for (Map.Entry<MatchLevel, Double> l : f.getValue().entrySet()) {
                    given.add(new MatchModel.Given(anchor, f.getKey(), l.getKey(),
                            s.m().get(f.getKey()).get(l.getKey()), l.getValue()));
                }
            }
            for (Map.Entry<MatchField, Map<MatchLevel, Double>> f : s.apart().entrySet()) {
                double total = f.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
                if (total < MIN_OTHERS) {
                    continue;
                }
                for (MatchModel.Level l : draft.levels()) {
                    if (l.field() == f.getKey() && learnable(l.level())) {
                        double apart = (f.getValue().getOrDefault(l.level(), 0.0) + PSEUDO_APART * l.u())
                                / (total + PSEUDO_APART);
                        given.add(new MatchModel.Given(anchor, l.field(), l.level(), l.m(),
                                Math.max(apart, U_FLOOR * l.u())));
                    }
                }
            }
        }
        double duplicates = duplicates(sessions, draft, present, sampled);
        return new MatchModel(MatchModel.Source.LEARNED, MatchModel.priorOf(duplicates, n), n, candidates.length,
                duplicates, now, levels, given);
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
     * Expectation-maximisation over one session's pairs, u held at the random pairs' values and only the
     * session's evidence fields counted: how many of its pairs are duplicates, m of its evidence fields, and how
     * every other field (what chose the session aside) compares among its duplicates and among its other pairs.
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
        List<MatchField> tallied = new ArrayList<>();
        for (MatchField f : MatchField.values()) {
            boolean chosenBy = f == session.anchor
                    || session.anchor == null && (f == MatchField.FIRST_NAME || f == MatchField.LAST_NAME);
            if (!chosenBy) {
                tallied.add(f);
            }
        }
        Map<MatchField, Map<MatchLevel, Double>> m = new EnumMap<>(MatchField.class);
        for (MatchField f : tallied) {
            Map<MatchLevel, Double> of = new EnumMap<>(MatchLevel.class);
            fixed.levels().stream().filter(l -> l.field() == f && learnable(l.level()))
                    .forEach(l -> of.put(l.level(), l.fixedM()));
            m.put(f, of);
        }
        if (pairs == 0) {
            return new Learned(session, 0, 0, Map.of(), Map.of(), Map.of());
        }
        double lambda = 0.5;
        double expected = -1;
        Map<MatchField, Map<MatchLevel, Double>> matchMass = Map.of();
        Map<MatchField, Map<MatchLevel, Double>> otherMass = Map.of();
        for (int it = 0; it < ITERATIONS; it++) {
            matchMass = masses(tallied);
            otherMass = masses(tallied);
            double matches = 0;
            for (Map.Entry<Long, Integer> p : patterns.entrySet()) {
                double weight = posterior(session, p.getKey(), lambda, m, u) * p.getValue();
                matches += weight;
                for (MatchField f : tallied) {
                    MatchLevel level = PairScorer.level(p.getKey(), f);
                    if (level != MatchLevel.MISSING && learnable(level)) {
                        matchMass.get(f).merge(level, weight, Double::sum);
                        otherMass.get(f).merge(level, p.getValue() - weight, Double::sum);
                    }
                }
            }
            lambda = Math.min(1 - 1e-9, Math.max(1e-9, matches / pairs));
            for (MatchField f : session.evidence) {
                normalise(m.get(f), matchMass.get(f), f, fixed, 1);
            }
            boolean converged = Math.abs(matches - expected) < 1e-3;
            expected = matches;
            if (converged) {
                break;
            }
        }
        // fields that are not evidence: how they compare among the duplicates found, and among the others
        Map<MatchField, Map<MatchLevel, Double>> others = new EnumMap<>(MatchField.class);
        for (MatchField f : tallied) {
            if (!session.evidence.contains(f)) {
                normalise(m.get(f), matchMass.get(f), f, fixed, PSEUDO_GIVEN);
            }
            if (session.anchor != null && !session.evidence.contains(f)) {
                Map<MatchLevel, Double> of = new EnumMap<>(MatchLevel.class);
                double total = otherMass.get(f).values().stream().mapToDouble(Double::doubleValue).sum();
                for (MatchLevel level : m.get(f).keySet()) {
                    of.put(level, (otherMass.get(f).getOrDefault(level, 0.0) + PSEUDO_GIVEN * u.get(f).get(level))
                            / (total + PSEUDO_GIVEN));
                }
                others.put(f, of);
            }
        }
        // which pairs are two people, for counting relatives apart: judged with the fixed m, which a session full
        // of look-alike relatives cannot talk into taking them for one person
        Map<MatchField, Map<MatchLevel, Double>> fixedM = new EnumMap<>(MatchField.class);
        fixed.levels().forEach(l -> fixedM.computeIfAbsent(l.field(), f -> new EnumMap<>(MatchLevel.class))
                .put(l.level(), l.fixedM()));
        double share = expected / pairs;
        return new Learned(session, expected, pairs - expected, m, others,
                apart(session, patterns, code -> 1 - posterior(session, code, share, fixedM, u)));
    }

    /** The chance that a session's pair is one person, from the session's share of duplicates and its evidence. */
    private static double posterior(Session session, long code, double lambda,
                                    Map<MatchField, Map<MatchLevel, Double>> m,
                                    Map<MatchField, Map<MatchLevel, Double>> u) {
        double bits = 0;
        for (MatchField f : session.evidence) {
            MatchLevel level = PairScorer.level(code, f);
            if (level != MatchLevel.MISSING && learnable(level)) {
                bits += MatchModel.log2(m.get(f).get(level) / u.get(f).get(level));
            }
        }
        double odds = lambda / (1 - lambda) * Math.pow(2, bits);
        return Double.isInfinite(odds) ? 1 : odds / (1 + odds);
    }

    /**
     * How each evidence field compares among the session's pairs that another evidence field shows to be two
     * people (birth dates that differ, first names that differ): how often two relatives sharing a phone have one
     * first name, which can be far rarer than for two people taken at random. Counted apart from EM, which
     * cannot learn a field's u from pairs it chose with that field's own evidence: where many fathers and sons
     * share one name, it would take them for one person whose birth date differs. Each pair counts by the chance
     * that it is two people ({@code twoPeople}): where a session holds few relatives, the duplicates whose first
     * name or birth date was mistyped would otherwise outnumber them.
     */
    private static Map<MatchField, Map<MatchLevel, Double>> apart(Session session, Map<Long, Integer> patterns,
                                                                  java.util.function.LongToDoubleFunction twoPeople) {
        if (session.anchor == null) {
            return Map.of();
        }
        Map<MatchField, Map<MatchLevel, Double>> counts = masses(List.copyOf(session.evidence));
        for (Map.Entry<Long, Integer> p : patterns.entrySet()) {
            for (MatchField f : session.evidence) {
                MatchLevel level = PairScorer.level(p.getKey(), f);
                if (level == MatchLevel.MISSING || !learnable(level)) {
                    continue;
                }
                boolean shownApart = session.evidence.stream()
                        .anyMatch(g -> g != f && PairScorer.level(p.getKey(), g) == MatchLevel.DIFFERENT);
                if (shownApart) {
                    counts.get(f).merge(level, twoPeople.applyAsDouble(p.getKey()) * p.getValue(), Double::sum);
                }
            }
        }
        return counts;
    }

    private static Map<MatchField, Map<MatchLevel, Double>> masses(List<MatchField> fields) {
        Map<MatchField, Map<MatchLevel, Double>> mass = new EnumMap<>(MatchField.class);
        fields.forEach(f -> mass.put(f, new EnumMap<>(MatchLevel.class)));
        return mass;
    }

    /** m of each level from the duplicates' mass, a level never seen keeping a trace of the fixed table. */
    private static void normalise(Map<MatchLevel, Double> m, Map<MatchLevel, Double> mass, MatchField f,
                                  MatchModel fixed, double pseudo) {
        double total = mass.values().stream().mapToDouble(Double::doubleValue).sum();
        for (MatchLevel level : m.keySet()) {
            m.put(level, (mass.getOrDefault(level, 0.0) + pseudo * fixed.level(f, level).fixedM()) / (total + pseudo));
        }
    }

    /**
     * Whether a level's m and u are learned. An email made only of the person's name ({@link MatchLevel#NAME_ONLY})
     * agrees whenever the names do, for namesakes as much as for duplicates: learning it from pairs chosen by
     * their names would count each namesake twice.
     */
    private static boolean learnable(MatchLevel level) {
        return level != MatchLevel.NAME_ONLY;
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
            double seen = s.session().seen(model, present, sampled);
            if (seen <= 0) {
                continue;
            }
            total += s.duplicates() / seen * s.duplicates();
            weight += s.duplicates();
        }
        return weight == 0 ? model.duplicates() : total / weight;
    }
}
