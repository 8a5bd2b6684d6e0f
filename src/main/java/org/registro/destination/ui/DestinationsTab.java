package org.registro.destination.ui;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.registro.consent.ConsentService;
import org.registro.destination.Change;
import org.registro.destination.DestinationService;
import org.registro.destination.Tool;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/**
 * The destinations tab of the Consent area: each email tool account, how many changes it has not heard and since
 * when (late ones marked), the selected one's changes by reason, and the file that tells it.
 */
public final class DestinationsTab {

    private final DestinationsModel model;
    private final Path folder;
    private final Supplier<LocalDate> today;
    private final VBox root = new VBox(12);
    /** Adding tools, their settings and writing their changes: not a team viewer's, who reads what was told. */
    private final javafx.beans.property.BooleanProperty mayEdit = new javafx.beans.property.SimpleBooleanProperty(true);

    /**
     * @param folder where changes files are offered to be saved (the workspace's exports folder)
     */
    public DestinationsTab(DestinationsModel model, Path folder, Supplier<LocalDate> today) {
        this.model = model;
        this.folder = folder;
        this.today = today;
        root.setId("destinations");
        root.setPadding(new Insets(14, 4, 4, 4));
        Label hint = new Label(I18n.t("destinations.hint"));
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Label status = new Label();
        status.setId("destinations-message");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.when(model.errorProperty().isEmpty())
                .then(model.messageProperty()).otherwise(model.errorProperty()));
        model.errorProperty().addListener((obs, old, now) -> {
            status.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            status.getStyleClass().add(now.isEmpty() ? Styles.SUCCESS : Styles.DANGER);
        });

