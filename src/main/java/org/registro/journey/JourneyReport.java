package org.registro.journey;

import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_SEND;
import static org.registro.db.Tables.JOURNEY_STEP_LOG;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A journey's numbers. Per step: how many people reached it, are waiting there now, have left it, were listed
 * for its message or skipped (per reason), and later reached a goal. The funnel from entry to goal. Per A/B
 * branch: people, goal rate, and whether the difference from the first branch is likely real.
 */
public record JourneyReport(List<StepCount> steps, Funnel funnel, List<SplitResult> splits) {

    public record StepCount(String key, String type, String label, long entered, long waiting, long left,
                            long listed, Map<String, Long> skipped, long reachedGoal) {
    }

    public record Funnel(long enrolled, long active, long completed, long exited, long converted) {
        public double goalRate() {
            return enrolled == 0 ? 0 : (double) converted / enrolled;
        }
    }

    public record Arm(String key, String label, int percent, long people, long converted) {
        public double rate() {
            return people == 0 ? 0 : (double) converted / people;
        }
    }

    /**
     * Each branch against the first: the difference in goal rate, the two-sided p-value of a two-proportion
     * z-test, and a verdict: {@code likely} (p below 0.05), {@code chance}, or {@code tooFew} (under 30 people
     * or no conversions at all in a branch).
     */
    public record Comparison(String arm, String against, double difference, double pValue, String verdict) {
        public double confidence() {
            return 1 - pValue;
        }
    }

    public record SplitResult(String step, String label, List<Arm> arms, List<Comparison> comparisons) {
    }

    static final int MIN_PEOPLE = 30;

