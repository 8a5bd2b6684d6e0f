package org.registro.journey.ui;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.registro.common.Messages;
import org.registro.journey.Settings;
import org.registro.ui.I18n;

/** A journey's settings: re-entry, send window, weekly cap, and whether it runs when the workspace opens. */
final class SettingsDialog {

    private SettingsDialog() {
    }

    static Optional<Settings> show(Window owner, Settings current) {
        Settings s = current == null ? Settings.defaults() : current;
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(I18n.t("journey.settings.title"));
        dialog.setHeaderText(I18n.t("journey.settings.header"));
        dialog.initOwner(owner);

        ChoiceBox<String> reentry = new ChoiceBox<>();
        reentry.getItems().setAll(Settings.NEVER, Settings.AFTER, Settings.ALWAYS);
        reentry.setConverter(new StringConverter<>() {
            @Override
            public String toString(String v) {
                return v == null ? "" : I18n.t("journey.settings.reentry." + v);
            }

            @Override
            public String fromString(String v) {
                return v;
            }
        });
        reentry.setValue(s.reentry());
        reentry.setId("settings-reentry");
        TextField reentryDays = new TextField(s.reentryDays() == null ? "" : String.valueOf(s.reentryDays()));
        reentryDays.setPrefColumnCount(4);
        reentryDays.disableProperty().bind(reentry.valueProperty().isNotEqualTo(Settings.AFTER));

        CheckBox window = new CheckBox(I18n.t("journey.settings.window"));
        window.setSelected(s.sendWindow() != null);
        List<CheckBox> days = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            CheckBox box = new CheckBox(d.getDisplayName(TextStyle.SHORT, Messages.locale()));
            box.setUserData(d.name());
            box.setSelected(s.sendWindow() == null ? d.getValue() <= 5 : s.sendWindow().dayValues().contains(d));
            box.disableProperty().bind(window.selectedProperty().not());
            days.add(box);
        }
        TextField from = new TextField(s.sendWindow() == null || s.sendWindow().from() == null ? "09:00"
                : s.sendWindow().from());
        TextField to = new TextField(s.sendWindow() == null || s.sendWindow().to() == null ? "18:00"
                : s.sendWindow().to());
        from.setPrefColumnCount(5);
        to.setPrefColumnCount(5);
        from.disableProperty().bind(window.selectedProperty().not());
        to.disableProperty().bind(window.selectedProperty().not());
        FlowPane dayBoxes = new FlowPane(8, 6);
        dayBoxes.getChildren().addAll(days);

        TextField cap = new TextField(s.weeklyCap() == null ? "" : String.valueOf(s.weeklyCap()));
        cap.setPrefColumnCount(4);
        cap.setPromptText(I18n.t("journey.settings.noCap"));
        CheckBox bestHour = new CheckBox(I18n.t("journey.settings.bestHour"));
        bestHour.setSelected(s.atBestHour());
        bestHour.setId("settings-best-hour");
        Label bestHourHelp = wrapped("journey.settings.bestHourHelp");
        bestHourHelp.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        CheckBox runAtOpen = new CheckBox(I18n.t("journey.settings.runAtOpen"));
        runAtOpen.setSelected(Boolean.TRUE.equals(s.runAtOpen()));
        Label zone = wrapped("journey.settings.zone");

        VBox content = new VBox(8,
                new Label(I18n.t("journey.settings.reentry")), new HBox(8, reentry, reentryDays,
                        new Label(I18n.t("journey.settings.days"))),
                window, dayBoxes, new HBox(8, new Label(I18n.t("journey.settings.from")), from,
                        new Label(I18n.t("journey.settings.to")), to), zone, bestHour, bestHourHelp,
                wrapped("journey.settings.cap"), cap, runAtOpen);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        return dialog.showAndWait().filter(b -> b == ButtonType.OK).map(b -> new Settings(reentry.getValue(),
                StepEditor.number(reentryDays.getText()), window.isSelected() ? new Settings.SendWindow(
                days.stream().filter(CheckBox::isSelected).map(c -> (String) c.getUserData()).toList(),
                from.getText().strip(), to.getText().strip()) : null, StepEditor.number(cap.getText()),
                runAtOpen.isSelected(), bestHour.isSelected()));
    }

    /** A text that wraps onto as many lines as it needs in the dialog's width, never cut. */
    private static Label wrapped(String key) {
        Label label = new Label(I18n.t(key));
        label.setWrapText(true);
        label.setMaxWidth(520);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }
}
