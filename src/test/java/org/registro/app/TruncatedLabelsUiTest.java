package org.registro.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Cell;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.wiring.Samples;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * At 1280×800, in English and in Spanish, no label, button, check box, link or column header on any area shows
 * its text cut short ("Actualiza…"). Data cells of tables and lists may shorten a long value; texts may not.
 */
@ExtendWith(ApplicationExtension.class)
class TruncatedLabelsUiTest {

    @TempDir
    static Path tmp;
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = UiTestSupport.window(stage, tmp);
    }

    @Test
    void noTextIsCutOnAnyAreaInEitherLanguage(FxRobot robot) throws Exception {
        Path dir = tmp.resolve("sample");
        Clock clock = Clock.systemUTC();
        Samples.build("spanish-ngo", dir, new WorkspaceService(clock), clock, "tester", Progress.NONE).close();
        List<String> cut = new ArrayList<>();
        for (Locale language : List.of(Locale.ENGLISH, Locale.forLanguageTag("es"))) {
            robot.interact(() -> {
                window = UiTestSupport.window(stage, tmp.resolve(language.getLanguage()), language);
                stage.setWidth(1280);
                stage.setHeight(800);
                window.start(dir);
            });
            waitFor(robot, "#page-home");
            for (Area area : Area.values()) {
                robot.clickOn("#" + area.navId());
                waitFor(robot, "#page-" + area.name().toLowerCase(Locale.ROOT));
                Thread.sleep(1500); // what the page loads arrives
                robot.interact(() -> stage.getScene().getRoot().applyCss());
                robot.interact(() -> stage.getScene().getRoot().layout());
                robot.interact(() -> collect(stage.getScene().getRoot(), language + " " + area, cut));
            }
            // a contact's profile beside the table narrows it
            robot.clickOn("#nav-contacts");
            javafx.scene.control.TableView<?> contacts = waitFor(robot, "#contacts-table");
            UiTestSupport.waitUntil(() -> !contacts.getItems().isEmpty());
            robot.interact(() -> contacts.getSelectionModel().select(0));
            waitFor(robot, "#profile-name");
            Thread.sleep(1000);
            robot.interact(() -> stage.getScene().getRoot().layout());
            robot.interact(() -> collect(stage.getScene().getRoot(), language + " profile", cut));
        }
        robot.interact(() -> UiTestSupport.window(stage, tmp.resolve("en")));
        assertThat(cut).as("texts cut short").isEmpty();
    }

    private static void collect(Node node, String where, List<String> cut) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled && !(node instanceof Cell) && labeled.getText() != null
                && !labeled.getText().isBlank() && onScreen(node)) {
            for (Node child : labeled.getChildrenUnmodifiable()) {
                if (child instanceof Text shown && !shown.getText().equals(labeled.getText())
                        && (shown.getText().endsWith("…") || shown.getText().endsWith("..."))) {
                    cut.add(where + ": \"" + labeled.getText() + "\" shown as \"" + shown.getText() + "\"");
                }
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, where, cut);
            }
        }
    }

    /** Inside the window (a page scrolled below the fold is measured as laid out). */
    private static boolean onScreen(Node node) {
        var bounds = node.localToScene(node.getLayoutBounds());
        return bounds.getWidth() > 0 && bounds.getMaxX() > 0 && bounds.getMinX() < node.getScene().getWidth();
    }
}
