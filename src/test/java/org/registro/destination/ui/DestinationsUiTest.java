package org.registro.destination.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.common.Progress;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.consent.Purpose;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.destination.Destination;
import org.registro.destination.DestinationService;
import org.registro.destination.Tool;
import org.registro.export.ExportRequest;
import org.registro.export.ExportService;
import org.registro.export.ListFormat;
import org.registro.export.Selector;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class DestinationsUiTest {

    @TempDir
    static Path tmp;

    private MainWindow window;
    private Path workspace;
    private long brevo;

    @Start
    void start(Stage stage) {
        workspace = tmp.resolve("ws-" + System.nanoTime());
        // the changes were recorded ten days ago: by now they are late
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(-10));
        try (Workspace ws = new WorkspaceService(clock).create(workspace, new NewWorkspace("NGO", "ES", null))) {
            AuditLog audit = new AuditLog(clock, "tester");
            ContactService contacts = new ContactService(ws, audit);
            ConsentService consent = new ConsentService(ws, audit);
            long ana = contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.es"));
            long bea = contacts.create(ContactDraft.of("Bea", "Gil", "bea@example.es"));
            for (long id : new long[] {ana, bea}) {
                consent.record(new ConsentService.Change(id, "email", null, Consent.GRANTED, Consent.METHOD_FORM,
                        null, Instant.parse("2025-02-01T10:00:00Z"), null));
            }
            DestinationService destinations = new DestinationService(ws, audit);
            Destination d = destinations.add("Brevo newsletter", Tool.BREVO, null);
            brevo = d.id();
            new ExportService(ws, audit, new SegmentService(ws, audit), destinations).export(new ExportRequest(
                    Selector.all(), Purpose.COMMERCIAL, "email", null, ListFormat.BREVO.template()).to(d.id()),
                    tmp.resolve("brevo-" + System.nanoTime() + ".csv"), null, Progress.NONE);
            consent.record(new ConsentService.Change(ana, "email", null, Consent.WITHDRAWN,
                    Consent.METHOD_UNSUBSCRIBE, null, clock.instant().minus(Duration.ofDays(9)), null));
        }
        window = UiTestSupport.window(stage, tmp);
        window.start(workspace);
    }

    @Test
    void homeSaysBrevoIsBehindAndTheChangesFileLeavesNothingPending(FxRobot robot) throws Exception {
        Hyperlink due = waitFor(robot, "#home-due-destination-" + brevo);
        assertThat(due.getText()).contains("Brevo newsletter").contains("1 withdrawal").contains("late");
        robot.clickOn(due);

        TableView<?> table = waitFor(robot, "#destinations-table");
        waitUntil(() -> table.getItems().size() == 1);
        TableView<?> changes = waitFor(robot, "#destination-changes");
        waitUntil(() -> changes.getItems().size() == 1);
        Label reasons = robot.lookup("#destination-reasons").queryAs(Label.class);
        assertThat(reasons.getText()).contains("1 withdrawal");
        TextField file = robot.lookup("#destination-file").queryAs(TextField.class);
        assertThat(file.getText()).endsWith(".zip").contains("brevo-newsletter-changes-");
        Path out = tmp.resolve("brevo-" + System.nanoTime() + ".zip");
        robot.interact(() -> file.setText(out.toString()));
        robot.clickOn("#destination-sync");

        waitUntil(() -> Files.exists(out));
        waitUntil(() -> changes.getItems().isEmpty());
        Label message = robot.lookup("#destinations-message").queryAs(Label.class);
        waitUntil(() -> message.getText().contains("1 change"));
        assertThat(reasons.getText()).contains("has heard every change");

        // Ana's consent tab says when Brevo was told
        robot.clickOn("#nav-contacts");
        robot.clickOn("#contacts-search").write("ana@example");
        TableView<?> contacts = waitFor(robot, "#contacts-table");
        waitUntil(() -> contacts.getItems().size() == 1);
        robot.interact(() -> contacts.getSelectionModel().select(0));
        waitFor(robot, "#profile-name");
        robot.clickOn("#tab-consent");
        javafx.scene.control.ListView<?> told = waitFor(robot, "#told-history-list");
        waitUntil(() -> told.getItems().size() == 2);
        assertThat(ToldHistoryView.how((org.registro.destination.Told) told.getItems().get(1)))
                .contains("changes file").contains("withdrew");
        robot.clickOn("#nav-consent");

        // adding a second tool from the dialog
        robot.clickOn("#destination-add");
        robot.clickOn("#destination-name").write("listmonk main list");
        robot.interact(() -> robot.lookup("#destination-tool")
                .queryAs(javafx.scene.control.ChoiceBox.class).setValue(Tool.LISTMONK));
        robot.clickOn("OK");
        waitUntil(() -> table.getItems().size() == 2);
    }
}
