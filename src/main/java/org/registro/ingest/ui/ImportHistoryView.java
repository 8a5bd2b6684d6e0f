package org.registro.ingest.ui;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;
import org.registro.ingest.ImportRecords;
import org.registro.ui.Cells;
import org.registro.ui.Dialogs;
import org.registro.ui.I18n;

/** Every import, newest first, with its undo (confirmed, and reported: what was removed, kept or changed since). */
final class ImportHistoryView {

    private final ImportViewModel model;
    private final TableView<ImportRecords.Batch> history = new TableView<>();

    ImportHistoryView(ImportViewModel model) {
        this.model = model;
        build();
    }

    Node view() {
        Label title = new Label(I18n.t("import.history"));
        title.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(8, title, history);
        box.setMaxWidth(1160);
        history.setPrefHeight(300);
        history.setMinWidth(1100);
        return box;
    }

    private void build() {
        history.setId("import-history");
        history.setItems(model.history());
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        javafx.application.Platform.runLater(() -> org.registro.ui.Cells.keepHeaders(history));
        history.getColumns().add(batchText("import.col.when", b -> I18n.dateTime(b.startedAt()), 145));
        history.getColumns().add(batchText("import.col.file", ImportRecords.Batch::fileName, 150));
        history.getColumns().add(batchText("import.col.source", ImportRecords.Batch::sourceName, 150));
        history.getColumns().add(batchText("import.col.status", b -> I18n.t("import.status." + b.status()), 115));
        history.getColumns().add(batchText("import.count.read", b -> I18n.number(b.read()), 105));
        history.getColumns().add(batchText("import.count.created", b -> I18n.number(b.created()), 85));
        history.getColumns().add(batchText("import.count.updated", b -> I18n.number(b.updated()), 115));
        history.getColumns().add(batchText("import.count.rejected", b -> I18n.number(b.rejected()), 120));
        TableColumn<ImportRecords.Batch, ImportRecords.Batch> undo = new TableColumn<>("");
        undo.setCellValueFactory(c -> new javafx.beans.property.SimpleObjectProperty<>(c.getValue()));
        undo.setCellFactory(c -> new TableCell<>() {
            private final Button button = new Button(I18n.t("import.undo"), new FontIcon(MaterialDesignU.UNDO));

            {
                button.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
            }

            @Override
            protected void updateItem(ImportRecords.Batch batch, boolean empty) {
                super.updateItem(batch, empty);
                boolean undoable = !empty && batch != null && List.of("completed").contains(batch.status());
                setGraphic(undoable ? button : null);
                if (undoable) {
                    button.setId("import-undo-" + batch.id());
                    button.setOnAction(e -> confirmUndo(batch));
                }
            }
        });
        undo.setPrefWidth(120);
        undo.setMinWidth(120);
        history.getColumns().add(undo);
        Label empty = new Label(I18n.t("import.history.empty"));
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        history.setPlaceholder(empty);
        history.setRowFactory(t -> {
            TableRow<ImportRecords.Batch> row = new TableRow<>();
            row.itemProperty().addListener((obs, old, now) -> row.setTooltip(now == null || now.message() == null
                    ? null : new Tooltip(now.message().startsWith("import.") ? I18n.t(now.message()) : now.message())));
            return row;
        });
    }

    private void confirmUndo(ImportRecords.Batch batch) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, I18n.t("import.undo.text", batch.fileName(),
                I18n.number(batch.created()), I18n.number(batch.updated())), ButtonType.CANCEL, ButtonType.OK);
        alert.setHeaderText(I18n.t("import.undo.title", batch.id()));
        alert.initOwner(history.getScene().getWindow());
        alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> model.undo(batch, undone -> {
            StringBuilder text = new StringBuilder(I18n.t("import.undone.text", I18n.number(undone.contactsRemoved()),
                    I18n.number(undone.valuesRestored())));
            if (undone.contactsKept() > 0) {
                text.append("\n\n").append(I18n.t("import.undone.kept", I18n.number(undone.contactsKept())));
            }
            if (undone.valuesChangedSince() > 0) {
                text.append("\n\n").append(I18n.t("import.undone.changedSince",
                        I18n.number(undone.valuesChangedSince())));
            }
            Dialogs.info(history.getScene().getWindow(), I18n.t("import.undone.title", batch.id()), text.toString());
        }));
    }

    private static TableColumn<ImportRecords.Batch, String> batchText(String key,
            java.util.function.Function<ImportRecords.Batch, String> value, double width) {
        TableColumn<ImportRecords.Batch, String> column = Cells.textColumn(I18n.t(key), value);
        column.setPrefWidth(width);
        // the counts keep room for their headers ("Actualizados"); the file name takes what is left
        if (!key.equals("import.col.file")) {
            column.setMinWidth(width);
        }
        return column;
    }
}
