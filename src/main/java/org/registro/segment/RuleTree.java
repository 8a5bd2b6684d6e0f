package org.registro.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * Edits of an immutable rule tree by path (the indexes from the root group down to a node): replace, insert,
 * remove, duplicate and move. Each returns a new root, so the builder keeps every state for undo.
 */
public final class RuleTree {

    private RuleTree() {
    }

    public static Rule.Group replace(Rule.Group root, List<Integer> path, Rule rule) {
        if (path.isEmpty()) {
            return (Rule.Group) rule;
        }
        return edit(root, path, (children, i) -> children.set(i, rule));
    }

    /** Adds {@code rule} at the end of the group at {@code groupPath}. */
    public static Rule.Group append(Rule.Group root, List<Integer> groupPath, Rule rule) {
        Rule.Group group = (Rule.Group) get(root, groupPath);
        List<Rule> children = new ArrayList<>(group.conditions());
        children.add(rule);
        return replace(root, groupPath, new Rule.Group(group.match(), children));
    }

    public static Rule.Group remove(Rule.Group root, List<Integer> path) {
        return edit(root, path, (children, i) -> children.remove((int) i));
    }

    public static Rule.Group duplicate(Rule.Group root, List<Integer> path) {
        return edit(root, path, (children, i) -> children.add(i + 1, children.get(i)));
    }

    /**
     * Moves a node {@code delta} places among its siblings (-1 up, +1 down, or further when dragged); a move
     * past either end changes nothing.
     */
    public static Rule.Group move(Rule.Group root, List<Integer> path, int delta) {
        return edit(root, path, (children, i) -> {
            int j = i + delta;
            if (j >= 0 && j < children.size()) {
                Rule moved = children.remove((int) i);
                children.add(j, moved);
            }
        });
    }

    public static Rule get(Rule.Group root, List<Integer> path) {
        Rule node = root;
        for (int i : path) {
            node = ((Rule.Group) node).conditions().get(i);
        }
        return node;
    }

    /**
     * The rule without the conditions still being filled in (a field with no value yet, a tag or segment not
     * chosen), so the builder can count while the user types; empty groups go too.
     */
    public static Rule.Group withoutBlanks(Rule.Group group) {
        List<Rule> kept = new ArrayList<>();
        for (Rule r : group.conditions()) {
            if (r instanceof Rule.Group g) {
                Rule.Group inner = withoutBlanks(g);
                if (!inner.conditions().isEmpty()) {
                    kept.add(inner);
                }
            } else if (!blank(r)) {
                kept.add(r);
            }
        }
        return new Rule.Group(group.match(), kept);
    }

    private static boolean blank(Rule r) {
        if (r instanceof Rule.Field f) {
            String op = f.op() == null ? "" : f.op();
            return switch (op) {
                case "isEmpty", "isNotEmpty", "isTrue", "isFalse" -> false;
                case "withinLastDays", "anniversaryWithinDays" -> f.days() == null;
                case "between" -> empty(f.value()) || empty(f.value2());
                case "inList" -> empty(f.value()) && (f.values() == null || f.values().isEmpty());
                default -> empty(f.value());
            };
        }
        if (r instanceof Rule.Tag t) {
            return empty(t.tag());
        }
        if (r instanceof Rule.Segment s) {
            return empty(s.segment());
        }
        if (r instanceof Rule.Source s) {
            return empty(s.source()) && empty(s.party());
        }
        if (r instanceof Rule.Score s) {
            return empty(s.model()) || s.value() == null && empty(s.label());
        }
        if (r instanceof Rule.Recommended n) {
            return empty(n.item()) && empty(n.topic());
        }
        return false;
    }

    private static boolean empty(String s) {
        return s == null || s.isBlank();
    }

    private interface Change {
        void apply(List<Rule> siblings, int index);
    }

    private static Rule.Group edit(Rule.Group root, List<Integer> path, Change change) {
        if (path.isEmpty()) {
            return root;
        }
        List<Integer> parentPath = path.subList(0, path.size() - 1);
        Rule.Group parent = (Rule.Group) get(root, parentPath);
        List<Rule> children = new ArrayList<>(parent.conditions());
        change.apply(children, path.get(path.size() - 1));
        Rule.Group changed = new Rule.Group(parent.match(), children);
        return parentPath.isEmpty() ? changed : replace(root, parentPath, changed);
    }
}
