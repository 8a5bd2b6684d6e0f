package org.registro.identity.ui;

import atlantafx.base.theme.Styles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;
import org.registro.contact.DataQuality;
import org.registro.identity.DuplicateService;
import org.registro.identity.FieldMatch;
import org.registro.identity.MatchField;
import org.registro.identity.MergeService;
import org.registro.ui.Cells;
import org.registro.ui.Dialogs;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/**
 * The Duplicates area. Review: the queue of likely pairs on the left, best first; on the right the two records
 * side by side, part by part, with what agreed and what each field weighed, and which value the merge keeps
 * (click the other to keep it). Keys: M merge, N not the same, S skip, W keep the other record, ← → move,
 * Ctrl+Z undo the last merge. Above the queue, a scan and a merge of every pair above a chosen score, counted
 * first. Merges: every merge, each undoable. Data quality: the counts of what needs cleaning, each listing its
 * contacts, and "normalize again".
 */
public final class DuplicatesPage implements Page {

    private static final List<MergeService.Part> PARTS = List.of(MergeService.Part.values());

    private final DuplicatesModel model;
    private final LongConsumer openContact;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Tab reviewTab = new Tab();
    private final GridPane compare = new GridPane();
    private final VBox detailBox = new VBox(12);
    private final Label pairTitle = new Label();
    private final Label score = new Label();
    private final Label decision = new Label();
    private final Label evidence = new Label();
    private final ListView<DuplicateService.QueuedPair> queue = new ListView<>();
    private final Spinner<Double> bulkMin = new Spinner<>(50.0, 100.0, 99.0, 0.5);
    private final Label bulkPreview = new Label();
    private final Button bulkMerge = new Button();
    private boolean shown;

