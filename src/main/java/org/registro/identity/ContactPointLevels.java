package org.registro.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * How two records' emails, phones, birth dates and addresses compare, as a level and the two values shown; the
 * scorer weighs the level. Names, which need the nickname table and the model, stay in {@link PairScorer}.
 */
final class ContactPointLevels {

    /** A level and the two values it was read from (null when a side has none). */
    record Compared(MatchLevel level, String a, String b) {
    }

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final LevenshteinDistance LEVENSHTEIN = new LevenshteinDistance(3);
    private static final double STREET_SIMILAR = 0.88;

    private ContactPointLevels() {
    }

    /** MISSING when a side has none, EXACT when both have one value; null when neither. */
    private static Compared missingOrShared(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return new Compared(MatchLevel.MISSING, first(a), first(b));
        }
        for (String x : a) {
            if (b.contains(x)) {
                return new Compared(MatchLevel.EXACT, x, x);
            }
        }
        return null;
    }

    static Compared emails(MatchRecord ra, MatchRecord rb) {
        List<String> a = ra.emails();
        List<String> b = rb.emails();
        Compared known = missingOrShared(a, b);
        if (known != null) {
            return known;
        }
        for (String x : a) {
            for (String y : b) {
                if (emailsSimilar(x, y)) {
                    boolean nameOnly = nameOnly(x, ra) || nameOnly(x, rb);
                    return new Compared(nameOnly ? MatchLevel.NAME_ONLY : MatchLevel.SIMILAR, x, y);
                }
            }
        }
        return new Compared(MatchLevel.DIFFERENT, a.get(0), b.get(0));
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

    static Compared phones(List<String> a, List<String> b) {
        Compared known = missingOrShared(a, b);
        if (known != null) {
            return known;
        }
        for (String x : a) {
            for (String y : b) {
                if (x.length() >= 8 && y.length() >= 8 && x.endsWith(y.substring(y.length() - 8))) {
                    return new Compared(MatchLevel.SIMILAR, x, y);
                }
            }
        }
        return new Compared(MatchLevel.DIFFERENT, a.get(0), b.get(0));
    }

    static Compared birthDate(LocalDate a, LocalDate b) {
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
        return new Compared(level, a == null ? null : a.toString(), b == null ? null : b.toString());
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

    static Compared address(MatchRecord a, MatchRecord b) {
        String placeA = a.placeKey();
        String placeB = b.placeKey();
        String shownA = place(a);
        String shownB = place(b);
        if (placeA == null || placeB == null) {
            return new Compared(MatchLevel.MISSING, shownA, shownB);
        }
        String streetA = a.streetKey();
        String streetB = b.streetKey();
        boolean sameStreet = streetA != null && streetB != null && JARO_WINKLER.apply(streetA, streetB) >= STREET_SIMILAR
                && sameHouse(a.houseNumber(), b.houseNumber());
        boolean sameCity = a.cityKey() != null && a.cityKey().equals(b.cityKey());
        // in one city, a postal code missing, one slip apart ("2630", "2660"; "5045", "5054"), or wrong on a
        // street both records name, is the same area
        boolean sameArea = placeA.equals(placeB) || sameCity && (a.postalCode() == null || b.postalCode() == null
                || oneSlipApart(placeA, placeB) || sameStreet);
        if (!sameArea) {
            return new Compared(MatchLevel.DIFFERENT, shownA, shownB);
        }
        return new Compared(sameStreet ? MatchLevel.SAME_STREET : MatchLevel.SAME_AREA, shownA, shownB);
    }

    /**
     * Whether two house numbers can be one door: either unknown, the same, or one slip apart when it is longer
     * than a digit ("117" and "171", "23" and "223"); "22" and "75", or "5" and "6", are neighbours, not one home.
     */
    static boolean sameHouse(String a, String b) {
        if (a == null || b == null || a.equals(b)) {
            return true;
        }
        if (Math.min(a.length(), b.length()) < 2 && a.length() == b.length()) {
            return false;
        }
        return oneSlipApart(a, b) || LEVENSHTEIN.apply(a, b) == 1;
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

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }
}
