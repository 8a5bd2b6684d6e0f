package org.registro.consent.ui;

import atlantafx.base.theme.Styles;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.registro.consent.RetentionService;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/** The Consent area's retention tab: the two rules, what each would remove now, and the runs so far. */
final class RetentionTab {

    private final ConsentPageModel model;
    private final Supplier<Window> window;

    RetentionTab(ConsentPageModel model, Supplier<Window> window) {
        this.model = model;
        this.window = window;
    }

    Node view() {
        VBox rulesBox = new VBox(10);
        rulesBox.getChildren().setAll(ruleRow(RetentionService.ERASE_INACTIVE, 24),
                ruleRow(RetentionService.DELETE_OLD_EVENTS, 60));
        VBox previewBox = new VBox(10);
        previewBox.setId("retention-previews");
        Label noRule = ConsentPage.hint(I18n.t("consent.retention.noRule"));
        previewBox.getChildren().setAll(noRule);
        model.previews().addListener((javafx.collections.ListChangeListener<RetentionService.Preview>) c -> {
            previewBox.getChildren().setAll(model.previews().stream().map(this::previewCard).toList());
            if (model.previews().isEmpty()) {
                previewBox.getChildren().setAll(noRule);
            }
        });
        TableView<RetentionService.Run> runs = new TableView<>(model.runs());
        runs.setId("retention-runs");
        runs.setPrefHeight(180);
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        runs.setPlaceholder(new Label(I18n.t("consent.retention.noRuns")));
        runs.getColumns().add(Cells.textColumn(I18n.t("consent.retention.col.when"), r -> I18n.dateTime(r.at())));
        runs.getColumns().add(Cells.textColumn(I18n.t("consent.retention.col.rule"), r -> r.policy() == null ? ""
                : I18n.t("retention.kind." + r.policy().kind(), r.policy().months())));
        runs.getColumns().add(Cells.textColumn(I18n.t("consent.retention.col.affected"), r -> I18n.number(r.affected())));
        runs.getColumns().add(Cells.textColumn(I18n.t("consent.retention.col.backup"), r -> r.backup() == null ? ""
                : r.backup().getFileName().toString()));
        VBox box = new VBox(12, ConsentPage.hint(I18n.t("consent.retention.hint")), rulesBox, ConsentPage.section("consent.retention.due"),
                previewBox, ConsentPage.section("consent.retention.history"), runs);
        box.setPadding(new Insets(14, 4, 4, 4));
        return Page.scrolling(box);
    }

    private Node ruleRow(String kind, int defaultMonths) {
        CheckBox active = new CheckBox();
        active.setId("rule-active-" + kind);
        Spinner<Integer> months = new Spinner<>(1, 1200, defaultMonths);
        months.setId("rule-months-" + kind);
        months.setEditable(true);
        months.setPrefWidth(100);
        Label text = new Label(I18n.t("retention.rule." + kind));
        Label unit = new Label(I18n.t("consent.retention.months"));
        Runnable sync = () -> model.rules().stream().filter(r -> r.kind().equals(kind)).findFirst().ifPresentOrElse(
                r -> {
                    active.setSelected(r.active());
                    months.getValueFactory().setValue(r.months());
                }, () -> active.setSelected(false));
        model.rules().addListener((javafx.collections.ListChangeListener<RetentionService.Policy>) c -> sync.run());
        Button save = new Button(I18n.t("action.save"));
        save.setId("rule-save-" + kind);
        save.setOnAction(e -> model.saveRule(kind, months.getValue(), active.isSelected()));
        HBox row = new HBox(10, active, text, months, unit, save);
        org.registro.ui.Page.shownIf(model.mayRunRetention(), save); // retention rules are an administrator's
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Node previewCard(RetentionService.Preview preview) {
        Label title = new Label(I18n.t("retention.kind." + preview.policy().kind(), preview.policy().months()));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label count = new Label(I18n.t(RetentionService.ERASE_INACTIVE.equals(preview.policy().kind())
                ? "consent.retention.contactsDue" : "consent.retention.eventsDue", preview.count(),
                I18n.shortDate(preview.cutoff())));
        count.setId("retention-count-" + preview.policy().kind());
        Label examples = new Label(String.join("\n", preview.examples()));
        examples.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Button run = new Button(I18n.t("consent.retention.run"), new FontIcon(MaterialDesignP.PLAY_OUTLINE));
        run.setId("retention-run-" + preview.policy().kind());
        run.getStyleClass().add(Styles.DANGER);
        run.setDisable(!model.mayRunRetention() || preview.count() == 0);
        run.setOnAction(e -> {
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, I18n.t("consent.retention.confirm",
                    preview.count()), ButtonType.CANCEL, ButtonType.OK);
            alert.initOwner(window.get());
            alert.setHeaderText(title.getText());
            ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
            ((Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(false);
            alert.showAndWait().filter(ButtonType.OK::equals).ifPresent(b -> model.runRule(preview.policy()));
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(10, new VBox(4, title, count), spacer, run);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(6, head, examples);
        card.getStyleClass().add("import-card");
        return card;
    }
}
