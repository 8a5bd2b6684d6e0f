package org.registro.identity.ui;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import org.registro.identity.MatchLevel;
import org.registro.identity.MatchModel;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/**
 * How pairs are weighed in this workspace: for each field and agreement, the bits this workspace learned beside
 * the fixed table's, and how the household fields count next to a shared email, phone or street address.
 */
final class WeightsDialog {

    private WeightsDialog() {
    }

    static void show(Node owner, MatchModel weights) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle(I18n.t("dedupe.weights.title"));
        dialog.setHeaderText(weights.source() == MatchModel.Source.LEARNED
                ? I18n.t("dedupe.weights.learned", weights.contacts(), weights.pairs(),
                Math.round(weights.duplicates()))
                : I18n.t(weights.estimatedAt() == null ? "dedupe.weights.fixed.noScan"
                : "dedupe.weights.fixed.tooFew"));

        TableView<MatchModel.Level> levels = new TableView<>();
        levels.setId("dedupe-weights");
        levels.getItems().setAll(weights.levels().stream().filter(l -> l.level() != MatchLevel.NAME_ONLY).toList());
        levels.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        levels.getColumns().add(Cells.textColumn(I18n.t("dedupe.weights.col.field"), l -> field(l.field())));
        levels.getColumns().add(Cells.textColumn(I18n.t("dedupe.weights.col.level"), l -> level(l.level())));
        levels.getColumns().add(Cells.textColumn(I18n.t("dedupe.weights.col.learned"), l -> bits(l.weight())));
        levels.getColumns().add(Cells.textColumn(I18n.t("dedupe.weights.col.fixed"), l -> bits(l.fixedWeight())));
        levels.setPrefHeight(330);
        Label help = small(I18n.t("dedupe.weights.help"));

        VBox content = new VBox(8, levels, help);
        if (!weights.given().isEmpty()) {
            Label givenTitle = new Label(I18n.t("dedupe.weights.given.title"));
            givenTitle.getStyleClass().add(Styles.TEXT_BOLD);
            TableView<MatchModel.Given> given = new TableView<>();
            given.setId("dedupe-weights-given");
            given.getItems().setAll(weights.given().stream().filter(g -> g.field() != g.anchor()).toList());
            given.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            given.getColumns().add(Cells.textColumn(I18n.t("dedupe.weights.col.shared"),
                    g -> I18n.t("dedupe.shared." + g.anchor().code())));
            given.getColumns().add(Cells.textColumn(I18n.t("dedupe.weights.col.field"), g -> field(g.field())));
            given.getColumns().add(Cells.textColumn(I18n.t("dedupe.weights.col.level"), g -> level(g.level())));
            given.getColumns().add(Cells.textColumn(I18n.t("dedupe.weights.col.learned"), g -> bits(g.weight())));
            given.setPrefHeight(200);
            content.getChildren().addAll(givenTitle, small(I18n.t("dedupe.weights.given.help")), given);
        }
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setPrefWidth(720);
        dialog.getDialogPane().setMinWidth(560);
        dialog.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.showAndWait();
    }

    private static String field(org.registro.identity.MatchField field) {
        return I18n.t("dedupe.field." + field.name().toLowerCase(Locale.ROOT));
    }

    private static String level(MatchLevel level) {
        return I18n.t("dedupe.level." + level.code());
    }

    private static String bits(double bits) {
        return String.format(Locale.getDefault(), "%+.1f", bits);
    }

    private static Label small(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        return label;
    }
}
