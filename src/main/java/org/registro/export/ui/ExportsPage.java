package org.registro.export.ui;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.registro.common.Messages;
import org.registro.consent.Purpose;
import org.registro.destination.Destination;
import org.registro.export.CsvOptions;
import org.registro.export.Exclusion;
import org.registro.export.ExportField;
import org.registro.export.ExportPreview;
import org.registro.export.ExportTemplate;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/**
 * The Exports area. On the left a new list is described from top to bottom: who, why (purpose, channel, topic),
 * the format with its columns and options, then the count of who is in and who is left out and why, and where to
 * write it. On the right, the lists sent so far, any of which can be written again.
 */
public final class ExportsPage implements Page {

    private static final List<String> DELIMITERS = List.of(",", ";", "tab", "|");
    private static final List<String> ENCODINGS = List.of("UTF-8", "windows-1252", "ISO-8859-1", "UTF-16");

    private final ExportsPageModel model;
    private final BorderPane root = new BorderPane();
    private final TextField file = new TextField();
    private final VBox reasons = new VBox(4);
    private final Label counted = new Label();
    /** Commercial lists and saved templates: not a team viewer's, who exports transactional lists. */
    private final javafx.beans.property.BooleanProperty mayEdit = new javafx.beans.property.SimpleBooleanProperty(true);

