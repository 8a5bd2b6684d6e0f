package org.registro.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.registro.journey.JourneyEdits.Slot;

class JourneyEditsTest {

    private static JourneyDocument welcome() {
        return JourneyTemplates.get("welcome-series");
    }

    @Test
    void theWelcomeSeriesIsLaidOutTopDownWithItsBranchesSideBySideAndTheGoalAside() {
        JourneyLayout layout = JourneyLayout.of(welcome());
        var p = layout.places();
        assertThat(p.get("entry").row()).isZero();
        assertThat(p.get("send-welcome").row()).isEqualTo(1);
        assertThat(p.get("wait-open").row()).isEqualTo(2);
        assertThat(p.get("send-story").row()).isEqualTo(3);
        assertThat(p.get("send-reminder").row()).isEqualTo(3);
        assertThat(p.get("send-story").column()).isLessThan(p.get("send-reminder").column());
        assertThat(p.get("wait-open").column()).isBetween(p.get("send-story").column(), p.get("send-reminder").column());
        // the two paths meet again under the lower of them
        assertThat(p.get("wait-week").row()).isEqualTo(4);
        assertThat(p.get("exit").row()).isEqualTo(6);
        assertThat(p.get("goal").column()).isGreaterThan(p.get("send-reminder").column());
        // one arrow per way out: entry, welcome, the open wait's two, story, reminder, the week's wait, help
        assertThat(layout.arrows()).hasSize(8);
        assertThat(layout.arrows()).filteredOn(a -> a.to() != null && a.to().equals("wait-week")).hasSize(2);
    }

    @Test
    void insertingAndRemovingAStepGivesTheJourneyBack() {
        JourneyDocument doc = welcome();
        Slot arrow = new Slot("wait-week", 0);
        JourneyDocument with = JourneyEdits.insert(doc, arrow, JourneyEdits.blank("tag", "tag-1", null));

        assertThat(with.step("wait-week").orElseThrow().successors()).containsExactly("tag-1");
        assertThat(with.step("tag-1").orElseThrow().successors()).containsExactly("send-help");
        assertThat(JourneyEdits.remove(with, "tag-1").steps()).containsExactlyInAnyOrderElementsOf(doc.steps());
    }

    @Test
    void aRandomSplitInsertedOnAnArrowSendsBothBranchesOnAndRemovingASplitTakesItsOtherBranchesAlong() {
        JourneyDocument doc = JourneyEdits.insert(welcome(), new Slot("entry", 0),
                JourneyEdits.blank("random", "ab", null));
        assertThat(doc.step("ab").orElseThrow().successors()).containsExactly("send-welcome", "send-welcome");
        assertThat(JourneyCheck.check(doc)).noneMatch(p -> p.severity() == JourneyCheck.Severity.ERROR);

        // the open wait's timeout path (reminder) goes with it; the story path stays
        JourneyDocument without = JourneyEdits.remove(welcome(), "wait-open");
        assertThat(without.step("send-welcome").orElseThrow().successors()).containsExactly("send-story");
        assertThat(without.step("send-reminder")).isEmpty();
        assertThat(without.step("goal")).isPresent();
    }

    @Test
    void aMovedStepLeavesAGapThatCloses() {
        JourneyDocument moved = JourneyEdits.move(welcome(), "wait-week", new Slot("entry", 0));
        assertThat(moved.step("entry").orElseThrow().successors()).containsExactly("wait-week");
        assertThat(moved.step("wait-week").orElseThrow().successors()).containsExactly("send-welcome");
        assertThat(moved.step("send-story").orElseThrow().successors()).containsExactly("send-help");
        assertThat(moved.step("send-reminder").orElseThrow().successors()).containsExactly("send-help");
        // a split does not move, and a step does not move onto its own arrows
        assertThat(JourneyEdits.move(welcome(), "wait-open", new Slot("entry", 0))).isEqualTo(welcome());
        assertThat(JourneyEdits.move(welcome(), "send-help", new Slot("send-help", 0))).isEqualTo(welcome());
    }

    @Test
    void aPastedCopyGetsItsOwnKey() {
        Step copied = welcome().step("send-story").orElseThrow();
        JourneyDocument doc = JourneyEdits.paste(welcome(), copied, new Slot("send-help", 0));
        Step copy = doc.step("send-1").orElseThrow();
        assertThat(((Step.Send) copy).message()).isEqualTo(((Step.Send) copied).message());
        assertThat(doc.step("send-help").orElseThrow().successors()).containsExactly("send-1");
        assertThat(copy.successors()).containsExactly("exit");
    }

    /**
     * Random edits on the templates never leave an arrow to a step that does not exist, never lose the entry,
     * and the layout gives every way out of every step it draws one arrow and every step its own place.
     */
    @Test
    void randomEditsKeepTheJourneyWholeAndDrawable() {
        long base = Long.getLong("registro.journey.seed", System.nanoTime());
        for (int trial = 0; trial < 200; trial++) {
            long seed = base + trial;
            Random r = new Random(seed);
            JourneyDocument doc = JourneyTemplates.get(JourneyTemplates.KEYS.get(r.nextInt(JourneyTemplates.KEYS.size())));
            Step clipboard = null;
            for (int edit = 0; edit < 25; edit++) {
                List<Slot> arrows = JourneyLayout.of(doc).arrows().stream().map(JourneyLayout.Arrow::slot).toList();
                List<Step> steps = doc.steps();
                Step some = steps.get(r.nextInt(steps.size()));
                Slot arrow = arrows.isEmpty() ? null : arrows.get(r.nextInt(arrows.size()));
                switch (r.nextInt(4)) {
                    case 0 -> {
                        if (arrow != null) {
                            String type = JourneyEdits.ADDABLE.get(r.nextInt(JourneyEdits.ADDABLE.size()));
                            doc = JourneyEdits.insert(doc, arrow, JourneyEdits.blank(type,
                                    JourneyEdits.freshKey(doc, type), null));
                        }
                    }
                    case 1 -> {
                        if (!(some instanceof Step.Entry)) {
                            doc = JourneyEdits.remove(doc, some.key());
                        }
                    }
                    case 2 -> {
                        if (arrow != null) {
                            doc = JourneyEdits.move(doc, some.key(), arrow);
                        }
                    }
                    default -> {
                        if (clipboard != null && arrow != null) {
                            doc = JourneyEdits.paste(doc, clipboard, arrow);
                        }
                        // as the editor copies: anything but the entry
                        clipboard = some instanceof Step.Entry ? null : some;
                    }
                }
                String at = "seed " + seed + " edit " + edit + ": " + doc.toJson();
                assertThat(doc.entry()).as(at).isPresent();
                assertThat(JourneyCheck.check(doc)).as(at).noneMatch(p -> p.code().equals("unknownNext")
                        || p.code().equals("leadsToEntry"));
                JourneyLayout layout = JourneyLayout.of(doc);
                assertThat(layout.places().keySet()).as(at).containsAll(doc.steps().stream().map(Step::key).toList());
                Set<String> spots = new HashSet<>();
                doc.steps().forEach(s -> assertThat(spots.add(layout.places().get(s.key()).toString())).as(at).isTrue());
                for (String key : doc.reachable()) {
                    int outs = doc.step(key).orElseThrow().successors().size();
                    assertThat(layout.arrows()).as(at).filteredOn(a -> a.slot().step().equals(key)).hasSize(outs);
                }
            }
        }
        System.out.println("JourneyEditsTest seed " + base);
    }
}
