package org.registro.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.registro.consent.Consent;
import org.registro.contact.ContactService;
import org.registro.destination.DestinationService;
import org.registro.destination.Told;
import org.registro.ingest.ParsedRow.ConsentFact;
import org.registro.ingest.ParsedRow.Identifier;

/**
 * What an email tool's own export says it holds: each row's address with the status the tool gives it (its
 * email consent in the row: unsubscribed, cleaned after a bounce, pending a confirmation, or on the list).
 */
final class DestinationRows {

    private DestinationRows() {
    }

    static List<DestinationService.Seen> seen(List<ChunkGroup> groups, String topic) {
        List<DestinationService.Seen> seen = new ArrayList<>();
        for (ChunkGroup g : groups) {
            if (g.contactId == null) {
                continue;
            }
            for (ParsedRow row : g.rows) {
                String status = status(row, topic);
                for (Identifier id : row.identifiers()) {
                    if (ContactService.KIND_EMAIL.equals(id.kind()) && id.normalized() != null) {
                        seen.add(new DestinationService.Seen(g.contactId, id.normalized(), status));
                    }
                }
            }
        }
        return seen;
    }

    /** The row's latest email consent (for the channel, or for the destination's topic) as the tool's status. */
    static String status(ParsedRow row, String topic) {
        ConsentFact latest = null;
        for (ConsentFact f : row.consents()) {
            boolean ours = "email".equals(f.channel())
                    && (f.topic() == null || f.topic().isEmpty() || f.topic().equals(topic));
            if (ours && (latest == null || at(f).compareTo(at(latest)) >= 0)) {
                latest = f;
            }
        }
        if (latest == null) {
            return Told.SUBSCRIBED; // listed in the tool's export, nothing said against it
        }
        return switch (latest.status()) {
            case Consent.WITHDRAWN -> Consent.METHOD_BOUNCE.equals(latest.method()) ? Told.CLEANED : Told.UNSUBSCRIBED;
            case Consent.PENDING -> Told.PENDING;
            default -> Told.SUBSCRIBED;
        };
    }

    private static Instant at(ConsentFact f) {
        return f.at() == null ? Instant.MAX : f.at();
    }
}
