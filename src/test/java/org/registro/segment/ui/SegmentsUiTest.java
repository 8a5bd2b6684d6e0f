package org.registro.segment.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class SegmentsUiTest {

    @TempDir
    static Path tmp;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new WorkspaceService(clock).create(dir, new NewWorkspace("NGO", "ES", null))) {
            ContactService contacts = new ContactService(ws, new AuditLog(clock, "tester"));
            contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.es").withAddress(null, null, "Madrid", "ES"));
            contacts.create(ContactDraft.of("Bea", "Gil", "bea@example.es").withAddress(null, null, "Madrid", "ES"));
            contacts.create(ContactDraft.of("Carla", "Paz", "carla@example.es").withAddress(null, null, "Sevilla",
                    "ES"));
        }
        window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    @Test
    void buildARuleSeeTheCountChangeExplainAMemberAndSave(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-segments");
        Label count = waitFor(robot, "#segment-count");
        waitUntil(() -> count.getText().equals("3"));

        robot.clickOn("#group-add-root");
        robot.clickOn("#add-field-root");
        waitFor(robot, "#cond-0-value");
        robot.clickOn("#cond-0-value").write("madrid");
        waitUntil(() -> count.getText().equals("2"));
        TableView<SegmentService.Member> preview = robot.lookup("#segment-preview").queryAs(TableView.class);
        assertThat(preview.getItems()).extracting(SegmentService.Member::firstName).containsExactly("Bea", "Ana");

        robot.interact(() -> preview.getSelectionModel().select(0));
        VBox explanation = robot.lookup("#segment-explanation").queryAs(VBox.class);
        waitUntil(() -> explanation.getChildren().size() == 2);
        assertThat(((Label) explanation.getChildren().get(1)).getText()).isEqualTo("City is madrid");

        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.Z)
                .release(javafx.scene.input.KeyCode.CONTROL);
        waitUntil(() -> count.getText().equals("3"));
        robot.clickOn("#segment-redo");
        waitUntil(() -> count.getText().equals("2"));

        robot.clickOn("#segment-name").write("Madrid");
        robot.clickOn("#segment-save");
        ListView<SegmentService.Saved> list = robot.lookup("#segments-list").queryAs(ListView.class);
        waitUntil(() -> list.getItems().size() == 1 && list.getItems().get(0).size() == 2);

        robot.clickOn("#segments-new");
        waitUntil(() -> count.getText().equals("3"));
        robot.clickOn("Madrid");
        waitUntil(() -> count.getText().equals("2"));
    }
}