    static JourneyReport of(DSLContext dsl, long journeyId, JourneyDocument doc) {
        var inJourney = JOURNEY_STEP_LOG.ENROLMENT_ID.in(DSL.select(JOURNEY_ENROLMENT.ID).from(JOURNEY_ENROLMENT)
                .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journeyId)));
        Map<String, Long> entered = new HashMap<>();
        Map<String, Long> left = new HashMap<>();
        dsl.select(JOURNEY_STEP_LOG.STEP_KEY, DSL.count(), DSL.count(JOURNEY_STEP_LOG.LEFT_AT)).from(JOURNEY_STEP_LOG)
                .where(inJourney).groupBy(JOURNEY_STEP_LOG.STEP_KEY).forEach(r -> {
                    entered.put(r.value1(), (long) r.value2());
                    left.put(r.value1(), (long) r.value3());
                });
        Map<String, Long> waiting = new HashMap<>();
        dsl.select(JOURNEY_ENROLMENT.STEP_KEY, DSL.count()).from(JOURNEY_ENROLMENT)
                .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journeyId).and(JOURNEY_ENROLMENT.STATUS.eq("active")))
                .groupBy(JOURNEY_ENROLMENT.STEP_KEY).forEach(r -> waiting.put(r.value1(), (long) r.value2()));
        Map<String, Long> goal = new HashMap<>();
        dsl.select(JOURNEY_STEP_LOG.STEP_KEY, DSL.countDistinct(JOURNEY_STEP_LOG.ENROLMENT_ID)).from(JOURNEY_STEP_LOG)
                .join(JOURNEY_ENROLMENT).on(JOURNEY_ENROLMENT.ID.eq(JOURNEY_STEP_LOG.ENROLMENT_ID))
                .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journeyId)
                        .and(JOURNEY_ENROLMENT.STATUS.eq(JourneyService.CONVERTED)))
                .groupBy(JOURNEY_STEP_LOG.STEP_KEY).forEach(r -> goal.put(r.value1(), (long) r.value2()));
        Map<String, Long> listed = new HashMap<>();
        Map<String, Map<String, Long>> skipped = new HashMap<>();
        dsl.select(JOURNEY_SEND.STEP_KEY, JOURNEY_SEND.STATUS, JOURNEY_SEND.REASON, DSL.count()).from(JOURNEY_SEND)
                .where(JOURNEY_SEND.JOURNEY_ID.eq(journeyId))
                .groupBy(JOURNEY_SEND.STEP_KEY, JOURNEY_SEND.STATUS, JOURNEY_SEND.REASON).forEach(r -> {
                    if (JourneyService.LISTED.equals(r.value2())) {
                        listed.merge(r.value1(), (long) r.value4(), Long::sum);
                    } else {
                        skipped.computeIfAbsent(r.value1(), k -> new TreeMap<>()).merge(r.value3(),
                                (long) r.value4(), Long::sum);
                    }
                });
        List<StepCount> steps = new ArrayList<>();
        for (Step s : doc.steps()) {
            steps.add(new StepCount(s.key(), s.type(), s.label(), entered.getOrDefault(s.key(), 0L),
                    waiting.getOrDefault(s.key(), 0L), left.getOrDefault(s.key(), 0L),
                    listed.getOrDefault(s.key(), 0L), skipped.getOrDefault(s.key(), Map.of()),
                    goal.getOrDefault(s.key(), 0L)));
        }
        long[] f = new long[5];
        dsl.select(JOURNEY_ENROLMENT.STATUS, DSL.count()).from(JOURNEY_ENROLMENT)
                .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journeyId)).groupBy(JOURNEY_ENROLMENT.STATUS).forEach(r -> {
                    f[0] += r.value2();
                    switch (r.value1()) {
                        case "active" -> f[1] += r.value2();
                        case JourneyService.COMPLETED -> f[2] += r.value2();
                        case JourneyService.EXITED -> f[3] += r.value2();
                        default -> f[4] += r.value2();
                    }
                });
        List<SplitResult> splits = new ArrayList<>();
        for (Step s : doc.steps()) {
            if (s instanceof Step.RandomSplit r) {
                splits.add(split(dsl, journeyId, r));
            }
        }
        return new JourneyReport(steps, new Funnel(f[0], f[1], f[2], f[3], f[4]), splits);
    }

    private static SplitResult split(DSLContext dsl, long journeyId, Step.RandomSplit r) {
        Map<String, long[]> byArm = new HashMap<>();
        dsl.select(JOURNEY_STEP_LOG.OUTCOME, JOURNEY_ENROLMENT.STATUS, DSL.countDistinct(JOURNEY_ENROLMENT.ID))
                .from(JOURNEY_STEP_LOG).join(JOURNEY_ENROLMENT).on(JOURNEY_ENROLMENT.ID.eq(JOURNEY_STEP_LOG.ENROLMENT_ID))
                .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journeyId).and(JOURNEY_STEP_LOG.STEP_KEY.eq(r.key())))
                .groupBy(JOURNEY_STEP_LOG.OUTCOME, JOURNEY_ENROLMENT.STATUS).forEach(row -> {
                    long[] c = byArm.computeIfAbsent(row.value1(), k -> new long[2]);
                    c[0] += row.value3();
                    if (JourneyService.CONVERTED.equals(row.value2())) {
                        c[1] += row.value3();
                    }
                });
        List<Arm> arms = r.branches().stream().map(b -> {
            long[] c = byArm.getOrDefault(b.key(), new long[2]);
            return new Arm(b.key(), b.label(), JourneyCheck.nz(b.percent()), c[0], c[1]);
        }).toList();
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 1; i < arms.size(); i++) {
            comparisons.add(compare(arms.get(i), arms.get(0)));
        }
        return new SplitResult(r.key(), r.label(), arms, comparisons);
    }

    /** A two-proportion z-test of {@code a}'s goal rate against {@code b}'s. */
    static Comparison compare(Arm a, Arm b) {
        double diff = a.rate() - b.rate();
        long x = a.converted() + b.converted();
        long n = a.people() + b.people();
        if (a.people() < MIN_PEOPLE || b.people() < MIN_PEOPLE || x == 0 || x == n) {
            return new Comparison(a.key(), b.key(), diff, 1.0, "tooFew");
        }
        double p = (double) x / n;
        double se = Math.sqrt(p * (1 - p) * (1.0 / a.people() + 1.0 / b.people()));
        double z = diff / se;
        double pValue = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(z)));
        return new Comparison(a.key(), b.key(), diff, pValue, pValue < 0.05 ? "likely" : "chance");
    }
}
