package org.registro.ingest.ui;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.registro.destination.Destination;
import org.registro.ingest.ImportRecords;
import org.registro.ingest.Preset;
import org.registro.ingest.SourceFile;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/**
 * The Import area: drop or choose a file; see what Registro recognised (format, encoding, separator,
 * preset) and change it; map each column with suggestions; check the preview, where problems show in red;
 * run with progress and cancel; read the summary with its reject file. The history below lists every
 * import with its undo. Ctrl+O chooses a file.
 */
public final class ImportPage implements Page {

    private static final List<String> ENCODINGS = List.of("UTF-8", "UTF-16", "windows-1252", "ISO-8859-1");

    private final ImportViewModel model;
    private final Runnable showContacts;
    private final BorderPane root = new BorderPane();
    private final ImportHistoryView history;

    public ImportPage(ImportViewModel model, Runnable showContacts) {
        this.model = model;
        this.showContacts = showContacts;
        root.setId("page-import");
        root.getStyleClass().add("import-page");
        history = new ImportHistoryView(model);
        model.stepProperty().addListener((obs, old, now) -> render());
        model.summaryProperty().addListener((obs, old, now) -> render());
        // a file read again (another encoding, separator, sheet or header row) shows what was found this time
        model.planProperty().addListener((obs, old, now) -> {
            if (model.stepProperty().get() == ImportViewModel.Step.MAP) {
                render();
            }
        });
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                openFile(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        render();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void onShow() {
        model.loadHistory();
    }

    /** Starts the wizard on a file (chosen, dropped on the window, or given by a test). */
    public void openFile(Path file) {
        model.open(file);
    }

    /** Ctrl+O: the file chooser. */
    public void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(I18n.t("import.choose"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(I18n.t("import.filter.all"), "*.csv", "*.txt", "*.tsv", "*.xlsx",
                        "*.xls"),
                new FileChooser.ExtensionFilter(I18n.t("import.filter.any"), "*.*"));
        File chosen = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (chosen != null) {
            openFile(chosen.toPath());
        }
    }

    private void render() {
        root.setTop(null);
        root.setBottom(null);
        switch (model.stepProperty().get()) {
            case CHOOSE -> root.setCenter(Page.scrolling(chooseStep()));
            case MAP -> mapStep();
            case RUNNING -> root.setCenter(runningStep());
            case DONE -> root.setCenter(Page.scrolling(new ImportDoneView(model, history.view(), showContacts).view()));
        }
    }

    // ------------------------------------------------------------------ choose

    private Node chooseStep() {
        FontIcon icon = new FontIcon(MaterialDesignF.FILE_UPLOAD_OUTLINE);
        icon.getStyleClass().add("drop-icon");
        Label title = new Label(I18n.t("import.drop.title"));
        title.getStyleClass().add(Styles.TITLE_3);
        Label text = new Label(I18n.t("import.drop.text"));
        text.setWrapText(true);
        text.getStyleClass().add(Styles.TEXT_MUTED);
        Button choose = new Button(I18n.t("import.choose"), new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        choose.setId("import-choose");
        choose.getStyleClass().add(Styles.ACCENT);
        choose.setDefaultButton(true);
        choose.setOnAction(e -> chooseFile());
        ProgressIndicator reading = new ProgressIndicator();
        reading.setPrefSize(22, 22);
        reading.visibleProperty().bind(model.busyProperty());
        Label tools = new Label(I18n.t("import.drop.tools"));
        tools.setWrapText(true);
        tools.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox drop = new VBox(12, icon, title, text, new HBox(10, choose, reading), tools);
        drop.setAlignment(Pos.CENTER);
        drop.getStyleClass().add("drop-zone");
        drop.setId("import-drop");
        drop.setMaxWidth(720);
        VBox box = new VBox(22, errorLine(), drop, history.view());
        box.setPadding(new Insets(28, 32, 28, 32));
        box.setAlignment(Pos.TOP_CENTER);
        return box;
    }

    private Node errorLine() {
        Message message = new Message(I18n.t("import.problem"), "", new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
        message.getStyleClass().add(Styles.DANGER);
        message.descriptionProperty().bind(model.errorProperty());
        message.visibleProperty().bind(model.errorProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.setId("import-error");
        message.setMaxWidth(Double.MAX_VALUE);
        return message;
    }

    // ------------------------------------------------------------------ map

    private void mapStep() {
        ImportRecords.Plan plan = model.planProperty().get();
        SourceFile.Description d = plan.description();
        Label file = new Label(plan.file().getFileName().toString());
        file.getStyleClass().add(Styles.TITLE_3);
        file.setId("import-file");
        String detected = d.format() == SourceFile.Format.CSV
                ? I18n.t("import.detected.csv", d.encoding(), separatorName(d.delimiter()), I18n.number(d.size() / 1024))
                : I18n.t("import.detected.workbook", d.format().name(), d.sheets().size());
        Label format = new Label(detected);
        format.getStyleClass().add(Styles.TEXT_MUTED);
        Button back = new Button(I18n.t("import.another"), new FontIcon(MaterialDesignA.ARROW_LEFT));
        back.getStyleClass().add(Styles.FLAT);
        back.setOnAction(e -> model.reset());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(14, new VBox(2, file, format), grow, back);
        head.setAlignment(Pos.CENTER_LEFT);

        ComboBox<Preset> preset = new ComboBox<>();
        preset.setId("import-preset");
        preset.getItems().setAll(ImportViewModel.presets());
        preset.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Preset p) {
                return p == null ? "" : I18n.t("import.preset." + p.code());
            }

            @Override
            public Preset fromString(String s) {
                return null;
            }
        });
        preset.setValue(model.presetProperty().get());
        preset.setPrefWidth(270);
        preset.valueProperty().addListener((obs, old, now) -> model.choosePreset(now));
        TextField source = new TextField();
        source.setId("import-source");
        source.textProperty().bindBidirectional(model.sourceNameProperty());
        source.setPrefColumnCount(16);
        ComboBox<String> party = new ComboBox<>();
        party.setId("import-party");
        party.getItems().setAll("first", "second", "third");
        party.setConverter(keyConverter("import.party."));
        party.valueProperty().bindBidirectional(model.partyProperty());

        GridPane settings = new GridPane();
        settings.setHgap(10);
        settings.setVgap(6);
        settings.addRow(0, label("import.field.preset"), label("import.field.source"), label("import.field.party"));
        settings.addRow(1, preset, source, party);
        int column = 3;
        if (d.format() == SourceFile.Format.CSV) {
            ComboBox<String> encoding = new ComboBox<>();
            encoding.setId("import-encoding");
            encoding.getItems().setAll(ENCODINGS);
            encoding.setValue(d.encoding());
            encoding.setPrefWidth(150);
            encoding.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // "UTF-8", not "UT…", in a narrow window
            encoding.valueProperty().addListener((obs, old, now) -> model.reopen(new SourceFile.Options(
                    Charset.forName(now), model.options().delimiter(), null, model.options().headerRow()),
                    model.presetProperty().get().code()));
            ComboBox<Character> separator = new ComboBox<>();
            separator.setId("import-separator");
            separator.getItems().setAll(',', ';', '\t', '|');
            separator.setConverter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(Character c) {
                    return c == null ? "" : separatorName(c);
                }

                @Override
                public Character fromString(String s) {
                    return null;
                }
            });
            separator.setValue(d.delimiter());
            separator.setPrefWidth(150);
            separator.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            separator.valueProperty().addListener((obs, old, now) -> model.reopen(new SourceFile.Options(
                    model.options().charset(), now, null, model.options().headerRow()),
                    model.presetProperty().get().code()));
            settings.add(label("import.field.encoding"), column, 0);
            settings.add(encoding, column++, 1);
            settings.add(label("import.field.separator"), column, 0);
            settings.add(separator, column++, 1);
        } else {
            ComboBox<String> sheet = new ComboBox<>();
            sheet.setId("import-sheet");
            sheet.getItems().setAll(d.sheets());
            sheet.setValue(model.options().sheet() == null && !d.sheets().isEmpty() ? d.sheets().get(0)
                    : model.options().sheet());
            Spinner<Integer> headerRow = new Spinner<>(1, 50, Math.max(1, model.options().headerRow()));
            headerRow.setDisable(model.options().headerRow() == SourceFile.Options.NO_HEADER);
            headerRow.setPrefWidth(80);
            Runnable reread = () -> model.reopen(new SourceFile.Options(null, null, sheet.getValue(),
                    headerRow.getValue()), model.presetProperty().get().code());
            sheet.valueProperty().addListener((obs, old, now) -> reread.run());
            headerRow.valueProperty().addListener((obs, old, now) -> reread.run());
            settings.add(label("import.field.sheet"), column, 0);
            settings.add(sheet, column++, 1);
            settings.add(label("import.field.headerRow"), column, 0);
            settings.add(headerRow, column++, 1);
        }
        CheckBox noHeader = new CheckBox(I18n.t("import.noHeader"));
        noHeader.setId("import-no-header");
        noHeader.setTooltip(new Tooltip(I18n.t("import.noHeader.tip")));
        noHeader.setSelected(model.options().headerRow() == SourceFile.Options.NO_HEADER);
        noHeader.setMinWidth(Region.USE_PREF_SIZE);
        noHeader.selectedProperty().addListener((obs, old, now) -> model.reopen(model.options().withHeaderRow(
                now ? SourceFile.Options.NO_HEADER : 1), model.presetProperty().get().code()));
        settings.add(noHeader, 3, 2, 3, 1); // under the file's own settings, where it does not squeeze them
        ComboBox<Destination> destination = new ComboBox<>(model.destinations());
        destination.setId("import-destination");
        destination.valueProperty().bindBidirectional(model.destinationProperty());
        destination.setConverter(Cells.converter(dest -> dest == null ? I18n.t("import.destination.none")
                : dest.name() + " (" + dest.tool().label() + ")"));
        destination.setTooltip(new Tooltip(I18n.t("import.destination.help")));
        destination.setPromptText(I18n.t("import.destination.none"));
        destination.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Destination item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? I18n.t("import.destination.none")
                        : item.name() + " (" + item.tool().label() + ")");
            }
        });
        HBox destinationRow = new HBox(8, label("import.destination"), destination);
        destinationRow.setAlignment(Pos.CENTER_LEFT);
        boolean anyDestination = model.destinations().size() > 1;
        destinationRow.setVisible(anyDestination);
        destinationRow.setManaged(anyDestination);
        settings.add(destinationRow, 0, 2, 3, 1);
        TextField eventType = new TextField();
        eventType.setId("import-event-type");
        eventType.setPromptText("donation, purchase, event_signup");
        eventType.textProperty().bindBidirectional(model.eventTypeProperty());
        eventType.setPrefColumnCount(14);
        Label eventLabel = label("import.field.eventType");
        eventType.visibleProperty().bind(model.eventsMappedProperty());
        eventLabel.visibleProperty().bind(model.eventsMappedProperty());
        settings.add(eventLabel, column, 0);
        settings.add(eventType, column, 1);
        TextField campaign = new TextField();
        campaign.setId("import-event-campaign");
        campaign.setPromptText(I18n.t("import.field.eventCampaign.prompt"));
        campaign.textProperty().bindBidirectional(model.eventCampaignProperty());
        campaign.setPrefColumnCount(14);
        Label campaignLabel = label("import.field.eventCampaign");
        campaign.visibleProperty().bind(model.eventsMappedProperty());
        campaignLabel.visibleProperty().bind(model.eventsMappedProperty());
        settings.add(campaignLabel, column + 1, 0);
        settings.add(campaign, column + 1, 1);

        VBox notices = new VBox(6);
        plan.previous().ifPresent(previous -> notices.getChildren().add(notice("import-reimport",
                I18n.t("import.reimport", previous.id(), I18n.dateTime(previous.startedAt())), Styles.WARNING)));
        if (model.mapping().listConsent() != null) {
            var list = model.mapping().listConsent();
            notices.getChildren().add(notice("import-list-status", I18n.t("import.listStatus",
                    I18n.t("channel." + list.channel()), I18n.t("consent.status." + list.status())), Styles.ACCENT));
        }
        if (plan.headerLooksLikeData() != null) {
            notices.getChildren().add(notice("import-header-data", I18n.t("import.headerLooksLikeData",
                    plan.headerLooksLikeData()), Styles.WARNING));
        }
        if (plan.mappingSaved()) {
            notices.getChildren().add(notice("import-saved", I18n.t("import.savedMapping", plan.sourceName()),
                    Styles.SUCCESS));
        }
        VBox top = new VBox(12, head, settings, notices, errorLine());
        top.setPadding(new Insets(18, 24, 10, 24));
        root.setTop(top);

        SplitPane split = new SplitPane(ImportTables.mapping(model), ImportTables.preview(model));
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        BorderPane.setMargin(split, new Insets(0, 24, 0, 24));
        root.setCenter(split);

        Button dryRun = new Button(I18n.t("import.dryRun"), new FontIcon(MaterialDesignC.CHECK_ALL));
        dryRun.setId("import-dry-run");
        dryRun.setTooltip(new Tooltip(I18n.t("import.dryRun.tip")));
        dryRun.setOnAction(e -> model.run(true));
        Button run = new Button(I18n.t("import.run"), new FontIcon(MaterialDesignF.FILE_IMPORT_OUTLINE));
        run.setId("import-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.setDefaultButton(true);
        run.disableProperty().bind(model.sourceNameProperty().isEmpty());
        run.setOnAction(e -> model.run(false));
        Label hint = new Label(I18n.t("import.run.hint"));
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Region space = new Region();
        HBox.setHgrow(space, Priority.ALWAYS);
        HBox bar = new HBox(10, hint, space, dryRun, run);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(12, 24, 16, 24));
        root.setBottom(bar);
    }

    // ------------------------------------------------------------------ running and done

    private Node runningStep() {
        Label text = new Label();
        text.textProperty().bind(model.progressTextProperty());
        text.getStyleClass().add(Styles.TITLE_4);
        text.setWrapText(true);
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("import-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        Label pace = new Label();
        pace.setId("import-pace");
        pace.textProperty().bind(model.progressDetailProperty());
        pace.setWrapText(true);
        pace.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        Label detail = new Label(I18n.t("import.running.detail"));
        detail.getStyleClass().add(Styles.TEXT_MUTED);
        detail.setWrapText(true);
        Button cancel = new Button(I18n.t("import.cancel"), new FontIcon(MaterialDesignC.CLOSE));
        cancel.setId("import-cancel");
        cancel.setOnAction(e -> model.cancelRun());
        VBox box = new VBox(16, text, bar, pace, detail, cancel);
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(520);
        box.setId("import-running");
        return box;
    }

    // ------------------------------------------------------------------ helpers

    private static Label label(String key) {
        Label label = new Label(I18n.t(key));
        label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        return label;
    }

    static Node notice(String id, String text, String style) {
        Message message = new Message(null, text);
        message.getStyleClass().add(style);
        message.setId(id);
        return message;
    }

    private static javafx.util.StringConverter<String> keyConverter(String prefix) {
        return Cells.converter(value -> I18n.t(prefix + value));
    }


    static String separatorName(Character c) {
        if (c == null) {
            return "";
        }
        return switch (c) {
            case ',' -> I18n.t("import.separator.comma");
            case ';' -> I18n.t("import.separator.semicolon");
            case '\t' -> I18n.t("import.separator.tab");
            case '|' -> I18n.t("import.separator.pipe");
            default -> String.valueOf(c);
        };
    }
}
