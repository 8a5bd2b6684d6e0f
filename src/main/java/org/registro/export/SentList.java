package org.registro.export;

import java.time.OffsetDateTime;

/**
 * A list one person was in: when it was sent, where, why, and the consent event it rested on (absent for a
 * transactional list sent without one).
 */
public record SentList(long exportId, OffsetDateTime exportedAt, String destination, String purpose, String channel,
                       String topic, String selectorLabel, String fileName, Long consentEventId, String consentStatus,
                       String consentMethod, OffsetDateTime consentAt, String consentSource) {
}
