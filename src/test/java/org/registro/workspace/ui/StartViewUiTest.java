package org.registro.workspace.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.UserSettings;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class StartViewUiTest {

    @TempDir
    static Path tmp;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    /** A window over its own settings folder, showing the start screen. */
    private MainWindow startScreen(FxRobot robot, Path settingsDir) {
        MainWindow[] window = new MainWindow[1];
        robot.interact(() -> {
            window[0] = UiTestSupport.window(stage, settingsDir);
            window[0].showStart();
            stage.show();
        });
        return window[0];
    }

    @Test
    void aTeamWorkspaceIsListedByNameAndAddressAndWhatTheServerRefusesIsSaidPlainly(FxRobot robot) {
        Path settingsDir = tmp.resolve("team-user");
        String address = "postgresql://ana@127.0.0.1:1/sol";
        new UserSettings(settingsDir.resolve("settings.json"))
                .addRecent(org.registro.workspace.TeamAddress.parse(address), "Fundación Sol");
        startScreen(robot, settingsDir);
        ListView<?> list = waitFor(robot, "#recent-list");
        waitUntil(() -> list.getItems().size() == 1);
        assertThat(robot.lookup(".list-cell .label").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("Fundación Sol", address);

        robot.clickOn("#open-team");
        robot.clickOn("#team-address").write("postgresql://ana:s3cret@server/sol");
        robot.type(KeyCode.ENTER);
        Label error = waitFor(robot, "#start-error");
        waitUntil(() -> error.getText().contains("Leave the password out of the address"));
        assertThat(error.getText()).doesNotContain("s3cret");

        robot.interact(() -> list.getSelectionModel().select(0));
        robot.clickOn("#open-recent");
        waitUntil(() -> error.getText().contains("cannot be reached"));
        assertThat(error.getText()).contains(address);
    }

    @Test
    void createAWorkspaceFromTheStartScreenOpensItsHome(FxRobot robot) {
        Path settingsDir = tmp.resolve("user1");
        startScreen(robot, settingsDir);
        robot.clickOn("#create-workspace");
        Label error = waitFor(robot, "#start-error");
        assertThat(error.getText()).contains("name");

        robot.clickOn("#create-name").write("Fundación Sol");
        var folder = robot.lookup("#create-folder").queryAs(javafx.scene.control.TextField.class);
        assertThat(folder.getText()).endsWith(Path.of("Registro", "Fundación Sol").toString());
        robot.clickOn("#create-folder").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write(tmp.resolve("sol").toString());
        robot.clickOn("#create-workspace");

        Label title = waitFor(robot, "#home-title");
        assertThat(title.getText()).isEqualTo("Welcome to Fundación Sol");
        assertThat(WorkspaceService.isWorkspace(tmp.resolve("sol"))).isTrue();
        assertThat(robot.lookup("#workspace-name").queryAs(Label.class).getText()).isEqualTo("Fundación Sol");
        assertThat(new UserSettings(settingsDir.resolve("settings.json")).recentWorkspaces()).contains(tmp.resolve("sol"));
    }

    @Test
    void buildingASampleSaysWhichFileItImports(FxRobot robot) {
        String before = System.getProperty("registro.samplesFolder");
        System.setProperty("registro.samplesFolder", tmp.resolve("samples").toString());
        try {
            startScreen(robot, tmp.resolve("user3"));
            Label doing = robot.lookup("#start-doing").queryAs(Label.class);
            java.util.List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.List<Double> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
            robot.interact(() -> {
                doing.textProperty().addListener((o, a, now) -> said.add(now));
                robot.lookup("#start-progress").queryAs(javafx.scene.control.ProgressBar.class).progressProperty()
                        .addListener((o, a, now) -> progress.add(now.doubleValue()));
            });
            robot.clickOn("#open-sample");
            robot.clickOn("Fundación Sol: a Spanish NGO (Mailchimp, donor CRM, events, donations)");

            waitFor(robot, "#home-title");
            assertThat(said).first().isEqualTo("Preparing the sample workspace…");
            assertThat(said).anyMatch(t -> t.matches("Importing .+ \\(1 of \\d+\\)…"))
                    .contains("Working out what to offer each person…");
            assertThat(progress).anyMatch(p -> p > 0 && p < 1);
            assertThat(progress.stream().filter(p -> p >= 0).toList()).isSorted(); // it only moves on
        } finally {
            if (before == null) {
                System.clearProperty("registro.samplesFolder");
            } else {
                System.setProperty("registro.samplesFolder", before);
            }
        }
    }

    @Test
    void anEncryptedRecentWorkspaceAsksForItsPasswordAndExplainsAWrongOne(FxRobot robot) {
        Path dir = tmp.resolve("client");
        new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("Client A", "DK",
                "correct horse".toCharArray())).close();
        Path settingsDir = tmp.resolve("user2");
        new UserSettings(settingsDir.resolve("settings.json")).addRecent(dir);
        startScreen(robot, settingsDir);
        ListView<?> recent = waitFor(robot, "#recent-list");
        waitUntil(() -> !recent.getItems().isEmpty());
        robot.interact(() -> recent.getSelectionModel().select(0));
        robot.clickOn("#open-recent");

        waitFor(robot, "#unlock-password");
        robot.clickOn("#unlock-password").write("wrong password").type(KeyCode.ENTER);
        Label error = waitFor(robot, "#start-error");
        assertThat(error.getText()).contains("does not open");

        robot.clickOn("#open-recent");
        waitFor(robot, "#unlock-password");
        robot.clickOn("#unlock-password").write("correct horse").type(KeyCode.ENTER);
        assertThat(waitFor(robot, "#home-title").getClass()).isEqualTo(Label.class);
        assertThat(robot.lookup("#workspace-name").queryAs(Label.class).getText()).isEqualTo("Client A");
    }

    @Test
    void openASampleBuildsItFromItsFilesAndOpensIt(FxRobot robot) {
        System.setProperty("registro.samplesFolder", tmp.resolve("samples").toString());
        try {
            startScreen(robot, tmp.resolve("user3"));
            robot.clickOn("#open-sample");
            robot.clickOn("#sample-danish-shop");
            Label title = waitFor(robot, "#home-title");
            assertThat(title.getText()).isEqualTo("Welcome to Nordlys Keramik (sample)");
            assertThat(tmp.resolve("samples").resolve("Nordlys Keramik").resolve("sources").resolve("kunder.csv"))
                    .exists();
        } finally {
            System.clearProperty("registro.samplesFolder");
        }
    }
}
