package org.registro.journey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the canvas draws each step, in grid units: a vertical flow from the entry down, each step one row below
 * the lowest step that leads to it, the ways out of a split side by side under it. Goals (reached from
 * anywhere) stand in a column on the right; steps nothing leads to stand beyond them. An arrow that ends the
 * journey leads to a small "end" mark, so every arrow has a place to insert a step.
 *
 * @param places where each step's centre is: column (may be fractional) and row
 * @param arrows every arrow: from a step's way out to a step, or to an end mark ({@code to} null)
 * @param columns how many columns the whole drawing spans
 * @param rows    how many rows it spans
 */
public record JourneyLayout(Map<String, Place> places, List<Arrow> arrows, double columns, int rows) {

    /** A step's (or an end mark's) centre. */
    public record Place(double column, int row) {
    }

    /**
     * An arrow from a step's way out ({@code slot}) to a step, or, with {@code to} null, to an end mark at
     * {@code end}. {@code back} is true for an arrow that goes back up (a loop).
     */
    public record Arrow(JourneyEdits.Slot slot, String to, Place end, boolean back) {
    }

    public static JourneyLayout of(JourneyDocument doc) {
        List<String> order = doc.reachable().stream().filter(k -> doc.step(k).isPresent()).toList();
        Set<String> reachable = new HashSet<>(order);
        // arrows that go back to a step still on the way (loops), found by a walk from the entry
        Set<String> backArrows = new HashSet<>();
        doc.entry().ifPresent(e -> findBack(doc, e.key(), new HashSet<>(), new HashSet<>(), backArrows));
        // rows: the longest way down from the entry, loops left out
        Map<String, Integer> row = new HashMap<>();
        for (String key : topological(doc, order, backArrows)) {
            row.putIfAbsent(key, 0);
            Step s = doc.step(key).orElseThrow();
            List<String> next = s.successors();
            for (int i = 0; i < next.size(); i++) {
                String n = next.get(i);
                if (n != null && reachable.contains(n) && !backArrows.contains(key + "#" + i)) {
                    row.merge(n, row.get(key) + 1, Math::max);
                }
            }
        }
        // each step hangs under the lowest step leading to it (the first such, in drawing order)
        Map<String, String> parent = new HashMap<>();
        for (String key : order) {
            List<String> next = doc.step(key).orElseThrow().successors();
            for (int i = 0; i < next.size(); i++) {
                String n = next.get(i);
                if (n != null && reachable.contains(n) && !backArrows.contains(key + "#" + i)
                        && row.get(n) == row.get(key) + 1 && !parent.containsKey(n)) {
                    parent.put(n, key);
                }
            }
        }
        Map<String, Place> places = new LinkedHashMap<>();
        List<Arrow> arrows = new ArrayList<>();
        double width = 0;
        if (!order.isEmpty()) {
            width = place(doc, order.get(0), 0, row, parent, backArrows, places, arrows);
        }
        int rows = places.values().stream().mapToInt(Place::row).max().orElse(-1) + 1;
        // arrows to steps that hang elsewhere (merges and loops), or a second way to the same step
        Set<JourneyEdits.Slot> drawn = new HashSet<>();
        arrows.forEach(a -> drawn.add(a.slot()));
        for (String key : order) {
            List<String> next = doc.step(key).orElseThrow().successors();
            for (int i = 0; i < next.size(); i++) {
                String n = next.get(i);
                if (n != null && reachable.contains(n) && !drawn.contains(new JourneyEdits.Slot(key, i))) {
                    arrows.add(new Arrow(new JourneyEdits.Slot(key, i), n, null, backArrows.contains(key + "#" + i)));
                }
            }
        }
        double side = Math.max(width, 1) + 0.5;
        int goalRow = 0;
        boolean anyGoal = false;
        for (Step s : doc.steps()) {
            if (s instanceof Step.Goal) {
                places.put(s.key(), new Place(side, goalRow++));
                anyGoal = true;
            }
        }
        double loose = anyGoal ? side + 1.25 : side;
        int looseRow = 0;
        boolean anyLoose = false;
        for (Step s : doc.steps()) {
            if (!places.containsKey(s.key())) {
                places.put(s.key(), new Place(loose, looseRow++));
                anyLoose = true;
                List<String> next = s.successors();
                for (int i = 0; i < next.size(); i++) {
                    if (next.get(i) != null && doc.step(next.get(i)).isPresent()) {
                        arrows.add(new Arrow(new JourneyEdits.Slot(s.key(), i), next.get(i), null, false));
                    }
                }
            }
        }
        double columns = anyLoose ? loose + 0.75 : anyGoal ? side + 0.75 : Math.max(width, 1);
        return new JourneyLayout(places, arrows, columns, Math.max(rows, Math.max(goalRow, looseRow)));
    }

