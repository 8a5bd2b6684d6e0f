package org.registro.dashboard.ui;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.registro.ui.I18n;

/** The funnel's steps, one row each: the label, then a centred bar whose width is its share of the first step. */
final class FunnelSkin extends SkinBase<Funnel> {

    private final GridPane rows = new GridPane();

    FunnelSkin(Funnel funnel) {
        super(funnel);
        rows.setHgap(12);
        rows.setVgap(6);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints bars = new ColumnConstraints();
        bars.setHgrow(Priority.ALWAYS);
        rows.getColumnConstraints().addAll(names, bars);
        getChildren().add(rows);
        funnel.getSteps().addListener((ListChangeListener<Funnel.Step>) c -> build());
        build();
    }

    private void build() {
        rows.getChildren().clear();
        var steps = getSkinnable().getSteps();
        long first = steps.isEmpty() ? 0 : steps.get(0).people();
        for (int i = 0; i < steps.size(); i++) {
            Funnel.Step step = steps.get(i);
            double share = first == 0 ? 0 : (double) step.people() / first;
            Label name = new Label(step.label());
            name.getStyleClass().add("funnel-label");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Region bar = new Region();
            bar.getStyleClass().add("funnel-bar");
            Label value = new Label(I18n.number(step.people()) + (step == steps.get(0) ? ""
                    : "  ·  " + I18n.t("home.funnel.share", Math.round(share * 100))));
            value.getStyleClass().add("funnel-value");
            value.setMinWidth(Region.USE_PREF_SIZE);
            StackPane track = new StackPane(bar, value);
            track.getStyleClass().add("funnel-track");
            track.setAlignment(Pos.CENTER);
            // the bar keeps its share of the track's width, centred: a funnel narrowing step by step
            bar.maxWidthProperty().bind(track.widthProperty().multiply(Math.max(share, 0.02)));
            track.getStyleClass().add("funnel-step");
            track.setId(step.id());
            if (step.open() != null) {
                track.getStyleClass().add("opens");
                track.setFocusTraversable(true);
                track.setOnMouseClicked(e -> step.open().run());
                track.setOnKeyPressed(e -> {
                    if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                        step.open().run();
                    }
                });
            }
            rows.add(name, 0, i);
            rows.add(track, 1, i);
        }
    }
}
