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
    private static final LevenshteinDistance LEVENSHTEIN = new LevenshteinDistance(3);
    private static final double NAME_SIMILAR = 0.90;
    private static final double STREET_SIMILAR = 0.88;
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
                double rarity = given != null ? 0 : rarity(f, level, a);
                out[f.ordinal()] = given != null ? new Weighed(bounded(level, given.weight()), 0,
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

    FieldMatch emails(MatchRecord ra, MatchRecord rb) {
        List<String> a = ra.emails();
        List<String> b = rb.emails();
        if (a.isEmpty() || b.isEmpty()) {
            return line(MatchField.EMAIL, MatchLevel.MISSING, first(a), first(b));
        }
        for (String x : a) {
            if (b.contains(x)) {
                return line(MatchField.EMAIL, MatchLevel.EXACT, x, x);
            }
        }
        for (String x : a) {
            for (String y : b) {
                if (emailsSimilar(x, y)) {
                    boolean nameOnly = nameOnly(x, ra) || nameOnly(x, rb);
                    return line(MatchField.EMAIL, nameOnly ? MatchLevel.NAME_ONLY : MatchLevel.SIMILAR, x, y);
                }
            }
        }
        return line(MatchField.EMAIL, MatchLevel.DIFFERENT, a.get(0), b.get(0));
    }

    /**
     * The same user on another domain ("ana.ruiz@gmail.com", "ana.ruiz@hotmail.es"), or a typo of one letter or
     * two that leaves the digits alone ("ana.ruiz76" and "ana.ruiz81" are two people).
     */
    static boolean emailsSimilar(String x, String y) {
        int at = x.lastIndexOf('@');
        int bt = y.lastIndexOf('@');
        if (at < 0 || bt < 0) {
            return false;
        }
        String localX = x.substring(0, at);
        String localY = y.substring(0, bt);
        if (localX.length() >= 5 && lettersOf(localX).equals(lettersOf(localY))) {
            return true;
        }
        if (!digitsOf(x).equals(digitsOf(y))) {
            return false;
        }
        int distance = LEVENSHTEIN.apply(x, y);
        return distance >= 0 && distance <= (x.length() > 12 ? 2 : 1);
    }

    /**
     * Whether an email's user part, digits aside, is made only of the record's names: first name (all of it,
     * its first word or its initial) and surname (all of it or one word), in either order. When the record has
     * only an initial, any word starting with it counts as the first name.
     */
    static boolean nameOnly(String email, MatchRecord r) {
        int at = email.lastIndexOf('@');
        String letters = lettersOf(at < 0 ? email : email.substring(0, at)).replaceAll("[0-9]", "");
        List<String> first = r.firstTokens();
        List<String> last = r.lastTokens();
        if (first.isEmpty() || last.isEmpty() || letters.isEmpty()) {
            return false;
        }
        List<String> surnames = new ArrayList<>(last);
        surnames.add(String.join("", last));
        String initial = first.get(0).substring(0, 1);
        boolean onlyInitial = first.size() == 1 && first.get(0).length() == 1;
        List<String> givens = List.of(String.join("", first), first.get(0), initial);
        for (String surname : surnames) {
            String s = lettersOf(surname);
            for (String rest : new String[] {stripEnd(letters, s), stripStart(letters, s)}) {
                if (rest != null && (givens.contains(rest) || onlyInitial && rest.startsWith(initial))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String stripEnd(String text, String suffix) {
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : null;
    }

    private static String stripStart(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : null;
    }

    private static String digitsOf(String text) {
        StringBuilder digits = new StringBuilder(4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    private static String lettersOf(String local) {
        StringBuilder letters = new StringBuilder(local.length());
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                letters.append(c);
            }
        }
        return letters.toString();
    }

    FieldMatch phones(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return line(MatchField.PHONE, MatchLevel.MISSING, first(a), first(b));
        }
        for (String x : a) {
            if (b.contains(x)) {
                return line(MatchField.PHONE, MatchLevel.EXACT, x, x);
            }
        }
        for (String x : a) {
            for (String y : b) {
                if (x.length() >= 8 && y.length() >= 8 && x.endsWith(y.substring(y.length() - 8))) {
                    return line(MatchField.PHONE, MatchLevel.SIMILAR, x, y);
                }
            }
        }
        return line(MatchField.PHONE, MatchLevel.DIFFERENT, a.get(0), b.get(0));
    }

    FieldMatch birthDate(LocalDate a, LocalDate b) {
        MatchLevel level;
        if (a == null || b == null) {
            level = MatchLevel.MISSING;
        } else if (a.equals(b)) {
            level = MatchLevel.EXACT;
        } else if (a.getDayOfMonth() == b.getMonthValue() && a.getMonthValue() == b.getDayOfMonth()
                && a.getYear() == b.getYear()
                || a.getYear() == b.getYear() && (a.getMonthValue() == b.getMonthValue()
                || a.getDayOfMonth() == b.getDayOfMonth())
                || a.getMonthValue() == b.getMonthValue() && a.getDayOfMonth() == b.getDayOfMonth()
                && yearSlip(a.getYear(), b.getYear())) {
            level = MatchLevel.NEAR;
        } else {
            level = MatchLevel.DIFFERENT;
        }
        return line(MatchField.BIRTH_DATE, level, a == null ? null : a.toString(), b == null ? null : b.toString());
    }

    /** Years one mistyped digit apart and within a decade (1985 and 1986, not 1985 and 1955). */
    private static boolean yearSlip(int x, int y) {
        if (Math.abs(x - y) > 9) {
            return false;
        }
        String sx = Integer.toString(x);
        String sy = Integer.toString(y);
        if (sx.length() != sy.length()) {
            return false;
        }
        int differ = 0;
        for (int i = 0; i < sx.length(); i++) {
            differ += sx.charAt(i) != sy.charAt(i) ? 1 : 0;
        }
        return differ == 1;
    }

    FieldMatch address(MatchRecord a, MatchRecord b) {
        String placeA = a.placeKey();
        String placeB = b.placeKey();
        String shownA = place(a);
        String shownB = place(b);
        if (placeA == null || placeB == null) {
            return line(MatchField.ADDRESS, MatchLevel.MISSING, shownA, shownB);
        }
        String streetA = a.streetKey();
        String streetB = b.streetKey();
        boolean sameStreet = streetA != null && streetB != null && similar(streetA, streetB, STREET_SIMILAR);
        boolean sameCity = a.cityKey() != null && a.cityKey().equals(b.cityKey());
        // in one city, a postal code missing, one slip apart ("2630", "2660"; "5045", "5054"), or wrong on a
        // street both records name, is the same area
        boolean sameArea = placeA.equals(placeB) || sameCity && (a.postalCode() == null || b.postalCode() == null
                || oneSlipApart(placeA, placeB) || sameStreet);
        if (!sameArea) {
            return line(MatchField.ADDRESS, MatchLevel.DIFFERENT, shownA, shownB);
        }
        return line(MatchField.ADDRESS, sameStreet ? MatchLevel.SAME_STREET : MatchLevel.SAME_AREA, shownA, shownB);
    }

    /** Two codes of one length that differ in one character, or in two neighbours swapped. */
    static boolean oneSlipApart(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int first = -1;
        int differ = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                differ++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        return differ == 1 || differ == 2 && first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1)
                && a.charAt(first + 1) == b.charAt(first);
    }

    private static String place(MatchRecord r) {
        List<String> parts = new ArrayList<>(3);
        for (String part : new String[] {r.street(), r.postalCode(), r.city()}) {
            if (part != null && !part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static boolean similar(String x, String y, double threshold) {
        return JARO_WINKLER.apply(x, y) >= threshold;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private FieldMatch line(MatchField field, MatchLevel level, String a, String b) {
        return new FieldMatch(field, level, model.weight(field, level), a, b);
    }
}
