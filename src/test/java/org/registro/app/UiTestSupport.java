package org.registro.app;

import org.registro.ui.FxTaskRunner;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.registro.common.Messages;
import org.registro.workspace.UserSettings;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Builds the real window over a temporary user-settings file, for TestFX tests. */
public final class UiTestSupport {

    /** TestFX reuses one stage for all tests; the previous test's context is closed before the next. */
    private static AppContext current;
    private static FxTaskRunner currentRunner;

    private UiTestSupport() {
    }

    /** The app's window with its own settings in {@code dir}; English texts. */
    public static MainWindow window(Stage stage, Path dir) {
        return window(stage, dir, Locale.ENGLISH);
    }

    /** The app's window in this language. */
    public static MainWindow window(Stage stage, Path dir, Locale language) {
        Messages.setLocale(language);
        UserSettings settings = new UserSettings(dir.resolve("settings.json"));
        settings.setLanguage(language.getLanguage());
        // every test starts on Home, whatever an earlier test in the folder left open
        settings.setLastArea(null);
        settings.setContactColumns(null);
        FxTaskRunner runner = new FxTaskRunner(2);
        if (current != null) {
            current.close();
        }
        AppContext context = new AppContext(Clock.systemDefaultZone(), settings, runner);
        current = context;
        currentRunner = runner;
        return new MainWindow(context, runner, stage);
    }

    /** The app context of the window made last (its open session). */
    public static AppContext context() {
        return current;
    }

    /** The task runner of the window made last. */
    public static FxTaskRunner runner() {
        return currentRunner;
    }

    /** Waits (up to 10 s) until {@code condition} holds, letting the FX thread run. */
    /**
     * {@link #waitUntil} with the condition asked on the FX thread: for lookups that walk the whole scene graph
     * while the application is still changing it.
     */
    public static void waitUntilOnFx(Callable<Boolean> condition) {
        waitUntil(() -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    public static void waitUntil(Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within 10 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until a node with this CSS query is showing. */
    public static <T extends Node> T waitFor(FxRobot robot, String query) {
        waitUntil(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false));
        T node = robot.lookup(query).query();
        assertThat(node).isNotNull();
        return node;
    }
}
