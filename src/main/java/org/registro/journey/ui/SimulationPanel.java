package org.registro.journey.ui;

import atlantafx.base.theme.Styles;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.registro.journey.Assumptions;
import org.registro.journey.Simulation;
import org.registro.ui.I18n;

/**
 * Plays the journey forward without touching the workspace: how many days, the assumptions beside it (taken
 * from the workspace's own activity, editable), the figures on the canvas, and a slider to replay it day by day.
 */
final class SimulationPanel {

    private final JourneyEditorModel model;
    private final VBox box = new VBox(10);
    private final GridPane assumptions = new GridPane();
    private final Label summary = new Label();
    private final Slider day = new Slider(0, 30, 30);
    private final Timeline playing = new Timeline();

    SimulationPanel(JourneyEditorModel model) {
        this.model = model;
        box.setPadding(new Insets(12));
        Label help = new Label(I18n.t("journey.sim.help"));
        help.setWrapText(true);
        help.getStyleClass().add(Styles.TEXT_MUTED);

        Spinner<Integer> days = new Spinner<>(1, 365, 30, 5);
        days.setId("sim-days");
        days.setEditable(true);
        days.setPrefWidth(90);
        TextField seed = new TextField("1");
        seed.setId("sim-seed");
        seed.setPrefColumnCount(5);
        Button run = new Button(I18n.t("journey.sim.run"), new FontIcon(MaterialDesignP.PLAY_CIRCLE_OUTLINE));
        run.setId("sim-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.setOnAction(e -> model.simulate(days.getValue(), parseSeed(seed.getText())));
        Label daysLabel = new Label(I18n.t("journey.sim.days"));
        Label seedLabel = new Label(I18n.t("journey.sim.seed"));
        daysLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        seedLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox settings = new HBox(8, daysLabel, days, seedLabel, seed);
        settings.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox controls = new VBox(8, settings, run);

        Label assumptionsTitle = new Label(I18n.t("journey.sim.assumptions"));
        assumptionsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        assumptions.setHgap(8);
        assumptions.setVgap(6);
        Button reset = new Button(I18n.t("journey.sim.reset"), new FontIcon(MaterialDesignC.CACHED));
        reset.setOnAction(e -> model.loadAssumptions());

        summary.setWrapText(true);
        summary.setId("sim-summary");
        day.setId("sim-day");
        day.setMajorTickUnit(7);
        day.setMinorTickCount(6);
        day.setSnapToTicks(true);
        day.setShowTickMarks(true);
        day.setBlockIncrement(1);
        day.valueProperty().addListener((o, a, b) -> model.replayDayProperty().set(b.intValue()));
        Label dayLabel = new Label();
        dayLabel.textProperty().bind(Bindings.createStringBinding(() -> I18n.t("journey.sim.day",
                (int) day.getValue()), day.valueProperty()));
        Button play = new Button(I18n.t("journey.sim.play"), new FontIcon(MaterialDesignP.PLAY));
        play.setId("sim-play");
        play.setOnAction(e -> play());
        Button clear = new Button(I18n.t("journey.sim.clear"), new FontIcon(MaterialDesignC.CLOSE));
        clear.setOnAction(e -> model.clearSimulation());
        VBox replay = new VBox(6, new HBox(8, play, dayLabel), day, clear);
        replay.visibleProperty().bind(model.simulationProperty().isNotNull());
        replay.managedProperty().bind(replay.visibleProperty());

        box.getChildren().addAll(help, controls, new Separator(), assumptionsTitle, assumptions, reset,
                new Separator(), summary, replay);
        model.assumptionsProperty().addListener((o, a, b) -> showAssumptions(b));
        model.simulationProperty().addListener((o, a, b) -> showResult(b));
    }

    Node view() {
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void showAssumptions(Assumptions a) {
        assumptions.getChildren().clear();
        if (a == null) {
            return;
        }
        int row = 0;
        row = line(row, "arrivals", I18n.t("journey.sim.arrivals"), a.arrivalsPerDay(), false, a);
        row = line(row, "open", I18n.t("journey.sim.open"), a.openRate(), true, a);
        row = line(row, "click", I18n.t("journey.sim.click"), a.clickRate(), true, a);
        row = line(row, "goal", I18n.t("journey.sim.goal"), a.goalPer30Days(), true, a);
        for (Map.Entry<String, Double> e : a.eventsPer30Days().entrySet()) {
            row = line(row, "event:" + e.getKey(), I18n.t("journey.sim.event", StepText.eventName(e.getKey())),
                    e.getValue(), true, a);
        }
    }

    /** One assumption: its name, an editable figure (a share as a percentage), and where it came from. */
    private int line(int row, String key, String name, double value, boolean share, Assumptions a) {
        Label label = new Label(name);
        label.setWrapText(true);
        label.setMaxWidth(190);
        TextField field = new TextField(share ? String.format(org.registro.common.Messages.locale(), "%.1f", 100 * value)
                : String.format(org.registro.common.Messages.locale(), "%.1f", value));
        field.setId("sim-assume-" + key.replace(':', '-'));
        field.setPrefColumnCount(5);
        Runnable commit = () -> {
            try {
                double typed = java.text.NumberFormat.getInstance(org.registro.common.Messages.locale())
                        .parse(field.getText().strip()).doubleValue();
                model.assume(key, share ? typed / 100 : typed);
            } catch (java.text.ParseException ex) {
                field.setText("");
            }
        };
        field.setOnAction(e -> commit.run());
        field.focusedProperty().addListener((o, was, now) -> {
            if (was && !now) {
                commit.run();
            }
        });
        Label unit = new Label(share ? "%" : I18n.t("journey.sim.perDay"));
        unit.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label basis = new Label(I18n.t("journey.sim.basis." + a.basisOf(key)));
        basis.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        basis.setWrapText(true);
        assumptions.addRow(row, label, field, unit);
        assumptions.add(basis, 0, row + 1, 3, 1);
        return row + 2;
    }

    private void showResult(Simulation sim) {
        playing.stop();
        if (sim == null) {
            summary.setText("");
            return;
        }
        long skipped = sim.skipped().values().stream().mapToLong(Long::longValue).sum();
        summary.setText(I18n.t("journey.sim.summary", sim.days(), I18n.date(sim.from()), I18n.number(sim.entered()),
                I18n.number(sim.listed()), I18n.number(skipped), I18n.number(sim.converted()),
                I18n.number(sim.completed() + sim.exited())));
        day.setMax(sim.days());
        day.setValue(sim.days());
    }

    /** Replays the simulation day by day on the canvas. */
    private void play() {
        Simulation sim = model.simulationProperty().get();
        if (sim == null) {
            return;
        }
        playing.stop();
        playing.getKeyFrames().setAll(new KeyFrame(Duration.millis(Math.max(40, 4000.0 / sim.days())), e -> {
            if (day.getValue() >= sim.days()) {
                playing.stop();
            } else {
                day.setValue(day.getValue() + 1);
            }
        }));
        playing.setCycleCount(Timeline.INDEFINITE);
        day.setValue(0);
        playing.play();
    }
}
