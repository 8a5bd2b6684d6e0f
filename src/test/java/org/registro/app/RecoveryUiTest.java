package org.registro.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A workspace whose unfinished import cannot be undone at open (a table nobody registered points at one of its
 * contacts) opens read-only with a banner; "Try again" fails the same way, "Restore a backup…" brings it back.
 */
@ExtendWith(ApplicationExtension.class)
class RecoveryUiTest {

    @TempDir
    static Path tmp;

    private MainWindow window;
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = tmp.resolve("ws-" + System.nanoTime());
        WorkspaceService plain = new WorkspaceService(Clock.systemUTC());
        try (Workspace ws = plain.create(dir, new NewWorkspace("NGO", "ES", null))) {
            Path file = tmp.resolve("crm.csv");
            Files.writeString(file, "Email,First name\nana@example.org,Ana\n", StandardCharsets.UTF_8);
            new ImportService(ws, new AuditLog(Clock.systemUTC(), "t")).importAsPlanned(file,
                    SourceFile.Options.detect(), null, "CRM", "first", Progress.NONE);
            plain.backup(ws, "manual");
            // as if Registro had been killed during the import, and a table from elsewhere pointed at its contact
            ws.dsl().execute("UPDATE import_batch SET status = 'running'");
            ws.dsl().execute("CREATE TABLE loyalty_card (contact_id BIGINT REFERENCES contact (id))");
            ws.dsl().execute("INSERT INTO loyalty_card SELECT id FROM contact");
        }
        window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    @Test
    void aFailedRecoveryOpensReadOnlyAndARestoredBackupOpensNormally(FxRobot robot) {
        waitFor(robot, "#recovery-banner");
        Label detail = robot.lookup("#recovery-banner .label").nth(1).queryAs(Label.class);
        assertThat(detail.getText()).contains("loyalty_card").contains("crm.csv").doesNotContain("SQL");

        robot.clickOn("#recovery-retry");
        waitFor(robot, "#recovery-banner");

        robot.clickOn("#recovery-restore");
        waitFor(robot, "#recovery-choose");
        robot.clickOn("OK");
        waitUntil(() -> robot.lookup("#page-home").tryQuery().isPresent()
                && robot.lookup("#recovery-banner").tryQuery().isEmpty());
        assertThat(WorkspaceService.backups(dir)).isNotEmpty();
        try (var files = Files.list(dir.resolve("backups"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the replaced database is kept")
                    .anyMatch(n -> n.endsWith("-before-restore.zip"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
