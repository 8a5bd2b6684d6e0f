package org.registro.ingest;

/** What a column of an imported file becomes. */
public enum Target {
    /** Left out. */
    IGNORE,
    /** A built-in contact field ({@link BuiltInField}). */
    FIELD,
    /** An identifier: customer number, source record key, or a further email or phone. */
    IDENTIFIER,
    /** A custom field, created on the fly with its type when it does not exist yet. */
    CUSTOM,
    /** Tags, several in one cell. */
    TAGS,
    /** A consent state for a channel (and topic): yes/no, subscribed/unsubscribed… */
    CONSENT,
    /** The time a consent change happened (opt-in, confirmation, unsubscribe, bounce). */
    CONSENT_TIME,
    /** A part of the event each row records (date, amount, campaign…). */
    EVENT,
    /**
     * A JSON object of named values, as listmonk keeps a subscriber's attributes: names Registro knows become
     * their fields (phone, city, tags…), the others custom fields of their values' type, created on first sight.
     */
    ATTRIBUTES
}
