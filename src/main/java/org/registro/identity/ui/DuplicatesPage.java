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
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;
import org.registro.identity.DuplicateService;
import org.registro.identity.MergeService;
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


    private final DuplicatesModel model;
    private final LongConsumer openContact;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Tab reviewTab = new Tab();
    private final PairGrid pairGrid;
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
        this.pairGrid = new PairGrid(model);
        root.setId("page-duplicates");
        root.setPadding(new Insets(16, 20, 12, 20));
        root.setTop(Page.header(I18n.t("dedupe.title"), I18n.t("dedupe.subtitle")));

        reviewTab.setText(I18n.t("dedupe.tab.review"));
        reviewTab.setContent(review());
        Tab mergesTab = new Tab(I18n.t("dedupe.tab.merges"), MergesTab.build(model, openContact));
        Tab qualityTab = new Tab(I18n.t("dedupe.tab.quality"), QualityTab.build(model, openContact));
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
        scores.setOnAction(e -> ThresholdsDialog.ask(root, model));
        Button weights = new Button(I18n.t("dedupe.weights"), new FontIcon(MaterialDesignS.SCALE_BALANCE));
        weights.setId("dedupe-weights-open");
        weights.getStyleClass().add(Styles.FLAT);
        weights.setFocusTraversable(false);
        weights.setOnAction(e -> model.loadWeights(w -> WeightsDialog.show(root, w)));
        Button compareAny = new Button(I18n.t("dedupe.compare"),
                new FontIcon(MaterialDesignA.ACCOUNT_SEARCH_OUTLINE));
        compareAny.setId("dedupe-compare-any");
        compareAny.getStyleClass().add(Styles.FLAT);
        compareAny.setFocusTraversable(false);
        compareAny.setOnAction(e -> askPair());
        for (Region r : List.of(scan, undo, scores, weights, compareAny, bulkLabel, bulkMin, bulkMerge)) {
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
        HBox bar = new HBox(10, scan, undo, scores, weights, compareAny);
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
        // what the last scan found, then the bulk merge on a line of its own: what it would do, the score and
        // the button
        summary.setPadding(new Insets(0, 0, 6, 0));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bulkLine = new HBox(8, gap, bulkPreview, bulkLabel, bulkMin, bulkMerge);
        bulkLine.setAlignment(Pos.CENTER_LEFT);
        bulkLine.setPadding(new Insets(0, 0, 8, 0));
        return new VBox(bar, summary, bulkLine, split);
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
                p.merges()) + (p.keptApart() == 0 ? "" : " " + I18n.t("dedupe.bulk.keptApart", p.keptApart())));
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

    static String name(String name, long id) {
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

        pairGrid.show(d, overrides);
        detailBox.getChildren().setAll(head, pairGrid.node(), actions(), keysHelp());
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

    // ------------------------------------------------------------------ data quality


}
