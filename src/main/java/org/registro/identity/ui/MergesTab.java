package org.registro.identity.ui;

import atlantafx.base.theme.Styles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;
import org.registro.identity.MergeService;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/** The Merges tab: every merge, newest first, with undo and a way to the surviving contact. */
final class MergesTab {

    private MergesTab() {
    }

    static Node build(DuplicatesModel model, LongConsumer openContact) {
        TableView<MergeService.MergeInfo> table = new TableView<>(model.history());
        table.setId("dedupe-history");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(Locale.getDefault());
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.id"), m -> "#" + m.id()));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.when"),
                m -> when.format(m.mergedAt().atZone(ZoneId.systemDefault()))));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.kept"),
                m -> DuplicatesPage.name(m.survivorName(), m.survivorId())));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.merged"),
                m -> DuplicatesPage.name(m.mergedName(), m.mergedId())));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.score"),
                m -> m.score() == null ? I18n.t("dedupe.history.byHand") : String.format(Locale.getDefault(), "%.1f",
                        m.score())));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.by"), MergeService.MergeInfo::decidedBy));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.status"), m -> m.undoneAt() == null
                ? I18n.t("dedupe.history.active") : I18n.t("dedupe.history.undone",
                when.format(m.undoneAt().atZone(ZoneId.systemDefault())))));
        // the names take the room; the id, score, actor and status need little
        double[] widths = {80, 150, 260, 260, 120, 100, 150};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
            if (i == 4) {
                table.getColumns().get(i).setMinWidth(widths[i]);
            }
        }
        table.getColumns().get(0).setMaxWidth(80);
        Label empty = new Label(I18n.t("dedupe.history.empty"));
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(empty);

        Button undo = new Button(I18n.t("dedupe.history.undo"), new FontIcon(MaterialDesignU.UNDO));
        undo.setId("dedupe-history-undo");
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        undo.disableProperty().bind(Bindings.createBooleanBinding(
                () -> table.getSelectionModel().getSelectedItems().stream().allMatch(m -> m.undoneAt() != null)
                        || model.busyProperty().get(),
                table.getSelectionModel().getSelectedItems(), model.busyProperty()));
        undo.setOnAction(e -> model.undo(List.copyOf(table.getSelectionModel().getSelectedItems())));
        Button open = new Button(I18n.t("dedupe.history.open"), new FontIcon(MaterialDesignA.ACCOUNT_OUTLINE));
        open.setId("dedupe-history-open");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> openContact.accept(table.getSelectionModel().getSelectedItem().survivorId()));
        Label help = new Label(I18n.t("dedupe.history.help"));
        help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        help.setWrapText(true);
        undo.setMinWidth(Region.USE_PREF_SIZE);
        open.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(help, Priority.ALWAYS);
        HBox bar = new HBox(10, undo, open, help);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 0, 10, 0));
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(bar, table);
    }
}
