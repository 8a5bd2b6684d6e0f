package org.registro.safety.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.workspace.Backups;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Settings → Backups and safety: back up, check, restore (the workspace reopens), encrypt. */
@ExtendWith(ApplicationExtension.class)
class SafetyUiTest {

    @TempDir
    static Path tmp;
    private Path dir;

    @Start
    void start(Stage stage) {
        dir = tmp.resolve("ws-" + System.nanoTime());
        new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("Safe", "ES", null)).close();
        MainWindow window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    private static boolean dialogSays(FxRobot robot, String start) {
        return robot.lookup(".dialog-pane .label").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText() != null && l.getText().startsWith(start));
    }

    /** Presses a button of the settings page, which may be below the fold. */
    private static void fire(FxRobot robot, String id) {
        Button button = waitFor(robot, id);
        // not waited for: the button may open a dialog, which runs until it is answered
        javafx.application.Platform.runLater(button::fire);
    }

    @Test
    void backUpCheckRestoreAndEncryptFromTheSettings(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-settings");
        ListView<?> backups = waitFor(robot, "#safety-backups");
        fire(robot, "#settings-backup");
        waitUntil(() -> backups.getItems().size() == 1);

        fire(robot, "#safety-check");
        waitFor(robot, "#safety-report");
        assertThat(dialogSays(robot, "No problems found")).isTrue();
        robot.clickOn("Close");

        robot.interact(() -> backups.getSelectionModel().select(0));
        fire(robot, "#safety-restore");
        waitFor(robot, "#safety-restore-confirm");
        robot.clickOn("OK");
        waitUntil(() -> dialogSays(robot, "Restored the backup"));
        robot.clickOn("OK");
        waitFor(robot, "#page-home");
        assertThat(Backups.list(dir)).extracting(Backups.Backup::reason).contains("before-restore", "manual");

        robot.clickOn("#nav-settings");
        waitFor(robot, "#safety-encrypt");
        fire(robot, "#safety-encrypt");
        waitFor(robot, "#safety-passwords");
        robot.clickOn("#safety-new-password").write("clave segura");
        robot.clickOn("#safety-repeat-password").write("clave segura");
        robot.clickOn("OK");
        waitUntil(() -> dialogSays(robot, "The workspace is encrypted"));
        robot.clickOn("OK");
        waitFor(robot, "#page-home");
        assertThat(WorkspaceService.readManifest(dir).encrypted()).isTrue();
        robot.clickOn("#nav-settings");
        Button change = waitFor(robot, "#safety-password");
        assertThat(change.isVisible()).isTrue();
        assertThat(robot.lookup("#safety-encrypt").queryAs(Button.class).isVisible()).isFalse();
    }
}
