package org.registro.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleTreeTest {

    private static final Rule CITY = new Rule.Field("city", "equals", "Madrid", null, null, null);
    private static final Rule TAG = new Rule.Tag("donor", true);
    private static final Rule EVENTS = new Rule.Events("donation", 2, null, 365, null, true);

    @Test
    void editsByPathLeaveTheOldTreeAsItWas() {
        Rule.Group root = new Rule.Group(Rule.Match.ALL, List.of(CITY, new Rule.Group(Rule.Match.ANY, List.of(TAG))));
        Rule.Group added = RuleTree.append(root, List.of(1), EVENTS);
        assertThat(RuleTree.get(added, List.of(1, 1))).isEqualTo(EVENTS);
        assertThat(((Rule.Group) RuleTree.get(root, List.of(1))).conditions()).containsExactly(TAG);

        Rule.Group moved = RuleTree.move(added, List.of(1, 1), -1);
        assertThat(((Rule.Group) RuleTree.get(moved, List.of(1))).conditions()).containsExactly(EVENTS, TAG);
        assertThat(RuleTree.move(moved, List.of(1, 0), -1)).as("the first cannot go higher").isEqualTo(moved);
        Rule.Group three = new Rule.Group(Rule.Match.ALL, List.of(CITY, TAG, EVENTS));
        assertThat(RuleTree.move(three, List.of(0), 2).conditions()).as("dragged to the end")
                .containsExactly(TAG, EVENTS, CITY);

        Rule.Group copied = RuleTree.duplicate(moved, List.of(0));
        assertThat(copied.conditions()).hasSize(3).startsWith(CITY, CITY);
        Rule.Group removed = RuleTree.remove(copied, List.of(2));
        assertThat(removed.conditions()).containsExactly(CITY, CITY);
        Rule.Group replaced = RuleTree.replace(removed, List.of(1), TAG);
        assertThat(replaced.conditions()).containsExactly(CITY, TAG);
    }

    @Test
    void conditionsStillBeingFilledInAreLeftOutOfTheCount() {
        Rule.Group root = new Rule.Group(Rule.Match.ALL, List.of(
                new Rule.Field("city", "equals", " ", null, null, null),
                new Rule.Field("city", "isEmpty", null, null, null, null),
                new Rule.Field("birthDate", "between", "1980-01-01", null, null, null),
                new Rule.Tag("", true),
                new Rule.Group(Rule.Match.ANY, List.of(new Rule.Segment(null, true))),
                EVENTS));
        assertThat(RuleTree.withoutBlanks(root).conditions()).containsExactly(
                new Rule.Field("city", "isEmpty", null, null, null, null), EVENTS);
    }
}
