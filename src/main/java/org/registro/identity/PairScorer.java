package org.registro.identity;

import org.registro.contact.Nicknames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Compares two contacts field by field and adds up the Fellegi-Sunter weights of a {@link MatchModel}, with
 * agreement on a name or place weighed by how rare the value is ({@link TermFrequencies}). Names are folded
 * (case, accents), may be written the other way round (first name in the last-name field), and agree through
 * initials, nicknames (Spanish, English, Danish) and close spelling. Immutable and thread-safe.
 */
public final class PairScorer {

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final double NAME_SIMILAR = 0.90;
    private static final org.apache.commons.text.similarity.LevenshteinDistance ONE_EDIT =
            new org.apache.commons.text.similarity.LevenshteinDistance(1);

    /** Bits per field in a {@link #compare} code. */
    private static final int BITS = 4;
    private static final long SWAPPED = 1L << (BITS * 6);

    private final Nicknames nicknames;
    private final MatchModel model;
    private final TermFrequencies frequencies;

    public PairScorer(Nicknames nicknames, MatchModel model, TermFrequencies frequencies) {
        this.nicknames = nicknames;
        this.model = model;
        this.frequencies = frequencies;
    }

    /** The fixed weights, no term frequencies: for comparing levels, and for tests. */
    public PairScorer() {
        this(Nicknames.defaults(), MatchModel.fixed(10_000), TermFrequencies.none());
    }

    /** The same comparisons weighed with another model and other frequencies. */
    public PairScorer with(MatchModel otherModel, TermFrequencies otherFrequencies) {
        return new PairScorer(nicknames, otherModel, otherFrequencies);
    }

    public MatchModel model() {
        return model;
    }

    /**
     * How the two records compare, field by field, packed in a number ({@link #level}, {@link #swapped}): what
     * a scan keeps of each pair to learn the weights and score it without comparing again.
     */
    public long compare(MatchRecord a, MatchRecord b) {
        return code(lines(a, b));
    }

    public static MatchLevel level(long code, MatchField field) {
        return MatchLevel.values()[(int) ((code >>> (BITS * field.ordinal())) & ((1 << BITS) - 1))];
    }

    public static boolean swapped(long code) {
        return (code & SWAPPED) != 0;
    }

    /** The weight of a pair already compared into {@code code}. */
    public double weight(MatchRecord a, MatchRecord b, long code) {
        double weight = 0;
        for (Weighed w : weigh(a, code)) {
            weight += w.bits();
        }
        return weight;
    }

    public PairScore score(MatchRecord a, MatchRecord b) {
        Lines lines = lines(a, b);
        Weighed[] weighed = weigh(a, code(lines));
        List<FieldMatch> fields = new ArrayList<>(6);
        double weight = 0;
        for (FieldMatch f : lines.fields) {
            Weighed w = weighed[f.field().ordinal()];
            fields.add(new FieldMatch(f.field(), f.level(), w.bits(), f.a(), f.b(), w.rarity(), w.given()));
            weight += w.bits();
        }
        return new PairScore(a.id(), b.id(), weight, model.score(weight), lines.swapped, List.copyOf(fields));
    }

    /** A field's bits, the part of them its value's rarity gave, and the contact point they were weighed given. */
    private record Weighed(double bits, double rarity, MatchField given) {
        static final Weighed NOTHING = new Weighed(0, 0, null);
    }

    /** How each field of a compared pair weighs, in {@link MatchField} order. */
    private Weighed[] weigh(MatchRecord a, long code) {
        MatchField anchor = anchor(code);
        boolean swapped = swapped(code);
        Weighed[] out = new Weighed[MatchField.values().length];
        for (MatchField f : MatchField.values()) {
            MatchLevel level = level(code, f);
            if (level == MatchLevel.MISSING) {
                out[f.ordinal()] = Weighed.NOTHING;
            } else if (swapped && isName(f)) {
                out[f.ordinal()] = nameRead(f, level, anchor);
            } else {
                MatchModel.Given given = anchor == null ? null : model.given(anchor, f, level);
                // a household shares its surname and address however rare they are, not a first name: a rare
                // one agreeing says as much among relatives as anywhere
                double rarity = given != null && f != MatchField.FIRST_NAME ? 0 : rarity(f, level, a);
                out[f.ordinal()] = given != null ? new Weighed(bounded(level, given.weight()) + rarity, rarity,
                        f == anchor ? null : anchor)
                        : new Weighed(model.weight(f, level) + rarity, rarity, null);
            }
        }
        if (swapped) {
            // names written the other way round: either record may be the one swapped, so the line compared
            // as first names may hold surnames (a household's shared one); the reading that weighs less counts
            MatchLevel first = level(code, MatchField.FIRST_NAME);
            MatchLevel last = level(code, MatchField.LAST_NAME);
            Weighed asFirst = nameRead(MatchField.LAST_NAME, asSurname(first), anchor);
            Weighed asLast = nameRead(MatchField.FIRST_NAME, last, anchor);
            Weighed[] straight = {out[MatchField.FIRST_NAME.ordinal()], out[MatchField.LAST_NAME.ordinal()]};
            if (asFirst.bits() + asLast.bits() < straight[0].bits() + straight[1].bits()) {
                out[MatchField.FIRST_NAME.ordinal()] = asFirst;
                out[MatchField.LAST_NAME.ordinal()] = asLast;
            }
        }
        return out;
    }

