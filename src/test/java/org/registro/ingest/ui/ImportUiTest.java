package org.registro.ingest.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.Area;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.ingest.ImportRecords;
import org.registro.ingest.ParsedRow;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class ImportUiTest {

    @TempDir
    static Path tmp;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("NGO", "ES", null)).close();
        window = UiTestSupport.window(stage, tmp);
        window.start(dir);
    }

    @Test
    void importAFileWithSuggestedMappingSeeTheSummaryAndUndoIt(FxRobot robot) throws Exception {
        Path file = tmp.resolve("socios_" + System.nanoTime() + ".csv");
        Files.writeString(file, "Nombre;Apellidos;Correo electrónico;Teléfono;Ciudad;Acepta newsletter\n"
                + "Ana;Ruiz;ana@example.com;612345678;Madrid;sí\n"
                + "Bea;Gil;bea@example;600111222;Vigo;no\n"
                + "Sin;Datos;;;Lugo;\n", StandardCharsets.UTF_8);
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-import");
        waitFor(robot, "#import-choose");
        ImportPage page = (ImportPage) window.shell().page(Area.IMPORT);
        robot.interact(() -> page.openFile(file));

        TableView<ImportViewModel.ColumnRow> mapping = waitFor(robot, "#import-mapping");
        waitUntil(() -> mapping.getItems().size() == 6);
        assertThat(mapping.getItems().get(2).mappingProperty().get().field()).isEqualTo("email");
        TableView<ParsedRow> preview = waitFor(robot, "#import-preview");
        waitUntil(() -> preview.getItems().size() == 3);
        assertThat(preview.getItems().get(2).rejected()).isTrue();
        assertThat(robot.lookup("#import-source").queryAs(TextField.class).getText()).startsWith("Socios");
        assertThat(robot.lookup("#import-separator").queryAs(ComboBox.class).getValue()).isEqualTo(';');

        robot.clickOn("#import-run");
        waitFor(robot, "#import-summary");
        Label title = robot.lookup(".import-card .title-3").queryAs(Label.class);
        assertThat(title.getText()).contains("Imported");
        TableView<ImportRecords.Batch> history = robot.lookup("#import-history").queryAs(TableView.class);
        waitUntil(() -> history.getItems().size() == 1 && history.getItems().get(0).created() == 2);
        assertThat(history.getItems().get(0).rejected()).isEqualTo(1);
        assertThat(robot.lookup("#import-open-rejects").tryQuery()).isPresent();

        long batch = history.getItems().get(0).id();
        robot.clickOn("#import-undo-" + batch);
        robot.clickOn("OK");
        waitUntil(() -> history.getItems().size() == 1 && history.getItems().get(0).status().equals("undone"));
        waitUntil(() -> robot.lookup("2 contacts it created were removed and 0 values it changed got their previous value"
                + " back.").tryQuery().isPresent());
        robot.clickOn("OK");
    }

    @Test
    void aFileWithoutAHeaderRowIsFlaggedAndReadOnceNoHeaderRowIsTicked(FxRobot robot) throws Exception {
        Path file = tmp.resolve("list_" + System.nanoTime() + ".csv");
        Files.writeString(file, "ana@example.com,Ana,Ruiz,\nluis@example.com,Luis,Gil,\n",
                StandardCharsets.UTF_8);
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-import");
        waitFor(robot, "#import-choose");
        ImportPage page = (ImportPage) window.shell().page(Area.IMPORT);
        robot.interact(() -> page.openFile(file));
        waitFor(robot, "#import-header-data");

        robot.clickOn("#import-no-header");
        TableView<ImportViewModel.ColumnRow> mapping = waitFor(robot, "#import-mapping");
        waitUntil(() -> robot.lookup("#import-header-data").tryQuery().isEmpty()
                && mapping.getItems().size() == 4 && mapping.getItems().get(0).column().equals("Column 1"));
        assertThat(mapping.getItems().get(0).mappingProperty().get().field()).isEqualTo("email");
        TableView<ParsedRow> preview = waitFor(robot, "#import-preview");
        waitUntil(() -> preview.getItems().size() == 2);

        robot.clickOn("#import-run");
        waitFor(robot, "#import-summary");
        assertThat(robot.lookup("#import-done-not-imported").tryQuery()).as("the columns left out are named")
                .isPresent();
    }
}
