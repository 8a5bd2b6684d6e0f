package org.registro.journey.ui;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.registro.journey.JourneyService;
import org.registro.journey.JourneyTemplates;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/** The Journeys area: the list of journeys, and one journey on the canvas when opened. */
public final class JourneysPage implements Page {

    private final JourneyListModel list;
    private final JourneyEditorModel editorModel;
    private final JourneyEditorView editor;
    private final StackPane root = new StackPane();
    private final BorderPane listView = new BorderPane();
    private final TableView<JourneyService.Summary> table = new TableView<>();
    private final javafx.beans.property.BooleanProperty mayEdit = new javafx.beans.property.SimpleBooleanProperty(true);

    public JourneysPage(JourneyListModel list, JourneyEditorModel editorModel) {
        this.list = list;
        this.editorModel = editorModel;
        this.editor = new JourneyEditorView(editorModel, this::showList);
        root.setId("page-journeys");
        buildList();
        root.getChildren().add(listView);
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void onShow() {
        if (root.getChildren().contains(listView)) {
            list.refresh();
        }
    }

    @Override
    public void allowEdits(boolean allowed) {
        mayEdit.set(allowed);
        editor.mayEdit(allowed);
    }

    /** Opens a journey on the canvas. */
    public void open(String name) {
        editorModel.open(name);
        root.getChildren().setAll(editor.view());
        editor.focusCanvas();
    }

    private void showList() {
        root.getChildren().setAll(listView);
        list.refresh();
    }

    private void buildList() {
        Button create = new Button(I18n.t("journey.list.new"), new FontIcon(MaterialDesignP.PLUS));
        create.setId("journeys-new");
        create.setOnAction(e -> newJourney());
        Button open = new Button(I18n.t("journey.list.open"), new FontIcon(MaterialDesignP.PENCIL_OUTLINE));
        open.setId("journeys-open");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> open(table.getSelectionModel().getSelectedItem().name()));
        Button run = new Button(I18n.t("journey.list.run"), new FontIcon(MaterialDesignP.PLAY_OUTLINE));
        run.setId("journeys-run");
        run.setOnAction(e -> list.runAll());
        Button importFile = new Button(I18n.t("journey.list.import"), new FontIcon(MaterialDesignF.FILE_IMPORT_OUTLINE));
        importFile.setId("journeys-import");
        importFile.setOnAction(e -> importFile());
        Button exportFile = new Button(I18n.t("journey.list.export"), new FontIcon(MaterialDesignF.FILE_EXPORT_OUTLINE));
        exportFile.setId("journeys-export");
        exportFile.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        exportFile.setOnAction(e -> exportFile(table.getSelectionModel().getSelectedItem().name()));
        Button delete = new Button(I18n.t("journey.list.delete"), new FontIcon(MaterialDesignD.DELETE_OUTLINE));
        delete.setId("journeys-delete");
        delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        delete.setOnAction(e -> delete(table.getSelectionModel().getSelectedItem()));
        ToolBar bar = new ToolBar(create, open, run, importFile, exportFile, delete);
        Page.shownWhen(mayEdit, create, run, importFile, delete);
        bar.getStyleClass().add(Styles.BG_DEFAULT);

        table.setId("journeys-table");
        table.setItems(list.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column(I18n.t("journey.list.name"), JourneyService.Summary::name, 170));
        table.getColumns().add(column(I18n.t("journey.list.status"), s -> I18n.t("journey.status." + s.status())
                + (s.edited() ? " · " + I18n.t("journey.list.edited") : ""), 150));
        table.getColumns().add(column(I18n.t("journey.list.version"), s -> s.version() == 0 ? "—"
                : String.valueOf(s.version()), 80));
        table.getColumns().add(column(I18n.t("journey.list.inJourney"), s -> I18n.number(s.inJourney()), 150));
        table.getColumns().add(column(I18n.t("journey.list.finished"), s -> I18n.number(s.finished()), 100));
        table.getColumns().add(column(I18n.t("journey.list.converted"), s -> I18n.number(s.converted()), 160));
        table.getColumns().add(column(I18n.t("journey.list.lastRun"), s -> s.lastRunAt() == null ? "—"
                : I18n.dateTime(s.lastRunAt()), 160));
        org.registro.ui.Cells.keepHeaders(table);
        Label empty = new Label(I18n.t("journey.list.empty"));
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        table.setRowFactory(t -> {
            TableRow<JourneyService.Summary> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open(row.getItem().name());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                open(table.getSelectionModel().getSelectedItem().name());
            }
        });

