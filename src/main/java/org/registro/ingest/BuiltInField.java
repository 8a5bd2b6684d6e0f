package org.registro.ingest;

import java.util.Arrays;
import java.util.Optional;

/** The contact fields an import can fill, with the key they have in provenance and history. */
public enum BuiltInField {
    FIRST_NAME("firstName"),
    LAST_NAME("lastName"),
    /** "Masha Kelley" in one cell: split into first and last name. */
    FULL_NAME("fullName"),
    EMAIL("email"),
    PHONE("phone"),
    BIRTH_DATE("birthDate"),
    GENDER("gender"),
    ORGANIZATION("organization"),
    JOB_TITLE("jobTitle"),
    STREET("street"),
    POSTAL_CODE("postalCode"),
    CITY("city"),
    REGION("region"),
    COUNTRY("country"),
    LANGUAGE("language");

    private final String key;

    BuiltInField(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<BuiltInField> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
