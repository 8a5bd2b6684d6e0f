package org.registro.workspace;

import static org.registro.db.Tables.AUDIT_LOG;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.registro.common.Json;
import org.registro.common.Phrase;

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

    /**
     * Records one entry: its summary as a phrase (kept as key and arguments, and in English beside them), and
     * {@code details} (may be null) as JSON.
     */
    public void record(DSLContext tx, String action, String entityType, Long entityId, Phrase summary,
                       Object details) {
        tx.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.OCCURRED_AT, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .set(AUDIT_LOG.ACTOR, actor)
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.ENTITY_TYPE, entityType)
                .set(AUDIT_LOG.ENTITY_ID, entityId)
                .set(AUDIT_LOG.SUMMARY, summary == null ? null : truncate(summary.english(), 1000))
                .set(AUDIT_LOG.SUMMARY_KEY, summary == null ? null : summary.key())
                .set(AUDIT_LOG.SUMMARY_ARGS, summary == null ? null : summary.argsJson())
                .set(AUDIT_LOG.DETAILS_JSON, details == null ? null : Json.write(details))
                .execute();
    }

    /**
     * An entry's summary as its reader reads it: in their language when it was written as a phrase, else the
     * English it was written in.
     */
    public static String summary(String stored, String key, String args) {
        Phrase phrase = Phrase.read(key, args);
        return phrase == null ? stored : phrase.text();
    }

    /** One entry of {@link #recordAll}. */
    public record Entry(String action, String entityType, Long entityId, Phrase summary, Object details) {
    }

    /** Records many entries with one prepared statement (bulk operations). */
    public void recordAll(DSLContext tx, java.util.List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        var insert = tx.batch(tx.insertInto(AUDIT_LOG, AUDIT_LOG.OCCURRED_AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION,
                AUDIT_LOG.ENTITY_TYPE, AUDIT_LOG.ENTITY_ID, AUDIT_LOG.SUMMARY, AUDIT_LOG.SUMMARY_KEY,
                AUDIT_LOG.SUMMARY_ARGS, AUDIT_LOG.DETAILS_JSON)
                .values((OffsetDateTime) null, null, null, null, null, null, null, null, null));
        for (Entry e : entries) {
            Phrase summary = e.summary();
            insert.bind(at, actor, e.action(), e.entityType(), e.entityId(),
                    summary == null ? null : truncate(summary.english(), 1000), summary == null ? null : summary.key(),
                    summary == null ? null : summary.argsJson(), e.details() == null ? null : Json.write(e.details()));
        }
        insert.execute();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
