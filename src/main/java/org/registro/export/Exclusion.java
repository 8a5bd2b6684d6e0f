package org.registro.export;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a selected contact was left out of an export. A contact gets the first reason that applies, in this order.
 * Commercial lists apply all of them; transactional lists only the first four.
 */
public enum Exclusion {
    /** Erased at their request. */
    ERASED("erased", true),
    /** Do-not-contact (a restriction request), or an address that belonged to someone erased. */
    SUPPRESSED("suppressed", true),
    /** No usable address for the channel: missing, invalid, or unusable in a spreadsheet. */
    INVALID_ADDRESS("invalid_address", true),
    /** The email address bounced hard. */
    BOUNCED("bounced", true),
    /** Opted in, but the double opt-in confirmation has not come back. */
    PENDING_DOUBLE_OPT_IN("pending_double_opt_in", false),
    /** No current opt-in for the channel. */
    NO_OPT_IN("no_opt_in", false),
    /** Opted in to the channel, but not to the topic. */
    NO_TOPIC_OPT_IN("no_topic_opt_in", false);

    private final String code;
    private final boolean transactional;

    Exclusion(String code, boolean transactional) {
        this.code = code;
        this.transactional = transactional;
    }

    public String code() {
        return code;
    }

    /** True when this reason also leaves people out of transactional messages. */
    public boolean appliesToTransactional() {
        return transactional;
    }

    public String messageKey() {
        return "export.reason." + code;
    }

    public static Optional<Exclusion> byCode(String code) {
        return Arrays.stream(values()).filter(e -> e.code.equals(code)).findFirst();
    }
}
