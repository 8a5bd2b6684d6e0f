package org.registro.contact.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.contact.ContactSummary;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class ContactsUiTest {

    @TempDir
    static Path tmp;

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        try (Workspace ws = new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("Shop", "ES", null))) {
            List<ContactDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                drafts.add(ContactDraft.of("Person" + i, String.format("Surname%03d", i), "p" + i + "@example.org"));
            }
            drafts.add(ContactDraft.of("Masha", "Kelley", "masha@example.org").withTags(List.of("donor")));
            ContactService contacts = new ContactService(ws, new AuditLog(Clock.systemUTC(), "test"));
            List<Long> ids = drafts.stream().map(contacts::create).toList();
            gift(ws, ids.get(250), "500"); // Masha Kelley
            gift(ws, ids.get(5), "20");
            gift(ws, ids.get(5), "15");
            new SegmentService(ws, new AuditLog(Clock.systemUTC(), "test")).save("Big givers", "",
                    new RuleDocument(1, new Rule.Events("donation", null, new java.math.BigDecimal("100"), null, null, true)));
        }
        MainWindow window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    @Test
    void browsePagesSearchAndOpenAProfile(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-contacts");
        TableView<ContactSummary> table = waitFor(robot, "#contacts-table");
        waitUntil(() -> table.getItems().size() == 100);
        Label range = robot.lookup("#pager-range").queryAs(Label.class);
        assertThat(range.getText()).isEqualTo("1–100 of 251");
        assertThat(table.getItems().get(0).lastName()).isEqualTo("Kelley");

        robot.clickOn("#pager-next");
        waitUntil(() -> range.getText().equals("101–200 of 251"));
        robot.clickOn("#pager-last");
        waitUntil(() -> range.getText().equals("201–251 of 251"));

        robot.clickOn("#contacts-search").write("masha kel");
        waitUntil(() -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        Label name = waitFor(robot, "#profile-name");
        assertThat(name.getText()).isEqualTo("Masha Kelley");
    }

    @Test
    void aMarketerAddsWhatTheyGaveSortsByItAndNarrowsToASegment(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-contacts");
        TableView<ContactSummary> table = waitFor(robot, "#contacts-table");
        waitUntil(() -> table.getItems().size() == 100);
        assertThat(robot.lookup("#col-given").tryQuery()).isEmpty(); // not shown until chosen

        // the menu is whole once the consent channels are read (in the background): one column per channel
        javafx.scene.control.MenuButton columns = robot.lookup("#contacts-columns")
                .queryAs(javafx.scene.control.MenuButton.class);
        waitUntil(() -> columns.getItems().stream().anyMatch(i -> i.getId() != null
                && i.getId().startsWith("show-consent-")));
        robot.clickOn("#contacts-columns");
        robot.clickOn("Total given");
        waitFor(robot, "#col-given");
        robot.clickOn("#col-given"); // ascending: those who never gave first
        robot.clickOn("#col-given"); // descending
        waitUntil(() -> table.getItems().get(0).lastName().equals("Kelley"));
        assertThat(table.getItems().get(1).firstName()).isEqualTo("Person5");
        assertThat(table.getItems().get(1).facts().given()).isEqualByComparingTo("35");
        Label range = robot.lookup("#pager-range").queryAs(Label.class);
        assertThat(range.getText()).isEqualTo("1–100 of 251");

        robot.clickOn("#contacts-segment");
        robot.clickOn("Big givers");
        waitUntil(() -> range.getText().equals("1–1 of 1"));
        assertThat(table.getItems()).extracting(ContactSummary::lastName).containsExactly("Kelley");
        robot.clickOn("#contacts-segment");
        robot.clickOn("All contacts");
        waitUntil(() -> range.getText().equals("1–100 of 251"));
    }

    private static void gift(Workspace ws, long contact, String amount) {
        java.time.OffsetDateTime at = java.time.OffsetDateTime.parse("2026-10-01T10:00:00Z");
        ws.dsl().insertInto(org.registro.db.Tables.EVENT).set(org.registro.db.Tables.EVENT.CONTACT_ID, contact)
                .set(org.registro.db.Tables.EVENT.EVENT_TYPE, "donation").set(org.registro.db.Tables.EVENT.OCCURRED_AT, at)
                .set(org.registro.db.Tables.EVENT.AMOUNT, new java.math.BigDecimal(amount))
                .set(org.registro.db.Tables.EVENT.RECORDED_AT, at).execute();
    }

    @Test
    void newContactDialogShowsProblemsAndSavesAValidContact(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-contacts");
        TableView<ContactSummary> table = waitFor(robot, "#contacts-table");
        waitUntil(() -> table.getItems().size() == 100);

        robot.clickOn("#contacts-new");
        waitFor(robot, "#contact-edit-dialog");
        robot.clickOn("#edit-firstName").write("Ana");
        robot.clickOn("#edit-lastName").write("Ruiz");
        robot.clickOn("#edit-email").write("ana@");
        Label emailError = robot.lookup("#error-email").queryAs(Label.class);
        waitUntil(() -> emailError.getText().contains("not a valid email"));
        robot.clickOn("#edit-save");
        assertThat(robot.lookup("#contact-edit-dialog").tryQuery()).isPresent();

        robot.clickOn("#edit-email").write("example.es");
        robot.clickOn("#edit-phone").write("612 345 678");
        waitUntil(() -> emailError.getText().isEmpty());
        robot.clickOn("#edit-save");

        Label name = waitFor(robot, "#profile-name");
        waitUntil(() -> name.getText().equals("Ana Ruiz"));
        assertThat(robot.lookup("#contact-edit-dialog").tryQuery()).isEmpty();
        robot.clickOn("#contacts-search").write("ana@example");
        waitUntil(() -> table.getItems().size() == 1 && table.getItems().get(0).phone().equals("+34612345678"));
    }
}
