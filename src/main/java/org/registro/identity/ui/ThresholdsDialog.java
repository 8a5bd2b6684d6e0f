package org.registro.identity.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import org.registro.identity.DuplicateService;
import org.registro.ui.I18n;

/** Asks for the automatic-merge and review scores. */
final class ThresholdsDialog {

    private ThresholdsDialog() {
    }

    static void ask(javafx.scene.Node owner, DuplicatesModel model) {
        DuplicateService.Thresholds current = model.thresholdsProperty().get();
        if (current == null) {
            return;
        }
        javafx.scene.control.Dialog<ButtonType> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle(I18n.t("dedupe.thresholds"));
        dialog.setHeaderText(I18n.t("dedupe.thresholds.header"));
        Spinner<Double> auto = new Spinner<>(1.0, 100.0, current.autoMerge(), 0.5);
        auto.setId("dedupe-thresholds-auto");
        auto.setEditable(true);
        Spinner<Double> review = new Spinner<>(0.0, 100.0, current.review(), 1.0);
        review.setId("dedupe-thresholds-review");
        review.setEditable(true);
        Label help = new Label(I18n.t("dedupe.thresholds.help"));
        help.setWrapText(true);
        help.setPrefWidth(460);
        help.setMaxWidth(460);
        help.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Label precision = new Label();
        precision.setId("dedupe-thresholds-precision");
        precision.setWrapText(true);
        precision.setPrefWidth(460);
        precision.setMaxWidth(460);
        precision.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        // the figure comes a moment later: the sentence holds its place, so the dialog is laid out for it
        precision.setText(I18n.t("dedupe.thresholds.precision", "…\u00a0%"));
        java.util.function.Consumer<Double> ask = min -> {
            if (min != null) {
                model.expectedPrecision(min, p -> precision.setText(I18n.t("dedupe.thresholds.precision",
                        String.format(java.util.Locale.getDefault(), "%.1f\u00a0%%", p * 100))));
            }
        };
        auto.valueProperty().addListener((obs, old, now) -> ask.accept(now));
        ask.accept(auto.getValue());
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.addRow(0, new Label(I18n.t("dedupe.thresholds.auto")), auto);
        form.addRow(1, new Label(I18n.t("dedupe.thresholds.review")), review);
        form.add(precision, 0, 2, 2, 1);
        form.add(help, 0, 3, 2, 1);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(Bindings.createBooleanBinding(
                () -> review.getValue() == null || auto.getValue() == null || review.getValue() > auto.getValue(),
                auto.valueProperty(), review.valueProperty()));
        dialog.showAndWait().filter(ButtonType.OK::equals)
                .ifPresent(b -> model.setThresholds(new DuplicateService.Thresholds(auto.getValue(),
                        review.getValue())));
    }
}
