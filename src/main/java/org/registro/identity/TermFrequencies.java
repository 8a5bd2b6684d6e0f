package org.registro.identity;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How common each first name, surname, place and street is among the workspace's contacts. Two records that
 * agree on a value shared by a tenth of the contacts ("María", "García") say much less than two that agree on
 * a value few have ("Søren Kierkegaard"): the agreement weighs log2(m / f) bits, f the value's share, instead of
 * the level's log2(m / u) (Splink's term-frequency adjustment).
 *
 * <p>Shares are smoothed towards the level's u with {@link #PSEUDO_CONTACTS} imaginary contacts, so that in a
 * small workspace, where a common name may appear once, a value's rarity is not read from too few contacts.
 */
public final class TermFrequencies {

    /**
     * The values counted. Names are counted whichever field holds them: a surname written in the first-name field
     * ("Alvarado", "José Emilio") is no rare first name, and two relatives who both wrote it there share their
     * family's surname, not a rare name.
     */
    enum Term {
        NAME, PLACE, STREET
    }

    static final double PSEUDO_CONTACTS = 500;

    private final int contacts;
    private final Map<Term, Map<String, Integer>> counts = new EnumMap<>(Term.class);

    private TermFrequencies(int contacts) {
        this.contacts = contacts;
        for (Term t : Term.values()) {
            counts.put(t, new HashMap<>());
        }
    }

    /** Counts the values of these records. */
    public static TermFrequencies of(List<MatchRecord> records) {
        TermFrequencies tf = new TermFrequencies(records.size());
        for (MatchRecord r : records) {
            tf.add(Term.NAME, name(r.firstTokens()));
            tf.add(Term.NAME, name(r.lastTokens()));
            tf.add(Term.PLACE, r.placeKey());
            tf.add(Term.STREET, street(r));
        }
        return tf;
    }

    /** No counts: every agreement weighs its level's weight. */
    public static TermFrequencies none() {
        return new TermFrequencies(0);
    }

    private void add(Term term, String value) {
        if (value != null) {
            counts.get(term).merge(value, 1, Integer::sum);
        }
    }

    /** A name's words in any order count as one name ("García López", "López García"). */
    static String name(List<String> tokens) {
        return tokens.isEmpty() ? null : String.join(" ", tokens.stream().sorted().toList());
    }

    static String street(MatchRecord r) {
        return r.streetKey() == null || r.placeKey() == null ? null : r.placeKey() + "|" + r.streetKey();
    }

    /** How many contacts have the value. */
    int count(Term term, String value) {
        return value == null ? 0 : counts.get(term).getOrDefault(value, 0);
    }

    /**
     * The bits to add to a level's weight {@code log2(m/u)} when two records agree on {@code value}: positive
     * for a value rarer than the level's typical agreement, negative for a common one; 0 when not counted.
     */
    double adjustment(Term term, String value, double u) {
        if (value == null || contacts == 0) {
            return 0;
        }
        // the two records that agree have the value, whatever the counts say
        int count = Math.max(2, count(term, value));
        double share = (count + PSEUDO_CONTACTS * u) / (contacts + PSEUDO_CONTACTS);
        return MatchModel.log2(u / share);
    }
}
