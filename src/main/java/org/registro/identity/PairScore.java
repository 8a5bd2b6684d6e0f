package org.registro.identity;

import java.util.List;

/**
 * How alike two contacts are, with the reasons.
 *
 * @param weight  the Fellegi-Sunter match weight: the sum of the fields' weights, in bits
 * @param score   the match probability in percent, from the weight and the prior odds of a candidate pair
 * @param swapped first and last names agree crosswise (first name written in the last-name field)
 * @param fields  one line per field, in {@link MatchField} order
 */
public record PairScore(long a, long b, double weight, double score, boolean swapped, List<FieldMatch> fields) {

    /** The line of one field. */
    public FieldMatch field(MatchField field) {
        return fields.stream().filter(f -> f.field() == field).findFirst().orElseThrow();
    }
}