    /** A name line read as {@code field} (no rarity: which name the words are cannot be told). */
    private Weighed nameRead(MatchField field, MatchLevel level, MatchField anchor) {
        MatchModel.Given given = anchor == null ? null : model.given(anchor, field, level);
        return given != null ? new Weighed(bounded(level, given.weight()), 0, anchor)
                : new Weighed(model.weight(field, level), 0, null);
    }

    /**
     * Values that differ never speak for one person. Given a shared phone they can seem to (a household's members
     * share their surname, so a different surname is rarer among them than among one person's records, whose
     * surname a typo or a swap changed), but that says the pair is not two relatives, not that it is one person.
     */
    private static double bounded(MatchLevel level, double bits) {
        return level == MatchLevel.DIFFERENT ? Math.min(0, bits) : bits;
    }

    /** A first-name level as the surname level closest to it. */
    private static MatchLevel asSurname(MatchLevel level) {
        return level == MatchLevel.NICKNAME || level == MatchLevel.INITIAL ? MatchLevel.SIMILAR : level;
    }

    /**
     * The most telling contact point both records share (an email, then a phone, then a street address), when the
     * model knows how the other fields compare given it; null when they share none, or when the model does not
     * know the most telling one they share: a pair sharing an email nobody else shares is never weighed as if
     * it only shared a street, where relatives live (that would weigh the shared email given the street).
     */
    private MatchField anchor(long code) {
        for (MatchField f : MatchModel.ANCHORS) {
            if (level(code, f) == MatchModel.anchorLevel(f)) {
                return model.knowsGiven(f) ? f : null;
            }
        }
        return null;
    }

    /** The bits a shared name or place adds beyond its level for being rare (or takes for being common). */
    private double rarity(MatchField field, MatchLevel level, MatchRecord a) {
        return switch (field) {
            case FIRST_NAME -> level == MatchLevel.EXACT ? frequencies.adjustment(TermFrequencies.Term.NAME,
                    TermFrequencies.name(a.firstTokens()), model.level(field, level).u()) : 0;
            case LAST_NAME -> level == MatchLevel.EXACT ? frequencies.adjustment(TermFrequencies.Term.NAME,
                    TermFrequencies.name(a.lastTokens()), model.level(field, level).u()) : 0;
            case ADDRESS -> level == MatchLevel.SAME_AREA ? frequencies.adjustment(TermFrequencies.Term.PLACE,
                    a.placeKey(), model.level(field, level).u())
                    : level == MatchLevel.SAME_STREET ? frequencies.adjustment(TermFrequencies.Term.STREET,
                    TermFrequencies.street(a), model.level(field, level).u()) : 0;
            default -> 0;
        };
    }

    private static boolean isName(MatchField field) {
        return field == MatchField.FIRST_NAME || field == MatchField.LAST_NAME;
    }

    private static long code(Lines lines) {
        long code = lines.swapped ? SWAPPED : 0;
        for (FieldMatch f : lines.fields) {
            code |= (long) f.level().ordinal() << (BITS * f.field().ordinal());
        }
        return code;
    }

    /** The six lines of a comparison, weighed by level only. */
    private record Lines(List<FieldMatch> fields, boolean swapped) {
    }

    private Lines lines(MatchRecord a, MatchRecord b) {
        FieldMatch first = firstName(a.firstTokens(), b.firstTokens(), a.firstName(), b.firstName());
        FieldMatch last = lastName(a.lastTokens(), b.lastTokens(), a.lastName(), b.lastName());
        boolean swapped = false;
        FieldMatch crossFirst = firstName(a.firstTokens(), b.lastTokens(), a.firstName(), b.lastName());
        FieldMatch crossLast = lastName(a.lastTokens(), b.firstTokens(), a.lastName(), b.firstName());
        if (crossFirst.weight() + crossLast.weight() > first.weight() + last.weight()
                && crossFirst.level() != MatchLevel.MISSING && crossLast.level() != MatchLevel.MISSING) {
            first = crossFirst;
            last = crossLast;
            swapped = true;
        }
        List<FieldMatch> fields = new ArrayList<>(6);
        fields.add(first);
        fields.add(last);
        fields.add(emails(a, b));
        fields.add(phones(a.phones(), b.phones()));
        fields.add(birthDate(a.birthDate(), b.birthDate()));
        fields.add(address(a, b));
        return new Lines(fields, swapped);
    }

    /**
     * First names: the same words; a nickname ("Pepe", "José"; "Chema", "José María"); one of two given names
     * ("María" in "María José"); an initial ("M." and "Masha"); close spelling word by word. Two compound names
     * that differ in a word ("María José", "María del Carmen") are different names.
     */
    FieldMatch firstName(String rawA, String rawB) {
        return firstName(MatchRecord.tokens(rawA), MatchRecord.tokens(rawB), rawA, rawB);
    }

