package org.registro.journey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The canvas's edits as functions from one journey document to the next: insert a step on an arrow, remove a
 * step, move it to another arrow, paste a copy. Documents are immutable, so undo and redo keep the documents.
 * An arrow is a {@link Slot}: a step and the position of one of its ways out ({@link Step#successors()}).
 */
public final class JourneyEdits {

    /** The step types a person can add on the canvas, in the order the "+" menu offers them. */
    public static final List<String> ADDABLE = List.of("send", "wait", "split", "random", "tag", "field",
            "double_opt_in", "add_to_segment", "exit");

    private JourneyEdits() {
    }

    /** An arrow out of a step: its {@code index}-th way out. */
    public record Slot(String step, int index) {
    }

    /** Where a slot leads now (null: the journey ends there). */
    public static String target(JourneyDocument doc, Slot slot) {
        return doc.step(slot.step()).map(s -> s.successors().get(slot.index())).orElse(null);
    }

    /** A key not used in the document, from the type: "send-2". */
    public static String freshKey(JourneyDocument doc, String type) {
        Set<String> used = new HashSet<>();
        doc.steps().forEach(s -> used.add(s.key()));
        String base = type.replace('_', '-');
        for (int i = 1; ; i++) {
            String key = base + "-" + i;
            if (!used.contains(key)) {
                return key;
            }
        }
    }

    /** A new step of the type with defaults a marketer fills in; every way out leads to {@code next}. */
    public static Step blank(String type, String key, String next) {
        return switch (type) {
            case "send" -> new Step.Send(key, null, new Message(null, "commercial", "email", null), false, next);
            case "wait" -> new Step.Wait(key, null, Step.Wait.DURATION, 1, null, null, null, null, null, null, null,
                    next, null);
            case "split" -> new Step.Split(key, null, List.of(new Step.Branch("a", null, null, null, next)), next);
            case "random" -> new Step.RandomSplit(key, null, List.of(new Step.Branch("a", "A", null, 50, next),
                    new Step.Branch("b", "B", null, 50, next)));
            case "tag" -> new Step.Tag(key, null, null, false, next);
            case "field" -> new Step.SetField(key, null, null, null, next);
            case "double_opt_in" -> new Step.RequestOptIn(key, null, "email", next);
            case "add_to_segment" -> new Step.AddToSegment(key, null, null, next);
            case "exit" -> new Step.Exit(key, null);
            case "goal" -> new Step.Goal(key, null, null);
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** The step with its {@code index}-th way out leading to {@code to}. */
    public static Step withSuccessor(Step s, int index, String to) {
        if (s instanceof Step.Entry e) {
            return new Step.Entry(e.key(), e.label(), e.kind(), e.segment(), e.rule(), e.enrolExisting(),
                    e.eventType(), e.campaign(), e.firstOnly(), e.source(), e.dateField(), e.anniversary(), e.days(), to);
        } else if (s instanceof Step.Wait w) {
            return index == 0 ? new Step.Wait(w.key(), w.label(), w.mode(), w.days(), w.hours(), w.minutes(),
                    w.weekdays(), w.time(), w.dateField(), w.eventType(), w.campaign(), to, w.timeoutNext())
                    : new Step.Wait(w.key(), w.label(), w.mode(), w.days(), w.hours(), w.minutes(), w.weekdays(),
                    w.time(), w.dateField(), w.eventType(), w.campaign(), w.next(), to);
        } else if (s instanceof Step.Split sp) {
            if (index == sp.branches().size()) {
                return new Step.Split(sp.key(), sp.label(), sp.branches(), to);
            }
            return new Step.Split(sp.key(), sp.label(), retarget(sp.branches(), index, to), sp.elseNext());
        } else if (s instanceof Step.RandomSplit r) {
            return new Step.RandomSplit(r.key(), r.label(), retarget(r.branches(), index, to));
        } else if (s instanceof Step.Send x) {
            return new Step.Send(x.key(), x.label(), x.message(), x.exitIfSkipped(), to);
        } else if (s instanceof Step.Tag x) {
            return new Step.Tag(x.key(), x.label(), x.tag(), x.remove(), to);
        } else if (s instanceof Step.SetField x) {
            return new Step.SetField(x.key(), x.label(), x.field(), x.value(), to);
        } else if (s instanceof Step.RequestOptIn x) {
            return new Step.RequestOptIn(x.key(), x.label(), x.channel(), to);
        } else if (s instanceof Step.AddToSegment x) {
            return new Step.AddToSegment(x.key(), x.label(), x.segment(), to);
        }
        throw new IllegalArgumentException(s.key() + " has no way out");
    }

    private static List<Step.Branch> retarget(List<Step.Branch> branches, int index, String to) {
        List<Step.Branch> out = new ArrayList<>(branches);
        Step.Branch b = out.get(index);
        out.set(index, new Step.Branch(b.key(), b.label(), b.rule(), b.percent(), to));
        return out;
    }

    /** The step with every way out that led to {@code from} leading to {@code to} (null: ending there). */
    private static Step redirect(Step s, String from, String to) {
        Step out = s;
        List<String> next = s.successors();
        for (int i = 0; i < next.size(); i++) {
            if (from.equals(next.get(i))) {
                out = withSuccessor(out, i, to);
            }
        }
        return out;
    }

    /**
     * Puts {@code step} on the arrow: the arrow leads to it, and its ways out lead where the arrow led (an exit
     * and a goal have none).
     */
    public static JourneyDocument insert(JourneyDocument doc, Slot at, Step step) {
        if (doc.step(step.key()).isPresent()) {
            throw new IllegalArgumentException("key in use: " + step.key());
        }
        if (step instanceof Step.Entry || step instanceof Step.Goal) {
            throw new IllegalArgumentException("nothing leads to an entry or a goal: " + step.key());
        }
        String old = target(doc, at);
        Step placed = step;
        for (int i = 0; i < step.successors().size(); i++) {
            placed = withSuccessor(placed, i, old);
        }
        List<Step> steps = new ArrayList<>();
        for (Step s : doc.steps()) {
            steps.add(s.key().equals(at.step()) ? withSuccessor(s, at.index(), step.key()) : s);
        }
        steps.add(placed);
        return doc.withSteps(steps);
    }

    /** Adds a step nothing leads to (a goal, which people reach from anywhere). */
    public static JourneyDocument add(JourneyDocument doc, Step step) {
        List<Step> steps = new ArrayList<>(doc.steps());
        steps.add(step);
        return doc.withSteps(steps);
    }

    /**
     * Removes the step: arrows that led to it lead where its first way out led. For a split, the steps only its
     * other branches reached go too (they would hang in the air); the entry cannot be removed.
     */
    public static JourneyDocument remove(JourneyDocument doc, String key) {
        Step gone = doc.step(key).orElseThrow(() -> new IllegalArgumentException(key));
        if (gone instanceof Step.Entry) {
            throw new IllegalArgumentException("the entry stays");
        }
        List<String> outs = gone.successors();
        String onward = outs.isEmpty() ? null : outs.get(gone instanceof Step.Split ? outs.size() - 1 : 0);
        Set<String> before = new HashSet<>(doc.reachable());
        List<Step> steps = new ArrayList<>();
        for (Step s : doc.steps()) {
            if (!s.key().equals(key)) {
                steps.add(redirect(s, key, onward));
            }
        }
        JourneyDocument out = doc.withSteps(steps);
        Set<String> after = new HashSet<>(out.reachable());
        return withoutDangling(out.withSteps(out.steps().stream().filter(s -> s instanceof Step.Goal
                || after.contains(s.key()) || !before.contains(s.key())).toList()));
    }

    /** Ways out that lead to a step no longer in the document end the journey there instead. */
    private static JourneyDocument withoutDangling(JourneyDocument doc) {
        Set<String> keys = new HashSet<>();
        doc.steps().forEach(s -> keys.add(s.key()));
        return doc.withSteps(doc.steps().stream().map(s -> {
            Step out = s;
            List<String> next = s.successors();
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i) != null && !keys.contains(next.get(i))) {
                    out = withSuccessor(out, i, null);
                }
            }
            return out;
        }).toList());
    }

    /** Whether a step can be dragged elsewhere: one way in and one way out (not the entry, a split or a goal). */
    public static boolean movable(Step s) {
        return !(s instanceof Step.Entry || s instanceof Step.Goal || s instanceof Step.Split
                || s instanceof Step.RandomSplit || (s instanceof Step.Wait w && Step.Wait.EVENT.equals(w.mode())));
    }

    /** Takes the step out of where it is and puts it on the arrow. */
    public static JourneyDocument move(JourneyDocument doc, String key, Slot to) {
        Step s = doc.step(key).orElseThrow(() -> new IllegalArgumentException(key));
        if (!movable(s) || to.step().equals(key) || key.equals(target(doc, to))) {
            return doc;
        }
        String onward = s.successors().isEmpty() ? null : s.successors().get(0);
        List<Step> steps = new ArrayList<>();
        for (Step other : doc.steps()) {
            if (!other.key().equals(key)) {
                steps.add(redirect(other, key, onward));
            }
        }
        return insert(doc.withSteps(steps), to, s);
    }

    /** A copy of the step (new key) on the arrow; a goal's copy goes aside, as goals do. */
    public static JourneyDocument paste(JourneyDocument doc, Step copied, Slot at) {
        Step copy = rekey(copied, freshKey(doc, copied.type()));
        return copy instanceof Step.Goal ? add(doc, copy) : insert(doc, at, copy);
    }

    /** The same step under another key. */
    public static Step rekey(Step s, String key) {
        if (s instanceof Step.Entry e) {
            return new Step.Entry(key, e.label(), e.kind(), e.segment(), e.rule(), e.enrolExisting(), e.eventType(),
                    e.campaign(), e.firstOnly(), e.source(), e.dateField(), e.anniversary(), e.days(), e.next());
        } else if (s instanceof Step.Wait w) {
            return new Step.Wait(key, w.label(), w.mode(), w.days(), w.hours(), w.minutes(), w.weekdays(), w.time(),
                    w.dateField(), w.eventType(), w.campaign(), w.next(), w.timeoutNext());
        } else if (s instanceof Step.Split sp) {
            return new Step.Split(key, sp.label(), sp.branches(), sp.elseNext());
        } else if (s instanceof Step.RandomSplit r) {
            return new Step.RandomSplit(key, r.label(), r.branches());
        } else if (s instanceof Step.Send x) {
            return new Step.Send(key, x.label(), x.message(), x.exitIfSkipped(), x.next());
        } else if (s instanceof Step.Tag x) {
            return new Step.Tag(key, x.label(), x.tag(), x.remove(), x.next());
        } else if (s instanceof Step.SetField x) {
            return new Step.SetField(key, x.label(), x.field(), x.value(), x.next());
        } else if (s instanceof Step.RequestOptIn x) {
            return new Step.RequestOptIn(key, x.label(), x.channel(), x.next());
        } else if (s instanceof Step.AddToSegment x) {
            return new Step.AddToSegment(key, x.label(), x.segment(), x.next());
        } else if (s instanceof Step.Goal g) {
            return new Step.Goal(key, g.label(), g.rule());
        }
        return new Step.Exit(key, s.label());
    }

    /** The same step with another label (blank: none). */
    public static Step relabel(Step s, String label) {
        String l = label == null || label.isBlank() ? null : label.strip();
        if (java.util.Objects.equals(l, s.label())) {
            return s;
        }
        com.fasterxml.jackson.databind.node.ObjectNode node = org.registro.common.Json.MAPPER.valueToTree(s);
        if (l == null) {
            node.remove("label");
        } else {
            node.put("label", l);
        }
        try {
            return org.registro.common.Json.MAPPER.treeToValue(node, Step.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
