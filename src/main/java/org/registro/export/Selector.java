package org.registro.export;

import org.registro.segment.RuleDocument;

/**
 * Who an export starts from, before consent filtering: every contact, a saved segment, an ad-hoc rule, or the
 * people waiting to confirm a double opt-in. Journey send steps will be one more kind.
 */
public record Selector(String kind, String segment, RuleDocument rule) {

    public static final String ALL = "all";
    public static final String SEGMENT = "segment";
    public static final String RULE = "rule";
    public static final String DOUBLE_OPT_IN = "double_opt_in";

    public static Selector all() {
        return new Selector(ALL, null, null);
    }

    public static Selector segment(String name) {
        return new Selector(SEGMENT, name, null);
    }

    public static Selector rule(RuleDocument rule) {
        return new Selector(RULE, null, rule);
    }

    /** People whose email opt-in waits for its confirmation: the list the email tool sends the request to. */
    public static Selector doubleOptInPending() {
        return new Selector(DOUBLE_OPT_IN, null, null);
    }

    /** A short description for the audit and the history list. */
    public String label() {
        return switch (kind) {
            case SEGMENT -> "segment " + segment;
            case RULE -> "rule";
            case DOUBLE_OPT_IN -> "double opt-in confirmation requests";
            default -> "all contacts";
        };
    }
}
