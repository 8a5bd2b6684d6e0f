package org.registro.export;

import org.registro.consent.Purpose;

/**
 * One export: who (selector), why (purpose), on which channel and topic, in which format (template), and for
 * which destination (the email tool account it goes to, or null), so that the tool's knowledge of who is on its
 * list is kept. A double opt-in confirmation request is transactional: it goes to people who have not confirmed
 * yet.
 */
public record ExportRequest(Selector selector, Purpose purpose, String channel, String topic, ExportTemplate template,
                            Long destinationId) {

    public ExportRequest {
        if (selector == null || purpose == null || template == null) {
            throw new IllegalArgumentException("selector, purpose and template are required");
        }
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("channel");
        }
        topic = topic == null || topic.isBlank() ? null : topic.trim();
    }

    /** An export for no particular destination (a file for a person, a spreadsheet). */
    public ExportRequest(Selector selector, Purpose purpose, String channel, String topic, ExportTemplate template) {
        this(selector, purpose, channel, topic, template, null);
    }

    /** The same export, going to a destination. */
    public ExportRequest to(Long destination) {
        return new ExportRequest(selector, purpose, channel, topic, template, destination);
    }
}
