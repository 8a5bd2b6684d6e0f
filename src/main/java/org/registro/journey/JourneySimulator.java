package org.registro.journey;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IMPORT_BATCH;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.export.ExportService;
import org.registro.ingest.ImportService;
import org.registro.journey.World.Token;
import org.registro.segment.Rule;
import org.registro.segment.SegmentService;
import org.registro.workspace.Workspace;

/**
 * Plays a journey forward over N days from now without touching the workspace: the same {@link Walk} as a real
 * run, over a {@link SimulatedWorld} that reads the workspace once and keeps everything else in memory. A virtual
 * clock ticks once a day; people enter as the journey's entry would let them (those who match already, and
 * arrivals at the recent rate, each a copy of a recent real arrival), and what they do follows the
 * {@link Assumptions}. The same seed gives the same result.
 */
final class JourneySimulator {

    /** How far back the workspace's own activity is read for the assumptions and the arrivals. */
    static final int PAST_DAYS = 90;
    /** Message activity (sends, opens, clicks) is read over a longer stretch: newsletters are not daily. */
    static final int PAST_MESSAGE_DAYS = 365;
    static final double DEFAULT_OPEN = 0.25;
    static final double DEFAULT_CLICK = 0.03;
    static final double DEFAULT_GOAL = 0.02;
    static final double DEFAULT_EVENT = 0.05;

    private final Workspace workspace;
    private final SegmentService segments;
    private final ExportService exports;

    JourneySimulator(Workspace workspace, SegmentService segments, ExportService exports) {
        this.workspace = workspace;
        this.segments = segments;
        this.exports = exports;
    }

    // ---------------------------------------------------------------- assumptions from the past

    /** The assumptions a simulation of this journey starts from: the workspace's own recent activity. */
    Assumptions assume(JourneyDocument doc, OffsetDateTime now) {
        return assume(doc, now, doc.entry().map(e -> recentArrivals(e, now)).orElse(List.of()));
    }

    private Assumptions assume(JourneyDocument doc, OffsetDateTime now, List<Long> recent) {
        Map<String, String> basis = new LinkedHashMap<>();
        double arrivals = recent.size() / (double) PAST_DAYS;
        basis.put("arrivals", recent.isEmpty() ? Assumptions.ASSUMED : Assumptions.PAST);

        DSLContext dsl = workspace.dsl();
        OffsetDateTime since = now.minusDays(PAST_MESSAGE_DAYS);
        long sent = distinctMessageContacts(dsl, "email_sent", since, now);
        double open = DEFAULT_OPEN;
        double click = DEFAULT_CLICK;
        if (sent >= 20) {
            open = Math.min(1, distinctMessageContacts(dsl, "email_opened", since, now) / (double) sent);
            click = Math.min(open, distinctMessageContacts(dsl, "email_clicked", since, now) / (double) sent);
            basis.put("open", Assumptions.PAST);
            basis.put("click", Assumptions.PAST);
        } else {
            basis.put("open", Assumptions.ASSUMED);
            basis.put("click", Assumptions.ASSUMED);
        }

        long people = Math.max(1, dsl.fetchCount(CONTACT, CONTACT.STATUS.eq("active")));
        List<String> goalTypes = new ArrayList<>();
        doc.goals().forEach(g -> eventTypes(g.rule(), goalTypes));
        double goal = DEFAULT_GOAL;
        basis.put("goal", Assumptions.ASSUMED);
        if (!goalTypes.isEmpty()) {
            double none = 1;
            for (String type : goalTypes) {
                none *= 1 - per30Days(dsl, type, people, now);
            }
            if (none < 1) {
                goal = 1 - none;
                basis.put("goal", Assumptions.PAST);
            }
        }
        Map<String, Double> events = new LinkedHashMap<>();
        for (Step s : doc.steps()) {
            if (s instanceof Step.Wait w && Step.Wait.EVENT.equals(w.mode()) && w.eventType() != null
                    && !SimulatedWorld.isMessageActivity(w.eventType()) && !events.containsKey(w.eventType())) {
                double p = per30Days(dsl, w.eventType(), people, now);
                events.put(w.eventType(), p > 0 ? p : DEFAULT_EVENT);
                basis.put("event:" + w.eventType(), p > 0 ? Assumptions.PAST : Assumptions.ASSUMED);
            }
        }
        return new Assumptions(arrivals, open, click, goal, events, basis);
    }

