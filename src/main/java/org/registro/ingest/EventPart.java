package org.registro.ingest;

import java.util.Arrays;
import java.util.Optional;

/** The parts of the event a row records: a donation, an order, an event sign-up. */
public enum EventPart {
    DATE("date"),
    AMOUNT("amount"),
    CURRENCY("currency"),
    CAMPAIGN("campaign"),
    REFERENCE("reference"),
    TYPE("type");

    private final String key;

    EventPart(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<EventPart> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