    /** Places the step and what hangs under it from column {@code left}; returns the columns it takes. */
    private static double place(JourneyDocument doc, String key, double left, Map<String, Integer> row,
                                Map<String, String> parent, Set<String> backArrows, Map<String, Place> places,
                                List<Arrow> arrows) {
        Step s = doc.step(key).orElseThrow();
        int r = row.getOrDefault(key, 0);
        List<String> next = s.successors();
        double used = 0;
        List<Double> centres = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            String n = next.get(i);
            if (n == null || doc.step(n).isEmpty()) {
                // the journey ends here (or at a step that does not exist, which the checks name)
                Place end = new Place(left + used + 0.5, r + 1);
                arrows.add(new Arrow(new JourneyEdits.Slot(key, i), null, end, false));
                centres.add(end.column());
                used += 1;
            } else if (key.equals(parent.get(n)) && !places.containsKey(n)) {
                double w = place(doc, n, left + used, row, parent, backArrows, places, arrows);
                arrows.add(new Arrow(new JourneyEdits.Slot(key, i), n, null, false));
                centres.add(places.get(n).column());
                used += w;
            }
        }
        double centre = centres.isEmpty() ? left + 0.5 : (centres.get(0) + centres.get(centres.size() - 1)) / 2;
        places.put(key, new Place(centre, r));
        return Math.max(used, 1);
    }

    private static void findBack(JourneyDocument doc, String key, Set<String> onPath, Set<String> done,
                                 Set<String> back) {
        onPath.add(key);
        List<String> next = doc.step(key).map(Step::successors).orElse(List.of());
        for (int i = 0; i < next.size(); i++) {
            String n = next.get(i);
            if (n == null || doc.step(n).isEmpty()) {
                continue;
            }
            if (onPath.contains(n)) {
                back.add(key + "#" + i);
            } else if (!done.contains(n)) {
                findBack(doc, n, onPath, done, back);
            }
        }
        onPath.remove(key);
        done.add(key);
    }

    /** The reachable steps so that every step comes after all steps leading to it (loops left out). */
    private static List<String> topological(JourneyDocument doc, List<String> order, Set<String> back) {
        Map<String, Integer> incoming = new HashMap<>();
        order.forEach(k -> incoming.put(k, 0));
        for (String k : order) {
            List<String> next = doc.step(k).orElseThrow().successors();
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i) != null && incoming.containsKey(next.get(i)) && !back.contains(k + "#" + i)) {
                    incoming.merge(next.get(i), 1, Integer::sum);
                }
            }
        }
        List<String> out = new ArrayList<>();
        List<String> ready = new ArrayList<>(order.stream().filter(k -> incoming.get(k) == 0).toList());
        while (!ready.isEmpty()) {
            String k = ready.remove(0);
            out.add(k);
            List<String> next = doc.step(k).orElseThrow().successors();
            for (int i = 0; i < next.size(); i++) {
                String n = next.get(i);
                if (n != null && incoming.containsKey(n) && !back.contains(k + "#" + i)
                        && incoming.merge(n, -1, Integer::sum) == 0) {
                    ready.add(n);
                }
            }
        }
        return out;
    }
}
