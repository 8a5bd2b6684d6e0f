package org.registro.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.registro.common.Progress;
import org.registro.journey.JourneyDocument;
import org.registro.journey.JourneyService;
import org.registro.wiring.Session;
import org.registro.journey.Simulation;
import org.registro.journey.JourneyTemplates;
import org.registro.journey.Step;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The journey benchmark of issue 18: {@code contacts} contacts with five events each (donations, purchases,
 * opens, event sign-ups) and consent, loaded through SQL; the five templates active (the welcome series also
 * enrolling everyone who already matches, so the run has people to move); then a run, and a second run at the
 * same moment, which must change nothing.
 */
public final class JourneyBench {

    private final Path dir;
    private final Clock clock;
    private final int contacts;
    private final Consumer<String> log;

    public JourneyBench(Path dir, Clock clock, int contacts, Consumer<String> log) {
        this.dir = dir;
        this.clock = clock;
        this.contacts = contacts;
        this.log = log;
    }

    public List<BenchResult> run() {
        List<BenchResult> results = new ArrayList<>();
        Path wsDir = dir.resolve("journeys-" + System.nanoTime());
        try (Workspace ws = new WorkspaceService(clock).create(wsDir, new NewWorkspace("Journeys bench", "ES", null))) {
            DSLContext dsl = ws.dsl();
            SegmentBench.loadContacts(dsl, contacts, log);
            long first = dsl.fetchSingle("SELECT MIN(id) FROM contact").get(0, Long.class);
            log.accept("loading " + contacts * 5L + " events");
            for (int round = 0; round < 5; round++) {
                dsl.execute("INSERT INTO event (contact_id, event_type, campaign, occurred_at, amount, recorded_at) "
                        + "SELECT ? + X - 1, CASE MOD(X + ?, 4) WHEN 0 THEN 'purchase' WHEN 1 THEN 'donation' "
                        + "WHEN 2 THEN 'email_opened' ELSE 'event_signup' END, 'Newsletter', "
                        + "DATEADD(DAY, -MOD(X * 13 + ? * 101, 900), CURRENT_TIMESTAMP), MOD(X * 7 + ?, 200) + 5, "
                        + "CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, ?)", first, round, round, round, contacts);
            }
            SegmentBench.loadConsent(dsl, log);
            Session session = Session.open(ws, new WorkspaceService(clock), "bench");
            JourneyService journeys = session.journeys();
            // as in the app: who a rule selects comes from the audience index, kept up to date as data changes
            session.audience().start();
            for (String key : JourneyTemplates.KEYS) {
                JourneyDocument doc = JourneyTemplates.get(key);
                if ("welcome-series".equals(key)) {
                    Step.Entry e = doc.entry().orElseThrow();
                    doc = doc.replace(new Step.Entry(e.key(), e.label(), e.kind(), e.segment(), e.rule(), true,
                            e.eventType(), e.campaign(), e.firstOnly(), e.source(), e.dateField(), e.anniversary(),
                            e.days(), e.next()));
                }
                journeys.create(key, doc);
                journeys.activate(key);
            }
            log.accept("new event sign-ups after activation");
            dsl.execute("INSERT INTO event (contact_id, event_type, occurred_at, recorded_at) SELECT ? + X * 10, "
                    + "'event_signup', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(0, ?)", first,
                    contacts / 10 - 1);
            String size = String.format("%,d contacts, %,d events, 5 journeys", contacts, contacts * 5L);
            log.accept("waiting for the audience index");
            session.audience().awaitReady(10, java.util.concurrent.TimeUnit.MINUTES);
            log.accept("running journeys");
            long start = System.nanoTime();
            JourneyService.RunResult run = journeys.run(null, Progress.NONE);
            double ms = (System.nanoTime() - start) / 1e6;
            long entered = run.journeys().stream().mapToLong(JourneyService.Outcome::entered).sum();
            long listed = run.journeys().stream().mapToLong(JourneyService.Outcome::listed).sum();
            long skipped = run.journeys().stream().mapToLong(JourneyService.Outcome::skipped).sum();
            results.add(new BenchResult("journey run, five templates", size + String.format(" → %,d entered, %,d "
                    + "listed, %,d skipped", entered, listed, skipped), ms, null, 0, "≤ 10 s", ms <= 10_000));
            log.accept("running again at the same moment");
            start = System.nanoTime();
            JourneyService.RunResult again = journeys.run(run.at(), Progress.NONE);
            ms = (System.nanoTime() - start) / 1e6;
            results.add(new BenchResult("second run at the same moment", size + (again.changed() ? " → CHANGED"
                    : " → nothing changed"), ms, null, 0, "≤ 2 s, no change", ms <= 2_000 && !again.changed()));
            log.accept("writing the same rows the fastest way H2 allows");
            long[] rows = new long[1];
            start = System.nanoTime();
            dsl.transaction(cfg -> rows[0] = writeSameRows(cfg.dsl()));
            ms = (System.nanoTime() - start) / 1e6;
            results.add(new BenchResult("floor: the run's rows by INSERT … SELECT", String.format("%,d rows "
                    + "(enrolments, visits, members seen, send lists)", rows[0]), ms, null, 0, "", null));
            log.accept("simulating the welcome series over 90 days");
            start = System.nanoTime();
            Simulation sim = journeys.simulate("welcome-series", null, 90, 1, null, Progress.NONE);
            ms = (System.nanoTime() - start) / 1e6;
            results.add(new BenchResult("90-day simulation, welcome series", size + String.format(" → %,d entered, "
                    + "%,d listed, %,d reached the goal", sim.entered(), sim.listed(), sim.converted()), ms, null, 0,
                    "≤ 5 s", ms <= 5_000));
        }
        return results;
    }

