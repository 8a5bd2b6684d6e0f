package org.registro.insight.ui;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.registro.common.Messages;
import org.registro.insight.ModelService;
import org.registro.ui.Dialogs;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * The customer-model actions the Segments area offers: compute RFM and engagement scores (usable at once as
 * "Model score" conditions) and build a look-alike audience of a saved segment.
 */
public final class ModelsMenu {

    private final MenuButton button = new MenuButton(I18n.t("models.menu"), new FontIcon(MaterialDesignC.CHART_BELL_CURVE));

    /**
     * @param segments the saved segments' names, for the look-alike seed
     * @param changed  called when a model added scores or a segment
     */
    public ModelsMenu(ModelService models, TaskRunner tasks, Supplier<List<String>> segments, Runnable changed) {
        button.setId("models-menu");
        button.getStyleClass().add(Styles.FLAT);
        MenuItem rfm = new MenuItem(I18n.t("models.rfm"));
        rfm.setId("models-rfm");
        rfm.setOnAction(e -> tasks.run(I18n.t("models.rfm.task"), p -> models.rfm(), r -> {
            show(r);
            changed.run();
        }, this::fail));
        MenuItem engagement = new MenuItem(I18n.t("models.engagement"));
        engagement.setId("models-engagement");
        engagement.setOnAction(e -> tasks.run(I18n.t("models.engagement.task"), p -> models.engagement(), r -> {
            show(r);
            changed.run();
        }, this::fail));
        MenuItem lookAlike = new MenuItem(I18n.t("models.lookalike"));
        lookAlike.setId("models-lookalike");
        lookAlike.setOnAction(e -> askLookAlike(segments.get()).ifPresent(a -> tasks.run(
                I18n.t("models.lookalike.task"), p -> models.lookAlike(a.seed(), a.size(), a.name()), r -> {
                    Dialogs.info(button.getScene().getWindow(), I18n.t("models.lookalike"),
                            I18n.t("models.lookalike.done", r.segment(), I18n.number(r.size()), a.seed()));
                    changed.run();
                }, this::fail)));
        MenuItem clusters = new MenuItem(I18n.t("models.clusters"));
        clusters.setId("models-clusters");
        clusters.setOnAction(e -> askClusters().ifPresent(k -> tasks.run(I18n.t("models.clusters.task"),
                p -> models.clusters(k, 7), found -> {
                    StringBuilder text = new StringBuilder();
                    found.forEach(c -> text.append(I18n.t("models.clusters.line", c.number(), I18n.number(c.size()),
                            c.description())).append("\n\n"));
                    text.append(I18n.t("models.useHint", ModelService.CLUSTER));
                    Dialogs.info(button.getScene().getWindow(), I18n.t("models.clusters.title", k), text.toString());
                    changed.run();
                }, this::fail)));
        button.getItems().addAll(rfm, engagement, lookAlike, clusters);
    }

    public MenuButton view() {
        return button;
    }

    private record Ask(String seed, int size, String name) {
    }

    private java.util.Optional<Ask> askLookAlike(List<String> segments) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(button.getScene().getWindow());
        dialog.setTitle(I18n.t("models.lookalike"));
        dialog.setHeaderText(I18n.t("models.lookalike.header"));
        ChoiceBox<String> seed = new ChoiceBox<>();
        seed.setId("lookalike-seed");
        seed.getItems().setAll(segments);
        if (!segments.isEmpty()) {
            seed.setValue(segments.get(0));
        }
        Spinner<Integer> size = new Spinner<>(1, 1_000_000, 500);
        size.setEditable(true);
        size.setId("lookalike-size");
        TextField name = new TextField();
        name.setId("lookalike-name");
        seed.valueProperty().addListener((obs, old, now) -> name.setText(I18n.t("models.lookalike.defaultName", now)));
        name.setText(seed.getValue() == null ? "" : I18n.t("models.lookalike.defaultName", seed.getValue()));
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.addRow(0, new Label(I18n.t("models.lookalike.seed")), seed);
        form.addRow(1, new Label(I18n.t("models.lookalike.size")), size);
        form.addRow(2, new Label(I18n.t("models.lookalike.name")), name);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(seed.valueProperty().isNull().or(name.textProperty().isEmpty()));
        return dialog.showAndWait().filter(ButtonType.OK::equals)
                .map(b -> new Ask(seed.getValue(), size.getValue(), name.getText().strip()));
    }

    private java.util.Optional<Integer> askClusters() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(button.getScene().getWindow());
        dialog.setTitle(I18n.t("models.clusters"));
        dialog.setHeaderText(I18n.t("models.clusters.header"));
        Spinner<Integer> k = new Spinner<>(2, 12, 4);
        k.setId("clusters-k");
        GridPane form = new GridPane();
        form.setHgap(10);
        form.addRow(0, new Label(I18n.t("models.clusters.k")), k);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        return dialog.showAndWait().filter(ButtonType.OK::equals).map(b -> k.getValue());
    }

    private void show(ModelService.Result result) {
        StringBuilder text = new StringBuilder(I18n.t("models.scored", I18n.number(result.scored()))).append("\n\n");
        result.cells().forEach((cell, count) -> text.append(Messages.getOr("models.cell." + cell, cell)).append(": ")
                .append(I18n.number(count)).append('\n'));
        text.append('\n').append(I18n.t("models.useHint", result.model()));
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text.toString(), ButtonType.OK);
        alert.initOwner(button.getScene().getWindow());
        alert.setHeaderText(I18n.t("models.done." + result.model()));
        alert.show();
    }

    private void fail(Throwable t) {
        Dialogs.error(button, t);
    }
}
