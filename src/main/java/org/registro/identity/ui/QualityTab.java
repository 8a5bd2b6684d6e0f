package org.registro.identity.ui;

import atlantafx.base.theme.Styles;
import java.util.function.LongConsumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.registro.contact.DataQuality;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/** The Data quality tab: what needs cleaning, the contacts behind each, and normalizing again. */
final class QualityTab {

    private QualityTab() {
    }

    static Node build(DuplicatesModel model, LongConsumer openContact) {
        GridPane counts = new GridPane();
        counts.setHgap(14);
        counts.setVgap(8);
        counts.setId("quality-counts");
        model.issues().addListener((javafx.collections.ListChangeListener<DuplicatesModel.IssueCount>) c -> {
            counts.getChildren().clear();
            int row = 0;
            for (DuplicatesModel.IssueCount ic : model.issues()) {
                String code = ic.issue().code();
                FontIcon icon = new FontIcon(ic.contacts() == 0 ? MaterialDesignC.CHECK_CIRCLE_OUTLINE
                        : MaterialDesignA.ALERT_CIRCLE_OUTLINE);
                icon.getStyleClass().add(ic.contacts() == 0 ? "dedupe-agree" : "dedupe-disagree");
                Label label = new Label(I18n.t("quality.issue." + code));
                label.getStyleClass().add(Styles.TEXT_BOLD);
                Hyperlink link = new Hyperlink(I18n.t("quality.contacts", ic.contacts()));
                link.setId("quality-" + code);
                link.setDisable(ic.contacts() == 0);
                link.setOnAction(e -> model.showIssue(ic.issue()));
                Label help = new Label(I18n.t("quality.help." + code));
                help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                help.setWrapText(true);
                counts.addRow(row++, icon, label, link, help);
            }
        });
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        counts.getColumnConstraints().setAll(new ColumnConstraints(), new ColumnConstraints(),
                new ColumnConstraints(), grow);

        Button renormalize = new Button(I18n.t("quality.renormalize"), new FontIcon(MaterialDesignR.REFRESH));
        renormalize.setId("quality-renormalize");
        renormalize.disableProperty().bind(model.busyProperty());
        renormalize.setOnAction(e -> model.renormalize());
        Label renormalizeHelp = new Label(I18n.t("quality.renormalize.help"));
        renormalizeHelp.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        renormalizeHelp.setWrapText(true);
        Label result = new Label();
        result.setId("quality-status");
        result.textProperty().bind(model.qualityStatusProperty());
        result.setWrapText(true);
        VBox normalize = new VBox(6, new HBox(10, renormalize, result), renormalizeHelp);

        Label listTitle = new Label();
        listTitle.getStyleClass().add(Styles.TITLE_4);
        listTitle.textProperty().bind(Bindings.createStringBinding(() -> model.issueProperty().get() == null
                ? I18n.t("quality.list.none")
                : I18n.t("quality.list.title", I18n.t("quality.issue." + model.issueProperty().get().code())),
                model.issueProperty()));
        TableView<DataQuality.Finding> findings = new TableView<>(model.findings());
        findings.setId("quality-findings");
        findings.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        findings.getColumns().add(Cells.textColumn(I18n.t("quality.col.id"), f -> "#" + f.contactId()));
        findings.getColumns().add(Cells.textColumn(I18n.t("quality.col.name"), DataQuality.Finding::name));
        findings.getColumns().add(Cells.textColumn(I18n.t("quality.col.value"),
                f -> f.value() == null ? "" : f.value()));
        findings.getColumns().get(0).setMaxWidth(100);
        Label noneListed = new Label(I18n.t("quality.list.empty"));
        noneListed.getStyleClass().add(Styles.TEXT_MUTED);
        findings.setPlaceholder(noneListed);
        findings.setRowFactory(t -> {
            TableRow<DataQuality.Finding> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null) {
                    openContact.accept(row.getItem().contactId());
                }
            });
            return row;
        });
        findings.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && findings.getSelectionModel().getSelectedItem() != null) {
                openContact.accept(findings.getSelectionModel().getSelectedItem().contactId());
            }
        });
        Label open = new Label(I18n.t("quality.list.open"));
        open.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox.setVgrow(findings, Priority.ALWAYS);
        VBox box = new VBox(12, counts, normalize, new VBox(2, listTitle, open), findings);
        box.setPadding(new Insets(14, 4, 4, 4));
        return box;
    }
}
