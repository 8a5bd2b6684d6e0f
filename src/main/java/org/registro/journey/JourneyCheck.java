package org.registro.journey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is wrong with a journey, step by step, as the canvas draws it: errors stop it from being activated,
 * warnings are shown and allowed. Knows only the document; what the workspace lacks (segments, topics, fields)
 * is {@link JourneyNeeds}' business.
 */
public final class JourneyCheck {

    public enum Severity { ERROR, WARNING }

    /** One problem, on a step (null for the journey as a whole), with its message key and arguments. */
    public record Problem(String step, Severity severity, String code, List<String> args) {
        public String messageKey() {
            return "journey.problem." + code;
        }

        public boolean error() {
            return severity == Severity.ERROR;
        }
    }

    private JourneyCheck() {
    }

    public static List<Problem> check(JourneyDocument doc) {
        List<Problem> out = new ArrayList<>();
        List<Step.Entry> entries = doc.steps().stream().filter(Step.Entry.class::isInstance)
                .map(Step.Entry.class::cast).toList();
        if (entries.isEmpty()) {
            out.add(new Problem(null, Severity.ERROR, "noEntry", List.of()));
        } else if (entries.size() > 1) {
            entries.subList(1, entries.size()).forEach(e -> out.add(error(e, "secondEntry")));
        }
        Set<String> keys = new HashSet<>();
        for (Step step : doc.steps()) {
            if (!keys.add(step.key())) {
                out.add(error(step, "duplicateKey"));
            }
        }
        Set<String> reachable = new HashSet<>(doc.reachable());
        for (Step step : doc.steps()) {
            for (String next : step.successors()) {
                if (next != null && doc.step(next).isEmpty()) {
                    out.add(new Problem(step.key(), Severity.ERROR, "unknownNext", List.of(next)));
                }
                if (next != null && doc.step(next).filter(s -> s instanceof Step.Entry || s instanceof Step.Goal)
                        .isPresent()) {
                    out.add(new Problem(step.key(), Severity.ERROR, "leadsToEntry", List.of(next)));
                }
            }
            if (!(step instanceof Step.Goal) && !entries.isEmpty() && !reachable.contains(step.key())) {
                out.add(warning(step, "unreachable"));
            }
            checkStep(step, out);
        }
        loopsWithoutWait(doc, reachable).forEach(k -> out.add(new Problem(k, Severity.ERROR, "loopWithoutWait",
                List.of())));
        return out;
    }

