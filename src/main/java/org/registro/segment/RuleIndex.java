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

    /** The members of a rule. */
    interface Members {
        long count();

        /** Every member's id, ascending. */
        long[] ids();

        /** Ids among which the first {@code limit} members in list order (last name, first name, id) are. */
        long[] firstByName(int limit);
    }
}
