package org.registro.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Compares two contacts field by field and adds up the Fellegi-Sunter weights of {@link MatchWeights}. Names
 * are folded (case, accents), may be written the other way round (first name in the last-name field), and agree
 * through initials, nicknames (Spanish, English, Danish) and close spelling. Stateless and thread-safe.
 */
public final class PairScorer {

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final LevenshteinDistance LEVENSHTEIN = new LevenshteinDistance(3);
    private static final double NAME_SIMILAR = 0.90;
    private static final double STREET_SIMILAR = 0.88;

    private final Nicknames nicknames;

    public PairScorer(Nicknames nicknames) {
        this.nicknames = nicknames;
    }

    public PairScorer() {
        this(Nicknames.defaults());
    }

    public PairScore score(MatchRecord a, MatchRecord b) {
        FieldMatch first = firstName(a.firstName(), b.firstName());
        FieldMatch last = lastName(a.lastName(), b.lastName());
        boolean swapped = false;
        FieldMatch crossFirst = firstName(a.firstName(), b.lastName());
        FieldMatch crossLast = lastName(a.lastName(), b.firstName());
        if (crossFirst.weight() + crossLast.weight() > first.weight() + last.weight()
                && crossFirst.level() != MatchLevel.MISSING && crossLast.level() != MatchLevel.MISSING) {
            first = crossFirst;
            last = crossLast;
            swapped = true;
        }
        List<FieldMatch> fields = new ArrayList<>(6);
        fields.add(first);
        fields.add(last);
        fields.add(emails(a.emails(), b.emails()));
        fields.add(phones(a.phones(), b.phones()));
        fields.add(birthDate(a.birthDate(), b.birthDate()));
        fields.add(address(a, b));
        double weight = 0;
        for (FieldMatch f : fields) {
            weight += f.weight();
        }
        return new PairScore(a.id(), b.id(), weight, MatchWeights.score(weight), swapped, List.copyOf(fields));
    }

    FieldMatch firstName(String rawA, String rawB) {
        List<String> a = MatchRecord.tokens(rawA);
        List<String> b = MatchRecord.tokens(rawB);
        MatchLevel level;
        if (a.isEmpty() || b.isEmpty()) {
            level = MatchLevel.MISSING;
        } else if (String.join(" ", a).equals(String.join(" ", b)) || a.get(0).equals(b.get(0))) {
            level = MatchLevel.EXACT;
        } else if (anyPair(a, b, this::nicknames)) {
            level = MatchLevel.NICKNAME;
        } else if (initialAgrees(a.get(0), b.get(0))) {
            level = MatchLevel.INITIAL;
        } else if (anyPair(a, b, (x, y) -> x.length() > 1 && y.length() > 1 && similar(x, y, NAME_SIMILAR))) {
            level = MatchLevel.SIMILAR;
        } else {
            level = MatchLevel.DIFFERENT;
        }
        return line(MatchField.FIRST_NAME, level, rawA, rawB);
    }

    FieldMatch lastName(String rawA, String rawB) {
        List<String> a = MatchRecord.tokens(rawA);
        List<String> b = MatchRecord.tokens(rawB);
        MatchLevel level;
        if (a.isEmpty() || b.isEmpty()) {
            level = MatchLevel.MISSING;
        } else if (a.equals(b)) {
            level = MatchLevel.EXACT;
        } else if (anyPair(a, b, (x, y) -> x.length() > 2 && x.equals(y))) {
            level = MatchLevel.PARTIAL;
        } else if (similar(String.join(" ", a), String.join(" ", b), NAME_SIMILAR)
                || anyPair(a, b, (x, y) -> x.length() > 3 && y.length() > 3 && similar(x, y, NAME_SIMILAR))) {
            level = MatchLevel.SIMILAR;
        } else {
            level = MatchLevel.DIFFERENT;
        }
        return line(MatchField.LAST_NAME, level, rawA, rawB);
    }

    private boolean nicknames(String x, String y) {
        return x.length() > 1 && y.length() > 1 && nicknames.areVariants(x, y);
    }

    private static boolean initialAgrees(String x, String y) {
        return (x.length() == 1 || y.length() == 1) && x.charAt(0) == y.charAt(0);
    }

    FieldMatch emails(List<String> a, List<String> b) {
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
                    return line(MatchField.EMAIL, MatchLevel.SIMILAR, x, y);
                }
            }
        }
        return line(MatchField.EMAIL, MatchLevel.DIFFERENT, a.get(0), b.get(0));
    }

    /** The same user on another domain ("ana.ruiz@gmail.com", "ana.ruiz@hotmail.es"), or a typo of one letter or two. */
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
        int distance = LEVENSHTEIN.apply(x, y);
        return distance >= 0 && distance <= (x.length() > 12 ? 2 : 1);
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
                || (a.getYear() == b.getYear() ? 1 : 0) + (a.getMonthValue() == b.getMonthValue() ? 1 : 0)
                + (a.getDayOfMonth() == b.getDayOfMonth() ? 1 : 0) == 2) {
            level = MatchLevel.NEAR;
        } else {
            level = MatchLevel.DIFFERENT;
        }
        return line(MatchField.BIRTH_DATE, level, a == null ? null : a.toString(), b == null ? null : b.toString());
    }

    FieldMatch address(MatchRecord a, MatchRecord b) {
        String placeA = a.placeKey();
        String placeB = b.placeKey();
        String shownA = place(a);
        String shownB = place(b);
        if (placeA == null || placeB == null) {
            return line(MatchField.ADDRESS, MatchLevel.MISSING, shownA, shownB);
        }
        boolean sameArea = placeA.equals(placeB) || (MatchRecord.fold(a.city()) != null
                && MatchRecord.fold(a.city()).equals(MatchRecord.fold(b.city()))
                && (a.postalCode() == null || b.postalCode() == null));
        if (!sameArea) {
            return line(MatchField.ADDRESS, MatchLevel.DIFFERENT, shownA, shownB);
        }
        String streetA = MatchRecord.fold(a.street());
        String streetB = MatchRecord.fold(b.street());
        if (streetA != null && streetB != null && similar(streetA, streetB, STREET_SIMILAR)) {
            return line(MatchField.ADDRESS, MatchLevel.SAME_STREET, shownA, shownB);
        }
        return line(MatchField.ADDRESS, MatchLevel.SAME_AREA, shownA, shownB);
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

    private static boolean anyPair(List<String> a, List<String> b, java.util.function.BiPredicate<String, String> test) {
        for (String x : a) {
            for (String y : b) {
                if (test.test(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private static FieldMatch line(MatchField field, MatchLevel level, String a, String b) {
        return new FieldMatch(field, level, MatchWeights.weight(field, level), a, b);
    }
}
