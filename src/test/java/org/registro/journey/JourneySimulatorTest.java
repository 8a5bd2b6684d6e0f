package org.registro.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.registro.journey.JourneyFixture.EVERYONE;
import static org.registro.journey.JourneyFixture.doc;
import static org.registro.journey.JourneyFixture.segmentEntry;
import static org.registro.journey.JourneyFixture.send;
import static org.registro.journey.JourneyFixture.waitEvent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.consent.Consent;
import org.registro.db.Tables;
import org.registro.segment.Rule;

class JourneySimulatorTest {

    @TempDir
    Path tmp;

    private static final Rule DONATED = new Rule.Events("donation", null, null, 30, null, true);

    /** Entry (everyone, those there now too) → welcome → wait 3 days for its open → tag, or exit; goal: a gift. */
    private static JourneyDocument welcome() {
        return doc(Settings.defaults(),
                segmentEntry(EVERYONE, true, "send"),
                send("send", "Hello", "commercial", "wait"),
                waitEvent("wait", "email_opened", "Hello", 3, "tag", "exit"),
                new Step.Tag("tag", null, "opened", false, "exit"),
                new Step.Exit("exit", null),
                new Step.Goal("goal", null, DONATED));
    }

    /** 40 people, 30 of them opted in to email. */
    private JourneyFixture fixture(String dir) {
        JourneyFixture f = new JourneyFixture(tmp.resolve(dir), "2026-03-02T08:00:00Z");
        List<Long> people = f.people(40, "P");
        for (int i = 0; i < 30; i++) {
            f.optIn(people.get(i), Consent.GRANTED);
        }
        return f;
    }

