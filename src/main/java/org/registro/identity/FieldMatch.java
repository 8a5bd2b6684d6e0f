package org.registro.identity;

/**
 * One line of a pair's explanation: how a field compared and how much that added to the match weight.
 *
 * @param weight log2 of the likelihood ratio, in bits: positive for evidence of the same person; includes
 *               {@code rarity}
 * @param a      the value compared on the first contact (null when empty)
 * @param b      the value compared on the second contact
 * @param rarity the part of the weight that comes from how rare the shared value is in the workspace (negative
 *               for a common name or place); 0 for levels where the value's frequency does not count
 * @param given  the contact point both share (email or phone) when this field was weighed given it: relatives
 *               share surnames and addresses, so these count for less next to a shared phone; null otherwise
 */
public record FieldMatch(MatchField field, MatchLevel level, double weight, String a, String b, double rarity,
                         MatchField given) {

    public FieldMatch(MatchField field, MatchLevel level, double weight, String a, String b) {
        this(field, level, weight, a, b, 0, null);
    }
}
