package org.registro.destination;

import java.time.Instant;
import java.util.List;

/**
 * One thing a destination was told about an address: by a list exported to it ({@code export}), an export of
 * the tool imported into Registro ({@code import}), or a changes file ({@code sync}).
 *
 * @param reason why, for a changes file (null otherwise)
 * @param since  when the change happened in Registro (changes files only)
 */
public record Told(long destinationId, String destinationName, long contactId, String email, String status,
                   Reason reason, Instant since, Instant toldAt, String via, Long reference) {

    public static final String SUBSCRIBED = "subscribed";
    /** Sent a double opt-in request the person has not confirmed. */
    public static final String PENDING = "pending";
    public static final String UNSUBSCRIBED = "unsubscribed";
    /** The address bounced: the tool no longer sends to it. */
    public static final String CLEANED = "cleaned";
    public static final String DELETED = "deleted";
    public static final List<String> STATUSES = List.of(SUBSCRIBED, PENDING, UNSUBSCRIBED, CLEANED, DELETED);

    public static final String VIA_EXPORT = "export";
    public static final String VIA_IMPORT = "import";
    public static final String VIA_SYNC = "sync";

    /** True for the statuses under which the tool still sends to the address. */
    public static boolean sends(String status) {
        return SUBSCRIBED.equals(status) || PENDING.equals(status);
    }
}