    private static void checkStep(Step step, List<Problem> out) {
        if (step instanceof Step.Entry e) {
            switch (e.kind() == null ? "" : e.kind()) {
                case Step.Entry.SEGMENT -> {
                    if (blank(e.segment()) && e.rule() == null) {
                        out.add(error(e, "entryNoSegment"));
                    }
                }
                case Step.Entry.EVENT -> {
                    if (blank(e.eventType())) {
                        out.add(error(e, "entryNoEvent"));
                    }
                }
                case Step.Entry.IMPORT -> {
                    // any source when none is named
                }
                case Step.Entry.DATE -> {
                    if (blank(e.dateField())) {
                        out.add(error(e, "entryNoDate"));
                    }
                }
                default -> out.add(error(e, "entryKind"));
            }
        } else if (step instanceof Step.Wait w) {
            switch (w.mode() == null ? "" : w.mode()) {
                case Step.Wait.DURATION -> {
                    if (nz(w.days()) + nz(w.hours()) + nz(w.minutes()) <= 0) {
                        out.add(error(w, "waitNoDuration"));
                    }
                }
                case Step.Wait.WEEKDAY -> {
                    if (w.weekdays() == null || w.weekdays().isEmpty()) {
                        out.add(error(w, "waitNoWeekday"));
                    }
                }
                case Step.Wait.DATE -> {
                    if (blank(w.dateField())) {
                        out.add(error(w, "waitNoDate"));
                    }
                }
                case Step.Wait.EVENT -> {
                    if (blank(w.eventType())) {
                        out.add(error(w, "waitNoEvent"));
                    }
                    if (nz(w.days()) <= 0) {
                        out.add(error(w, "waitNoTimeout"));
                    }
                }
                default -> out.add(error(w, "waitMode"));
            }
        } else if (step instanceof Step.Split s) {
            if (s.branches().isEmpty()) {
                out.add(error(s, "splitNoBranches"));
            }
            s.branches().forEach(b -> {
                if (b.rule() == null) {
                    out.add(new Problem(s.key(), Severity.ERROR, "branchNoRule", List.of(name(b))));
                }
            });
            emptyBranches(s, out);
        } else if (step instanceof Step.RandomSplit r) {
            int total = r.branches().stream().mapToInt(b -> nz(b.percent())).sum();
            if (r.branches().size() < 2) {
                out.add(error(r, "randomFewBranches"));
            } else if (total != 100) {
                out.add(new Problem(r.key(), Severity.ERROR, "randomPercent", List.of(Integer.toString(total))));
            }
            emptyBranches(r, out);
        } else if (step instanceof Step.Send s) {
            if (s.message() == null || blank(s.message().name())) {
                out.add(error(s, "sendNoMessage"));
            } else if (s.message().purpose() == null) {
                out.add(error(s, "sendNoPurpose"));
            } else if (!"commercial".equals(s.message().purpose())
                    && !"transactional".equals(s.message().purpose())) {
                out.add(new Problem(s.key(), Severity.ERROR, "sendPurpose", List.of(s.message().purpose())));
            }
        } else if (step instanceof Step.Tag t) {
            if (blank(t.tag())) {
                out.add(error(t, "tagEmpty"));
            }
        } else if (step instanceof Step.SetField f) {
            if (blank(f.field())) {
                out.add(error(f, "fieldEmpty"));
            }
        } else if (step instanceof Step.AddToSegment a) {
            if (blank(a.segment())) {
                out.add(error(a, "segmentEmpty"));
            }
        } else if (step instanceof Step.Goal g) {
            if (g.rule() == null) {
                out.add(error(g, "goalNoRule"));
            }
        }
    }

    /** A branch that leads nowhere: its people leave the journey at once, which is seldom what was meant. */
    private static void emptyBranches(Step step, List<Problem> out) {
        List<Step.Branch> branches = step instanceof Step.Split s ? s.branches() : ((Step.RandomSplit) step).branches();
        branches.stream().filter(b -> b.next() == null)
                .forEach(b -> out.add(new Problem(step.key(), Severity.WARNING, "emptyBranch", List.of(name(b)))));
    }

    /**
     * The steps on a cycle that no wait interrupts: people on it would go round for ever in one run. Found as
     * the cycles left after taking the waits out of the graph.
     */
    static Set<String> loopsWithoutWait(JourneyDocument doc, Set<String> reachable) {
        Map<String, List<String>> edges = new HashMap<>();
        for (Step step : doc.steps()) {
            if (step instanceof Step.Wait || !reachable.contains(step.key())) {
                continue;
            }
            edges.put(step.key(), step.successors().stream().filter(n -> n != null && reachable.contains(n)
                    && !(doc.step(n).orElse(null) instanceof Step.Wait)).toList());
        }
        Set<String> onLoop = new LinkedHashSet<>();
        Map<String, Integer> colour = new HashMap<>();
        List<String> path = new ArrayList<>();
        for (String start : edges.keySet()) {
            visit(start, edges, colour, path, onLoop);
        }
        return onLoop;
    }

    private static void visit(String key, Map<String, List<String>> edges, Map<String, Integer> colour,
                              List<String> path, Set<String> onLoop) {
        Integer c = colour.get(key);
        if (c != null) {
            if (c == 1) {
                onLoop.addAll(path.subList(path.indexOf(key), path.size()));
            }
            return;
        }
        colour.put(key, 1);
        path.add(key);
        for (String next : edges.getOrDefault(key, List.of())) {
            visit(next, edges, colour, path, onLoop);
        }
        path.remove(path.size() - 1);
        colour.put(key, 2);
    }

    private static String name(Step.Branch b) {
        return b.label() != null && !b.label().isBlank() ? b.label() : b.key();
    }

    private static Problem error(Step step, String code) {
        return new Problem(step.key(), Severity.ERROR, code, List.of());
    }

    private static Problem warning(Step step, String code) {
        return new Problem(step.key(), Severity.WARNING, code, List.of());
    }

    public static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
