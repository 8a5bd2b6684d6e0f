package org.registro.journey.ui;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.registro.destination.Destination;
import org.registro.export.ListFormat;
import org.registro.export.Exclusion;
import org.registro.journey.JourneyReport;
import org.registro.journey.JourneyService;
import org.registro.ui.I18n;

/** What happened in the journey: per step, the funnel, the A/B results in plain words, and the send lists. */
final class ReportPanel {

    private final JourneyEditorModel model;
    private final VBox box = new VBox(10);
    private final javafx.scene.control.ListView<JourneyReport.StepCount> steps = new javafx.scene.control.ListView<>();
    private final Label funnel = new Label();
    private final VBox splits = new VBox(6);
    private final TableView<JourneyService.SendDay> lists = new TableView<>();

    ReportPanel(JourneyEditorModel model) {
        this.model = model;
        box.setPadding(new Insets(12));
        steps.setId("journey-report-steps");
        steps.setPrefHeight(260);
        // one step per row, in words: a narrow panel has no room for six columns
        steps.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(JourneyReport.StepCount c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label name = new Label(stepTitle(c.key()));
                name.getStyleClass().add(Styles.TEXT_BOLD);
                Label figures = new Label(I18n.t("journey.report.row", I18n.number(c.entered()),
                        I18n.number(c.waiting()), I18n.number(c.listed()), I18n.number(c.reachedGoal()))
                        + (c.skipped() == null || c.skipped().isEmpty() ? ""
                        : "\n" + I18n.t("journey.report.skippedRow", skippedText(c.skipped()))));
                figures.setWrapText(true);
                figures.getStyleClass().add(Styles.TEXT_SMALL);
                VBox cell = new VBox(2, name, figures);
                cell.setMaxWidth(Double.MAX_VALUE);
                cell.prefWidthProperty().bind(steps.widthProperty().subtract(30));
                figures.maxWidthProperty().bind(cell.prefWidthProperty());
                setGraphic(cell);
            }
        });
        steps.setPlaceholder(new Label(I18n.t("journey.report.none")));
        funnel.setWrapText(true);
        funnel.setId("journey-report-funnel");

        lists.setId("journey-send-lists");
        lists.setPrefHeight(200);
        lists.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        lists.getColumns().add(sendColumn(I18n.t("journey.sends.day"), d -> I18n.date(d.day())));
        lists.getColumns().add(sendColumn(I18n.t("journey.sends.message"), JourneyService.SendDay::message));
        lists.getColumns().add(sendColumn(I18n.t("journey.sends.listed"), d -> I18n.number(d.listed())));
        lists.getColumns().add(sendColumn(I18n.t("journey.sends.skipped"), d -> skippedText(d.skipped())));
        lists.setItems(model.sendDays());
        lists.setPlaceholder(new Label(I18n.t("journey.sends.none")));
        Button export = new Button(I18n.t("journey.sends.export"), new FontIcon(MaterialDesignE.EXPORT_VARIANT));
        export.setId("journey-send-export");
        export.disableProperty().bind(lists.getSelectionModel().selectedItemProperty().isNull());
        export.setOnAction(e -> export(lists.getSelectionModel().getSelectedItem()));

        box.getChildren().addAll(title("journey.report.perStep"), steps, funnel, splits, title("journey.sends.title"),
                lists, export);
        model.reportProperty().addListener((o, a, b) -> show(b));
    }

    Node view() {
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private String stepTitle(String key) {
        return model.documentProperty().get() == null ? key
                : model.documentProperty().get().step(key).map(StepText::title).orElse(key);
    }

    private static Label title(String key) {
        Label l = new Label(I18n.t(key));
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    private static String skippedText(java.util.Map<String, Long> skipped) {
        if (skipped == null || skipped.isEmpty()) {
            return "—";
        }
        return String.join(", ", skipped.entrySet().stream().map(e -> reasonText(e.getKey())
                + " " + I18n.number(e.getValue())).toList());
    }

    /** The journeys' own skip reason for a best-item send with no item that fits. */
    private static final String NO_ITEM = "no_item";

    /**
     * A skip reason in words: the export's own reasons, the journeys' weekly cap, and a best-item send with no
     * item that fits.
     */
    static String reasonText(String reason) {
        if (NO_ITEM.equals(reason)) {
            return I18n.t("journey.skip.noItem");
        }
        return Exclusion.byCode(reason).map(r -> I18n.t(r.messageKey()))
                .orElseGet(() -> I18n.t("journey.skip.frequencyCap"));
    }

    private void show(JourneyReport r) {
        splits.getChildren().clear();
        if (r == null) {
            steps.getItems().clear();
            funnel.setText("");
            return;
        }
        // in the order the canvas draws them: down the flow, then goals
        java.util.List<String> order = new java.util.ArrayList<>(model.documentProperty().get() == null
                ? java.util.List.of() : model.documentProperty().get().reachable());
        steps.getItems().setAll(r.steps().stream().filter(s -> s.entered() > 0 || s.waiting() > 0)
                .sorted(java.util.Comparator.comparingInt(s -> order.contains(s.key()) ? order.indexOf(s.key())
                        : Integer.MAX_VALUE)).toList());
        JourneyReport.Funnel f = r.funnel();
        funnel.setText(I18n.t("journey.report.funnel", I18n.number(f.enrolled()), I18n.number(f.active()),
                I18n.number(f.completed()), I18n.number(f.exited()), I18n.number(f.converted()),
                String.format(org.registro.common.Messages.formatLocale(), "%.1f", 100 * f.goalRate())));
        for (JourneyReport.SplitResult split : r.splits()) {
            Label head = new Label(I18n.t("journey.report.split", split.label() == null ? split.step() : split.label()));
            head.getStyleClass().add(Styles.TEXT_BOLD);
            splits.getChildren().add(head);
            for (JourneyReport.Arm arm : split.arms()) {
                splits.getChildren().add(new Label(I18n.t("journey.report.arm", arm.label() == null ? arm.key()
                        : arm.label(), arm.percent(), I18n.number(arm.people()), I18n.number(arm.converted()),
                        String.format(org.registro.common.Messages.formatLocale(), "%.1f", 100 * arm.rate()))));
            }
            java.util.Map<String, String> names = new java.util.HashMap<>();
            split.arms().forEach(a -> names.put(a.key(), a.label() == null ? a.key().toUpperCase(
                    org.registro.common.Messages.locale()) : a.label()));
            for (JourneyReport.Comparison c : split.comparisons()) {
                Label verdict = new Label(I18n.t("journey.ab." + c.verdict(), names.getOrDefault(c.arm(), c.arm()),
                        names.getOrDefault(c.against(), c.against()),
                        String.format(org.registro.common.Messages.formatLocale(), "%+.1f", 100 * c.difference()),
                        String.format(org.registro.common.Messages.formatLocale(), "%.0f", 100 * c.confidence())));
                verdict.setWrapText(true);
                splits.getChildren().add(verdict);
            }
        }
    }

    private void export(JourneyService.SendDay day) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(I18n.t("journey.sends.export"));
        dialog.setHeaderText(I18n.t("journey.sends.exportHeader", day.message(), I18n.date(day.day())));
        dialog.initOwner(box.getScene().getWindow());
        ChoiceBox<ListFormat> format = new ChoiceBox<>();
        format.getItems().setAll(ListFormat.values());
        format.setValue(ListFormat.MAILCHIMP);
        format.setConverter(new StringConverter<>() {
            @Override
            public String toString(ListFormat d) {
                return d == null ? "" : d.label();
            }

            @Override
            public ListFormat fromString(String s) {
                return null;
            }
        });
        ChoiceBox<Destination> to = new ChoiceBox<>();
        to.setId("send-list-destination");
        to.getItems().add(null);
        to.getItems().addAll(model.destinations());
        to.setConverter(org.registro.ui.Cells.converter(d -> d == null ? I18n.t("export.destination.none")
                : d.name() + " (" + d.tool().label() + ")"));
        to.setValue(null);
        // a list for an email tool account is written in that tool's format
        to.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                ListFormat.byCode(now.tool().code()).ifPresent(format::setValue);
            }
        });
        Label note = new Label(I18n.t("journey.sends.exportNote"));
        note.setWrapText(true);
        note.setMaxWidth(420);
        dialog.getDialogPane().setContent(new VBox(8, new Label(I18n.t("export.destination")), to,
                new Label(I18n.t("journey.sends.format")), format, note));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (dialog.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(safe(day.message()) + "-" + day.day() + "." + format.getValue().extension());
        java.io.File file = chooser.showSaveDialog(box.getScene().getWindow());
        if (file != null) {
            model.exportSendList(day.step(), day.day(), format.getValue(), to.getValue(), file.toPath(), null);
        }
    }

    private static String safe(String name) {
        return name == null ? "list" : name.replaceAll("[^\\p{L}\\p{N} _-]", "").strip();
    }

    private static TableColumn<JourneyService.SendDay, String> sendColumn(String title,
                                                                            Function<JourneyService.SendDay, String> value) {
        TableColumn<JourneyService.SendDay, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }
}
