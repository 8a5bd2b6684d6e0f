package org.registro.journey;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.registro.segment.Rule;

/**
 * What a walk through a journey asks and does: the workspace itself when journeys run, or a copy in memory when
 * they are simulated. The walk decides; the world answers questions about people and keeps what happened.
 */
interface World {

    /** Who among these contacts meets the rule. */
    Set<Long> matching(Rule rule, Collection<Long> contacts);

    /** Each contact's value of a date field (built-in like birth_date, or custom); missing when empty. */
    Map<Long, LocalDate> dates(String field, Collection<Long> contacts);

    /**
     * The first event of the type (about the campaign, when named) each contact did within their window
     * ({@code [from, to]}); missing when none.
     */
    Map<Long, OffsetDateTime> firstEvent(String eventType, String campaign, Map<Long, OffsetDateTime[]> windows);

    /**
     * Why each contact may not receive the message at their send time: a consent or address reason
     * ({@link org.registro.export.Exclusion} codes) or {@code frequency_cap}; missing when they may.
     */
    Map<Long, String> blocked(Message message, Map<Long, OffsetDateTime> sendAt, Integer weeklyCap);

    /**
     * The item each person gets from a send of the best item for them ({@link BestItems}), at their send time;
     * missing when none of their recommendations fits.
     */
    Map<Long, Long> items(Message message, Map<Long, OffsetDateTime> sendAt);

    /** Each person's best hour of the day (0–23, in the workspace's time zone); missing when unknown. */
    Map<Long, Integer> bestHours(Collection<Long> contacts);

    /** Carries out an action step (tag, field, double opt-in request, frozen segment) for these contacts. */
    void act(Step action, Collection<Long> contacts, OffsetDateTime at);

    // ---------------------------------------------------------------- what happened

    /** A person passed through a step: arrived at {@code enteredAt}, left at {@code leftAt}. */
    void passed(Token token, String outcome, OffsetDateTime leftAt);

    /** A person now waits at a step until {@code dueAt}. */
    void parked(Token token, OffsetDateTime dueAt);

    /** A person's journey ended ({@code completed}, {@code exited}). */
    void finished(Token token, String status, String outcome, OffsetDateTime at);

    /**
     * A person reached a send step: listed for the message (with the item chosen for them, or null), or skipped
     * with the reason.
     */
    void sent(Token token, Message message, OffsetDateTime sendAt, String reason, Long item);

    /**
     * A person on their way: the enrolment, the contact, the journey version, the step they are at and since
     * when. {@code fresh} is true when they arrived in this walk (no open visit is recorded yet).
     */
    record Token(long enrolment, long contact, int version, String step, OffsetDateTime at, boolean fresh) {
        Token to(String next, OffsetDateTime when) {
            return new Token(enrolment, contact, version, next, when, true);
        }
    }
}