    /**
     * The store's floor for what the first run wrote: the same enrolments, visits, members seen and send-list
     * rows copied under a new journey, one {@code INSERT … SELECT} per table in one transaction; no engine work.
     */
    private static long writeSameRows(DSLContext tx) {
        tx.execute("INSERT INTO journey (name, graph_json, status, created_at, updated_at) SELECT 'floor ' || name, "
                + "'{}', 'paused', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM journey");
        String twin = " JOIN journey j ON j.id = t.journey_id JOIN journey f ON f.name = 'floor ' || j.name";
        long first = tx.fetchSingle("SELECT COALESCE(MAX(id), 0) + 1 FROM journey_enrolment").get(0, Long.class);
        long oldFirst = tx.fetchSingle("SELECT MIN(id) FROM journey_enrolment").get(0, Long.class);
        long rows = tx.execute("INSERT INTO journey_entry_seen (journey_id, contact_id) SELECT f.id, t.contact_id "
                + "FROM journey_entry_seen t" + twin);
        // the copies take consecutive ids from the next free one, in the same order: an offset maps them
        rows += tx.execute("INSERT INTO journey_enrolment (id, journey_id, contact_id, version, step_key, status, "
                + "enrolled_at, step_entered_at, due_at, finished_at, outcome) SELECT t.id - ? + ?, f.id, "
                + "t.contact_id, t.version, t.step_key, t.status, t.enrolled_at, t.step_entered_at, t.due_at, "
                + "t.finished_at, t.outcome FROM journey_enrolment t" + twin + " ORDER BY t.id", oldFirst, first);
        rows += tx.execute("INSERT INTO journey_step_log (enrolment_id, step_key, outcome, entered_at, left_at) "
                + "SELECT enrolment_id - ? + ?, step_key, outcome, entered_at, left_at FROM journey_step_log "
                + "WHERE enrolment_id < ?", oldFirst, first, first);
        rows += tx.execute("INSERT INTO journey_send (journey_id, version, step_key, enrolment_id, contact_id, "
                + "message, purpose, channel, topic, send_at, list_day, status, reason) SELECT f.id, t.version, "
                + "t.step_key, t.enrolment_id - ? + ?, t.contact_id, t.message, t.purpose, t.channel, t.topic, "
                + "t.send_at, t.list_day, t.status, t.reason FROM journey_send t" + twin, oldFirst, first);
        return rows;
    }
}
