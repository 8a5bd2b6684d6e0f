package org.registro.identity;

/** How far two values of a field agree. {@link #MISSING} (one side empty) neither helps nor hurts. */
public enum MatchLevel {
    /** The same after folding case and accents. */
    EXACT,
    /** One name is a known nickname or diminutive of the other (Pepe and José, Bob and Robert). */
    NICKNAME,
    /** An initial that agrees with a full first name ("M." and "Masha"). */
    INITIAL,
    /** One of two given names or surnames, the other record having only one ("García López" and "García"). */
    PARTIAL,
    /** Close spelling (Jaro-Winkler), a typo or the same email user on another domain. */
    SIMILAR,
    /**
     * Emails on different domains whose user part is only the person's name ("ana.ruiz@gmail.com" and
     * "anaruiz@hotmail.es"): namesakes write them too, so they say no more than the names already do.
     */
    NAME_ONLY,
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