    private FieldMatch firstName(List<String> a, List<String> b, String rawA, String rawB) {
        MatchLevel level;
        if (a.isEmpty() || b.isEmpty()) {
            level = MatchLevel.MISSING;
        } else if (a.equals(b)) {
            level = MatchLevel.EXACT;
        } else if (nicknames(String.join(" ", a), String.join(" ", b))
                || a.size() == b.size() && eachPair(a, b, (x, y) -> x.equals(y) || nicknames(x, y))) {
            level = MatchLevel.NICKNAME;
        } else if (a.size() != b.size() && containsAll(a, b, String::equals)) {
            level = MatchLevel.PARTIAL;
        } else if (initialAgrees(a.get(0), b.get(0))) {
            level = MatchLevel.INITIAL;
        } else if (a.size() == b.size() ? eachPair(a, b, this::similarName)
                : containsAll(a, b, this::similarName) || sameLetters(a, b)) {
            level = MatchLevel.SIMILAR;
        } else {
            level = MatchLevel.DIFFERENT;
        }
        return line(MatchField.FIRST_NAME, level, rawA, rawB);
    }

    /**
     * Surnames: the same words in any order; one surname of a double surname when the other record has only
     * one ("García" in "García López"); close spelling word by word. Two double surnames that share only one
     * ("Quesada Pedraza", "Quesada Ceja") are different families.
     */
    FieldMatch lastName(String rawA, String rawB) {
        return lastName(MatchRecord.tokens(rawA), MatchRecord.tokens(rawB), rawA, rawB);
    }

    private FieldMatch lastName(List<String> a, List<String> b, String rawA, String rawB) {
        MatchLevel level;
        if (a.isEmpty() || b.isEmpty()) {
            level = MatchLevel.MISSING;
        } else if (a.size() == b.size() && a.stream().sorted().toList().equals(b.stream().sorted().toList())) {
            level = MatchLevel.EXACT; // the same words, in any order ("Cuéllar Cuéllar" is not "Cuéllar Espinal")
        } else if (a.size() != b.size() && containsAll(a, b, String::equals)) {
            level = MatchLevel.PARTIAL;
        } else if (a.size() == b.size() ? eachPair(a, b, this::similarName)
                : containsAll(a, b, this::similarName) || sameLetters(a, b)) {
            level = MatchLevel.SIMILAR;
        } else {
            level = MatchLevel.DIFFERENT;
        }
        return line(MatchField.LAST_NAME, level, rawA, rawB);
    }

    /**
     * One word's typo: close by Jaro-Winkler, or, in words of five letters or more, one letter wrong, missing or
     * extra ("Amner", "Amber"), which Jaro-Winkler undervalues in short words.
     */
    private boolean similarName(String x, String y) {
        return x.equals(y) || x.length() > 2 && y.length() > 2 && similar(x, y, NAME_SIMILAR)
                || Math.min(x.length(), y.length()) >= 5 && ONE_EDIT.apply(x, y) >= 0;
    }

    /** A space typed inside a name or left out ("Wyl Lie", "Wyllie"). */
    private static boolean sameLetters(List<String> a, List<String> b) {
        return String.join("", a).equals(String.join("", b));
    }

    /** Position by position, for two lists of the same size. */
    private static boolean eachPair(List<String> a, List<String> b, BiPredicate<String, String> test) {
        for (int i = 0; i < a.size(); i++) {
            if (!test.test(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Every word of the shorter list agrees with some word of the longer one. */
    private static boolean containsAll(List<String> a, List<String> b, BiPredicate<String, String> test) {
        List<String> shorter = a.size() <= b.size() ? a : b;
        List<String> longer = a.size() <= b.size() ? b : a;
        for (String x : shorter) {
            boolean found = false;
            for (String y : longer) {
                if (test.test(x, y)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private boolean nicknames(String x, String y) {
        return x.length() > 1 && y.length() > 1 && nicknames.areFoldedVariants(x, y);
    }

    private static boolean initialAgrees(String x, String y) {
        return (x.length() == 1 || y.length() == 1) && x.charAt(0) == y.charAt(0);
    }

    FieldMatch emails(MatchRecord a, MatchRecord b) {
        return line(MatchField.EMAIL, ContactPointLevels.emails(a, b));
    }

    FieldMatch phones(List<String> a, List<String> b) {
        return line(MatchField.PHONE, ContactPointLevels.phones(a, b));
    }

    FieldMatch birthDate(LocalDate a, LocalDate b) {
        return line(MatchField.BIRTH_DATE, ContactPointLevels.birthDate(a, b));
    }

    FieldMatch address(MatchRecord a, MatchRecord b) {
        return line(MatchField.ADDRESS, ContactPointLevels.address(a, b));
    }

    private static boolean similar(String x, String y, double threshold) {
        return JARO_WINKLER.apply(x, y) >= threshold;
    }


    private FieldMatch line(MatchField field, ContactPointLevels.Compared c) {
        return line(field, c.level(), c.a(), c.b());
    }

    private FieldMatch line(MatchField field, MatchLevel level, String a, String b) {
        return new FieldMatch(field, level, model.weight(field, level), a, b);
    }
}
