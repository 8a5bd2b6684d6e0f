package org.registro.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Messages;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class NavigationUiTest {

    @TempDir
    static Path tmp;

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("Nav", "ES", null)).close();
        MainWindow window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    @Test
    void everyAreaIsReachableFromTheSidebarAndByShortcut(FxRobot robot) {
        waitFor(robot, "#page-home");
        for (Area area : Area.values()) {
            robot.clickOn("#" + area.navId());
            waitFor(robot, "#page-" + area.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(robot.lookup("#" + area.navId()).queryAs(ToggleButton.class).isSelected()).isTrue();
        }
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        waitFor(robot, "#page-contacts");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        waitFor(robot, "#page-home");

        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        waitFor(robot, "#contact-edit-dialog");
        assertThat(robot.lookup("#nav-contacts").queryAs(ToggleButton.class).isSelected()).isTrue();
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitUntil(() -> robot.lookup("#contact-edit-dialog").tryQuery().isEmpty());
    }

    @Test
    void switchingToSpanishRedrawsTheShellInSpanish(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-settings");
        ComboBox<SettingsPage.Choice> language = waitFor(robot, "#settings-language");
        robot.interact(() -> language.getSelectionModel().select(
                language.getItems().stream().filter(c -> c.value().equals("es")).findFirst().orElseThrow()));
        waitUntil(() -> robot.lookup("#nav-contacts").queryAs(ToggleButton.class).getText().equals("Contactos"));
        assertThat(robot.lookup("#nav-settings").queryAs(ToggleButton.class).isSelected()).isTrue();
        robot.interact(() -> Messages.setLocale(java.util.Locale.ENGLISH));
    }
}
