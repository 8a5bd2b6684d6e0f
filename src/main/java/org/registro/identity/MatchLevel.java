package org.registro.identity;

/** How far two values of a field agree. {@link #MISSING} (one side empty) neither helps nor hurts. */
public enum MatchLevel {
    /** The same after folding case and accents. */
    EXACT,
    /** One name is a known nickname or diminutive of the other (Pepe and José, Bob and Robert). */
    NICKNAME,
    /** An initial that agrees with a full first name ("M." and "Masha"). */
    INITIAL,
    /** One surname of a double surname in common ("García López" and "García"). */
    PARTIAL,
    /** Close spelling (Jaro-Winkler), a typo or the same email user on another domain. */
    SIMILAR,
    /** Birth dates one typing slip apart (day and month swapped, one part different). */
    NEAR,
    /** Same street and postal code or city. */
    SAME_STREET,
    /** Same postal code (or city when there is no postal code), different or unknown street. */
    SAME_AREA,
    DIFFERENT,
    MISSING;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
