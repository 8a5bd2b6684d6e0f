package org.registro.consent;

import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;

import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * The consent rules as SQL conditions on {@code CONTACT}, for segments and exports: one query over the
 * derived state, no loop over contacts. They say the same as {@link ConsentService#decide} does for one
 * contact now.
 */
public final class ConsentConditions {

    private ConsentConditions() {
    }

    /** The contact may receive a message with this purpose on the channel (about the topic, if not null). */
    public static Condition mayReceive(Purpose purpose, String channel, String topic) {
        Condition reachable = CONTACT.STATUS.eq("active").and(CONTACT.DO_NOT_CONTACT.isFalse());
        if (purpose == Purpose.TRANSACTIONAL) {
            return reachable;
        }
        Condition condition = reachable.and(optedIn(channel, ConsentLedger.CHANNEL_ITSELF));
        return topic == null || topic.isBlank() ? condition : condition.and(optedIn(channel, topic));
    }

    /**
     * The current state of the channel (topic "" for the channel itself) is one of these statuses. Written as
     * {@code id IN (…)}, which H2 runs once through the state index; a correlated {@code EXISTS} picked the same
     * index per contact and scanned it each time.
     */
    public static Condition statusIn(String channel, String topic, String... statuses) {
        return CONTACT.ID.in(DSL.select(CONSENT_STATE.CONTACT_ID).from(CONSENT_STATE)
                .where(CONSENT_STATE.CHANNEL.eq(channel).and(CONSENT_STATE.TOPIC.eq(topic == null ? "" : topic))
                        .and(CONSENT_STATE.STATUS.in(statuses))));
    }

    private static Condition optedIn(String channel, String topic) {
        return statusIn(channel, topic, Consent.GRANTED, Consent.CONFIRMED);
    }
}
