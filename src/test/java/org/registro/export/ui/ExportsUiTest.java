package org.registro.export.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
import org.registro.export.ListFormat;
import org.registro.export.ExportRun;
import org.registro.export.ExportTemplate;
import org.registro.export.SentList;
import org.registro.testutil.TestClock;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class ExportsUiTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ngo");
        try (Workspace ws = new WorkspaceService(clock).create(dir, new NewWorkspace("NGO", "ES", null))) {
            AuditLog audit = new AuditLog(clock, "tester");
            ContactService contacts = new ContactService(ws, audit);
            long ana = contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.es"));
            contacts.create(ContactDraft.of("Bea", "Gil", "bea@example.es"));
            new ConsentService(ws, audit).record(new ConsentService.Change(ana, "email", null, Consent.GRANTED,
                    Consent.METHOD_FORM, null, Instant.parse("2026-01-10T09:00:00Z"), null));
        }
        MainWindow window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    /** Presses a button that may sit below the fold of the test window's scroll pane. */
    private static void fire(FxRobot robot, String query) {
        robot.interact(() -> robot.lookup(query).queryAs(Button.class).fire());
    }

    @Test
    void countExportRecordWriteAgainAndAnswerInTheProfile(FxRobot robot) throws Exception {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-exports");
        ComboBox<ExportTemplate> format = waitFor(robot, "#export-format");
        waitUntil(() -> format.getValue() != null && format.getValue().destination() == ListFormat.MAILCHIMP);
        robot.interact(() -> format.setValue(format.getItems().stream()
                .filter(t -> t.destination() == ListFormat.BREVO).findFirst().orElseThrow()));

        fire(robot, "#export-count");
        Label counted = robot.lookup("#export-counted").queryAs(Label.class);
        waitUntil(() -> counted.getText().startsWith("1 will be written"));
        assertThat(counted.getText()).contains("1 left out");
        assertThat(robot.lookup("#export-reason-no_opt_in").queryAs(Label.class).getText())
                .contains("No current opt-in");

        Path out = tmp.resolve("brevo-march.csv");
        TextField file = robot.lookup("#export-file").queryAs(TextField.class);
        java.time.LocalDate today = java.time.LocalDate.now(); // the window runs on the real clock
        assertThat(file.getText()).endsWith("brevo-" + today + ".csv");
        robot.interact(() -> file.setText(out.toString()));
        fire(robot, "#export-run");
        TableView<ExportRun> history = robot.lookup("#export-history").queryAs(TableView.class);
        waitUntil(() -> history.getItems().size() == 1);
        assertThat(Files.readAllLines(out)).hasSize(2).element(1).asString().startsWith("ana@example.es,Ana,Ruiz");
        assertThat(tmp.resolve("brevo-march-left-out.csv")).exists();
        Label message = robot.lookup("#export-message").queryAs(Label.class);
        assertThat(message.getText()).contains("Wrote 1 people");

        robot.interact(() -> history.getSelectionModel().select(0));
        fire(robot, "#export-again");
        waitUntil(() -> message.getText().contains("the same file as sent"));
        assertThat(Files.readAllBytes(tmp.resolve("brevo-march-again-" + today + ".csv")))
                .isEqualTo(Files.readAllBytes(out));

        robot.clickOn("#nav-contacts");
        robot.clickOn("#contacts-search").write("ana@example");
        TableView<?> contacts = waitFor(robot, "#contacts-table");
        waitUntil(() -> contacts.getItems().size() == 1);
        robot.interact(() -> contacts.getSelectionModel().select(0));
        waitFor(robot, "#profile-name");
        robot.clickOn("#tab-consent");
        TableView<SentList> sent = waitFor(robot, "#sent-lists-table");
        waitUntil(() -> sent.getItems().size() == 1);
        assertThat(sent.getItems().get(0).destination()).isEqualTo("brevo");
        robot.interact(() -> robot.lookup("#sent-lists-day").queryAs(javafx.scene.control.DatePicker.class)
                .setValue(today));
        robot.interact(() -> robot.lookup("#sent-lists-check").queryAs(Button.class).fire());
        Label answer = robot.lookup("#sent-lists-answer").queryAs(Label.class);
        waitUntil(() -> answer.getText().startsWith("Yes"));
        assertThat(answer.getText()).contains("Opted in").contains("sign-up form");
    }
}