    /** People who had a message of this kind (one per person and message), over the stretch. */
    private static long distinctMessageContacts(DSLContext dsl, String type, OffsetDateTime since,
                                                OffsetDateTime now) {
        return dsl.select(DSL.countDistinct(EVENT.CONTACT_ID, EVENT.CAMPAIGN)).from(EVENT)
                .where(EVENT.EVENT_TYPE.eq(type).and(EVENT.OCCURRED_AT.between(since, now)))
                .fetchOne(0, Long.class);
    }

    /** The chance that a person does an event of this type within 30 days, from the recent past. */
    private static double per30Days(DSLContext dsl, String type, long people, OffsetDateTime now) {
        long did = dsl.select(DSL.countDistinct(EVENT.CONTACT_ID)).from(EVENT)
                .where(EVENT.EVENT_TYPE.eq(type).and(EVENT.OCCURRED_AT.between(now.minusDays(PAST_DAYS), now)))
                .fetchOne(0, Long.class);
        double perPast = Math.min(1, did / (double) people);
        return 1 - Math.pow(1 - perPast, 30.0 / PAST_DAYS);
    }

    /** The event types a rule asks that a person did (not those it asks they did not). */
    private static void eventTypes(Rule rule, List<String> out) {
        if (rule instanceof Rule.Events e && !Boolean.FALSE.equals(e.did()) && e.eventType() != null
                && !out.contains(e.eventType())) {
            out.add(e.eventType());
        } else if (rule instanceof Rule.Group g && g.match() != Rule.Match.NONE) {
            g.conditions().forEach(c -> eventTypes(c, out));
        }
    }

    /**
     * Who entered the journey over the recent past (or would have): recent members of its segment, people whose
     * (first) event of its type was recent, people recent imports from its source created. Copies of them are
     * the simulation's arrivals.
     */
    private List<Long> recentArrivals(Step.Entry entry, OffsetDateTime now) {
        DSLContext dsl = workspace.dsl();
        OffsetDateTime since = now.minusDays(PAST_DAYS);
        Condition active = CONTACT.STATUS.eq("active");
        return switch (entry.kind()) {
            case Step.Entry.SEGMENT -> dsl.select(CONTACT.ID).from(CONTACT)
                    .where(active.and(JourneyEntry.members(segments, entry, now))
                            .and(CONTACT.CREATED_AT.between(since, now))).orderBy(CONTACT.ID).fetch(CONTACT.ID);
            case Step.Entry.EVENT -> {
                Condition c = EVENT.EVENT_TYPE.eq(entry.eventType()).and(JourneyEntry.aboutCampaign(entry.campaign()));
                var first = DSL.min(EVENT.OCCURRED_AT);
                var max = DSL.max(EVENT.OCCURRED_AT);
                var q = dsl.select(EVENT.CONTACT_ID).from(EVENT).join(CONTACT).on(CONTACT.ID.eq(EVENT.CONTACT_ID))
                        .where(c.and(active).and(EVENT.OCCURRED_AT.le(now))).groupBy(EVENT.CONTACT_ID);
                yield (Boolean.TRUE.equals(entry.firstOnly()) ? q.having(first.gt(since)) : q.having(max.gt(since)))
                        .orderBy(EVENT.CONTACT_ID).fetch(EVENT.CONTACT_ID);
            }
            case Step.Entry.IMPORT -> {
                Condition batches = IMPORT_BATCH.STATUS.eq(ImportService.STATUS_COMPLETED)
                        .and(IMPORT_BATCH.FINISHED_AT.between(since, now)).and(JourneyEntry.fromSource(entry.source()));
                yield dsl.select(CONTACT.ID).from(CONTACT).join(IMPORT_BATCH)
                        .on(IMPORT_BATCH.ID.eq(CONTACT.CREATED_BATCH_ID)).where(batches.and(active))
                        .orderBy(CONTACT.ID).fetch(CONTACT.ID);
            }
            default -> List.of();
        };
    }

    // ---------------------------------------------------------------- the run

