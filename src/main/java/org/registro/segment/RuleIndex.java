package org.registro.segment;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Answers rules from memory instead of SQL when it can (the audience index, issue 21): same members, in
 * milliseconds. {@link SegmentService} asks it first and counts in SQL when it cannot answer — while it is
 * being built, after it failed, or for a rule it does not know.
 */
public interface RuleIndex {

    /** Where counts come from right now. */
    enum Status { READY, BUILDING, FAILED }

    /** The members of {@code rule} with "now" at {@code at}, or empty when the index cannot answer now. */
    Optional<Members> members(Rule rule, OffsetDateTime at);

    Status status();

    /**
     * Visits, from memory, each contact {@code rule} selects with "now" at {@code at} — or, when {@code rule} is
     * null, every contact not merged into another, erased ones included — with what a list for {@code channel}
     * (and {@code topic}, may be null) needs to know of it: the counts a rule does not make, such as who a list
     * leaves out and why. Returns false, having visited nobody, when the index cannot answer now.
     */
    boolean visit(Rule rule, OffsetDateTime at, String channel, String topic,
                  java.util.function.Consumer<Standing> each);

    /** One contact as the index holds it; the visit hands on one object, changed for each contact. */
    interface Standing {
        long id();

        boolean erased();

        boolean doNotContact();

        /** True when one of their email identifiers is marked invalid or bounced. */
        boolean emailFlagged();

        /** A built-in text field ({@code email}, {@code phone}, {@code street}…) in lower case; null: none. */
        String text(String field);

        /**
         * Whether the field's value (as {@link #text}) passes {@code test}. The index remembers the answer for each
         * distinct value while it holds the same contacts, under {@code key}: equal keys must mean the same test.
         */
        boolean test(String field, Object key, java.util.function.Predicate<String> test);

        /** The consent status for the visit's channel (topic false) or its topic (true); null: none recorded. */
        String consent(boolean topic);
    }

    /** The members of a rule. */
    interface Members {
        long count();

        /** Every member's id, ascending. */
        long[] ids();

        /** Ids among which the first {@code limit} members in list order (last name, first name, id) are. */
        long[] firstByName(int limit);

        /**
         * The ids of the active members (not erased) ordered by one of the contacts table's figures — for
         * {@link org.registro.contact.ContactSort#CONSENT}, the status on {@code channel} — ties by id; the order
         * {@link ContactTable} gives in SQL.
         */
        long[] ordered(org.registro.contact.ContactSort sort, String channel, boolean ascending);
    }
}
