package org.registro.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.registro.common.Json;

/**
 * The weights one workspace's duplicates are scored with (Fellegi-Sunter). For each field and agreement level:
 * m, how often two records of one person compare at that level, and u, how often two different people do; a
 * level adds log2(m/u) bits. The prior is the log2 odds that two contacts taken at random are one person, so a
 * pair's score is the probability that it is one person: {@code 1 / (1 + 2^-(prior + weight))}.
 *
 * <p>A scan learns them from the workspace ({@link ModelEstimator}): u from random pairs, m by
 * expectation-maximisation over the candidate pairs, the prior from how many duplicates that finds. The
 * {@linkplain MatchWeights fixed table} is their starting point and stands in where the workspace has too
 * little to learn from. Agreement on a name or a place also counts how common that value is
 * ({@link TermFrequencies}).
 */
public final class MatchModel {

    /** Where the m values come from. */
    public enum Source {
        /** The fixed table (a workspace with too few duplicates to learn from, or never scanned). */
        FIXED,
        /** Learned from the workspace's own contacts. */
        LEARNED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Share of contacts assumed to be duplicates when the workspace cannot tell: one in twenty. */
    static final double ASSUMED_DUPLICATES = 0.05;

    /** m and u of one level, with the fixed table's beside them. */
    public record Level(MatchField field, MatchLevel level, double m, double u, double fixedM, double fixedU) {
        /** Bits this level adds to a pair's weight. */
        public double weight() {
            return log2(m / u);
        }

        public double fixedWeight() {
            return log2(fixedM / fixedU);
        }
    }

    /**
     * How a field compares when both records share a contact point ({@code anchor}: an email or a phone). People
     * of one household share a surname, an address and often a landline or an email, so among different people
     * sharing a phone these agree far more often than among people taken at random: counted as if independent,
     * a shared phone, address and surname would add up to a certainty that two relatives are one person. For the
     * anchor itself ({@code field == anchor}), u is how often different people of this workspace share one.
     */
    public record Given(MatchField anchor, MatchField field, MatchLevel level, double m, double u) {
        public double weight() {
            return log2(m / u);
        }
    }

    /** What the stored model holds (JSON in the workspace settings). */
    record Stored(String source, double prior, int contacts, long pairs, double duplicates, Instant estimatedAt,
                  List<Level> levels, List<Given> given) {
    }

    private final Source source;
    private final double prior;
    private final int contacts;
    private final long pairs;
    private final double duplicates;
    private final Instant estimatedAt;
    private final Map<MatchField, Map<MatchLevel, Level>> levels = new EnumMap<>(MatchField.class);
    private final Map<MatchField, Map<MatchField, Map<MatchLevel, Given>>> given = new EnumMap<>(MatchField.class);

    MatchModel(Source source, double prior, int contacts, long pairs, double duplicates, Instant estimatedAt,
               List<Level> levels, List<Given> given) {
        this.source = source;
        this.prior = prior;
        this.contacts = contacts;
        this.pairs = pairs;
        this.duplicates = duplicates;
        this.estimatedAt = estimatedAt;
        for (Level l : levels) {
            this.levels.computeIfAbsent(l.field(), f -> new EnumMap<>(MatchLevel.class)).put(l.level(), l);
        }
        for (Given g : given == null ? List.<Given>of() : given) {
            this.given.computeIfAbsent(g.anchor(), a -> new EnumMap<>(MatchField.class))
                    .computeIfAbsent(g.field(), f -> new EnumMap<>(MatchLevel.class)).put(g.level(), g);
        }
        for (MatchWeights.Entry e : MatchWeights.table()) {
            if (level(e.field(), e.level()) == null) {
                throw new IllegalArgumentException("no weight for " + e.field() + " " + e.level());
            }
        }
    }

