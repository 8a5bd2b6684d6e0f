package org.registro.export;

import org.registro.consent.Purpose;

/**
 * One export: who (selector), why (purpose), on which channel and topic, and in which format (template).
 * A double opt-in confirmation request is transactional: it goes to people who have not confirmed yet.
 */
public record ExportRequest(Selector selector, Purpose purpose, String channel, String topic, ExportTemplate template) {

    public ExportRequest {
        if (selector == null || purpose == null || template == null) {
            throw new IllegalArgumentException("selector, purpose and template are required");
        }
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("channel");
        }
        topic = topic == null || topic.isBlank() ? null : topic.trim();
    }
}