    public DuplicatesPage(DuplicatesModel model, LongConsumer openContact) {
        this.model = model;
        this.openContact = openContact;
        root.setId("page-duplicates");
        root.setPadding(new Insets(16, 20, 12, 20));
        root.setTop(Page.header(I18n.t("dedupe.title"), I18n.t("dedupe.subtitle")));

        reviewTab.setText(I18n.t("dedupe.tab.review"));
        reviewTab.setContent(review());
        Tab mergesTab = new Tab(I18n.t("dedupe.tab.merges"), merges());
        Tab qualityTab = new Tab(I18n.t("dedupe.tab.quality"), quality());
        reviewTab.setId("dedupe-tab-review");
        mergesTab.setId("dedupe-tab-merges");
        qualityTab.setId("dedupe-tab-quality");
        tabs.getTabs().addAll(reviewTab, mergesTab, qualityTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now == mergesTab) {
                model.loadHistory();
            } else if (now == qualityTab) {
                model.loadQuality();
            }
        });
        root.setCenter(tabs);

        Label status = new Label();
        status.setId("dedupe-status");
        status.textProperty().bind(model.statusProperty());
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_SMALL);
        BorderPane.setMargin(status, new Insets(8, 0, 0, 0));
        root.setBottom(status);

        // a filter: the queue would otherwise take ← → to move the focus
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        model.detailProperty().addListener((obs, old, now) -> showDetail());
        model.overridesProperty().addListener((obs, old, now) -> showDetail());
        model.thresholdsProperty().addListener((obs, old, now) -> {
            if (now != null && !shown) {
                bulkMin.getValueFactory().setValue(now.autoMerge());
            }
            shown = true;
        });
        model.bulkPreviewProperty().addListener((obs, old, now) -> showBulkPreview());
        showDetail();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void onShow() {
        model.load();
        javafx.application.Platform.runLater(this::focusQueue);
        if (tabs.getSelectionModel().getSelectedIndex() == 2) {
            model.loadQuality();
        }
    }

    /** The review is driven by keys, so the queue has the focus whenever the review tab shows new pairs. */
    private void focusQueue() {
        if (tabs.getSelectionModel().getSelectedItem() == reviewTab) {
            queue.requestFocus();
        }
    }

    // ------------------------------------------------------------------ keys

    private void key(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl) {
            return; // typing a score: its keys, Ctrl+Z included, are the field's
        }
        if (new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN).match(e)) {
            model.undoLast();
            e.consume();
            return;
        }
        if (tabs.getSelectionModel().getSelectedItem() != reviewTab || e.isShortcutDown() || e.isAltDown()
                || bulkMin.isFocused()) {
            return;
        }
        switch (e.getCode()) {
            case M -> model.merge();
            case N -> model.notSame();
            case S -> model.next();
            case W -> model.swap();
            case RIGHT -> model.next();
            case LEFT -> model.previous();
            default -> {
                return;
            }
        }
        e.consume();
    }

    // ------------------------------------------------------------------ review

    private Node review() {
        Button scan = new Button(I18n.t("dedupe.scan"), new FontIcon(MaterialDesignM.MAGNIFY_SCAN));
        scan.setId("dedupe-scan");
        scan.getStyleClass().add(Styles.ACCENT);
        scan.setOnAction(e -> model.scan());
        scan.disableProperty().bind(model.busyProperty());
        Label summary = new Label();
        summary.setId("dedupe-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(Bindings.createStringBinding(this::summaryText, model.storedProperty(),
                model.thresholdsProperty()));

        Label bulkLabel = new Label(I18n.t("dedupe.bulk.label"));
        bulkMin.setId("dedupe-bulk-min");
        bulkMin.setEditable(true);
        bulkMin.setPrefWidth(84);
        bulkMin.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.previewBulk(now);
            }
        });
        bulkPreview.setId("dedupe-bulk-preview");
        bulkPreview.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        bulkMerge.setId("dedupe-bulk-merge");
        bulkMerge.setText(I18n.t("dedupe.bulk.merge"));
        bulkMerge.setGraphic(new FontIcon(MaterialDesignC.CALL_MERGE));
        bulkMerge.setOnAction(e -> confirmBulk());
        bulkMerge.setDisable(true);
        model.storedProperty().addListener((obs, old, now) -> model.previewBulk(bulkMin.getValue()));
        Button undo = new Button(I18n.t("dedupe.action.undo"), new FontIcon(MaterialDesignU.UNDO));
        undo.setId("dedupe-undo");
        undo.setTooltip(new Tooltip(I18n.t("dedupe.action.undo") + " (Ctrl+Z)"));
        undo.getStyleClass().add(Styles.FLAT);
        undo.setOnAction(e -> model.undoLast());
        undo.disableProperty().bind(model.busyProperty());
        Button scores = new Button(I18n.t("dedupe.thresholds"), new FontIcon(MaterialDesignT.TUNE_VARIANT));
        scores.setId("dedupe-thresholds");
        scores.getStyleClass().add(Styles.FLAT);
        scores.setFocusTraversable(false);
        scores.setOnAction(e -> askThresholds());
        Button compareAny = new Button(I18n.t("dedupe.compare"),
                new FontIcon(MaterialDesignA.ACCOUNT_SEARCH_OUTLINE));
        compareAny.setId("dedupe-compare-any");
        compareAny.getStyleClass().add(Styles.FLAT);
        compareAny.setFocusTraversable(false);
        compareAny.setOnAction(e -> askPair());
        for (Region r : List.of(scan, undo, scores, compareAny, bulkLabel, bulkMin, bulkMerge)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        // clicking these keeps the focus in the queue, so the review keys keep working
        scan.setFocusTraversable(false);
        undo.setFocusTraversable(false);
        bulkMerge.setFocusTraversable(false);
        bulkMin.setFocusTraversable(false);
        bulkMin.getEditor().setFocusTraversable(false);
        model.storedProperty().addListener((obs, old, now) -> focusQueue());
        summary.setMinWidth(0);
        Tooltip summaryTip = new Tooltip();
        summaryTip.textProperty().bind(summary.textProperty());
        summary.setTooltip(summaryTip);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, scan, undo, scores, compareAny, spacer, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 0, 6, 0));

        queue.setId("dedupe-queue");
        queue.setItems(model.queue());
        queue.setCellFactory(list -> new PairCell());
        queue.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.select(now);
            }
        });
        model.currentProperty().addListener((obs, old, now) -> {
            if (now == null) {
                queue.getSelectionModel().clearSelection();
            } else if (queue.getSelectionModel().getSelectedItem() != now) {
                queue.getSelectionModel().select(now);
                queue.scrollTo(Math.max(0, queue.getSelectionModel().getSelectedIndex() - 3));
            }
        });
        Label emptyQueue = new Label(I18n.t("dedupe.queue.empty"));
        emptyQueue.setWrapText(true);
        emptyQueue.getStyleClass().add(Styles.TEXT_MUTED);
        emptyQueue.setPadding(new Insets(12));
        queue.setPlaceholder(emptyQueue);
        queue.setMinWidth(240);

        detailBox.setId("dedupe-detail");
        detailBox.setPadding(new Insets(4, 4, 12, 16));
        SplitPane split = new SplitPane(queue, Page.scrolling(detailBox));
        split.setDividerPositions(0.27);
        VBox.setVgrow(split, Priority.ALWAYS);
        // the bulk merge on a line of its own: what it would do, then the score and the button
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bulkLine = new HBox(8, gap, bulkPreview, bulkLabel, bulkMin, bulkMerge);
        bulkLine.setAlignment(Pos.CENTER_LEFT);
        bulkLine.setPadding(new Insets(0, 0, 8, 0));
        return new VBox(bar, bulkLine, split);
    }

    private String summaryText() {
        DuplicateService.Stored stored = model.storedProperty().get();
        if (stored == null) {
            return "";
        }
        if (stored.scannedAt() == null) {
            return I18n.t("dedupe.summary.never");
        }
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(Locale.getDefault()).format(stored.scannedAt().atZone(ZoneId.systemDefault()));
        return I18n.t("dedupe.summary", stored.pairs(), stored.toMerge(), stored.pairs() - stored.toMerge(), when);
    }

    private void showBulkPreview() {
        DuplicateService.Preview p = model.bulkPreviewProperty().get();
        if (p == null) {
            bulkPreview.setText("");
            bulkMerge.setDisable(true);
            return;
        }
        bulkPreview.setText(I18n.t("dedupe.bulk.preview", p.pairs(), p.contacts(), p.contacts() - p.merges(),
                p.merges()));
        bulkMerge.setDisable(p.merges() == 0);
        bulkMerge.setText(p.merges() == 0 ? I18n.t("dedupe.bulk.merge") : I18n.t("dedupe.bulk.mergeN", p.merges()));
    }

    private void confirmBulk() {
        DuplicateService.Preview p = model.bulkPreviewProperty().get();
        if (p == null || p.merges() == 0) {
            return;
        }
        double min = bulkMin.getValue();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, I18n.t("dedupe.bulk.confirm", p.merges(),
                p.contacts(), p.contacts() - p.merges(), min), ButtonType.CANCEL, ButtonType.OK);
        alert.initOwner(root.getScene().getWindow());
        alert.setHeaderText(I18n.t("dedupe.bulk.confirmTitle", p.merges()));
        alert.showAndWait().filter(ButtonType.OK::equals).ifPresent(b -> model.bulkMerge(min));
    }

    /** Two contact ids typed by the user ("12 57", "#12, #57"), to compare whatever the scan found. */
    private void askPair() {
        javafx.scene.control.TextInputDialog dialog = new javafx.scene.control.TextInputDialog();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(I18n.t("dedupe.compare"));
        dialog.setHeaderText(I18n.t("dedupe.compare.header"));
        dialog.setContentText(I18n.t("dedupe.compare.ids"));
        dialog.getEditor().setId("dedupe-compare-ids");
        dialog.showAndWait().ifPresent(text -> {
            List<Long> ids = java.util.Arrays.stream(text.split("[^0-9]+")).filter(t -> !t.isEmpty())
                    .map(Long::valueOf).toList();
            if (ids.size() == 2 && !ids.get(0).equals(ids.get(1))) {
                model.compare(ids.get(0), ids.get(1));
            } else {
                Dialogs.info(root.getScene().getWindow(), I18n.t("dedupe.compare"), I18n.t("dedupe.compare.bad",
                        text));
            }
        });
    }

    /** The automatic-merge and review scores, as settings of the workspace. */
    private void askThresholds() {
        DuplicateService.Thresholds current = model.thresholdsProperty().get();
        if (current == null) {
            return;
        }
        javafx.scene.control.Dialog<ButtonType> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
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
        help.setMaxWidth(460);
        help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.addRow(0, new Label(I18n.t("dedupe.thresholds.auto")), auto);
        form.addRow(1, new Label(I18n.t("dedupe.thresholds.review")), review);
        form.add(help, 0, 2, 2, 1);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(Bindings.createBooleanBinding(
                () -> review.getValue() == null || auto.getValue() == null || review.getValue() > auto.getValue(),
                auto.valueProperty(), review.valueProperty()));
        dialog.showAndWait().filter(ButtonType.OK::equals)
                .ifPresent(b -> model.setThresholds(new DuplicateService.Thresholds(auto.getValue(),
                        review.getValue())));
    }

    /** A queue row: the score, both names, and whether the pair is above the automatic-merge score. */
    private final class PairCell extends ListCell<DuplicateService.QueuedPair> {
        @Override
        protected void updateItem(DuplicateService.QueuedPair item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label s = new Label(String.format(Locale.getDefault(), "%.0f", Math.floor(item.score())));
            s.getStyleClass().addAll("score", "badge", decisionStyle(item.score()));
            Label names = new Label(name(item.nameA(), item.a()) + "\n" + name(item.nameB(), item.b()));
            names.setWrapText(false);
            HBox row = new HBox(10, s, names);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("dedupe-pair-cell");
            setText(null);
            setGraphic(row);
        }
    }

    private static String name(String name, long id) {
        return (name == null || name.isBlank() ? I18n.t("dedupe.noName") : name) + "  ·  #" + id;
    }

    private String decisionStyle(double value) {
        DuplicateService.Thresholds t = model.thresholdsProperty().get();
        return t != null && value >= t.autoMerge() ? "badge-merge" : "badge-review";
    }

    // ------------------------------------------------------------------ the pair under review

    private void showDetail() {
        DuplicatesModel.Detail d = model.detailProperty().get();
        if (d == null) {
            FontIcon icon = new FontIcon(MaterialDesignC.CALL_MERGE);
            icon.getStyleClass().add("empty-state-icon");
            Label text = new Label(model.queue().isEmpty() ? I18n.t("dedupe.detail.emptyQueue")
                    : I18n.t("dedupe.detail.choose"));
            text.setWrapText(true);
            text.getStyleClass().add("empty-state-text");
            VBox empty = new VBox(14, icon, text);
            empty.setAlignment(Pos.CENTER);
            empty.setPadding(new Insets(60, 20, 20, 20));
            detailBox.getChildren().setAll(empty);
            return;
        }
        Map<MergeService.Part, MergeService.Side> overrides = model.overridesProperty().get();
        pairTitle.setText(I18n.t("dedupe.detail.title", name(d.plan().part(MergeService.Part.NAME).survivorValue(),
                d.survivorId()), name(d.plan().part(MergeService.Part.NAME).mergedValue(), d.mergedId())));
        pairTitle.getStyleClass().setAll("label", Styles.TITLE_4);
        pairTitle.setWrapText(true);
        double value = d.score() == null ? d.pair().score() : d.score().score();
        score.setId("dedupe-score");
        score.setText(String.format(Locale.getDefault(), "%.1f", Math.floor(value * 10) / 10)); // 99.98 is not 100
        score.getStyleClass().setAll("label", "dedupe-score");
        DuplicateService.Thresholds t = model.thresholdsProperty().get();
        String decided = t == null ? "review" : t.decision(value);
        decision.setId("dedupe-decision");
        decision.setText(I18n.t("dedupe.decision." + decided));
        decision.getStyleClass().setAll("label", "badge", "merge".equals(decided) ? "badge-merge" : "badge-review");
        evidence.setText(d.score() == null ? "" : I18n.t("dedupe.detail.evidence", d.score().weight())
                + (d.score().swapped() ? "  " + I18n.t("dedupe.detail.swapped") : ""));
        evidence.getStyleClass().setAll("label", Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        evidence.setWrapText(true);
        HBox scoreLine = new HBox(10, score, decision);
        scoreLine.setAlignment(Pos.CENTER_LEFT);
        VBox head = new VBox(4, pairTitle, scoreLine, evidence);

        buildGrid(d, overrides);
        detailBox.getChildren().setAll(head, compare, actions(), keysHelp());
    }

    private void buildGrid(DuplicatesModel.Detail d, Map<MergeService.Part, MergeService.Side> overrides) {
        compare.getChildren().clear();
        compare.getColumnConstraints().setAll(column(16), column(30), column(30), column(24));
        compare.getStyleClass().setAll("dedupe-compare");
        compare.setId("dedupe-compare");
        compare.add(cell(head(I18n.t("dedupe.col.part")), false), 0, 0);
        compare.add(cell(new VBox(2, head(I18n.t("dedupe.col.kept", d.survivorId())), origin(d.survivorOrigin())),
                false), 1, 0);
        compare.add(cell(new VBox(2, head(I18n.t("dedupe.col.merged", d.mergedId())), origin(d.mergedOrigin())),
                false), 2, 0);
        compare.add(cell(head(I18n.t("dedupe.col.match")), false), 3, 0);
        int row = 1;
        for (MergeService.Part part : PARTS) {
            MergeService.PartChoice choice = d.plan().part(part);
            if (choice.survivorValue() == null && choice.mergedValue() == null) {
                continue;
            }
            MergeService.Side side = d.chosen(part, overrides);
            boolean differs = choice.differs() && choice.survivorValue() != null && choice.mergedValue() != null;
            Label partLabel = new Label(I18n.t("dedupe.part." + part.code()));
            partLabel.getStyleClass().add(Styles.TEXT_BOLD);
            partLabel.setWrapText(true);
            Label why = new Label(I18n.t("dedupe.reason." + (overrides.containsKey(part) ? "user" : choice.reason())));
            why.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            why.setWrapText(true);
            compare.add(cell(new VBox(2, partLabel, why), differs), 0, row);
            ToggleGroup group = new ToggleGroup();
            compare.add(cell(keep(part, MergeService.Side.SURVIVOR, choice.survivorValue(), side, group, differs),
                    differs), 1, row);
            compare.add(cell(keep(part, MergeService.Side.MERGED, choice.mergedValue(), side, group, differs),
                    differs), 2, row);
            compare.add(cell(match(d, part), differs), 3, row);
            row++;
        }
    }

    /** "CRM de donantes, Mailchimp · since 12 Mar 2025": which systems a record comes from. */
    private static Label origin(DuplicateService.Origin origin) {
        Label label = new Label(origin == null ? "" : I18n.t("dedupe.origin", origin.sources().isEmpty()
                ? I18n.t("dedupe.origin.manual") : String.join(", ", origin.sources()),
                I18n.shortDate(origin.createdAt())));
        label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        label.setWrapText(true);
        return label;
    }

    private static ColumnConstraints column(double percent) {
        ColumnConstraints c = new ColumnConstraints();
        c.setPercentWidth(percent);
        c.setFillWidth(true);
        return c;
    }

    private static Label head(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("head");
        label.setWrapText(true);
        return label;
    }

    private static StackPane cell(Node content, boolean differs) {
        StackPane box = new StackPane(content);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add("cell-box");
        if (differs) {
            box.getStyleClass().add("differs");
        }
        box.setMaxWidth(Double.MAX_VALUE);
        box.setMaxHeight(Double.MAX_VALUE);
        return box;
    }

    /** A value to keep; choosing it keeps this side's value of the part. */
    private Node keep(MergeService.Part part, MergeService.Side side, String value, MergeService.Side chosen,
                      ToggleGroup group, boolean differs) {
        if (!differs) {
            Label plain = new Label(value == null ? "—" : value);
            plain.setWrapText(true);
            if (value == null) {
                plain.getStyleClass().add("dropped");
            }
            return plain;
        }
        RadioButton button = new RadioButton(value == null ? I18n.t("dedupe.empty") : value);
        button.setId("keep-" + part.code() + "-" + (side == MergeService.Side.SURVIVOR ? "a" : "b"));
        button.setToggleGroup(group);
        button.setSelected(side == chosen);
        button.setWrapText(true);
        button.setFocusTraversable(false);
        button.getStyleClass().add(side == chosen ? "kept" : "dropped");
        button.setOnAction(e -> model.choose(part, side));
        return button;
    }

    /** What the scorer said about the fields behind a part: agreement, level and bits. */
    private Node match(DuplicatesModel.Detail d, MergeService.Part part) {
        VBox lines = new VBox(3);
        if (d.score() != null) {
            for (MatchField field : fieldsOf(part)) {
                FieldMatch f = d.score().field(field);
                Ikon icon = f.weight() > 0 ? MaterialDesignC.CHECK_CIRCLE_OUTLINE
                        : f.weight() < 0 ? MaterialDesignC.CLOSE_CIRCLE_OUTLINE : MaterialDesignM.MINUS_CIRCLE_OUTLINE;
                String style = f.weight() > 0 ? "dedupe-agree" : f.weight() < 0 ? "dedupe-disagree" : "dedupe-neutral";
                FontIcon marker = new FontIcon(icon);
                marker.getStyleClass().add(style);
                String text = (fieldsOf(part).size() > 1 ? I18n.t("dedupe.field." + field.name().toLowerCase(
                        Locale.ROOT)) + ": " : "") + I18n.t("dedupe.level." + f.level().code())
                        + (f.weight() == 0 ? "" : String.format(Locale.getDefault(), "  %+.1f", f.weight()));
                Label line = new Label(text, marker);
                line.getStyleClass().add(style);
                line.setWrapText(true);
                line.setId("match-" + field.name().toLowerCase(Locale.ROOT));
                lines.getChildren().add(line);
            }
        }
        if (lines.getChildren().isEmpty()) {
            Label none = new Label(I18n.t("dedupe.notCompared"));
            none.getStyleClass().addAll(Styles.TEXT_SMALL, "dedupe-neutral");
            lines.getChildren().add(none);
        }
        return lines;
    }

    private static List<MatchField> fieldsOf(MergeService.Part part) {
        return switch (part) {
            case NAME -> List.of(MatchField.FIRST_NAME, MatchField.LAST_NAME);
            case EMAIL -> List.of(MatchField.EMAIL);
            case PHONE -> List.of(MatchField.PHONE);
            case BIRTH_DATE -> List.of(MatchField.BIRTH_DATE);
            case ADDRESS -> List.of(MatchField.ADDRESS);
            default -> List.of();
        };
    }

    private Node actions() {
        Button merge = action("dedupe-merge", "dedupe.action.merge", "M", MaterialDesignC.CALL_MERGE, model::merge);
        merge.getStyleClass().add(Styles.SUCCESS);
        Button notSame = action("dedupe-notsame", "dedupe.action.notSame", "N",
                MaterialDesignA.ACCOUNT_MULTIPLE_REMOVE_OUTLINE, model::notSame);
        notSame.getStyleClass().add(Styles.DANGER);
        Button skip = action("dedupe-skip", "dedupe.action.skip", "S", MaterialDesignS.SKIP_NEXT_OUTLINE, model::next);
        Button swap = action("dedupe-swap", "dedupe.action.swap", "W", MaterialDesignS.SWAP_HORIZONTAL,
                model::swap);
        for (Button b : List.of(merge, notSame, skip, swap)) {
            b.disableProperty().bind(model.busyProperty());
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(8, merge, notSame, skip, swap);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 0, 0, 0));
        return bar;
    }

    /** A button with its icon, its text and its key, so the keys are learnt by using the buttons. */
    private static Button action(String id, String key, String shortcut, Ikon icon, Runnable run) {
        Label hint = new Label(shortcut);
        hint.getStyleClass().add("key-hint");
        Label text = new Label(I18n.t(key));
        HBox graphic = new HBox(6, new FontIcon(icon), text, hint);
        graphic.setAlignment(Pos.CENTER_LEFT);
        Button button = new Button(null, graphic);
        button.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        text.textFillProperty().bind(button.textFillProperty()); // white on the coloured buttons
        button.setId(id);
        button.setTooltip(new Tooltip(I18n.t(key) + " (" + shortcut + ")"));
        button.setOnAction(e -> run.run());
        button.setFocusTraversable(false);
        return button;
    }

    private static Node keysHelp() {
        Label help = new Label(I18n.t("dedupe.keys"));
        help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        help.setWrapText(true);
        return help;
    }

    // ------------------------------------------------------------------ merges

    private Node merges() {
        TableView<MergeService.MergeInfo> table = new TableView<>(model.history());
        table.setId("dedupe-history");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(Locale.getDefault());
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.id"), m -> "#" + m.id()));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.when"),
                m -> when.format(m.mergedAt().atZone(ZoneId.systemDefault()))));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.kept"),
                m -> name(m.survivorName(), m.survivorId())));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.merged"),
                m -> name(m.mergedName(), m.mergedId())));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.score"),
                m -> m.score() == null ? I18n.t("dedupe.history.byHand") : String.format(Locale.getDefault(), "%.1f",
                        m.score())));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.by"), MergeService.MergeInfo::decidedBy));
        table.getColumns().add(Cells.textColumn(I18n.t("dedupe.history.status"), m -> m.undoneAt() == null
                ? I18n.t("dedupe.history.active") : I18n.t("dedupe.history.undone",
                when.format(m.undoneAt().atZone(ZoneId.systemDefault())))));
        table.getColumns().get(0).setMaxWidth(80);
        Label empty = new Label(I18n.t("dedupe.history.empty"));
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(empty);

        Button undo = new Button(I18n.t("dedupe.history.undo"), new FontIcon(MaterialDesignU.UNDO));
        undo.setId("dedupe-history-undo");
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        undo.disableProperty().bind(Bindings.createBooleanBinding(
                () -> table.getSelectionModel().getSelectedItems().stream().allMatch(m -> m.undoneAt() != null)
                        || model.busyProperty().get(),
                table.getSelectionModel().getSelectedItems(), model.busyProperty()));
        undo.setOnAction(e -> model.undo(List.copyOf(table.getSelectionModel().getSelectedItems())));
        Button open = new Button(I18n.t("dedupe.history.open"), new FontIcon(MaterialDesignA.ACCOUNT_OUTLINE));
        open.setId("dedupe-history-open");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> openContact.accept(table.getSelectionModel().getSelectedItem().survivorId()));
        Label help = new Label(I18n.t("dedupe.history.help"));
        help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        help.setWrapText(true);
        HBox bar = new HBox(10, undo, open, help);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 0, 10, 0));
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(bar, table);
    }

    // ------------------------------------------------------------------ data quality

    private Node quality() {
        GridPane counts = new GridPane();
        counts.setHgap(14);
        counts.setVgap(8);
        counts.setId("quality-counts");
        model.issues().addListener((javafx.collections.ListChangeListener<DuplicatesModel.IssueCount>) c -> {
            counts.getChildren().clear();
            int row = 0;
            for (DuplicatesModel.IssueCount ic : model.issues()) {
                String code = ic.issue().code();
                FontIcon icon = new FontIcon(ic.contacts() == 0 ? MaterialDesignC.CHECK_CIRCLE_OUTLINE
                        : MaterialDesignA.ALERT_CIRCLE_OUTLINE);
                icon.getStyleClass().add(ic.contacts() == 0 ? "dedupe-agree" : "dedupe-disagree");
                Label label = new Label(I18n.t("quality.issue." + code));
                label.getStyleClass().add(Styles.TEXT_BOLD);
                Hyperlink link = new Hyperlink(I18n.t("quality.contacts", ic.contacts()));
                link.setId("quality-" + code);
                link.setDisable(ic.contacts() == 0);
                link.setOnAction(e -> model.showIssue(ic.issue()));
                Label help = new Label(I18n.t("quality.help." + code));
                help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                help.setWrapText(true);
                counts.addRow(row++, icon, label, link, help);
            }
        });
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        counts.getColumnConstraints().setAll(new ColumnConstraints(), new ColumnConstraints(),
                new ColumnConstraints(), grow);

        Button renormalize = new Button(I18n.t("quality.renormalize"), new FontIcon(MaterialDesignR.REFRESH));
        renormalize.setId("quality-renormalize");
        renormalize.disableProperty().bind(model.busyProperty());
        renormalize.setOnAction(e -> model.renormalize());
        Label renormalizeHelp = new Label(I18n.t("quality.renormalize.help"));
        renormalizeHelp.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        renormalizeHelp.setWrapText(true);
        Label result = new Label();
        result.setId("quality-status");
        result.textProperty().bind(model.qualityStatusProperty());
        result.setWrapText(true);
        VBox normalize = new VBox(6, new HBox(10, renormalize, result), renormalizeHelp);

        Label listTitle = new Label();
        listTitle.getStyleClass().add(Styles.TITLE_4);
        listTitle.textProperty().bind(Bindings.createStringBinding(() -> model.issueProperty().get() == null
                ? I18n.t("quality.list.none")
                : I18n.t("quality.list.title", I18n.t("quality.issue." + model.issueProperty().get().code())),
                model.issueProperty()));
        TableView<DataQuality.Finding> findings = new TableView<>(model.findings());
        findings.setId("quality-findings");
        findings.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        findings.getColumns().add(Cells.textColumn(I18n.t("quality.col.id"), f -> "#" + f.contactId()));
        findings.getColumns().add(Cells.textColumn(I18n.t("quality.col.name"), DataQuality.Finding::name));
        findings.getColumns().add(Cells.textColumn(I18n.t("quality.col.value"),
                f -> f.value() == null ? "" : f.value()));
        findings.getColumns().get(0).setMaxWidth(100);
        Label noneListed = new Label(I18n.t("quality.list.empty"));
        noneListed.getStyleClass().add(Styles.TEXT_MUTED);
        findings.setPlaceholder(noneListed);
        findings.setRowFactory(t -> {
            TableRow<DataQuality.Finding> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null) {
                    openContact.accept(row.getItem().contactId());
                }
            });
            return row;
        });
        findings.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && findings.getSelectionModel().getSelectedItem() != null) {
                openContact.accept(findings.getSelectionModel().getSelectedItem().contactId());
            }
        });
        Label open = new Label(I18n.t("quality.list.open"));
        open.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox.setVgrow(findings, Priority.ALWAYS);
        VBox box = new VBox(12, counts, normalize, new VBox(2, listTitle, open), findings);
        box.setPadding(new Insets(14, 4, 4, 4));
        return box;
    }
}
