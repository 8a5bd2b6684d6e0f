package org.registro.identity;

/** The fields duplicate detection compares, in the order an explanation lists them. */
public enum MatchField {
    FIRST_NAME, LAST_NAME, EMAIL, PHONE, BIRTH_DATE, ADDRESS;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
