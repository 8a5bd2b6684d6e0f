package org.registro.ingest;

import java.util.Map;
import java.util.Optional;
import org.registro.common.TextKeys;
import org.registro.consent.Consent;

/** Reads what a consent cell says: yes/no in several languages, or the status words email tools write. */
public final class ConsentValues {

    /** A status and, where the word tells, how it was reached. */
    public record Reading(String status, String method) {
    }

    private static final Map<String, Reading> WORDS = Map.ofEntries(
            Map.entry("subscribed", new Reading(Consent.GRANTED, null)),
            Map.entry("opted in", new Reading(Consent.GRANTED, null)),
            Map.entry("opt-in", new Reading(Consent.GRANTED, null)),
            Map.entry("optin", new Reading(Consent.GRANTED, null)),
            Map.entry("granted", new Reading(Consent.GRANTED, null)),
            Map.entry("enabled", new Reading(Consent.GRANTED, null)),
            Map.entry("suscrito", new Reading(Consent.GRANTED, null)),
            Map.entry("tilmeldt", new Reading(Consent.GRANTED, null)),
            Map.entry("confirmed", new Reading(Consent.CONFIRMED, Consent.METHOD_DOUBLE_OPT_IN)),
            Map.entry("confirmado", new Reading(Consent.CONFIRMED, Consent.METHOD_DOUBLE_OPT_IN)),
            Map.entry("bekraeftet", new Reading(Consent.CONFIRMED, Consent.METHOD_DOUBLE_OPT_IN)),
            Map.entry("pending", new Reading(Consent.PENDING, null)),
            Map.entry("unconfirmed", new Reading(Consent.PENDING, null)),
            Map.entry("double_opt_in_pending", new Reading(Consent.PENDING, null)),
            Map.entry("pendiente", new Reading(Consent.PENDING, null)),
            Map.entry("unsubscribed", new Reading(Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE)),
            Map.entry("opted out", new Reading(Consent.WITHDRAWN, null)),
            Map.entry("opt-out", new Reading(Consent.WITHDRAWN, null)),
            Map.entry("optout", new Reading(Consent.WITHDRAWN, null)),
            Map.entry("withdrawn", new Reading(Consent.WITHDRAWN, null)),
            Map.entry("blocklisted", new Reading(Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE)),
            Map.entry("blacklisted", new Reading(Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE)),
            Map.entry("baja", new Reading(Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE)),
            Map.entry("dado de baja", new Reading(Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE)),
            Map.entry("afmeldt", new Reading(Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE)),
            Map.entry("cleaned", new Reading(Consent.WITHDRAWN, Consent.METHOD_BOUNCE)),
            Map.entry("bounced", new Reading(Consent.WITHDRAWN, Consent.METHOD_BOUNCE)),
            Map.entry("hard bounce", new Reading(Consent.WITHDRAWN, Consent.METHOD_BOUNCE)),
            Map.entry("complained", new Reading(Consent.WITHDRAWN, Consent.METHOD_COMPLAINT)),
            Map.entry("spam", new Reading(Consent.WITHDRAWN, Consent.METHOD_COMPLAINT)));

    private ConsentValues() {
    }

    /**
     * What {@code cell} says under {@code mapping}: empty when it says nothing (a blank, an unknown word, or a
     * "no" in a column where only a yes carries meaning).
     */
    public static Optional<Reading> read(String cell, ColumnMapping mapping) {
        if (cell == null || cell.isBlank()) {
            return Optional.empty();
        }
        String key = TextKeys.fold(cell.strip());
        Reading word = WORDS.get(key);
        Optional<Boolean> yes = word == null ? Booleans.parse(cell) : Optional.empty();
        if (mapping.inverted()) {
            // "Do Not Email = 1": a yes is a withdrawal; a no is not proof of consent.
            return yes.orElse(false) ? Optional.of(new Reading(Consent.WITHDRAWN, mapping.method())) : Optional.empty();
        }
        if (word != null) {
            return Optional.of(new Reading(word.status(), word.method() != null ? word.method() : mapping.method()));
        }
        if (yes.isEmpty()) {
            return Optional.empty();
        }
        if (mapping.status() != null) {
            return yes.get() ? Optional.of(new Reading(mapping.status(), mapping.method())) : Optional.empty();
        }
        return Optional.of(new Reading(yes.get() ? Consent.GRANTED : Consent.WITHDRAWN, mapping.method()));
    }
}
