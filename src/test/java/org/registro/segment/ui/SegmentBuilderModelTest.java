package org.registro.segment.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.segment.Rule;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.ui.DirectTaskRunner;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class SegmentBuilderModelTest {

    @TempDir
    Path tmp;

    private Workspace workspace;
    private SegmentBuilderModel model;

    @BeforeEach
    void open() {
        TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
        workspace = TestWorkspaces.create(tmp, clock);
        ContactService contacts = TestWorkspaces.contacts(workspace);
        contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.es").withAddress(null, null, "Madrid", "ES"));
        contacts.create(ContactDraft.of("Bea", "Gil", "bea@example.es").withAddress(null, null, "Madrid", "ES"));
        contacts.create(ContactDraft.of("Carla", "Paz", "carla@example.es").withAddress(null, null, "Sevilla", "ES"));
        model = new SegmentBuilderModel(new SegmentService(workspace, new AuditLog(clock, "tester")),
                new DirectTaskRunner());
        model.load();
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    @Test
    void editsCountAtOnceTypingIsOneUndoStepAndRedoComesBack() {
        assertThat(model.countProperty().get()).isEqualTo(3);
        model.add(List.of(), new Rule.Field("city", "equals", "", null, null, null));
        assertThat(model.countProperty().get()).as("a condition still empty does not narrow").isEqualTo(3);
        assertThat(model.errorProperty().get()).isEmpty();

        model.editValue(List.of(0), new Rule.Field("city", "equals", "M", null, null, null));
        model.editValue(List.of(0), new Rule.Field("city", "equals", "Madrid", null, null, null));
        model.recount();
        assertThat(model.countProperty().get()).isEqualTo(2);
        assertThat(model.preview()).extracting(SegmentService.Member::firstName).containsExactly("Bea", "Ana");

        model.undo(); // the typing, in one step
        assertThat(((Rule.Field) model.rootProperty().get().conditions().get(0)).value()).isEmpty();
        assertThat(model.countProperty().get()).isEqualTo(3);
        model.undo(); // the added condition
        assertThat(model.rootProperty().get().conditions()).isEmpty();
        assertThat(model.canUndoProperty().get()).isFalse();
        model.redo();
        model.redo();
        assertThat(model.countProperty().get()).isEqualTo(2);
        assertThat(model.canRedoProperty().get()).isFalse();
    }

    @Test
    void saveOpenRenameAndExplain() {
        model.add(List.of(), new Rule.Field("city", "equals", "Sevilla", null, null, null));
        model.nameProperty().set("Sevilla");
        model.save();
        assertThat(model.saved()).extracting(SegmentService.Saved::name).containsExactly("Sevilla");
        assertThat(model.messageProperty().get()).contains("Sevilla").contains("1");

        model.newSegment();
        assertThat(model.countProperty().get()).isEqualTo(3);
        model.open(model.saved().get(0));
        assertThat(model.countProperty().get()).isEqualTo(1);
        model.nameProperty().set("Sevilla people");
        model.save();
        assertThat(model.saved()).extracting(SegmentService.Saved::name).containsExactly("Sevilla people");

        model.explain("ANA@example.es", people -> java.util.Optional.of(people.get(0)));
        assertThat(model.explanationProperty().get().matched()).as("Ana is in Madrid").isFalse();
        java.util.List<Integer> offered = new java.util.ArrayList<>();
        model.explain("ana", people -> {
            offered.add(people.size());
            return java.util.Optional.empty();
        });
        assertThat(offered).as("a name is offered as a choice").hasSize(1);
        model.explain("nobody@example.es", people -> java.util.Optional.of(people.get(0)));
        assertThat(model.errorProperty().get()).contains("nobody@example.es");
        model.explain(model.preview().get(0).id());
        assertThat(model.explanationProperty().get().matched()).isTrue();
        assertThat(model.explanationProperty().get().parts().get(0).description()).isEqualTo("City is Sevilla");
    }

    @Test
    void whileTheIndexIsBuiltTheCountSaysItCameFromTheDatabaseAndOnceReadyEveryEditIsCountedAtOnce() {
        TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
        SegmentService segments = new SegmentService(workspace, new AuditLog(clock, "tester"));
        try (org.registro.audience.LiveAudience audience = new org.registro.audience.LiveAudience(workspace)) {
            segments.useIndex(audience);
            SegmentBuilderModel builder = new SegmentBuilderModel(segments, new DirectTaskRunner());
            builder.load();
            builder.add(List.of(), new Rule.Field("city", "equals", "Madrid", null, null, null));
            assertThat(builder.countProperty().get()).isEqualTo(2);
            assertThat(builder.countNoteProperty().get()).as("not built yet: counted in SQL, and said")
                    .isNotEmpty();

            audience.start();
            assertThat(audience.awaitReady(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            builder.recount();
            assertThat(builder.countProperty().get()).isEqualTo(2);
            assertThat(builder.countNoteProperty().get()).isEmpty();

            TestWorkspaces.contacts(workspace).create(ContactDraft.of("Dora", "Sanz", "dora@example.es")
                    .withAddress(null, null, "Madrid", "ES"));
            builder.recount();
            assertThat(builder.countProperty().get()).as("the new person, counted by the index").isEqualTo(3);
            assertThat(builder.preview()).extracting(SegmentService.Member::firstName).contains("Dora");
        }
    }
}
