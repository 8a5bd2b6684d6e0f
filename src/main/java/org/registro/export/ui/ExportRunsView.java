package org.registro.export.ui;

import atlantafx.base.theme.Styles;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.registro.common.Messages;
import org.registro.export.Exclusion;
import org.registro.export.ExportRun;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/** The Exports area's right side: the lists written so far (when, format, why, rows, left out), any written again. */
final class ExportRunsView {

    private ExportRunsView() {
    }

    /** The lists written so far; the selected one is written again (a viewer's only when transactional). */
    static Node view(ExportsPageModel model, javafx.beans.value.ObservableBooleanValue mayEdit) {
        TableView<ExportRun> table = new TableView<>(model.history());
        table.setId("export-history");
        table.setPlaceholder(new Label(I18n.t("export.history.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        javafx.application.Platform.runLater(() -> Cells.keepHeaders(table));
        table.getColumns().add(Cells.textColumn(I18n.t("export.history.date"),
                r -> I18n.shortDate(r.createdAt().toInstant())));
        table.getColumns().add(Cells.textColumn(I18n.t("export.history.format"),
                r -> org.registro.export.ListFormat.byCode(r.destination()).map(d -> d.label()).orElse(r.destination())));
        table.getColumns().add(Cells.textColumn(I18n.t("export.history.why"),
                r -> I18n.t("export.purpose.short." + r.purpose()) + " · " + Messages.getOr("channel." + r.channel(),
                        r.channel()) + (r.topic() == null ? "" : " · " + model.topicLabel(r.topic()))));
        table.getColumns().add(Cells.textColumn(I18n.t("export.history.written"), r -> I18n.number(r.rows())));
        table.getColumns().add(Cells.textColumn(I18n.t("export.history.leftOut"), r -> I18n.number(r.excludedCount())));
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<ExportRun> row = new javafx.scene.control.TableRow<>();
            row.itemProperty().addListener((obs, old, now) -> row.setTooltip(now == null ? null
                    : new javafx.scene.control.Tooltip(tooltip(now, model))));
            return row;
        });
        Button again = new Button(I18n.t("export.again"), new FontIcon(MaterialDesignR.RESTORE));
        again.setId("export-again");
        var selected = table.getSelectionModel().selectedItemProperty();
        again.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> selected.get() == null
                || !mayEdit.get() && !"transactional".equals(selected.get().purpose()), selected, mayEdit));
        again.setOnAction(e -> model.recreate(table.getSelectionModel().getSelectedItem()));
        Label title = new Label(I18n.t("export.history.title"));
        title.getStyleClass().add(Styles.TITLE_4);
        Label help = new Label(I18n.t("export.history.help"));
        help.setWrapText(true);
        help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox box = new VBox(8, title, help, table, again);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(4, 4, 4, 16));
        return box;
    }

    private static String tooltip(ExportRun run, ExportsPageModel model) {
        StringBuilder text = new StringBuilder(I18n.t("export.history.tooltip", run.selectorLabel(), run.fileName(),
                run.createdBy() == null ? "" : run.createdBy(), run.sha256()));
        for (Map.Entry<String, Long> e : run.excluded().entrySet()) {
            text.append("\n  ").append(I18n.number(e.getValue())).append("  ")
                    .append(Exclusion.byCode(e.getKey()).map(r -> I18n.t(r.messageKey())).orElse(e.getKey()));
        }
        return text.toString();
    }
}
