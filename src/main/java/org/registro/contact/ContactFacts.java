package org.registro.contact;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a marketer reads about a person beside their name in the contacts table: what they gave (events of type
 * {@link #GIFT}), when they last did anything, their tags and their consent on each channel (the channel's own
 * status, not a topic's).
 *
 * @param given        total of their gifts' amounts (zero when they never gave)
 * @param gifts        how many gifts
 * @param lastGift     their latest gift, null when none
 * @param lastActivity their latest event of any kind, null when none
 * @param tags         their tags by name
 * @param consent      consent status by channel code; a channel without one is absent
 */
public record ContactFacts(BigDecimal given, int gifts, Instant lastGift, Instant lastActivity, List<String> tags,
                           Map<String, String> consent) {

    /** The event type of a gift. */
    public static final String GIFT = "donation";

    /** Nothing known. */
    public static final ContactFacts NONE = new ContactFacts(BigDecimal.ZERO, 0, null, null, List.of(), Map.of());

    public ContactFacts {
        given = given == null ? BigDecimal.ZERO : given;
        tags = List.copyOf(tags);
        consent = Map.copyOf(consent);
    }
}
