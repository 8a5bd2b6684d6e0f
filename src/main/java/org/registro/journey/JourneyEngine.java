package org.registro.journey;

import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.JOURNEY;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_STEP_LOG;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.Ids;
import org.registro.common.Messages;
import org.registro.common.Progress;
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

    /** What a run of several journeys at {@code now} asks once for all of them. */
    RunMemo memo(OffsetDateTime now) {
        return new RunMemo(segments, exports, now);
    }

    JourneyService.Outcome run(JourneyService.Loaded journey, OffsetDateTime now, RunMemo memo, Progress progress) {
        DSLContext dsl = workspace.dsl();
        progress.update(-1, -1, Messages.get("journey.progress.entering", journey.name()));
        long eventsSeen = dsl.select(DSL.coalesce(DSL.max(EVENT.ID), 0L)).from(EVENT).fetchOne(0, Long.class);
        WorkspaceWorld.Counts counts = new WorkspaceWorld.Counts();
        // newcomers walk as far as they can go in the transaction that enrols them (see JourneyEntry)
        Set<Long> walked = new HashSet<>();
        long entered = new JourneyEntry(workspace, memo, journey, now, (tx, tokens) -> {
            walk(tx, journey, now, memo, tokens, Map.of(), counts);
            tokens.forEach(t -> walked.add(t.enrolment()));
        }).enrol();
        long converted = goals(journey, now, memo);
        advance(journey, now, memo, walked, counts, progress);
        if (counts.acted > 0) {
            // a step changed people's data (a tag, a field, a consent): that may meet a goal
            memo.forget();
            converted += goals(journey, now, memo);
        }
        if (eventsSeen != journey.waitMark()) {
            dsl.update(JOURNEY).set(JOURNEY.WAIT_EVENT_MARK, eventsSeen).where(JOURNEY.ID.eq(journey.id())).execute();
        }
        JourneyService.Outcome outcome = new JourneyService.Outcome(journey.name(), entered, counts.moved,
                counts.listed, counts.skipped, converted, counts.finished);
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
                audit.record(cfg.dsl(), "journey.run", "journey", journey.id(), Phrase.of("audit.journey.run", journey.name()),
                        details);
            });
        }
        return outcome;
    }

    /**
     * Walks these people from where they are up to now, inside the transaction {@code tx}, and writes what
     * happened; {@code loadedDue} holds the due times read with them (a wait that did not change is not written).
     */
    private void walk(DSLContext tx, JourneyService.Loaded journey, OffsetDateTime now, RunMemo memo,
                      List<Token> tokens, Map<Long, OffsetDateTime> loadedDue, WorkspaceWorld.Counts counts) {
        ZoneId zone = workspace.zone();
        WorkspaceWorld world = new WorkspaceWorld(tx, segments, memo::consentCheck, journey.id(), audit.actor(), zone,
                now, loadedDue);
        new Walk(journey.id(), journey::version, zone, now, world).run(tokens);
        world.flush();
        counts.add(world.counts);
        if (world.counts.acted > 0) {
            memo.forget();
        }
    }

    /**
     * Moves on everyone whose wait has ended, and re-checks everyone waiting for an event who has one of the
     * awaited type the last run could not see (recorded since, or dated after it): in batches by enrolment id,
     * each in its own transaction.
     */
    private void advance(JourneyService.Loaded journey, OffsetDateTime now, RunMemo memo, Set<Long> walked,
                         WorkspaceWorld.Counts counts, Progress progress) {
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
        // would read the journey's enrolments again each time); newcomers have already gone as far as they can
        List<Long> dueIds = new ArrayList<>(dsl.select(JOURNEY_ENROLMENT.ID).from(JOURNEY_ENROLMENT).where(due)
                .orderBy(JOURNEY_ENROLMENT.ID).fetch(JOURNEY_ENROLMENT.ID));
        dueIds.removeIf(walked::contains);
        long total = dueIds.size();
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
            List<Token> tokens = new ArrayList<>(rows.size());
            Map<Long, OffsetDateTime> loadedDue = new HashMap<>();
            rows.forEach(r -> {
                tokens.add(new Token(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), false));
                if (r.value6() != null) {
                    loadedDue.put(r.value1(), r.value6());
                }
            });
            dsl.transaction(cfg -> walk(cfg.dsl(), journey, now, memo, tokens, loadedDue, counts));
        }
        progress.update(done, total, Messages.get("journey.progress.moving", journey.name()));
    }

    /**
     * Everyone still in the journey who meets a goal leaves it as converted, from whichever step they are on;
     * their open visit closes as "converted" and the goal records their arrival. A version's goals are tried in
     * their order; the first one met counts.
     */
    private long goals(JourneyService.Loaded journey, OffsetDateTime now, RunMemo memo) {
        if (journey.versions().values().stream().allMatch(d -> d.goals().stream().allMatch(g -> g.rule() == null))) {
            return 0;
        }
        var active = workspace.dsl().select(JOURNEY_ENROLMENT.ID, JOURNEY_ENROLMENT.CONTACT_ID,
                        JOURNEY_ENROLMENT.VERSION, JOURNEY_ENROLMENT.STEP_KEY).from(JOURNEY_ENROLMENT)
                .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journey.id()).and(JOURNEY_ENROLMENT.STATUS.eq("active")))
                .orderBy(JOURNEY_ENROLMENT.ID).fetch();
        List<Object[]> conversions = new ArrayList<>();
        for (var r : active) {
            for (Step.Goal goal : journey.version(r.value3()).goals()) {
                if (goal.rule() != null && memo.meeting(goal.rule()).contains(r.value2())) {
                    conversions.add(new Object[]{r.value1(), r.value4(), goal.key()});
                    break;
                }
            }
        }
        for (int from = 0; from < conversions.size(); from += BATCH) {
            List<Object[]> part = conversions.subList(from, Math.min(conversions.size(), from + BATCH));
            workspace.dsl().transaction(cfg -> {
                DSLContext tx = cfg.dsl();
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
                for (Object[] c : part) {
                    close.bind(now, JourneyService.CONVERTED, c[0], c[1]);
                    arrive.bind(c[0], c[2], JourneyService.CONVERTED, now, now);
                    end.bind(JourneyService.CONVERTED, "goal:" + c[2], now, null, c[0]);
                }
                close.execute();
                arrive.execute();
                end.execute();
            });
        }
        return conversions.size();
    }
}
