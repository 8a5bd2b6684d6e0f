package org.registro.export;

import org.jooq.Condition;
import org.registro.segment.RuleDocument;

/**
 * Who an export starts from, before consent filtering: every contact, a saved segment, an ad-hoc rule, the
 * people waiting to confirm a double opt-in, or a journey send step's list (the journey names who is on it).
 */
public record Selector(String kind, String segment, RuleDocument rule, JourneyList journey) {

    /**
     * A journey send step's list: the journey and step it comes from, how it reads, who is on it, and the rows of
     * the journey's sends it holds (where each person's item, when the step sends the best item, is read from).
     */
    public record JourneyList(long journeyId, String step, String label, Condition members, Condition sends) {
    }

    public Selector(String kind, String segment, RuleDocument rule) {
        this(kind, segment, rule, null);
    }

    public static final String ALL = "all";
    public static final String SEGMENT = "segment";
    public static final String RULE = "rule";
    public static final String DOUBLE_OPT_IN = "double_opt_in";
    public static final String JOURNEY = "journey";

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

    /** A journey send step's list. */
    public static Selector journey(JourneyList list) {
        return new Selector(JOURNEY, null, null, list);
    }

    /** A short description for the audit and the history list. */
    public String label() {
        return switch (kind) {
            case SEGMENT -> "segment " + segment;
            case RULE -> "rule";
            case DOUBLE_OPT_IN -> "double opt-in confirmation requests";
            case JOURNEY -> journey.label();
            default -> "all contacts";
        };
    }
}
