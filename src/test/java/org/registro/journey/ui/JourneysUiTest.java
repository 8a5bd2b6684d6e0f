package org.registro.journey.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.journey.JourneyService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class JourneysUiTest {

    @TempDir
    static Path tmp;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new WorkspaceService(clock).create(dir, new NewWorkspace("NGO", "ES", null))) {
            AuditLog audit = new AuditLog(clock, "tester");
            ContactService contacts = new ContactService(ws, audit);
            ConsentService consent = new ConsentService(ws, audit);
            for (int i = 0; i < 30; i++) {
                long id = contacts.create(ContactDraft.of("P" + i, "Test", "p" + i + "@example.es")
                        .withAddress(null, null, "Madrid", "ES"));
                if (i < 20) {
                    consent.record(new ConsentService.Change(id, "email", null, Consent.GRANTED,
                            Consent.METHOD_FORM, null, clock.instant().minusSeconds(60), null));
                }
            }
        }
        window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    @Test
    void aTemplateBecomesAnABJourneyThatIsSimulatedActivatedAndRun(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-journeys");
        waitFor(robot, "#journeys-table");
        robot.clickOn("#journeys-new");
        waitFor(robot, "#journey-templates");
        robot.clickOn("#journey-new-name").eraseText(40).write("Welcome");
        robot.type(KeyCode.ENTER);

        // the welcome series on the canvas
        waitFor(robot, "#step-send-welcome");
        assertThat(robot.lookup("#step-wait-open").tryQuery()).isPresent();

        // an A/B split right after the entry, then undo and redo it
        robot.clickOn("#plus-entry-0");
        robot.clickOn("#add-random");
        waitFor(robot, "#step-random-1");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#step-random-1").tryQuery().isEmpty());
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        waitFor(robot, "#step-random-1");

        // the split's first branch gets 70 %, the second 30 %: the problem about 100 % comes and goes
        robot.clickOn("#step-random-1");
        robot.clickOn("#random-percent-a").eraseText(5).write("70");
        robot.clickOn("#step-apply");
        waitUntil(() -> problems(robot).stream().anyMatch(p -> p.contains("100")));
        robot.clickOn("#random-percent-b").eraseText(5).write("30");
        robot.clickOn("#step-apply");
        waitUntil(() -> problems(robot).stream().noneMatch(p -> p.contains("100")));

        // everyone who has opted in already enters too
        robot.clickOn("#step-entry");
        robot.clickOn("#entry-existing");
        robot.clickOn("#step-apply");

        // the keyboard walks down from the entry to the split
        robot.clickOn("#step-entry");
        robot.type(KeyCode.DOWN);
        waitUntil(() -> robot.lookup("#step-label").queryAs(TextField.class).getPromptText().contains("70%"));

        // simulate: every step shows its simulated flow
        robot.clickOn("#journey-tab-simulation");
        robot.clickOn("#sim-run");
        Label entrySim = waitFor(robot, "#simulated-entry");
        // the twenty who opted in, and newcomers at the recent rate (all thirty people are new)
        assertThat(Integer.parseInt(entrySim.getText().replaceAll("\\D", ""))).isGreaterThanOrEqualTo(20);
        waitFor(robot, "#simulated-random-1");
        // the last message is about fundraising, a topic nobody here opted in to: the canvas says so
        assertThat(robot.lookup("#simulated-send-help").queryAs(Label.class).getText()).contains("skipped");

        // activate and run: people wait on the canvas
        robot.clickOn("#journey-activate");
        waitUntil(() -> robot.lookup("#journey-status").queryAs(Label.class).getText().startsWith("Active"));
        robot.clickOn("#journey-run");
        UiTestSupport.waitUntilOnFx(() -> robot.lookup(n -> n.getId() != null && n.getId().startsWith("waiting-"))
                .tryQuery().isPresent());

        robot.clickOn("#journey-back");
        TableView<JourneyService.Summary> table = waitFor(robot, "#journeys-table");
        waitUntil(() -> table.getItems().size() == 1 && table.getItems().get(0).status().equals("active")
                && table.getItems().get(0).inJourney() == 20);
    }

    private static List<String> problems(FxRobot robot) {
        javafx.scene.control.ListView<?> list = robot.lookup("#journey-problems").queryAs(
                javafx.scene.control.ListView.class);
        return list.getItems().stream().map(p -> org.registro.ui.I18n.t("journey.problem."
                + ((org.registro.journey.JourneyCheck.Problem) p).code(),
                ((org.registro.journey.JourneyCheck.Problem) p).args().toArray())).toList();
    }
}
