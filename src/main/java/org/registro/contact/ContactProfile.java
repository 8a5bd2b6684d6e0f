package org.registro.contact;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Everything the profile view shows about one contact. */
public record ContactProfile(
        long id, String status, String firstName, String lastName, String email, String phone, LocalDate birthDate,
        String organization, String jobTitle, String street, String postalCode, String city, String region,
        String country, String language, boolean doNotContact, Instant createdAt, Instant updatedAt,
        List<IdentifierInfo> identifiers, List<String> tags, List<FieldValue> customValues,
        List<Provenance> provenance, List<EventInfo> events, List<ConsentInfo> consent, List<AuditEntry> audit) {

    public String displayName() {
        return ContactSummary.displayName(firstName, lastName);
    }

    /** The draft that re-creates the editable part of this contact, to seed the edit dialog. */
    public ContactDraft toDraft() {
        return new ContactDraft(firstName, lastName, email, phone, birthDate, organization, jobTitle, street,
                postalCode, city, region, country, language, tags);
    }

    /** One identifier: email, phone, customer number, external id in a named system... */
    public record IdentifierInfo(long id, String kind, String system, String rawValue, String normalizedValue,
                                 boolean primary, boolean valid, String source, Instant createdAt) {
    }

    /** The current value of a custom field. */
    public record FieldValue(String key, String label, String type, String value, String source, Instant updatedAt) {
    }

    /** Which source (or person) set a field's current value, and when. */
    public record Provenance(String field, String source, Long batchId, String setBy, Instant setAt) {
    }

    /** One entry of the event timeline. */
    public record EventInfo(long id, String type, Instant occurredAt, String channel, String campaign,
                            BigDecimal amount, String currency, String source) {
    }

    /** The current consent state for a channel and optional topic ("" for the channel itself). */
    public record ConsentInfo(String channel, String topic, String status, String method, Instant occurredAt) {
    }

    /** One audit log entry about this contact. */
    public record AuditEntry(Instant occurredAt, String actor, String action, String summary) {
    }
}
