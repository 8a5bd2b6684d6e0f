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
            drafts.forEach(new ContactService(ws, new AuditLog(Clock.systemUTC(), "test"))::create);
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