    @Test
    void aSimulationChangesNothingAndTheSameSeedGivesTheSameResult() {
        try (JourneyFixture f = fixture("same")) {
            f.journeys.create("W", welcome());
            List<Table<?>> tables = List.of(Tables.JOURNEY_ENROLMENT, Tables.JOURNEY_STEP_LOG, Tables.JOURNEY_SEND,
                    Tables.CONTACT_TAG, Tables.AUDIT_LOG, Tables.JOURNEY_ENTRY_SEEN, Tables.EXPORT_RUN);
            List<Integer> before = tables.stream().map(t -> f.workspace.dsl().fetchCount(t)).toList();

            Simulation one = f.journeys.simulate("W", null, 30, 42, null, Progress.NONE);
            Simulation two = f.journeys.simulate("W", null, 30, 42, null, Progress.NONE);

            assertThat(tables.stream().map(t -> f.workspace.dsl().fetchCount(t)).toList()).isEqualTo(before);
            assertThat(f.journeys.summary("W").status()).isEqualTo(JourneyService.DRAFT);
            assertThat(two.steps()).isEqualTo(one.steps());
            assertThat(two.waitingByDay()).isEqualTo(one.waitingByDay());
            assertThat(two.arrivedByDay()).isEqualTo(one.arrivedByDay());
            assertThat(one.entered()).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void consentSkipsAndOpenRatesDecideTheBranches() {
        try (JourneyFixture f = fixture("branches")) {
            f.journeys.create("W", welcome());
            Assumptions past = f.journeys.assumptions("W", null).with("arrivals", 0).with("goal", 0);

            Simulation everyoneOpens = f.journeys.simulate("W", null, 10, 1, past.with("open", 1), Progress.NONE);
            Simulation nobodyOpens = f.journeys.simulate("W", null, 10, 1, past.with("open", 0), Progress.NONE);

            for (Simulation sim : List.of(everyoneOpens, nobodyOpens)) {
                assertThat(sim.entered()).isEqualTo(40);
                assertThat(sim.step("send").outcomes()).containsEntry("listed", 30L).containsEntry("skipped:no_opt_in",
                        10L);
                assertThat(sim.skipped()).isEqualTo(Map.of("no_opt_in", 10L));
                assertThat(sim.converted()).isZero();
            }
            // the ten without consent go on past the send (the step does not exit them) and wait like the rest
            assertThat(everyoneOpens.step("wait").outcomes()).isEqualTo(Map.of("event", 30L, "timeout", 10L));
            assertThat(everyoneOpens.actions()).isEqualTo(Map.of("tag", 30L));
            assertThat(nobodyOpens.step("wait").outcomes()).isEqualTo(Map.of("timeout", 40L));
            assertThat(nobodyOpens.step("tag").arrived()).isZero();
            assertThat(nobodyOpens.completed()).isEqualTo(40);
            // on day 0 everyone is held by the send window or the open wait; by day 10 everyone is through
            assertThat(nobodyOpens.waitingByDay().get(10)).isEmpty();
            assertThat(nobodyOpens.arrivedByDay().get(10)).containsEntry("exit", 40L);
            // the workspace has no tag "opened"
            assertThat(f.workspace.dsl().fetchCount(Tables.TAG)).isZero();
        }
    }

    @Test
    void askingEveryoneAtOnceGivesTheSameConsentDecisionsAsAskingByList() {
        try (JourneyFixture f = fixture("consent")) {
            List<Long> ids = f.workspace.dsl().select(Tables.CONTACT.ID).from(Tables.CONTACT)
                    .fetch(Tables.CONTACT.ID);
            var check = f.exports.consentCheck(org.registro.consent.Purpose.COMMERCIAL, "email", null);
            var byList = check.check(ids);
            var all = check.checkAll();
            assertThat(all.allowed()).isEqualTo(byList.allowed()).hasSize(30);
            assertThat(all.excluded()).isEqualTo(byList.excluded()).hasSize(10);
        }
    }

    @Test
    void assumptionsComeFromTheWorkspacesOwnActivity() {
        try (JourneyFixture f = fixture("past")) {
            List<Long> ids = f.workspace.dsl().select(Tables.CONTACT.ID).from(Tables.CONTACT)
                    .orderBy(Tables.CONTACT.ID).fetch(Tables.CONTACT.ID);
            for (int i = 0; i < 40; i++) {
                f.event(ids.get(i), "email_sent", "News", "2026-02-01T10:00:00Z");
                if (i < 10) {
                    f.event(ids.get(i), "email_opened", "News", "2026-02-01T12:00:00Z");
                }
                if (i < 2) {
                    f.event(ids.get(i), "email_clicked", "News", "2026-02-01T12:01:00Z");
                }
                if (i < 8) {
                    f.event(ids.get(i), "donation", null, "2026-01-15T10:00:00Z");
                }
            }
            f.journeys.create("W", welcome());

            Assumptions a = f.journeys.assumptions("W", null);

            assertThat(a.openRate()).isEqualTo(0.25);
            assertThat(a.clickRate()).isEqualTo(0.05);
            // 8 of 40 gave within the last 90 days: a fifth in 90 days, about 7.2% in 30
            assertThat(a.goalPer30Days()).isCloseTo(1 - Math.pow(0.8, 1 / 3.0), within(1e-9));
            // all 40 match the entry and were created within the last 90 days
            assertThat(a.arrivalsPerDay()).isCloseTo(40 / 90.0, within(1e-9));
            assertThat(a.basisOf("open")).isEqualTo(Assumptions.PAST);
            assertThat(a.basisOf("goal")).isEqualTo(Assumptions.PAST);
            assertThat(a.with("open", 0.5).basisOf("open")).isEqualTo(Assumptions.EDITED);
        }
    }

    @Test
    void theGoalTakesPeopleOutFromWhereverTheyAre() {
        try (JourneyFixture f = fixture("goal")) {
            List<Long> ids = f.workspace.dsl().select(Tables.CONTACT.ID).from(Tables.CONTACT)
                    .orderBy(Tables.CONTACT.ID).fetch(Tables.CONTACT.ID);
            // five gave last week: they meet the goal on entry, as a run would find them
            for (int i = 0; i < 5; i++) {
                f.event(ids.get(i), "donation", null, "2026-02-25T10:00:00Z");
            }
            f.journeys.create("W", welcome());
            Assumptions a = f.journeys.assumptions("W", null).with("arrivals", 0).with("open", 0).with("goal", 0);

            Simulation sim = f.journeys.simulate("W", null, 10, 3, a, Progress.NONE);

            assertThat(sim.converted()).isEqualTo(5);
            assertThat(sim.step("goal").arrived()).isEqualTo(5);
            assertThat(sim.step("entry").outcomes()).containsEntry("converted", 5L).containsEntry("entered", 35L);

            Simulation likely = f.journeys.simulate("W", null, 60, 3, a.with("goal", 0.9), Progress.NONE);
            assertThat(likely.converted()).isGreaterThan(5);
        }
    }

    /**
     * For random journeys and seeds: everyone who arrives at a step leaves it one way or still waits there, and
     * everyone who entered is, at the end, finished, converted or waiting somewhere.
     */
    @Test
    void everyoneIsAccountedFor() {
        long base = Long.getLong("registro.journey.seed", System.nanoTime());
        try (JourneyFixture f = fixture("flows")) {
            for (int trial = 0; trial < 6; trial++) {
                long seed = base + trial;
                System.out.println("JourneySimulatorTest seed " + seed);
                JourneyDocument journey = JourneyCatchUpTest.randomJourney(new Random(seed));
                JourneyDocument withGoal = journey.withSteps(concat(journey.steps(),
                        new Step.Goal("goal", null, DONATED)));
                f.journeys.create("R" + trial, withGoal);
                Simulation sim = f.journeys.simulate("R" + trial, null, 20, seed, null, Progress.NONE);
                long waiting = 0;
                for (Step s : withGoal.steps()) {
                    Simulation.StepFlow flow = sim.step(s.key());
                    long left = flow.outcomes().values().stream().mapToLong(Long::longValue).sum();
                    if (!(s instanceof Step.Goal)) {
                        assertThat(left + flow.waiting()).as("seed %d step %s", seed, s.key())
                                .isEqualTo(flow.arrived());
                    }
                    waiting += flow.waiting();
                }
                assertThat(sim.completed() + sim.exited() + sim.converted() + waiting).as("seed %d", seed)
                        .isEqualTo(sim.entered());
                assertThat(sim.arrivedByDay()).hasSize(21);
            }
        }
    }

    private static List<Step> concat(List<Step> steps, Step extra) {
        List<Step> out = new java.util.ArrayList<>(steps);
        out.add(extra);
        return out;
    }
}
