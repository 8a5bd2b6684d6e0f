package org.registro.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.content.ContentItem;
import org.registro.journey.JourneyTemplates;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.SavedMeanwhileException;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * Two people edit the same segment, journey or content item (a team workspace, or two windows): the one who saves
 * second over a version they never saw is refused and told who saved it; saving again keeps theirs over it. Runs
 * on H2 and, in the PostgreSQL pass, on a server.
 */
class SavedMeanwhileTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-11-02T09:00:00Z");

    private Session as(Workspace ws, String actor) {
        return Session.open(ws, new WorkspaceService(clock), actor);
    }

    private void later() {
        clock.advance(Duration.ofMinutes(3));
    }

    @Test
    void aSegmentSavedByAnotherSinceItWasOpenedIsNotSavedOver() {
        try (Workspace ws = TestWorkspaces.create(tmp, clock)) {
            Session ana = as(ws, "ana");
            Session bea = as(ws, "bea");
            RuleDocument donors = new RuleDocument(1, new Rule.Tag("donor", true));
            RuleDocument volunteers = new RuleDocument(1, new Rule.Tag("volunteer", true));
            ana.segments().save("Core", "", donors);
            Instant anaOpened = ana.segments().get("Core").updatedAt();
            Instant beaOpened = bea.segments().get("Core").updatedAt();
            later();
            bea.segments().save("Core", "Volunteers now", volunteers, beaOpened);
            later();

            assertThatThrownBy(() -> ana.segments().save("Core", "", donors, anaOpened))
                    .isInstanceOfSatisfying(SavedMeanwhileException.class, e -> {
                        assertThat(e.by()).isEqualTo(Session.actorIn(ws, "bea"));
                        assertThat(e.getMessage()).contains("Core");
                    });
            assertThat(ana.segments().rule("Core")).as("bea's version stands").isEqualTo(volunteers);

            SavedMeanwhileException told = catchMeanwhile(() -> ana.segments().save("Core", "", donors, anaOpened));
            ana.segments().save("Core", "", donors, told.current());
            assertThat(bea.segments().rule("Core")).as("saved again knowingly: ana's over bea's").isEqualTo(donors);
            assertThatThrownBy(() -> bea.segments().save("Core", "", volunteers, beaOpened))
                    .isInstanceOf(SavedMeanwhileException.class);
            bea.segments().save("Core", "", volunteers); // a command line save replaces whatever is there
            assertThat(ana.segments().rule("Core")).isEqualTo(volunteers);
        }
    }

    @Test
    void aJourneyDraftSavedByAnotherSinceItWasOpenedIsNotSavedOver() {
        try (Workspace ws = TestWorkspaces.create(tmp, clock)) {
            Session ana = as(ws, "ana");
            Session bea = as(ws, "bea");
            ana.journeys().createFromTemplate(JourneyTemplates.KEYS.get(0), "Welcome");
            Instant anaOpened = ana.journeys().summary("Welcome").updatedAt();
            var beaDoc = bea.journeys().document("Welcome");
            Instant beaOpened = bea.journeys().summary("Welcome").updatedAt();
            later();
            bea.journeys().save("Welcome", described(beaDoc, "bea's"), beaOpened);
            later();

            var anaDoc = described(ana.journeys().document("Welcome"), "ana's");
            SavedMeanwhileException told = catchMeanwhile(() -> ana.journeys().save("Welcome", anaDoc, anaOpened));
            assertThat(told.by()).isEqualTo(Session.actorIn(ws, "bea"));
            assertThat(ana.journeys().document("Welcome").description()).isEqualTo("bea's");
            ana.journeys().save("Welcome", anaDoc, told.current());
            assertThat(bea.journeys().document("Welcome").description()).isEqualTo("ana's");
        }
    }

    @Test
    void aContentItemSavedByAnotherSinceItWasOpenedIsNotSavedOver() {
        try (Workspace ws = TestWorkspaces.create(tmp, clock)) {
            Session ana = as(ws, "ana");
            Session bea = as(ws, "bea");
            ana.content().save(item("Gala dinner"));
            Instant anaOpened = ana.content().savedAt().get("gala");
            Instant beaOpened = bea.content().savedAt().get("gala");
            later();
            bea.content().save(item("Gala dinner, 12 May"), beaOpened);
            later();

            SavedMeanwhileException told = catchMeanwhile(() -> ana.content().save(item("Spring gala"), anaOpened));
            assertThat(told.by()).isEqualTo(Session.actorIn(ws, "bea"));
            assertThat(ana.content().find("gala").orElseThrow().title()).isEqualTo("Gala dinner, 12 May");
            ana.content().save(item("Spring gala"), told.current());
            assertThat(bea.content().find("gala").orElseThrow().title()).isEqualTo("Spring gala");
            assertThat(ana.content().savedAt().get("gala")).isAfter(told.current());
        }
    }

    private static org.registro.journey.JourneyDocument described(org.registro.journey.JourneyDocument doc,
                                                                  String description) {
        return new org.registro.journey.JourneyDocument(doc.format(), doc.name(), description, doc.settings(),
                doc.steps());
    }

    private static ContentItem item(String title) {
        return new ContentItem(null, "gala", "event", title, null, null, null, true, false, null, null, List.of(),
                List.of(), List.of(), List.of(), false);
    }

    private static SavedMeanwhileException catchMeanwhile(Runnable save) {
        try {
            save.run();
        } catch (SavedMeanwhileException e) {
            return e;
        }
        throw new AssertionError("saved over a version the user never saw");
    }
}
