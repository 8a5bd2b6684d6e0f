package org.registro.consent;

import java.util.List;

/** The words of the consent ledger: statuses and the ways a status is reached. */
public final class Consent {

    public static final String GRANTED = "granted";
    public static final String PENDING = "pending";
    public static final String CONFIRMED = "confirmed";
    public static final String WITHDRAWN = "withdrawn";
    public static final List<String> STATUSES = List.of(GRANTED, PENDING, CONFIRMED, WITHDRAWN);

    public static final String METHOD_FORM = "form";
    public static final String METHOD_IMPORT = "import";
    public static final String METHOD_DOUBLE_OPT_IN = "double_opt_in";
    public static final String METHOD_UNSUBSCRIBE = "email_tool_unsubscribe";
    public static final String METHOD_BOUNCE = "bounce";
    public static final String METHOD_COMPLAINT = "complaint";
    public static final String METHOD_MANUAL = "manual";
    public static final String METHOD_ERASURE = "erasure";
    /** A double opt-in request nobody confirmed in time. */
    public static final String METHOD_EXPIRED = "double_opt_in_expired";
    /** A retention rule erased the person. */
    public static final String METHOD_RETENTION = "retention";
    public static final List<String> METHODS = List.of(METHOD_FORM, METHOD_IMPORT, METHOD_DOUBLE_OPT_IN,
            METHOD_UNSUBSCRIBE, METHOD_BOUNCE, METHOD_COMPLAINT, METHOD_MANUAL, METHOD_ERASURE, METHOD_EXPIRED,
            METHOD_RETENTION);

    private Consent() {
    }

    /** True for the statuses that allow commercial messages. */
    public static boolean allows(String status) {
        return GRANTED.equals(status) || CONFIRMED.equals(status);
    }
}