    /**
     * The fixed table for a workspace of {@code contacts} contacts, one in twenty of them assumed to be a
     * duplicate.
     */
    public static MatchModel fixed(int contacts) {
        List<Level> levels = new ArrayList<>();
        for (MatchWeights.Entry e : MatchWeights.table()) {
            levels.add(new Level(e.field(), e.level(), e.m(), e.u(), e.m(), e.u()));
        }
        double duplicates = ASSUMED_DUPLICATES * Math.max(contacts, 2);
        return new MatchModel(Source.FIXED, priorOf(duplicates, contacts), contacts, 0, duplicates, null, levels,
                List.of());
    }

    /** The log2 odds that two contacts taken at random among {@code contacts} are one of the duplicate pairs. */
    static double priorOf(double duplicatePairs, int contacts) {
        double all = Math.max(1.0, contacts * (contacts - 1.0) / 2);
        double lambda = Math.min(0.5, Math.max(1e-12, duplicatePairs / all));
        return log2(lambda / (1 - lambda));
    }

    public Source source() {
        return source;
    }

    /** log2 of the prior odds that two contacts taken at random are one person. */
    public double prior() {
        return prior;
    }

    /** Contacts the model was made for. */
    public int contacts() {
        return contacts;
    }

    /** Candidate pairs the m values were learned from (0 for the fixed table). */
    public long pairs() {
        return pairs;
    }

    /** How many pairs of contacts the model expects to be one person. */
    public double duplicates() {
        return duplicates;
    }

    /** When it was learned; null for the fixed table. */
    public Instant estimatedAt() {
        return estimatedAt;
    }

    public Level level(MatchField field, MatchLevel level) {
        Map<MatchLevel, Level> of = levels.get(field);
        return of == null ? null : of.get(level);
    }

    /** The weight in bits of a field compared at a level; 0 for a missing value. */
    public double weight(MatchField field, MatchLevel level) {
        if (level == MatchLevel.MISSING) {
            return 0;
        }
        Level l = level(field, level);
        if (l == null) {
            throw new IllegalArgumentException(field + " has no level " + level);
        }
        return l.weight();
    }

    /** The contact points other fields may be weighed given, most telling first. */
    static final List<MatchField> ANCHORS = List.of(MatchField.EMAIL, MatchField.PHONE, MatchField.ADDRESS);

    /** The level at which two records share a contact point: the same email or phone, the same street address. */
    static MatchLevel anchorLevel(MatchField field) {
        return field == MatchField.ADDRESS ? MatchLevel.SAME_STREET : MatchLevel.EXACT;
    }

    /** Whether the model knows how fields compare given a shared {@code anchor} (an email, a phone, a street). */
    public boolean knowsGiven(MatchField anchor) {
        return given.containsKey(anchor);
    }

    /**
     * How a field compared at a level weighs given that the pair shares {@code anchor} exactly; null when the
     * model has nothing particular to say (the field's own weight applies).
     */
    public Given given(MatchField anchor, MatchField field, MatchLevel level) {
        Map<MatchField, Map<MatchLevel, Given>> of = given.get(anchor);
        Map<MatchLevel, Given> levelsOf = of == null ? null : of.get(field);
        return levelsOf == null ? null : levelsOf.get(level);
    }

    /** Every "given a shared email or phone" entry. */
    public List<Given> given() {
        List<Given> out = new ArrayList<>();
        given.values().forEach(of -> of.values().forEach(l -> out.addAll(l.values())));
        return out;
    }

    /** The match probability in percent of a total weight. */
    public double score(double weight) {
        return 100.0 / (1.0 + Math.pow(2, -(weight + prior)));
    }

    /** Every level of every field, in field and level order. */
    public List<Level> levels() {
        List<Level> out = new ArrayList<>();
        levels.values().forEach(of -> out.addAll(of.values()));
        return out;
    }

    String toJson() {
        return Json.write(new Stored(source.code(), prior, contacts, pairs, duplicates, estimatedAt, levels(),
                given()));
    }

    static MatchModel fromJson(String json) {
        Stored s = Json.read(json, Stored.class);
        return new MatchModel(Source.valueOf(s.source().toUpperCase(java.util.Locale.ROOT)), s.prior(),
                s.contacts(), s.pairs(), s.duplicates(), s.estimatedAt(), s.levels(), s.given());
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
