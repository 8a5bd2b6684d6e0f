package org.registro.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.Node;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.TeamRoles.Role;
import org.registro.workspace.TestRoles;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Each screen shows what the user's role in a team workspace allows (issue 25): a viewer reads and exports
 * transactional lists, an editor does everything but erasure, retention and the region. The role is the one the
 * server would report; what the server itself refuses is tested in {@code TeamWorkspaceTest}.
 */
@ExtendWith(ApplicationExtension.class)
class RolesUiTest {

    @TempDir
    static Path tmp;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        try (Workspace ws = new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("Club", "ES", null))) {
            AuditLog audit = new AuditLog(Clock.systemUTC(), "test");
            new ContactService(ws, audit).create(ContactDraft.of("Masha", "Kelley", "masha@example.org")
                    .withTags(java.util.List.of("donor")));
            new SegmentService(ws, audit).save("Donors", "", new RuleDocument(1, new Rule.Tag("donor", true)));
        }
        window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    private void as(FxRobot robot, Role role) {
        waitFor(robot, "#page-home");
        TestRoles.pretend(UiTestSupport.context().session().workspace(), role);
        robot.interact(() -> window.showShell(Area.HOME)); // the screens are built again for the role
        waitFor(robot, "#page-home");
    }

    private static boolean shown(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(RolesUiTest::treeVisible).orElse(false);
    }

    private static boolean treeVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aViewerReadsAndExportsTransactionalListsOnly(FxRobot robot) {
        as(robot, Role.VIEWER);
        assertThat(shown(robot, "#home-new-contact")).isFalse();
        assertThat(robot.lookup("#nav-import").queryAs(ToggleButton.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#nav-duplicates").queryAs(ToggleButton.class).isDisabled()).isTrue();

        robot.clickOn("#nav-contacts");
        TableView<?> table = waitFor(robot, "#contacts-table");
        waitUntil(() -> table.getItems().size() == 1);
        assertThat(shown(robot, "#contacts-new")).isFalse();
        robot.interact(() -> table.getSelectionModel().select(0));
        waitFor(robot, "#profile-name");
        assertThat(shown(robot, "#profile-edit")).isFalse();
        assertThat(shown(robot, "#remove-tag-donor")).isFalse();
        assertThat(shown(robot, "#add-tag")).isFalse();

        robot.clickOn("#nav-segments");
        waitFor(robot, "#segments-list");
        assertThat(shown(robot, "#segment-save")).isFalse();
        assertThat(shown(robot, "#segments-delete")).isFalse();
        assertThat(shown(robot, "#segment-export")).isTrue(); // to a transactional list

        robot.clickOn("#nav-exports");
        RadioButton commercial = waitFor(robot, "#export-commercial");
        assertThat(commercial.isDisabled()).isTrue();
        assertThat(robot.lookup("#export-transactional").queryAs(RadioButton.class).isSelected()).isTrue();
        assertThat(shown(robot, "#export-save-template")).isFalse();

        robot.clickOn("#nav-journeys");
        waitFor(robot, "#journeys-table");
        assertThat(shown(robot, "#journeys-new")).isFalse();
        assertThat(shown(robot, "#journeys-delete")).isFalse();
        assertThat(shown(robot, "#journeys-export")).isTrue();

        robot.clickOn("#nav-content");
        waitFor(robot, "#page-content");
        assertThat(shown(robot, "#content-add")).isFalse();
        assertThat(shown(robot, "#content-measure")).isTrue();

        robot.clickOn("#nav-consent");
        waitFor(robot, "#page-consent");
        assertThat(shown(robot, "#requests-log")).isFalse();

        // Ctrl+3 does not open the closed Import area
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT3)
                .release(javafx.scene.input.KeyCode.DIGIT3, javafx.scene.input.KeyCode.CONTROL);
        assertThat(robot.lookup("#page-import").tryQuery()).isEmpty();
    }

    @Test
    void anEditorChangesPeopleButDoesNotEraseThem(FxRobot robot) {
        as(robot, Role.EDITOR);
        assertThat(shown(robot, "#home-new-contact")).isTrue();
        assertThat(robot.lookup("#nav-import").queryAs(ToggleButton.class).isDisabled()).isFalse();

        robot.clickOn("#nav-contacts");
        TableView<?> table = waitFor(robot, "#contacts-table");
        waitUntil(() -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        waitFor(robot, "#profile-name");
        assertThat(shown(robot, "#profile-edit")).isTrue();

        robot.clickOn("#nav-segments");
        waitFor(robot, "#segments-list");
        assertThat(shown(robot, "#segment-save")).isTrue();
        robot.clickOn("#nav-exports");
        assertThat(waitFor(robot, "#export-commercial").isDisabled()).isFalse();

        robot.clickOn("#nav-settings");
        assertThat(waitFor(robot, "#settings-region").isDisabled()).isTrue();
    }
}
