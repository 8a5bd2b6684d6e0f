package org.registro.identity;

/**
 * One line of a pair's explanation: how a field compared and how much that added to the match weight.
 *
 * @param weight log2 of the likelihood ratio m/u, in bits: positive for evidence of the same person
 * @param a      the value compared on the first contact (null when empty)
 * @param b      the value compared on the second contact
 */
public record FieldMatch(MatchField field, MatchLevel level, double weight, String a, String b) {
}
