package org.registro.workspace;

import static org.registro.db.Tables.AUDIT_LOG;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.registro.common.Json;

/**
 * Writes the audit trail: who did what to which record, and when. Called inside the transaction that
 * makes the change, so a change and its audit entry are committed or rolled back together.
 */
public final class AuditLog {

    private final Clock clock;
    private final String actor;

    public AuditLog(Clock clock, String actor) {
        this.clock = clock;
        this.actor = actor;
    }

    public String actor() {
        return actor;
    }

    /** Records one entry; {@code details} (may be null) is stored as JSON. */
    public void record(DSLContext tx, String action, String entityType, Long entityId, String summary,
                       Object details) {
        tx.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.OCCURRED_AT, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .set(AUDIT_LOG.ACTOR, actor)
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.ENTITY_TYPE, entityType)
                .set(AUDIT_LOG.ENTITY_ID, entityId)
                .set(AUDIT_LOG.SUMMARY, summary == null ? null : truncate(summary, 1000))
                .set(AUDIT_LOG.DETAILS_JSON, details == null ? null : Json.write(details))
                .execute();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
