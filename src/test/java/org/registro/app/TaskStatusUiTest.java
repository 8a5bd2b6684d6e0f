package org.registro.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.CancelledException;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class TaskStatusUiTest {

    @TempDir
    static Path tmp;

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("Tasks", "ES", null)).close();
        UiTestSupport.window(stage, tmp).start(dir);
    }

    @Test
    void longWorkShowsItsProgressAndCanBeCancelled(FxRobot robot) {
        waitFor(robot, "#page-home");
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicReference<Object> finished = new AtomicReference<>();
        robot.interact(() -> UiTestSupport.runner().run("Counting to a million", progress -> {
            try {
                for (int i = 0; i < 1_000_000; i++) {
                    progress.update(i, 1_000_000, i + " of 1,000,000");
                    progress.checkCancelled();
                    Thread.sleep(5);
                }
            } catch (CancelledException | InterruptedException e) {
                stopped.set(true);
                throw e;
            }
            return "done";
        }, finished::set, finished::set));

        Label title = waitFor(robot, "#task-title");
        waitUntil(() -> title.getText().startsWith("Counting to a million — "));
        ProgressBar bar = robot.lookup("#task-progress").queryAs(ProgressBar.class);
        waitUntil(() -> bar.getProgress() > 0);

        robot.clickOn("#task-cancel");
        waitUntil(stopped::get);
        waitUntil(() -> !robot.lookup("#task-box").query().isVisible());
        assertThat(robot.lookup("#status-text").queryAs(Label.class).isVisible()).isTrue();
        assertThat(finished.get()).as("a cancelled task reports neither result nor error").isNull();
    }
}
