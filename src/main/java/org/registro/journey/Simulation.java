package org.registro.journey;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a simulated journey did over its days: per step, how many people arrived, what became of them and how
 * many still wait there at the end; day by day, how many had reached and how many waited at each step (for the
 * canvas to replay). Nothing of it is written to the workspace.
 *
 * @param steps           per step key, what happened there
 * @param arrivedByDay    for day 0…days, per step key, how many people had arrived there so far
 * @param waitingByDay    for day 0…days, per step key, how many people waited there at the end of the day
 * @param skipped         send skips per reason (consent and address reasons, {@code frequency_cap}, {@code no_item})
 * @param actions         per action step key, how many people it would have changed (tag, field, opt-in request)
 */
public record Simulation(LocalDate from, int days, long seed, Assumptions assumptions, Map<String, StepFlow> steps,
                         List<Map<String, Long>> arrivedByDay, List<Map<String, Long>> waitingByDay, long entered,
                         long converted, long completed, long exited, long listed, Map<String, Long> skipped,
                         Map<String, Long> actions, long milliseconds) {

    /**
     * One step in the simulation: people who arrived, how they left it (by outcome: {@code listed},
     * {@code skipped:REASON}, a branch key, {@code else}, {@code event}, {@code timeout}, {@code converted}…)
     * and how many wait there on the last day.
     */
    public record StepFlow(long arrived, Map<String, Long> outcomes, long waiting) {
    }

    /** The flow of a step; an empty one for a step nobody reached. */
    public StepFlow step(String key) {
        return steps.getOrDefault(key, new StepFlow(0, Map.of(), 0));
    }
}