    public ExportsPage(ExportsPageModel model) {
        this.model = model;
        root.setId("page-exports");
        root.setPadding(new Insets(16, 20, 16, 20));
        root.setTop(Page.header(I18n.t("export.title"), I18n.t("export.subtitle")));

        SplitPane split = new SplitPane(Page.scrolling(form()), ExportRunsView.view(model, mayEdit));
        split.setDividerPositions(0.55);
        root.setCenter(split);
        root.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN).match(e)) {
                exportNow();
                e.consume();
            }
        });
        model.formatProperty().addListener((obs, old, now) -> {
            if (now != null && (file.getText().isBlank() || old != null && !old.equals(now))) {
                file.setText(model.suggestedFile().toString());
            }
        });
        model.previewProperty().addListener((obs, old, now) -> showPreview(now));
        model.load();
    }

    // ------------------------------------------------------------------ the form

    private Node form() {
        VBox form = new VBox(14);
        form.setPadding(new Insets(4, 16, 16, 4));

        ComboBox<ExportsPageModel.Who> who = new ComboBox<>(model.whoChoices());
        who.setId("export-who");
        who.valueProperty().bindBidirectional(model.whoProperty());
        who.setMaxWidth(Double.MAX_VALUE);

        ToggleGroup purposes = new ToggleGroup();
        RadioButton commercial = new RadioButton(I18n.t("export.purpose.commercial"));
        commercial.setId("export-commercial");
        commercial.setToggleGroup(purposes);
        commercial.setUserData(Purpose.COMMERCIAL);
        RadioButton transactional = new RadioButton(I18n.t("export.purpose.transactional"));
        transactional.setId("export-transactional");
        transactional.setToggleGroup(purposes);
        transactional.setUserData(Purpose.TRANSACTIONAL);
        purposes.selectToggle(model.purposeProperty().get() == Purpose.COMMERCIAL ? commercial : transactional);
        purposes.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.purposeProperty().set((Purpose) now.getUserData());
            }
        });
        commercial.disableProperty().bind(mayEdit.not());
        mayEdit.addListener((obs, old, now) -> {
            if (!now) {
                purposes.selectToggle(transactional);
            }
        });
        Label purposeHelp = new Label();
        purposeHelp.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        purposeHelp.setWrapText(true);
        purposeHelp.textProperty().bind(Bindings.createStringBinding(() -> I18n.t("export.purpose.help."
                + model.purposeProperty().get().code()), model.purposeProperty()));

        ComboBox<String> channel = new ComboBox<>(model.channels());
        channel.setId("export-channel");
        channel.valueProperty().bindBidirectional(model.channelProperty());
        channel.setConverter(converter(c -> Messages.getOr("channel." + c, c)));
        ComboBox<String> topic = new ComboBox<>(model.topics());
        topic.setId("export-topic");
        topic.valueProperty().bindBidirectional(model.topicProperty());
        topic.setConverter(converter(t -> t == null || t.isEmpty() ? I18n.t("export.topic.none")
                : model.topicLabel(t)));
        topic.disableProperty().bind(model.purposeProperty().isEqualTo(Purpose.TRANSACTIONAL));

        ComboBox<Destination> destination = new ComboBox<>(model.destinations());
        destination.setId("export-destination");
        destination.setPromptText(I18n.t("export.destination.none"));
        destination.valueProperty().bindBidirectional(model.destinationProperty());
        destination.setConverter(converter(d -> d == null ? I18n.t("export.destination.none")
                : d.name() + " (" + d.tool().label() + ")"));
        destination.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Destination item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? I18n.t("export.destination.none")
                        : item.name() + " (" + item.tool().label() + ")");
            }
        });
        Label destinationHelp = new Label(I18n.t("export.destination.help"));
        destinationHelp.setWrapText(true);
        destinationHelp.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);

        GridPane why = grid();
        why.addRow(0, label("export.purpose"), new VBox(6, new HBox(16, commercial, transactional), purposeHelp));
        why.addRow(1, label("export.channel"), channel);
        why.addRow(2, label("export.topic"), topic);
        why.addRow(3, label("export.destination"), new VBox(6, destination, destinationHelp));

        form.getChildren().addAll(section("export.section.who"), who, section("export.section.why"), why,
                section("export.section.format"), format(), section("export.section.count"), count(),
                section("export.section.write"), write());
        return form;
    }

    private Node format() {
        ComboBox<ExportTemplate> format = new ComboBox<>(model.formats());
        format.setId("export-format");
        format.valueProperty().bindBidirectional(model.formatProperty());
        format.setConverter(converter(ExportsPage::formatName));
        format.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ExportTemplate item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : formatName(item));
            }
        });
        Label formatHelp = new Label();
        formatHelp.setWrapText(true);
        formatHelp.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        formatHelp.textProperty().bind(Bindings.createStringBinding(() -> model.formatProperty().get() == null ? ""
                : I18n.t("export.format.help." + model.formatProperty().get().destination().code()),
                model.formatProperty()));

        TableView<ExportsPageModel.Column> columns = new TableView<>(model.columns());
        columns.setId("export-columns");
        columns.setEditable(true);
        columns.setPrefHeight(230);
        columns.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ExportsPageModel.Column, Boolean> include = new TableColumn<>("");
        include.setCellValueFactory(c -> c.getValue().included);
        include.setCellFactory(CheckBoxTableCell.forTableColumn(include));
        include.setEditable(true);
        include.setMaxWidth(40);
        include.setMinWidth(40);
        TableColumn<ExportsPageModel.Column, String> field = new TableColumn<>(I18n.t("export.column.field"));
        field.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(fieldName(c.getValue().field)));
        field.setEditable(false);
        TableColumn<ExportsPageModel.Column, String> header = new TableColumn<>(I18n.t("export.column.header"));
        header.setCellValueFactory(c -> c.getValue().header);
        header.setCellFactory(TextFieldTableCell.forTableColumn());
        header.setEditable(true);
        columns.getColumns().add(include);
        columns.getColumns().add(field);
        columns.getColumns().add(header);
        Cells.keepHeaders(columns);

        Button up = iconButton(new FontIcon(MaterialDesignA.ARROW_UP), "export.column.up");
        up.setOnAction(e -> move(columns, -1));
        Button down = iconButton(new FontIcon(MaterialDesignA.ARROW_DOWN), "export.column.down");
        down.setOnAction(e -> move(columns, 1));
        Button save = new Button(I18n.t("export.saveTemplate"), new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
        save.setId("export-save-template");
        save.setOnAction(e -> {
            TextInputDialog ask = new TextInputDialog();
            ask.setTitle(I18n.t("export.saveTemplate"));
            ask.setHeaderText(I18n.t("export.saveTemplate.header"));
            ask.initOwner(root.getScene().getWindow());
            ask.showAndWait().map(String::trim).filter(s -> !s.isEmpty()).ifPresent(model::saveTemplate);
        });
        ComboBox<String> more = new ComboBox<>();
        more.setId("export-add-column");
        more.setPromptText(I18n.t("export.column.add"));
        more.setConverter(converter(ExportsPage::fieldName));
        more.setOnShowing(e -> more.getItems().setAll(model.addableFields()));
        more.setOnAction(e -> {
            if (more.getValue() != null) {
                model.addColumn(more.getValue());
                javafx.application.Platform.runLater(() -> more.getSelectionModel().clearSelection());
            }
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        save.setMinWidth(Region.USE_PREF_SIZE);
        HBox tools = new HBox(6, up, down, more, grow, save);
        Page.shownWhen(mayEdit, save);
        tools.setAlignment(Pos.CENTER_LEFT);

        return new VBox(8, format, formatHelp, columns, tools, csvOptions());
    }

    private Node csvOptions() {
        ComboBox<String> delimiter = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(DELIMITERS));
        delimiter.setId("export-delimiter");
        ComboBox<String> encoding = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(ENCODINGS));
        encoding.setId("export-encoding");
        CheckBox bom = new CheckBox(I18n.t("export.csv.bom"));
        bom.setId("export-bom");
        CheckBox quoteAll = new CheckBox(I18n.t("export.csv.quoteAll"));
        boolean[] updating = {false};
        Runnable show = () -> {
            CsvOptions o = model.csvProperty().get();
            updating[0] = true;
            delimiter.setValue(o.delimiter() == '\t' ? "tab" : String.valueOf(o.delimiter()));
            encoding.setValue(o.encoding());
            bom.setSelected(o.bom());
            quoteAll.setSelected(o.quoteAll());
            updating[0] = false;
        };
        Runnable apply = () -> {
            if (!updating[0] && delimiter.getValue() != null && encoding.getValue() != null) {
                CsvOptions o = model.csvProperty().get();
                char sep = "tab".equals(delimiter.getValue()) ? '\t' : delimiter.getValue().charAt(0);
                model.csvProperty().set(new CsvOptions(sep, encoding.getValue(), bom.isSelected(),
                        quoteAll.isSelected(), o.neutralizeFormulas()));
            }
        };
        show.run();
        model.csvProperty().addListener((obs, old, now) -> show.run());
        delimiter.valueProperty().addListener((obs, old, now) -> apply.run());
        encoding.valueProperty().addListener((obs, old, now) -> apply.run());
        bom.selectedProperty().addListener((obs, old, now) -> apply.run());
        quoteAll.selectedProperty().addListener((obs, old, now) -> apply.run());
        HBox separator = new HBox(6, label("export.csv.delimiter"), delimiter);
        separator.setAlignment(Pos.CENTER_LEFT);
        HBox charset = new HBox(6, label("export.csv.encoding"), encoding);
        charset.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.layout.FlowPane row = new javafx.scene.layout.FlowPane(16, 8, separator, charset, bom, quoteAll);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.formatProperty().get() != null
                && !model.formatProperty().get().destination().workbook(), model.formatProperty()));
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    private Node count() {
        Button count = new Button(I18n.t("export.count"), new FontIcon(MaterialDesignC.COUNTER));
        count.setId("export-count");
        count.setOnAction(e -> model.count());
        counted.setId("export-counted");
        counted.getStyleClass().add(Styles.TITLE_4);
        counted.setWrapText(true);
        reasons.setId("export-reasons");
        javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.busyProperty());
        HBox row = new HBox(10, count, spinner, counted);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, row, reasons);
    }

    private Node write() {
        file.setId("export-file");
        HBox.setHgrow(file, Priority.ALWAYS);
        Button browse = new Button(I18n.t("export.browse"), new FontIcon(MaterialDesignF.FOLDER_OUTLINE));
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(I18n.t("export.section.write"));
            Path current = Path.of(file.getText().isBlank() ? model.suggestedFile().toString() : file.getText());
            if (current.getParent() != null && current.getParent().toFile().isDirectory()) {
                chooser.setInitialDirectory(current.getParent().toFile());
            }
            chooser.setInitialFileName(current.getFileName().toString());
            File chosen = chooser.showSaveDialog(root.getScene().getWindow());
            if (chosen != null) {
                file.setText(chosen.toString());
            }
        });
        CheckBox excluded = new CheckBox(I18n.t("export.saveExcluded"));
        excluded.setId("export-save-excluded");
        excluded.selectedProperty().bindBidirectional(model.saveExcludedProperty());
        Button export = new Button(I18n.t("export.export"), new FontIcon(MaterialDesignE.EXPORT_VARIANT));
        export.setId("export-run");
        export.getStyleClass().add(Styles.ACCENT);
        export.setDefaultButton(false);
        export.disableProperty().bind(model.busyProperty());
        export.setOnAction(e -> exportNow());
        export.setTooltip(new javafx.scene.control.Tooltip("Ctrl+E"));
        Label message = new Label();
        message.setId("export-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.when(model.errorProperty().isEmpty()).then(model.messageProperty())
                .otherwise(model.errorProperty()));
        model.errorProperty().addListener((obs, old, now) -> message.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("danger"), !now.isEmpty()));
        message.getStyleClass().add("status-message");
        HBox where = new HBox(8, file, browse);
        where.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, where, excluded, export, message);
    }

    private void exportNow() {
        if (!model.busyProperty().get() && !file.getText().isBlank()) {
            model.export(Path.of(file.getText().trim()));
        }
    }

    private void showPreview(ExportPreview preview) {
        reasons.getChildren().clear();
        if (preview == null) {
            counted.setText("");
            return;
        }
        counted.setText(I18n.t("export.counted", I18n.number(preview.included()),
                I18n.number(preview.excludedTotal())));
        for (Exclusion reason : Exclusion.values()) {
            long n = preview.excluded().getOrDefault(reason, 0L);
            if (n > 0) {
                Label line = new Label(I18n.t("export.reasonLine", I18n.number(n), I18n.t(reason.messageKey())));
                line.setId("export-reason-" + reason.code());
                line.setGraphic(new FontIcon(MaterialDesignA.ACCOUNT_REMOVE_OUTLINE));
                line.getStyleClass().add(Styles.TEXT_SMALL);
                reasons.getChildren().add(line);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private void move(TableView<ExportsPageModel.Column> table, int by) {
        int index = table.getSelectionModel().getSelectedIndex();
        model.moveColumn(index, by);
        if (index >= 0) {
            table.getSelectionModel().clearAndSelect(Math.max(0, Math.min(model.columns().size() - 1, index + by)));
        }
    }

    static String formatName(ExportTemplate t) {
        return t.name() != null ? t.name() + " (" + t.destination().label() + ")" : t.destination().label();
    }

    static String fieldName(String field) {
        if (field.startsWith(ExportField.CUSTOM_PREFIX)) {
            return field.substring(ExportField.CUSTOM_PREFIX.length());
        }
        return I18n.t("export.field." + field);
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                return null;
            }
        };
    }

    private static Label section(String key) {
        Label label = new Label(I18n.t(key));
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private static Label label(String key) {
        Label label = new Label(I18n.t(key));
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        return grid;
    }

    private static Button iconButton(FontIcon icon, String tooltipKey) {
        Button button = new Button(null, icon);
        button.getStyleClass().add(Styles.BUTTON_ICON);
        button.setTooltip(new javafx.scene.control.Tooltip(I18n.t(tooltipKey)));
        return button;
    }

    /** Starts a new export from a rule built in the Segments area. */
    public void useRule(org.registro.segment.RuleDocument rule) {
        model.useRule(rule);
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void allowEdits(boolean allowed) {
        mayEdit.set(allowed);
    }

    @Override
    public void onShow() {
        model.load();
    }
}
