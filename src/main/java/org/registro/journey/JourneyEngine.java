package org.registro.journey;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.JOURNEY;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_STEP_LOG;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Ids;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.export.ConsentCheck;
import org.registro.export.ExportService;
import org.registro.journey.World.Token;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Runs active journeys up to a moment: new people enter, goals end journeys, everyone else moves on until a wait
 * holds them. Deterministic and idempotent: every time is computed from when a person reached a step, and what
 * has been done is in the database, so a second run at the same moment finds nothing to do. One transaction per
 * batch of people: a run that is killed leaves whole batches done and the rest for the next run.
 */
final class JourneyEngine {

    /** People per transaction. */
    static final int BATCH = 2_000;

    private final Workspace workspace;
    private final AuditLog audit;
    private final SegmentService segments;
    private final ExportService exports;

    JourneyEngine(Workspace workspace, AuditLog audit, SegmentService segments, ExportService exports) {
        this.workspace = workspace;
        this.audit = audit;
        this.segments = segments;
        this.exports = exports;
    }

    JourneyService.Outcome run(JourneyService.Loaded journey, OffsetDateTime now, Progress progress) {
        DSLContext dsl = workspace.dsl();
        ZoneId zone = workspace.zone();
        progress.update(-1, -1, Messages.get("journey.progress.entering", journey.name()));
        long eventsSeen = dsl.select(DSL.coalesce(DSL.max(EVENT.ID), 0L)).from(EVENT).fetchOne(0, Long.class);
        long entered = new JourneyEntry(workspace, segments, journey, now).enrol();
        long converted = goals(journey, now);
        WorkspaceWorld.Counts counts = advance(journey, now, zone, progress);
        if (counts.moved > 0) {
            // what the walk did (a tag, a field) may meet a goal; with nobody moved, nothing changed since above
            converted += goals(journey, now);
        }
        if (eventsSeen != journey.waitMark()) {
            dsl.update(JOURNEY).set(JOURNEY.WAIT_EVENT_MARK, eventsSeen).where(JOURNEY.ID.eq(journey.id())).execute();
        }
        JourneyService.Outcome outcome = new JourneyService.Outcome(journey.name(), entered, counts.moved, counts.listed, counts.skipped,
                converted, counts.finished);
        if (outcome.changed()) {
            dsl.transaction(cfg -> {
                cfg.dsl().update(JOURNEY).set(JOURNEY.LAST_RUN_AT, now).where(JOURNEY.ID.eq(journey.id())).execute();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("at", now.toString());
                details.put("entered", entered);
                details.put("listed", counts.listed);
                details.put("skipped", counts.skipped);
                details.put("converted", outcome.converted());
                details.put("finished", counts.finished);
                audit.record(cfg.dsl(), "journey.run", "journey", journey.id(), "Ran journey " + journey.name(),
                        details);
            });
        }
        return outcome;
    }

