package org.registro.contact;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.registro.common.TextKeys;

/**
 * Whether two records' first names could be one person's: the same name, an initial of it, one of two given
 * names, a known nickname ("Pepe", "José"), a typo, or names written the other way round. An import links a row
 * to the contact that has its email or phone only when they could: a household's members share a landline and
 * sometimes an email, and two of them are not one person because they do.
 */
public final class FirstNames {

    /** Two spellings this close (Jaro-Winkler, folded) are taken for a typo. */
    static final double TYPO = 0.88;

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();

    private FirstNames() {
    }

    /**
     * False only when both records have a first name and nothing makes them one person's ("Ana" and "Juan"); a
     * missing first name says nothing.
     */
    public static boolean couldBeOnePerson(String firstA, String lastA, String firstB, String lastB) {
        List<String> a = tokens(firstA);
        List<String> b = tokens(firstB);
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        if (compatible(a, b)) {
            return true;
        }
        // one of them wrote the names the other way round: the surname in the first-name field
        List<String> surnameA = tokens(lastA);
        List<String> surnameB = tokens(lastB);
        return !surnameA.isEmpty() && surnameA.equals(b) && compatible(a, surnameB)
                || !surnameB.isEmpty() && surnameB.equals(a) && compatible(surnameA, b);
    }

    /**
     * Every word of the shorter name stands for a word of the longer one: the same, its initial, a nickname or a
     * typo of it ("María" and "María José", "M." and "María"; not "María Elena" and "María José").
     */
    private static boolean compatible(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        String joinedA = String.join(" ", a);
        String joinedB = String.join(" ", b);
        Nicknames nicknames = Nicknames.defaults();
        if (genderPair(joinedA, joinedB)) {
            return false;
        }
        if (joinedA.equals(joinedB) || JARO_WINKLER.apply(joinedA, joinedB) >= TYPO
                || nicknames.areFoldedVariants(joinedA, joinedB)
                || nicknames.areFoldedVariants(joinedA.replace(" ", ""), joinedB.replace(" ", ""))) {
            return true;
        }
        List<String> shorter = a.size() <= b.size() ? a : b;
        List<String> longer = shorter == a ? b : a;
        for (String word : shorter) {
            boolean stands = false;
            for (String other : longer) {
                if (word.equals(other) || initialOf(word, other) || initialOf(other, word)
                        || nicknames.areFoldedVariants(word, other)
                        || word.length() > 3 && !genderPair(word, other) && JARO_WINKLER.apply(word, other) >= TYPO) {
                    stands = true;
                    break;
                }
            }
            if (!stands) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code shorter} is only the initials of {@code name} ("J." of "Juan", "J. L." of "José Luis"). */
    public static boolean isInitialsOf(String shorter, String name) {
        List<String> initials = tokens(shorter);
        List<String> words = tokens(name);
        if (initials.isEmpty() || initials.size() > words.size()
                || initials.stream().anyMatch(t -> t.length() != 1) || words.stream().allMatch(t -> t.length() == 1)) {
            return false;
        }
        for (int i = 0; i < initials.size(); i++) {
            if (!words.get(i).startsWith(initials.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** True when the name is only initials ("J.", "J. L."). */
    public static boolean isInitialsOnly(String name) {
        List<String> words = tokens(name);
        return !words.isEmpty() && words.stream().allMatch(t -> t.length() == 1);
    }

    /**
     * The feminine and masculine of one name, which a typo would also give: "María" and "Mario", "Francisca" and
     * "Francisco", "Julia" and "Julio" are two people, often of one household.
     */
    private static boolean genderPair(String x, String y) {
        int n = x.length();
        if (n < 4 || y.length() != n || !x.regionMatches(0, y, 0, n - 1)) {
            return false;
        }
        char cx = x.charAt(n - 1);
        char cy = y.charAt(n - 1);
        return cx == 'a' && cy == 'o' || cx == 'o' && cy == 'a';
    }

    private static boolean initialOf(String initial, String name) {
        return initial.length() == 1 && name.startsWith(initial);
    }

    /** Folded words, initials without their dot ("M." is "m"). */
    static List<String> tokens(String name) {
        String folded = TextKeys.fold(name);
        List<String> tokens = new ArrayList<>();
        if (folded == null) {
            return tokens;
        }
        for (String t : folded.split("[\\s\\-.]+")) {
            if (!t.isBlank()) {
                tokens.add(t);
            }
        }
        return tokens;
    }
}
