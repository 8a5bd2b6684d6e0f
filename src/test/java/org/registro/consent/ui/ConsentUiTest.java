package org.registro.consent.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.consent.PrivacyService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class ConsentUiTest {

    @TempDir
    static Path tmp;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new WorkspaceService(clock).create(dir, new NewWorkspace("NGO", "ES", null))) {
            AuditLog audit = new AuditLog(clock, "tester");
            long ana = new ContactService(ws, audit).create(ContactDraft.of("Ana", "Ruiz", "ana@example.es"));
            new ContactService(ws, audit).create(ContactDraft.of("Bea", "Gil", "bea@example.es"));
            new ConsentService(ws, audit).record(new ConsentService.Change(ana, "email", null, Consent.GRANTED,
                    Consent.METHOD_FORM, null, Instant.parse("2025-02-01T10:00:00Z"), "Web form v2"));
            // An access request received 40 days ago is overdue: Home says so.
            new PrivacyService(ws, audit).log(ana, PrivacyService.ACCESS,
                    clock.instant().minus(java.time.Duration.ofDays(40)), "Letter");
        }
        window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    @Test
    void thePreferenceCentreChangesATopicWithAReasonAndAnswersAsOfADate(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-contacts");
        robot.clickOn("#contacts-search").write("ana@example");
        TableView<?> table = waitFor(robot, "#contacts-table");
        waitUntil(() -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        waitFor(robot, "#profile-name");
        robot.clickOn("#tab-consent");

        Button emailChannel = waitFor(robot, "#prefs-cell-email");
        waitUntil(() -> emailChannel.getText().equals("Opted in"));
        Button events = robot.lookup("#prefs-cell-email-events").queryAs(Button.class);
        assertThat(events.getText()).isEqualTo("—");
        robot.clickOn(events);
        robot.clickOn("#prefs-set-granted");
        robot.clickOn("#prefs-reason").write("Asked at the Madrid stand");
        robot.clickOn("OK");
        waitUntil(() -> robot.lookup("#prefs-cell-email-events").queryAs(Button.class).getText().equals("Opted in"));
        ListView<ConsentService.Event> ledger = robot.lookup("#prefs-ledger").queryAs(ListView.class);
        waitUntil(() -> ledger.getItems().size() == 2);
        assertThat(ledger.getItems().get(0).evidence()).isEqualTo("Asked at the Madrid stand");
        assertThat(ledger.getItems().get(0).method()).isEqualTo(Consent.METHOD_MANUAL);

        robot.interact(() -> robot.lookup("#check-topic").queryAs(javafx.scene.control.ComboBox.class)
                .setValue("events"));
        robot.clickOn("#check-run");
        Label answer = robot.lookup("#check-answer").queryAs(Label.class);
        waitUntil(() -> answer.getText().startsWith("Yes."));

        // On 1 March 2025 the channel was opted in but no events preference existed yet.
        robot.interact(() -> robot.lookup("#check-date").queryAs(javafx.scene.control.DatePicker.class)
                .setValue(LocalDate.of(2025, 3, 1)));
        robot.clickOn("#check-run");
        waitUntil(() -> answer.getText().startsWith("No.") && answer.getText().contains("no preference for this topic"));
        robot.interact(() -> robot.lookup("#prefs-as-of").queryAs(javafx.scene.control.DatePicker.class)
                .setValue(LocalDate.of(2025, 1, 15)));
        waitUntil(() -> robot.lookup("#prefs-cell-email").queryAs(Button.class).getText().equals("—"));
        assertThat(robot.lookup("#prefs-as-of-note").queryAs(Label.class).getText()).contains("2025");
    }

    @Test
    void homeShowsTheOverdueRequestAndTheConsentAreaFulfilsRequestsAndPreviewsRetention(FxRobot robot) {
        waitFor(robot, "#page-home");
        waitFor(robot, "#home-due-requests");
        robot.clickOn("#home-due-requests");
        TableView<PrivacyService.Request> requests = waitFor(robot, "#requests-table");
        waitUntil(() -> requests.getItems().size() == 1);
        assertThat(requests.getItems().get(0).overdue(Instant.now())).isTrue();

        robot.clickOn("#requests-log");
        robot.clickOn("#log-who").write("Nadie Nunca");
        robot.clickOn("OK");
        Label problem = waitFor(robot, "#log-problem");
        waitUntil(() -> problem.getText().contains("Nadie Nunca"));
        javafx.scene.control.TextField who = robot.lookup("#log-who").queryAs(javafx.scene.control.TextField.class);
        assertThat(who.getText()).as("what was typed stays").isEqualTo("Nadie Nunca");
        robot.interact(who::clear);
        robot.clickOn("#log-who").write("Bea Gil");
        robot.interact(() -> robot.lookup("#log-kind").queryAs(javafx.scene.control.ChoiceBox.class)
                .setValue(PrivacyService.RESTRICTION));
        robot.clickOn("OK");
        waitUntil(() -> requests.getItems().size() == 2);
        PrivacyService.Request bea = requests.getItems().stream()
                .filter(r -> r.kind().equals(PrivacyService.RESTRICTION)).findFirst().orElseThrow();
        assertThat(bea.contactName()).isEqualTo("Bea Gil");
        robot.interact(() -> requests.getSelectionModel().select(bea));
        robot.clickOn("#requests-fulfil");
        waitUntil(() -> requests.getItems().stream().anyMatch(r -> r.id() == bea.id() && r.status().equals("done")));
        assertThat(robot.lookup("#consent-message").queryAs(Label.class).getText()).contains("not be contacted");

        robot.clickOn("#consent-tab-retention");
        CheckBox erase = robot.lookup("#rule-active-erase_inactive_without_consent").queryAs(CheckBox.class);
        robot.clickOn(erase);
        robot.clickOn("#rule-save-erase_inactive_without_consent");
        Label count = waitFor(robot, "#retention-count-erase_inactive_without_consent");
        assertThat(count.getText()).startsWith("0 people");
        assertThat(robot.lookup("#retention-run-erase_inactive_without_consent").queryAs(Button.class).isDisabled())
                .isTrue();

        robot.clickOn("#consent-tab-doi");
        Label pending = robot.lookup("#doi-count").queryAs(Label.class);
        assertThat(pending.getText()).startsWith("0 people");
    }
}