    /**
     * Moves on everyone whose wait has ended, and re-checks everyone waiting for an event who has one of the
     * awaited type the last run could not see (recorded since, or dated after it): in batches by enrolment id,
     * each in its own transaction.
     */
    private WorkspaceWorld.Counts advance(JourneyService.Loaded journey, OffsetDateTime now, ZoneId zone,
                                          Progress progress) {
        DSLContext dsl = workspace.dsl();
        Condition eventWaits = DSL.falseCondition();
        Condition unseen = EVENT.ID.gt(journey.waitMark());
        if (journey.lastRunAt() != null) {
            unseen = unseen.or(EVENT.OCCURRED_AT.gt(journey.lastRunAt()));
        }
        for (Map.Entry<Integer, JourneyDocument> v : journey.versions().entrySet()) {
            for (Step s : v.getValue().steps()) {
                if (s instanceof Step.Wait w && Step.Wait.EVENT.equals(w.mode())) {
                    eventWaits = eventWaits.or(JOURNEY_ENROLMENT.VERSION.eq(v.getKey())
                            .and(JOURNEY_ENROLMENT.STEP_KEY.eq(w.key()))
                            .andExists(DSL.selectOne().from(EVENT).where(EVENT.CONTACT_ID
                                    .eq(JOURNEY_ENROLMENT.CONTACT_ID).and(EVENT.EVENT_TYPE.eq(w.eventType()))
                                    .and(unseen))));
                }
            }
        }
        Condition due = JOURNEY_ENROLMENT.JOURNEY_ID.eq(journey.id()).and(JOURNEY_ENROLMENT.STATUS.eq("active"))
                .and(JOURNEY_ENROLMENT.DUE_AT.le(now).or(eventWaits));
        // who is due, read once: each batch then reads its people by id (asking the condition again per batch
        // would read the journey's enrolments again each time)
        List<Long> dueIds = dsl.select(JOURNEY_ENROLMENT.ID).from(JOURNEY_ENROLMENT).where(due)
                .orderBy(JOURNEY_ENROLMENT.ID).fetch(JOURNEY_ENROLMENT.ID);
        long total = dueIds.size();
        WorkspaceWorld.Counts counts = new WorkspaceWorld.Counts();
        // one consent check per message for the whole run: the suppression list is read once, not per batch
        Map<String, ConsentCheck> checks = new HashMap<>();
        java.util.function.Function<Message, ConsentCheck> checkOf = m -> checks.computeIfAbsent(
                m.purposeValue().code() + "\u0000" + m.channel() + "\u0000" + m.topic(),
                k -> exports.consentCheck(m.purposeValue(), m.channel(), m.topic()));
        long done = 0;
        for (int from = 0; from < dueIds.size(); from += BATCH) {
            progress.checkCancelled();
            progress.update(done, total, Messages.get("journey.progress.moving", journey.name()));
            List<Long> batch = dueIds.subList(from, Math.min(dueIds.size(), from + BATCH));
            var rows = dsl.select(JOURNEY_ENROLMENT.ID, JOURNEY_ENROLMENT.CONTACT_ID, JOURNEY_ENROLMENT.VERSION,
                            JOURNEY_ENROLMENT.STEP_KEY, JOURNEY_ENROLMENT.STEP_ENTERED_AT, JOURNEY_ENROLMENT.DUE_AT)
                    .from(JOURNEY_ENROLMENT).where(Ids.in(JOURNEY_ENROLMENT.ID, batch)
                            .and(JOURNEY_ENROLMENT.STATUS.eq("active")))
                    .orderBy(JOURNEY_ENROLMENT.ID).fetch();
            done += batch.size();
            dsl.transaction(cfg -> {
                List<Token> tokens = new ArrayList<>(rows.size());
                Map<Long, OffsetDateTime> loadedDue = new HashMap<>();
                rows.forEach(r -> {
                    tokens.add(new Token(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), false));
                    if (r.value6() != null) {
                        loadedDue.put(r.value1(), r.value6());
                    }
                });
                WorkspaceWorld world = new WorkspaceWorld(cfg.dsl(), segments, checkOf, journey.id(), audit.actor(),
                        zone, now, loadedDue);
                new Walk(journey.id(), journey::version, zone, now, world).run(tokens);
                world.flush();
                counts.moved += world.counts.moved;
                counts.listed += world.counts.listed;
                counts.skipped += world.counts.skipped;
                counts.finished += world.counts.finished;
            });
        }
        progress.update(done, total, Messages.get("journey.progress.moving", journey.name()));
        return counts;
    }

    /**
     * Everyone still in the journey who meets a goal leaves it as converted, from whichever step they are on;
     * their open visit closes as "converted" and the goal records their arrival.
     */
    private long goals(JourneyService.Loaded journey, OffsetDateTime now) {
        long converted = 0;
        for (Map.Entry<Integer, JourneyDocument> v : journey.versions().entrySet()) {
            for (Step.Goal goal : v.getValue().goals()) {
                if (goal.rule() == null) {
                    continue;
                }
                Condition meets = segments.condition(goal.rule(), now);
                converted += workspace.dsl().transactionResult(cfg -> {
                    DSLContext tx = cfg.dsl();
                    var rows = tx.select(JOURNEY_ENROLMENT.ID, JOURNEY_ENROLMENT.STEP_KEY).from(JOURNEY_ENROLMENT)
                            .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journey.id())
                                    .and(JOURNEY_ENROLMENT.VERSION.eq(v.getKey()))
                                    .and(JOURNEY_ENROLMENT.STATUS.eq("active"))
                                    .and(JOURNEY_ENROLMENT.CONTACT_ID.in(DSL.select(CONTACT.ID).from(CONTACT)
                                            .where(meets))))
                            .fetch();
                    if (rows.isEmpty()) {
                        return 0L;
                    }
                    // a batch binds every parameter again, the SET values too
                    var close = tx.batch(tx.update(JOURNEY_STEP_LOG).set(JOURNEY_STEP_LOG.LEFT_AT, now)
                            .set(JOURNEY_STEP_LOG.OUTCOME, JourneyService.CONVERTED)
                            .where(JOURNEY_STEP_LOG.ENROLMENT_ID.eq((Long) null)
                                    .and(JOURNEY_STEP_LOG.STEP_KEY.eq((String) null))
                                    .and(JOURNEY_STEP_LOG.LEFT_AT.isNull())));
                    var arrive = tx.batch(tx.insertInto(JOURNEY_STEP_LOG, JOURNEY_STEP_LOG.ENROLMENT_ID,
                            JOURNEY_STEP_LOG.STEP_KEY, JOURNEY_STEP_LOG.OUTCOME, JOURNEY_STEP_LOG.ENTERED_AT,
                            JOURNEY_STEP_LOG.LEFT_AT).values((Long) null, null, null, null, null));
                    var end = tx.batch(tx.update(JOURNEY_ENROLMENT).set(JOURNEY_ENROLMENT.STATUS,
                                    JourneyService.CONVERTED).set(JOURNEY_ENROLMENT.OUTCOME, (String) null)
                            .set(JOURNEY_ENROLMENT.FINISHED_AT, now).set(JOURNEY_ENROLMENT.DUE_AT,
                                    (OffsetDateTime) null)
                            .where(JOURNEY_ENROLMENT.ID.eq((Long) null)));
                    for (var r : rows) {
                        close.bind(now, JourneyService.CONVERTED, r.value1(), r.value2());
                        arrive.bind(r.value1(), goal.key(), JourneyService.CONVERTED, now, now);
                        end.bind(JourneyService.CONVERTED, "goal:" + goal.key(), now, null, r.value1());
                    }
                    close.execute();
                    arrive.execute();
                    end.execute();
                    return (long) rows.size();
                });
            }
        }
        return converted;
    }
}