        Label message = new Label();
        message.textProperty().bind(Bindings.when(list.errorProperty().isEmpty()).then(list.messageProperty())
                .otherwise(list.errorProperty()));
        message.setWrapText(true);
        message.setId("journeys-message");

        VBox top = new VBox(Page.header(I18n.t("journey.list.title"), I18n.t("journey.list.subtitle")), bar);
        VBox.setVgrow(table, Priority.ALWAYS);
        listView.setTop(top);
        listView.setCenter(table);
        listView.setBottom(message);
        BorderPane.setMargin(message, new Insets(6, 0, 0, 0));
        listView.setPadding(new Insets(16));
    }

    private static TableColumn<JourneyService.Summary, String> column(String title,
                                                                       java.util.function.Function<JourneyService.Summary, String> value, double width) {
        TableColumn<JourneyService.Summary, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private void newJourney() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(I18n.t("journey.new.title"));
        dialog.setHeaderText(I18n.t("journey.new.header"));
        dialog.initOwner(root.getScene().getWindow());
        ListView<JourneyTemplates.Template> templates = new ListView<>();
        templates.setId("journey-templates");
        templates.getItems().setAll(list.templates());
        templates.setPrefSize(520, 300);
        templates.setMinHeight(240);
        templates.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(JourneyTemplates.Template t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label name = new Label(t.name());
                name.getStyleClass().add(Styles.TEXT_BOLD);
                Label description = new Label(t.description());
                description.setWrapText(true);
                description.setMaxWidth(460);
                description.getStyleClass().add(Styles.TEXT_MUTED);
                setGraphic(new VBox(2, name, description));
            }
        });
        TextField name = new TextField();
        name.setId("journey-new-name");
        name.setPromptText(I18n.t("journey.new.namePrompt"));
        templates.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && (name.getText().isBlank() || (a != null && name.getText().equals(a.name())))) {
                name.setText(b.name());
            }
        });
        templates.getSelectionModel().selectFirst();
        VBox content = new VBox(8, templates, new Label(I18n.t("journey.new.name")), name);
        dialog.getDialogPane().setContent(content);
        ButtonType createType = new ButtonType(I18n.t("journey.new.create"), ButtonType.OK.getButtonData());
        dialog.getDialogPane().getButtonTypes().addAll(createType, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(createType).disableProperty().bind(
                templates.getSelectionModel().selectedItemProperty().isNull().or(name.textProperty().isEmpty()));
        dialog.showAndWait().filter(b -> b == createType).ifPresent(b -> list.create(
                templates.getSelectionModel().getSelectedItem().key(), name.getText().strip(), this::open));
    }

    private void delete(JourneyService.Summary s) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, s.inJourney() + s.finished() > 0
                ? I18n.t("journey.list.deleteHistory", s.name()) : I18n.t("journey.list.deleteDraft", s.name()),
                ButtonType.OK, ButtonType.CANCEL);
        confirm.setHeaderText(I18n.t("journey.list.deleteTitle"));
        confirm.initOwner(root.getScene().getWindow());
        confirm.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> list.delete(s.name()));
    }

    private void exportFile(String name) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(I18n.t("journey.list.export"));
        chooser.setInitialFileName(name.replaceAll("[^\\p{L}\\p{N} _-]", "") + ".json");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        java.io.File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            list.exportFile(name, file.toPath());
        }
    }

    private void importFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(I18n.t("journey.list.import"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        java.io.File file = chooser.showOpenDialog(root.getScene().getWindow());
        if (file == null) {
            return;
        }
        Path path = file.toPath();
        list.inspectFile(path, missing -> {
            if (missing.values().stream().allMatch(List::isEmpty)) {
                list.importFile(path, false, this::open);
                return;
            }
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION, missingText(missing), ButtonType.YES, ButtonType.NO,
                    ButtonType.CANCEL);
            ask.setHeaderText(I18n.t("journey.import.missingTitle"));
            ask.initOwner(root.getScene().getWindow());
            ask.showAndWait().filter(b -> b != ButtonType.CANCEL)
                    .ifPresent(b -> list.importFile(path, b == ButtonType.YES, this::open));
        });
    }

    private static String missingText(Map<String, List<String>> missing) {
        StringBuilder out = new StringBuilder();
        missing.forEach((kind, names) -> {
            if (!names.isEmpty()) {
                out.append(I18n.t("journey.import.missing." + kind)).append(": ").append(String.join(", ", names))
                        .append('\n');
            }
        });
        return out.append('\n').append(I18n.t("journey.import.create")).toString();
    }
}