    /** Plays the journey; with {@code given} null, on the assumptions of {@link #assume}. */
    Simulation run(long journeyId, JourneyDocument doc, OffsetDateTime now, int days, long seed,
                   Assumptions given, Progress progress) {
        long started = System.nanoTime();
        if (days < 1 || days > 3 * 365) {
            throw new IllegalArgumentException("days " + days);
        }
        Step.Entry entry = doc.entry().orElseThrow(() -> new org.registro.common.RegistroException(
                "error.journey.noEntry", doc.name()));
        ZoneId zone = workspace.zone();
        List<Long> recent = recentArrivals(entry, now);
        Assumptions assumptions = given != null ? given : assume(doc, now, recent);
        SimulatedWorld world = new SimulatedWorld(workspace.dsl(), segments, exports, doc, assumptions, seed, zone,
                now);
        SplittableRandom random = new SplittableRandom(seed);
        Map<Integer, JourneyDocument> versions = Map.of(0, doc);
        List<Map<String, Long>> arrivedByDay = new ArrayList<>();
        List<Map<String, Long>> waitingByDay = new ArrayList<>();
        Map<LocalDate, List<Long>> dated = Step.Entry.DATE.equals(entry.kind())
                ? world.onDays(entry, now.atZoneSameInstant(zone).toLocalDate().plusDays(1), days) : Map.of();
        for (int day = 0; day <= days; day++) {
            progress.checkCancelled();
            progress.update(day, days, Messages.get("journey.progress.simulating", doc.name()));
            OffsetDateTime tick = now.plusDays(day);
            List<Token> walkers = new ArrayList<>();
            if (day == 0) {
                if (Step.Entry.SEGMENT.equals(entry.kind()) && Boolean.TRUE.equals(entry.enrolExisting())) {
                    world.existing(entry, now).forEach(id -> walkers.add(world.enter(id, id, now)));
                }
            } else if (Step.Entry.DATE.equals(entry.kind())) {
                LocalDate date = tick.atZoneSameInstant(zone).toLocalDate();
                OffsetDateTime at = Times.utc(date.atStartOfDay(zone));
                dated.getOrDefault(date, List.of()).forEach(id -> walkers.add(world.enter(id, id, at)));
            } else if (!recent.isEmpty() && assumptions.arrivalsPerDay() > 0) {
                int n = poisson(random, assumptions.arrivalsPerDay());
                List<OffsetDateTime> times = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    times.add(tick.minusSeconds((long) (random.nextDouble() * 86_400)));
                }
                times.sort(null);
                for (OffsetDateTime at : times) {
                    walkers.add(world.enter(world.newcomer(), recent.get(random.nextInt(recent.size())), at));
                }
            }
            world.goals(walkers, tick);
            walkers.addAll(world.due(tick));
            new Walk(journeyId, versions::get, zone, tick, world).run(walkers);
            arrivedByDay.add(new TreeMap<>(world.arrived));
            waitingByDay.add(world.waitingNow());
        }
        progress.update(days, days, Messages.get("journey.progress.simulating", doc.name()));
        Map<String, Simulation.StepFlow> steps = new LinkedHashMap<>();
        Map<String, Long> waiting = waitingByDay.get(waitingByDay.size() - 1);
        for (Step s : doc.steps()) {
            long arrived = world.arrived.getOrDefault(s.key(), 0L);
            Map<String, Long> outcomes = world.outcomes.getOrDefault(s.key(), Map.of());
            long waits = waiting.getOrDefault(s.key(), 0L);
            if (arrived > 0 || waits > 0) {
                steps.put(s.key(), new Simulation.StepFlow(arrived, Map.copyOf(outcomes), waits));
            }
        }
        return new Simulation(now.atZoneSameInstant(zone).toLocalDate(), days, seed, assumptions, steps,
                arrivedByDay, waitingByDay, world.entered, world.converted, world.completed, world.exited,
                world.listed, new TreeMap<>(world.skipped), new TreeMap<>(world.actions),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** A Poisson draw (Knuth's method for small means, a rounded normal beyond). */
    static int poisson(SplittableRandom random, double mean) {
        if (mean > 30) {
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
        }
        double limit = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > limit);
        return k - 1;
    }
}
