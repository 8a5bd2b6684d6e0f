package org.registro.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.journey.JourneyFixture.EVERYONE;
import static org.registro.journey.JourneyFixture.doc;
import static org.registro.journey.JourneyFixture.segmentEntry;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.consent.Consent;

/**
 * The engine's promise: running every few hours and running once after a long pause leave everyone in the same
 * place with the same send lists, for random journeys (waits, event waits, A/B splits, sends) over random people
 * and events. The seed is printed; {@code -Dregistro.journey.seed=N} replays one.
 */
class JourneyCatchUpTest {

    @TempDir
    Path tmp;

    @Test
    void runningOftenAndRunningOnceAfterAPauseGiveTheSameJourneys() {
        long base = Long.getLong("registro.journey.seed", System.nanoTime());
        for (int trial = 0; trial < 4; trial++) {
            long seed = base + trial;
            System.out.println("JourneyCatchUpTest seed " + seed);
            JourneyDocument journey = randomJourney(new Random(seed));
            List<String> often = play(seed, journey, tmp.resolve("often-" + trial), 6);
            List<String> once = play(seed, journey, tmp.resolve("once-" + trial), 24 * 14);
            assertThat(once).as("seed %d, journey %s", seed, journey.toJson()).isEqualTo(often);
        }
    }

    /** Builds the same people and events from the seed, runs every {@code everyHours} for 14 days. */
    private List<String> play(long seed, JourneyDocument journey, Path dir, int everyHours) {
        Random random = new Random(seed * 31);
        try (JourneyFixture f = new JourneyFixture(dir, "2026-03-02T08:00:00Z")) {
            List<Long> people = f.people(30, "P");
            for (Long id : people) {
                if (random.nextInt(3) > 0) {
                    f.optIn(id, Consent.GRANTED);
                }
                if (random.nextBoolean()) {
                    Instant at = Instant.parse("2026-03-02T08:00:00Z").plus(random.nextInt(14 * 24), ChronoUnit.HOURS);
                    f.event(id, "email_opened", "One", at.toString());
                }
            }
            f.journeys.create("J", journey);
            f.journeys.activate("J");
            Instant start = Instant.parse("2026-03-02T08:00:00Z");
            f.runAt(start.toString());
            Instant end = start.plus(14, ChronoUnit.DAYS);
            for (Instant t = start.plus(everyHours, ChronoUnit.HOURS); !t.isAfter(end);
                 t = t.plus(everyHours, ChronoUnit.HOURS)) {
                f.runAt(t.toString());
            }
            f.runAt(end.toString());
            List<String> state = new ArrayList<>(f.positions("J"));
            // the order rows were written in differs (a catch-up writes them in fewer batches); what they say must not
            state.addAll(f.sends("J").stream().sorted().toList());
            return state;
        }
    }

    static JourneyDocument randomJourney(Random r) {
        List<Step> steps = new ArrayList<>();
        steps.add(segmentEntry(EVERYONE, true, "s0"));
        int n = 3 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String key = "s" + i;
            String next = i == n - 1 ? null : "s" + (i + 1);
            switch (r.nextInt(5)) {
                case 0 -> steps.add(new Step.Wait(key, null, Step.Wait.DURATION, r.nextInt(3), 1 + r.nextInt(20), null,
                        null, null, null, null, null, next, null));
                case 1 -> steps.add(new Step.Wait(key, null, Step.Wait.EVENT, 1 + r.nextInt(4), null, null, null,
                        null, null, "email_opened", "One", next, next));
                case 2 -> steps.add(new Step.RandomSplit(key, null, List.of(new Step.Branch("a", null, null, 30, next),
                        new Step.Branch("b", null, null, 70, next))));
                case 3 -> steps.add(new Step.Wait(key, null, Step.Wait.WEEKDAY, null, null, null,
                        List.of("TUESDAY", "FRIDAY"), "11:30", null, null, null, next, null));
                default -> steps.add(new Step.Send(key, null, new Message("M" + i, r.nextBoolean() ? "commercial"
                        : "transactional", "email", null), false, next));
            }
        }
        Settings settings = new Settings(Settings.NEVER, null, r.nextBoolean() ? null : new Settings.SendWindow(
                List.of("MONDAY", "WEDNESDAY", "THURSDAY"), "09:00", "17:00"), r.nextBoolean() ? 2 : null, false);
        return doc(settings, steps.toArray(Step[]::new));
    }
}
