package org.registro.journey;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulation takes people to do: how many arrive a day, how many open and click a message, how likely
 * they are to reach the goal and to do the events the journey waits for. Each figure says where it came from:
 * {@link #PAST} (the workspace's own activity), {@link #ASSUMED} (a default, for want of activity) or
 * {@link #EDITED} (typed by the user).
 *
 * @param arrivalsPerDay people who enter a day, beyond those already there on the first day
 * @param openRate       share of people sent a message who open it
 * @param clickRate      share of people sent a message who click in it (all of them open it too)
 * @param goalPer30Days  chance that a person in the journey reaches its goal within 30 days
 * @param eventsPer30Days for each event type a wait waits for (other than opens and clicks), the chance that a
 *                       person does it within 30 days
 * @param basis          where each figure came from, by key: {@code arrivals}, {@code open}, {@code click},
 *                       {@code goal}, {@code event:TYPE}
 */
public record Assumptions(double arrivalsPerDay, double openRate, double clickRate, double goalPer30Days,
                          Map<String, Double> eventsPer30Days, Map<String, String> basis) {

    public static final String PAST = "past";
    public static final String ASSUMED = "assumed";
    public static final String EDITED = "edited";

    public Assumptions {
        eventsPer30Days = Map.copyOf(eventsPer30Days);
        basis = Map.copyOf(basis);
    }

    /** This set of assumptions with one figure changed by the user ({@code arrivals}, {@code open}…). */
    public Assumptions with(String key, double value) {
        if (value < 0 || (!"arrivals".equals(key) && value > 1)) {
            throw new IllegalArgumentException(key + " = " + value);
        }
        Map<String, Double> events = new LinkedHashMap<>(eventsPer30Days);
        Map<String, String> from = new LinkedHashMap<>(basis);
        from.put(key, EDITED);
        return switch (key) {
            case "arrivals" -> new Assumptions(value, openRate, clickRate, goalPer30Days, events, from);
            case "open" -> new Assumptions(arrivalsPerDay, value, clickRate, goalPer30Days, events, from);
            case "click" -> new Assumptions(arrivalsPerDay, openRate, value, goalPer30Days, events, from);
            case "goal" -> new Assumptions(arrivalsPerDay, openRate, clickRate, value, events, from);
            default -> {
                if (!key.startsWith("event:")) {
                    throw new IllegalArgumentException(key);
                }
                events.put(key.substring("event:".length()), value);
                yield new Assumptions(arrivalsPerDay, openRate, clickRate, goalPer30Days, events, from);
            }
        };
    }

    /** Where a figure came from; {@link #ASSUMED} when not said. */
    public String basisOf(String key) {
        return basis.getOrDefault(key, ASSUMED);
    }

    /** A chance within 30 days as a constant rate per day (so that 30 days of it give that chance). */
    static double perDay(double per30Days) {
        if (per30Days <= 0) {
            return 0;
        }
        return -Math.log(1 - Math.min(per30Days, 0.999_999)) / 30.0;
    }
}