        TableView<DestinationService.Pending> table = new TableView<>(model.rows());
        table.setId("destinations-table");
        table.setPrefHeight(235);
        table.setMinHeight(200);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(I18n.t("destinations.none")));
        table.getColumns().add(Cells.textColumn(I18n.t("destinations.col.name"), r -> r.destination().name()));
        table.getColumns().add(Cells.textColumn(I18n.t("destinations.col.tool"), r -> r.destination().tool().label()));
        table.getColumns().add(Cells.textColumn(I18n.t("destinations.col.topic"), r -> r.destination().topic() == null
                ? I18n.t("destinations.allEmail") : topicLabel(r.destination().topic())));
        table.getColumns().add(Cells.textColumn(I18n.t("destinations.col.pending"), r -> r.isEmpty()
                ? I18n.t("destinations.upToDate") : I18n.number(r.changes().size())));
        table.getColumns().add(Cells.textColumn(I18n.t("destinations.col.since"), r -> r.oldest() == null ? ""
                : I18n.shortDate(r.oldest()) + (r.late() ? "  · " + I18n.t("destinations.late") : "")));
        table.getColumns().get(0).setPrefWidth(220);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(DestinationService.Pending item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("late"),
                        !empty && item != null && item.late());
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.selectedProperty().set(now);
            }
        });
        model.selectedProperty().addListener((obs, old, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });

        Button add = new Button(I18n.t("destinations.add"), new FontIcon(MaterialDesignP.PLUS));
        add.setId("destination-add");
        add.setOnAction(e -> addDialog());
        Label lateLabel = new Label(I18n.t("destinations.lateAfter"));
        Spinner<Integer> lateDays = new Spinner<>(1, 365, 7);
        lateDays.setId("destinations-late-days");
        lateDays.setEditable(true);
        lateDays.setPrefWidth(90);
        model.lateDaysProperty().addListener((obs, old, now) -> lateDays.getValueFactory().setValue(now.intValue()));
        Label daysUnit = new Label(I18n.t("destinations.days"));
        Button saveLate = new Button(I18n.t("action.save"));
        saveLate.setId("destinations-late-save");
        saveLate.setOnAction(e -> model.saveLateDays(lateDays.getValue()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, add, spacer, lateLabel, lateDays, daysUnit, saveLate);
        org.registro.ui.Page.shownWhen(mayEdit, add, saveLate);
        lateDays.disableProperty().bind(mayEdit.not());
        bar.setAlignment(Pos.CENTER_LEFT);

        Label detailTitle = new Label();
        detailTitle.setId("destination-detail-title");
        detailTitle.getStyleClass().add(Styles.TITLE_4);
        Label reasons = new Label();
        reasons.setId("destination-reasons");
        reasons.setWrapText(true);
        TextField file = new TextField();
        file.setId("destination-file");
        file.setPrefColumnCount(34);
        Button browse = new Button(I18n.t("export.browse"), new FontIcon(MaterialDesignF.FOLDER_OUTLINE));
        browse.setOnAction(e -> browse(file));
        Button sync = new Button(I18n.t("destinations.sync"), new FontIcon(MaterialDesignF.FILE_SEND_OUTLINE));
        sync.setId("destination-sync");
        sync.getStyleClass().add(Styles.ACCENT);
        sync.setOnAction(e -> {
            DestinationService.Pending row = model.selectedProperty().get();
            if (row != null && !file.getText().isBlank()) {
                model.sync(row, Path.of(file.getText().strip()));
            }
        });
        model.selectedProperty().addListener((obs, old, now) -> {
            detailTitle.setText(now == null ? "" : I18n.t("destinations.detail", now.destination().name()));
            reasons.setText(now == null ? "" : now.isEmpty() ? I18n.t("destinations.nothing",
                    now.destination().name()) : I18n.t("destinations.owed", now.destination().name(),
                    DestinationsModel.reasons(now.counts()), I18n.shortDate(now.oldest())));
            sync.setDisable(now == null || now.isEmpty());
            if (now != null && (old == null || old.destination().id() != now.destination().id())) {
                file.setText(folder.resolve(DestinationsModel.defaultFileName(now.destination(), today.get()))
                        .toString());
            }
        });
        sync.setDisable(true);
        HBox.setHgrow(file, Priority.ALWAYS);
        HBox writeRow = new HBox(8, file, browse, sync);
        org.registro.ui.Page.shownWhen(mayEdit, writeRow);
        writeRow.setAlignment(Pos.CENTER_LEFT);
        VBox detailHead = new VBox(6, detailTitle, reasons, writeRow);

        TableView<Change> changes = new TableView<>(model.changes());
        changes.setId("destination-changes");
        changes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        changes.setPlaceholder(new Label(I18n.t("destinations.noChanges")));
        changes.getColumns().add(Cells.textColumn(I18n.t("destinations.col.address"), Change::email));
        changes.getColumns().add(Cells.textColumn(I18n.t("destinations.col.becomes"),
                c -> I18n.t("destination.status." + c.status())));
        changes.getColumns().add(Cells.textColumn(I18n.t("destinations.col.why"),
                c -> I18n.t("destination.why." + c.reason().code())));
        changes.getColumns().add(Cells.textColumn(I18n.t("destinations.col.changeSince"),
                c -> c.since() == null ? "" : I18n.shortDate(c.since())));
        changes.getColumns().get(0).setPrefWidth(260);
        VBox.setVgrow(changes, Priority.ALWAYS);

        root.getChildren().addAll(hint, status, bar, table, detailHead, changes);
    }

    /** Shows only what reads when the user may not edit (a team workspace's viewer). */
    public DestinationsTab allowEdits(boolean allowed) {
        mayEdit.set(allowed);
        return this;
    }

    public Node view() {
        return root;
    }

    private String topicLabel(String code) {
        return model.topics().stream().filter(t -> t.code().equals(code)).map(ConsentService.Topic::label)
                .findFirst().orElse(code);
    }

    private void browse(TextField file) {
        FileChooser chooser = new FileChooser();
        DestinationService.Pending row = model.selectedProperty().get();
        chooser.setTitle(row == null ? I18n.t("destinations.sync") : I18n.t("destinations.syncTitle",
                row.destination().name()));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("ZIP", "*.zip"));
        Path current = file.getText().isBlank() ? folder : Path.of(file.getText());
        Path dir = current.getParent();
        if (dir != null && dir.toFile().isDirectory()) {
            chooser.setInitialDirectory(dir.toFile());
        }
        if (current.getFileName() != null) {
            chooser.setInitialFileName(current.getFileName().toString());
        }
        File chosen = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (chosen != null) {
            file.setText(chosen.toString());
        }
    }

    private void addDialog() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(I18n.t("destinations.add"));
        dialog.setHeaderText(I18n.t("destinations.addHeader"));
        if (root.getScene() != null) {
            dialog.initOwner(root.getScene().getWindow());
        }
        dialog.getDialogPane().setId("destination-dialog");
        TextField name = new TextField();
        name.setId("destination-name");
        name.setPromptText(I18n.t("destinations.namePrompt"));
        ChoiceBox<Tool> tool = new ChoiceBox<>(javafx.collections.FXCollections.observableArrayList(Tool.values()));
        tool.setId("destination-tool");
        tool.setConverter(Cells.converter(Tool::label));
        tool.setValue(Tool.MAILCHIMP);
        ChoiceBox<ConsentService.Topic> topic = new ChoiceBox<>();
        topic.setId("destination-topic");
        topic.getItems().add(null);
        topic.getItems().addAll(model.topics());
        topic.setConverter(Cells.converter(t -> t == null ? I18n.t("destinations.allEmail") : t.label()));
        topic.setValue(null);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label(I18n.t("destinations.col.name")), name);
        grid.addRow(1, new Label(I18n.t("destinations.col.tool")), tool);
        grid.addRow(2, new Label(I18n.t("destinations.col.topic")), topic);
        Label topicHint = new Label(I18n.t("destinations.topicHint"));
        topicHint.setWrapText(true);
        topicHint.setMaxWidth(420);
        topicHint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        grid.add(topicHint, 1, 3);
        GridPane.setHgrow(name, Priority.ALWAYS);
        name.setPrefWidth(300);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.disableProperty().bind(name.textProperty().isEmpty());
        javafx.application.Platform.runLater(name::requestFocus);
        dialog.showAndWait().filter(ButtonType.OK::equals).ifPresent(b -> model.add(name.getText(), tool.getValue(),
                topic.getValue() == null ? null : topic.getValue().code()));
    }
}
