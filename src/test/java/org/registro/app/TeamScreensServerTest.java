package org.registro.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;
import static org.registro.app.UiTestSupport.waitUntilOnFx;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Messages;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactProfile;
import org.registro.testutil.TestWorkspaces;
import org.registro.ui.FxTaskRunner;
import org.registro.wiring.Session;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.TeamAddress;
import org.registro.workspace.TeamRoles;
import org.registro.workspace.UserSettings;
import org.registro.workspace.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Two app windows, each with its own context as two instances would have, on one team workspace of a PostgreSQL
 * server (issue 25's "done when"): each sees what the other changes, an edit saved over meanwhile is never lost
 * silently, and an administrator gives people roles from Settings. Runs in the PostgreSQL pass
 * ({@code mvn -P postgresql}); skipped without a server.
 */
@ExtendWith(ApplicationExtension.class)
class TeamScreensServerTest {

    @TempDir
    static Path tmp;

    private TeamAddress address;
    private long rosa;
    private AppContext second;
    private Stage first;

    @Start
    void start(Stage stage) {
        if (!TestWorkspaces.onServer()) {
            return;
        }
        address = TestWorkspaces.newTeamAddress();
        try (Workspace ws = Session.workspaceService(Clock.systemUTC(), "ana").create(address, null,
                new NewWorkspace("Fundación Sol", "ES", null))) {
            rosa = TestWorkspaces.contacts(ws).create(ContactDraft.of("Rosa", "Vidal", "rosa@example.org"));
        }
        first = stage;
        UiTestSupport.window(stage, tmp).startTeam(address.toString());
    }

    @AfterEach
    void closeSecond() {
        if (second != null) {
            second.close();
        }
    }

    private MainWindow secondWindow(FxRobot robot) {
        MainWindow[] window = new MainWindow[1];
        robot.interact(() -> {
            Stage stage = new Stage();
            stage.setX(40);
            stage.setY(40);
            UserSettings settings = new UserSettings(tmp.resolve("second-settings.json"));
            settings.setLanguage(Locale.ENGLISH.getLanguage());
            second = new AppContext(Clock.systemDefaultZone(), settings, new FxTaskRunner(2));
            window[0] = new MainWindow(second, UiTestSupport.runner(), stage);
            window[0].startTeam(address.toString());
            stage.toBack(); // the robot works in the first window
            first.toFront();
        });
        waitUntil(() -> second.session() != null);
        return window[0];
    }

    @Test
    void twoWindowsSeeEachOthersChangesAndNeverLoseAnEditSilently(FxRobot robot) {
        Assumptions.assumeTrue(TestWorkspaces.onServer(), "needs a PostgreSQL server (-P postgresql)");
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-contacts");
        TableView<org.registro.contact.ContactSummary> table = waitFor(robot, "#contacts-table");
        waitUntil(() -> table.getItems().size() == 1);

        secondWindow(robot);
        Session other = second.session();
        other.contacts().create(ContactDraft.of("Luis", "Gil", "luis@example.org"));
        waitUntilOnFx(() -> table.getItems().size() == 2); // the first window hears it and reads its list again

        // the first window begins an edit of Rosa; the second saves a change to her meanwhile
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(r -> r.toString().contains("Rosa")).findFirst().orElse(table.getItems().get(0))));
        waitFor(robot, "#profile-edit"); // the profile is read in the background
        robot.clickOn("#profile-edit");
        waitFor(robot, "#contact-edit-dialog");
        ContactProfile theirs = other.contacts().profile(rosa).orElseThrow();
        other.contacts().update(rosa, theirs.toDraft().withAddress(null, null, "Sevilla", null), theirs.updatedAt());
        robot.clickOn("#edit-phone").write("612345678");
        robot.clickOn("#edit-save");
        Label problem = waitFor(robot, "#edit-form-error");
        waitUntilOnFx(() -> !problem.getText().isEmpty());
        assertThat(problem.getText()).as("told what the other changed").contains("Sevilla");
        Button save = robot.lookup("#edit-save").queryAs(Button.class);
        assertThat(save.getText()).isEqualTo(Messages.get("contact.edit.saveOver"));
        robot.interact(save::fire); // the dialog grew with the message: pressed wherever it is now
        waitUntil(() -> robot.lookup("#contact-edit-dialog").tryQuery().isEmpty());
        ContactProfile both = other.contacts().profile(rosa).orElseThrow();
        assertThat(both.phone()).as("saved over theirs knowingly").isNotBlank();
    }

    @Test
    void largeWorkBySomeoneElseIsShownAboveEveryPageWhileItRuns(FxRobot robot) throws Exception {
        Assumptions.assumeTrue(TestWorkspaces.onServer(), "needs a PostgreSQL server (-P postgresql)");
        waitFor(robot, "#page-home");
        secondWindow(robot);
        Workspace other = second.session().workspace();
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        Thread importing = new Thread(() -> other.exclusively(org.registro.common.Phrase.of("team.busy.import",
                "socios.csv"), () -> {
                    try {
                        seen.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
        importing.start();
        try {
            waitUntilOnFx(() -> robot.lookup("#busy-banner").tryQuery().isPresent());
            String text = ((Label) robot.lookup("#busy-banner .label").query()).getText();
            assertThat(text).contains("socios.csv", address.user());
        } finally {
            seen.countDown();
            importing.join();
        }
        waitUntilOnFx(() -> robot.lookup("#busy-banner").tryQuery().isEmpty());
    }

    @Test
    void anAdministratorSetsUpRolesAndGivesThemFromSettings(FxRobot robot) {
        Assumptions.assumeTrue(TestWorkspaces.onServer(), "needs a PostgreSQL server (-P postgresql)");
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-settings");
        waitFor(robot, "#team-members");
        // the section sits below the fold of the page: its controls are used where they are
        robot.interact(() -> robot.lookup("#team-set-up").queryButton().fire());
        Label message = waitFor(robot, "#team-message");
        waitUntilOnFx(() -> !message.getText().isEmpty());
        assertThat(message.getText()).isEqualTo(Messages.get("team.members.madeRoles"));
        String user = "marta_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
        robot.interact(() -> {
            robot.lookup("#team-user").queryTextInputControl().setText(user);
            robot.lookup("#team-password").queryTextInputControl().setText("marta-pass");
            robot.lookup("#team-role").<javafx.scene.control.ComboBox<TeamRoles.Role>>query()
                    .setValue(TeamRoles.Role.VIEWER);
            robot.lookup("#team-give").queryButton().fire();
        });
        TableView<TeamRoles.Member> members = robot.lookup("#team-members").queryTableView();
        waitUntilOnFx(() -> !message.getText().equals(Messages.get("team.members.madeRoles")));
        assertThat(message.getText()).isEqualTo(Messages.get("team.members.given", user,
                Messages.get("team.role.viewer")));
        waitUntilOnFx(() -> members.getItems().contains(new TeamRoles.Member(user, TeamRoles.Role.VIEWER)));
        robot.interact(() -> members.getSelectionModel().select(new TeamRoles.Member(user, TeamRoles.Role.VIEWER)));
        robot.interact(() -> robot.lookup("#team-remove").queryButton().fire());
        waitUntilOnFx(() -> members.getItems().stream().noneMatch(m -> m.user().equals(user)));
    }
}
