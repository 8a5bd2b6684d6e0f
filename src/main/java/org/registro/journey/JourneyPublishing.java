package org.registro.journey;

import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IMPORT_BATCH;
import static org.registro.db.Tables.JOURNEY;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_VERSION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.RegistroException;
import org.registro.journey.JourneyService.Summary;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/** A journey's life between draft and run: published as numbered versions, paused, people moved to the newest. */
final class JourneyPublishing {

    private final Workspace workspace;
    private final AuditLog audit;
    private final SegmentService segments;

    JourneyPublishing(Workspace workspace, AuditLog audit, SegmentService segments) {
        this.workspace = workspace;
        this.audit = audit;
        this.segments = segments;
    }

    /** Publishes the draft (a new version when it differs from the published one) and marks the journey active. */
    void activate(Summary s, JourneyDocument draft, OffsetDateTime now) {
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            String published = tx.select(JOURNEY_VERSION.GRAPH_JSON).from(JOURNEY_VERSION)
                    .where(JOURNEY_VERSION.JOURNEY_ID.eq(s.id()).and(JOURNEY_VERSION.VERSION.eq(s.version())))
                    .fetchOptional(JOURNEY_VERSION.GRAPH_JSON).orElse(null);
            int version = s.version();
            if (published == null || !same(published, draft.toJson())) {
                version++;
                tx.insertInto(JOURNEY_VERSION).set(JOURNEY_VERSION.JOURNEY_ID, s.id())
                        .set(JOURNEY_VERSION.VERSION, version).set(JOURNEY_VERSION.GRAPH_JSON, draft.toJson())
                        .set(JOURNEY_VERSION.PUBLISHED_AT, now).set(JOURNEY_VERSION.PUBLISHED_BY, audit.actor())
                        .execute();
            }
            var update = tx.update(JOURNEY).set(JOURNEY.STATUS, JourneyService.ACTIVE).set(JOURNEY.VERSION, version)
                    .set(JOURNEY.UPDATED_AT, now);
            if (s.activatedAt() == null) {
                Long lastEvent = tx.select(DSL.max(EVENT.ID)).from(EVENT).fetchOne(0, Long.class);
                Long lastBatch = tx.select(DSL.max(IMPORT_BATCH.ID)).from(IMPORT_BATCH).fetchOne(0, Long.class);
                update = update.set(JOURNEY.ACTIVATED_AT, now)
                        .set(JOURNEY.ENTRY_EVENT_MARK, lastEvent == null ? 0L : lastEvent)
                        .set(JOURNEY.ENTRY_BATCH_MARK, lastBatch == null ? 0L : lastBatch)
                        .set(JOURNEY.ENTRY_DAY, now.atZoneSameInstant(workspace.zone()).toLocalDate().minusDays(1));
                Step.Entry entry = draft.entry().orElseThrow();
                if (Step.Entry.SEGMENT.equals(entry.kind()) && !Boolean.TRUE.equals(entry.enrolExisting())) {
                    JourneyEntry.markSeen(tx, s.id(), JourneyEntry.members(segments, entry, now));
                }
            }
            update.where(JOURNEY.ID.eq(s.id())).execute();
            audit.record(tx, "journey.activate", "journey", s.id(), Phrase.of("audit.journey.activate", s.name(),
                    version), Map.of("version", version));
        });
    }

    void pause(Summary s, OffsetDateTime now) {
        if (!JourneyService.ACTIVE.equals(s.status())) {
            throw new RegistroException("error.journey.notActive", s.name());
        }
        workspace.dsl().transaction(cfg -> {
            cfg.dsl().update(JOURNEY).set(JOURNEY.STATUS, JourneyService.PAUSED).set(JOURNEY.UPDATED_AT, now)
                    .where(JOURNEY.ID.eq(s.id())).execute();
            audit.record(cfg.dsl(), "journey.pause", "journey", s.id(), Phrase.of("audit.journey.pause", s.name()), null);
        });
    }

    int moveToLatest(Summary s, JourneyDocument latest) {
        List<String> keys = latest.steps().stream().map(Step::key).toList();
        return workspace.dsl().transactionResult(cfg -> {
            int moved = cfg.dsl().update(JOURNEY_ENROLMENT).set(JOURNEY_ENROLMENT.VERSION, s.version())
                    .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(s.id()).and(JOURNEY_ENROLMENT.STATUS.eq(JourneyService.ACTIVE))
                            .and(JOURNEY_ENROLMENT.VERSION.lt(s.version())).and(JOURNEY_ENROLMENT.STEP_KEY.in(keys)))
                    .execute();
            audit.record(cfg.dsl(), "journey.migrate", "journey", s.id(), Phrase.of("audit.journey.migrate",
                    moved, s.version(), s.name()), null);
            return moved;
        });
    }

    /** Whether two journey documents say the same, whatever their names. */
    static boolean same(String a, String b) {
        return JourneyDocument.parse(a).withName(null).equals(JourneyDocument.parse(b).withName(null));
    }
}
