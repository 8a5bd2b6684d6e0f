package org.registro.journey.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;
import org.registro.journey.JourneyCheck;
import org.registro.journey.JourneyService;
import org.registro.ui.I18n;

/**
 * One journey: the canvas in the middle, and beside it the selected step's editor, the problems, the
 * simulation and the report with its send lists. Ctrl+Z / Ctrl+Y undo and redo, Ctrl+S saves.
 */
final class JourneyEditorView {

    private final JourneyEditorModel model;
    private final BorderPane root = new BorderPane();
    private final JourneyCanvas canvas = new JourneyCanvas();
    private final TabPane side = new TabPane();
    private final Tab stepTab = new Tab(I18n.t("journey.editor.tab.step"));
    private boolean fitPending;
    /** Saving, running and activating: not a team viewer's, who may still look, rearrange and simulate. */
    private final javafx.beans.property.BooleanProperty mayEdit = new javafx.beans.property.SimpleBooleanProperty(true);

    /** Whether the user may save, run and activate journeys (a team workspace's viewer only looks). */
    void mayEdit(boolean allowed) {
        mayEdit.set(allowed);
    }

    JourneyEditorView(JourneyEditorModel model, Runnable back) {
        this.model = model;
        root.setId("journey-editor");
        canvas.setId("journey-canvas");
        canvas.documentProperty().bind(model.documentProperty());
        model.documentProperty().addListener((o, a, b) -> {
            if (fitPending && b != null) {
                fitPending = false;
                javafx.application.Platform.runLater(canvas::fit);
            }
        });
        canvas.problemsProperty().bind(model.problemsProperty());
        canvas.waitingProperty().bind(model.waitingProperty());
        canvas.simulatedProperty().bind(model.simulatedProperty());
        canvas.simulatedSkippedProperty().bind(model.simulatedSkippedProperty());
        canvas.selectedProperty().bindBidirectional(model.selectedProperty());
        canvas.onInsertProperty().set(model::insert);
        canvas.onMoveProperty().set(model::move);
        canvas.onDeleteProperty().set(model::remove);
        canvas.onCopyProperty().set(model::copy);
        canvas.onPasteProperty().set(model::paste);
        canvas.onOpenProperty().set(key -> {
            side.getSelectionModel().select(stepTab);
            stepTab.getContent().requestFocus();
        });

        StepEditor stepEditor = new StepEditor(model);
        stepTab.setContent(stepEditor.view());
        stepTab.setClosable(false);
        Tab problems = new Tab(I18n.t("journey.editor.tab.problems"), problems());
        problems.setClosable(false);
        problems.textProperty().bind(Bindings.createStringBinding(() -> model.problemList().isEmpty()
                ? I18n.t("journey.editor.tab.problems") : I18n.t("journey.editor.tab.problemsCount",
                model.problemList().size()), model.problemList()));
        Tab simulation = new Tab(I18n.t("journey.editor.tab.simulation"), new SimulationPanel(model).view());
        simulation.setClosable(false);
        simulation.setId("journey-tab-simulation");
        Tab report = new Tab(I18n.t("journey.editor.tab.report"), new ReportPanel(model).view());
        report.setClosable(false);
        report.setId("journey-tab-report");
        side.getTabs().addAll(stepTab, problems, simulation, report);
        side.setMinWidth(340);

        // zoom controls float over the canvas's corner, as on a map
        HBox zoom = new HBox(4, zoomButton(MaterialDesignM.MAGNIFY_MINUS_OUTLINE, "journey.editor.zoomOut",
                "journey-zoom-out", canvas::zoomOut), zoomButton(MaterialDesignM.MAGNIFY_PLUS_OUTLINE,
                "journey.editor.zoomIn", "journey-zoom-in", canvas::zoomIn), zoomButton(
                MaterialDesignF.FIT_TO_PAGE_OUTLINE, "journey.editor.fit", "journey-fit", canvas::fit));
        zoom.setPickOnBounds(false);
        zoom.setMaxSize(javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.StackPane canvasArea = new javafx.scene.layout.StackPane(canvas, zoom);
        javafx.scene.layout.StackPane.setAlignment(zoom, Pos.BOTTOM_RIGHT);
        javafx.scene.layout.StackPane.setMargin(zoom, new Insets(10));
        SplitPane split = new SplitPane(canvasArea, side);
        split.setDividerPositions(0.66);
        SplitPane.setResizableWithParent(side, false);
        root.setTop(toolbar(back));
        root.setCenter(split);
        Label message = new Label();
        message.setId("journey-editor-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.when(model.errorProperty().isEmpty()).then(model.messageProperty())
                .otherwise(model.errorProperty()));
        model.errorProperty().addListener((o, a, b) -> {
            message.getStyleClass().remove(Styles.DANGER);
            if (!b.isEmpty()) {
                message.getStyleClass().add(Styles.DANGER);
            }
        });
        root.setBottom(message);
        BorderPane.setMargin(message, new Insets(6, 12, 6, 12));

        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN).match(e)) {
                model.undo();
            } else if (new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN).match(e)
                    || new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)
                    .match(e)) {
                model.redo();
            } else if (new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN).match(e) && mayEdit.get()) {
                model.save(null);
            } else {
                return;
            }
            e.consume();
        });
    }

    Node view() {
        return root;
    }

    /** Focuses the canvas and fits the journey in view once it has loaded. */
    void focusCanvas() {
        javafx.application.Platform.runLater(canvas::requestFocus);
        fitPending = true;
    }

    private Node toolbar(Runnable back) {
        Button backButton = new Button(I18n.t("journey.editor.back"), new FontIcon(MaterialDesignA.ARROW_LEFT));
        backButton.setId("journey-back");
        backButton.setOnAction(e -> {
            if (model.dirtyProperty().get()) {
                model.save(back);
            } else {
                back.run();
            }
        });
        Label title = new Label();
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(model.nameProperty());
        Label status = new Label();
        status.setId("journey-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(Bindings.createStringBinding(() -> {
            JourneyService.Summary s = model.summaryProperty().get();
            String state = s == null ? "" : I18n.t("journey.status." + s.status())
                    + (s.version() > 0 ? " · " + I18n.t("journey.editor.version", s.version()) : "");
            return model.dirtyProperty().get() ? state + " · " + I18n.t("journey.editor.unsaved") : state;
        }, model.summaryProperty(), model.dirtyProperty()));

        Button undo = icon(MaterialDesignU.UNDO, "journey.editor.undo", "journey-undo");
        undo.disableProperty().bind(model.canUndoProperty().not());
        undo.setOnAction(e -> model.undo());
        Button redo = icon(MaterialDesignR.REDO, "journey.editor.redo", "journey-redo");
        redo.disableProperty().bind(model.canRedoProperty().not());
        redo.setOnAction(e -> model.redo());
        Button goal = new Button(I18n.t("journey.editor.addGoal"), new FontIcon(MaterialDesignF.FLAG_CHECKERED));
        goal.setId("journey-add-goal");
        goal.setOnAction(e -> model.addGoal());
        Button settings = new Button(I18n.t("journey.editor.settings"), new FontIcon(MaterialDesignC.COG_OUTLINE));
        settings.setId("journey-settings");
        settings.setOnAction(e -> SettingsDialog.show(root.getScene().getWindow(), model.documentProperty().get()
                .settings()).ifPresent(model::updateSettings));
        Button save = new Button(I18n.t("journey.editor.save"), new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
        save.setId("journey-save");
        save.disableProperty().bind(model.dirtyProperty().not());
        save.setOnAction(e -> model.save(null));
        Button run = new Button(I18n.t("journey.editor.run"), new FontIcon(MaterialDesignP.PLAY_OUTLINE));
        run.setId("journey-run");
        run.setOnAction(e -> model.runNow());
        Button activate = new Button();
        activate.setId("journey-activate");
        activate.textProperty().bind(Bindings.createStringBinding(() -> {
            JourneyService.Summary s = model.summaryProperty().get();
            boolean active = s != null && JourneyService.ACTIVE.equals(s.status());
            return active && !model.dirtyProperty().get() && !(s.edited())
                    ? I18n.t("journey.editor.pause") : active ? I18n.t("journey.editor.publish")
                    : I18n.t("journey.editor.activate");
        }, model.summaryProperty(), model.dirtyProperty()));
        activate.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            JourneyService.Summary s = model.summaryProperty().get();
            boolean pausing = s != null && JourneyService.ACTIVE.equals(s.status()) && !model.dirtyProperty().get()
                    && !s.edited();
            return !pausing && model.problemList().stream()
                    .anyMatch(p -> p.severity() == JourneyCheck.Severity.ERROR);
        }, model.summaryProperty(), model.dirtyProperty(), model.problemList()));
        activate.setTooltip(new Tooltip(I18n.t("journey.editor.activateTip")));
        activate.setOnAction(e -> {
            JourneyService.Summary s = model.summaryProperty().get();
            if (s != null && JourneyService.ACTIVE.equals(s.status()) && !model.dirtyProperty().get() && !s.edited()) {
                model.pause();
            } else {
                model.activate();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox heading = new HBox(8, title, status);
        heading.setAlignment(Pos.BASELINE_LEFT);
        // what matters most comes first: a narrow window hides the last items behind the toolbar's overflow
        ToolBar bar = new ToolBar(backButton, heading, activate, save, run, spacer, undo, redo, goal, settings);
        org.registro.ui.Page.shownWhen(mayEdit, activate, save, run, goal, settings);
        bar.getStyleClass().add(Styles.BG_DEFAULT);
        return bar;
    }

    private static Button zoomButton(org.kordamp.ikonli.Ikon ikon, String tip, String id, Runnable action) {
        Button b = icon(ikon, tip, id);
        b.getStyleClass().add("journey-zoom-button");
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static Button icon(org.kordamp.ikonli.Ikon ikon, String tip, String id) {
        Button b = new Button(null, new FontIcon(ikon));
        b.getStyleClass().add(Styles.BUTTON_ICON);
        b.setTooltip(new Tooltip(I18n.t(tip)));
        b.setId(id);
        return b;
    }

    private Node problems() {
        ListView<JourneyCheck.Problem> list = new ListView<>(model.problemList());
        list.setId("journey-problems");
        Label none = new Label(I18n.t("journey.editor.noProblems"));
        none.setWrapText(true);
        list.setPlaceholder(none);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(JourneyCheck.Problem p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                String where = p.step() == null ? "" : model.documentProperty().get().step(p.step())
                        .map(StepText::title).orElse(p.step()) + ": ";
                setText(where + I18n.t("journey.problem." + p.code(), p.args().toArray()));
                setWrapText(true);
                setPrefWidth(0);
                FontIcon icon = new FontIcon(p.severity() == JourneyCheck.Severity.ERROR
                        ? MaterialDesignA.ALERT_CIRCLE_OUTLINE : MaterialDesignA.ALERT_OUTLINE);
                icon.getStyleClass().add(p.severity() == JourneyCheck.Severity.ERROR ? Styles.DANGER : Styles.WARNING);
                setGraphic(icon);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b.step() != null) {
                model.selectedProperty().set(b.step());
            }
        });
        return list;
    }
}
