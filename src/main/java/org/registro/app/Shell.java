package org.registro.app;

import org.registro.ui.Page;
import org.registro.ui.I18n;
import org.registro.ui.FxTaskRunner;
import atlantafx.base.theme.Styles;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The main window of an open workspace: the sidebar with every area, the current page, and a status
 * bar that shows long work with its progress and a cancel button.
 */
public final class Shell {

    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    /** Banners above every page: the recovery problem, someone else's large work. */
    private final VBox banners = new VBox();
    private final Label busyText = new Label();
    private final Map<Area, Page> pages = new EnumMap<>(Area.class);
    private final Map<Area, ToggleButton> navButtons = new EnumMap<>(Area.class);
    private final Function<Area, Page> pageFactory;
    private final ToggleGroup group = new ToggleGroup();
    private Area current;
    private final Label statusText = new Label(I18n.t("status.ready"));

    /**
     * @param workspaceName shown at the top of the sidebar
     * @param pageFactory   builds each area's page on first visit
     * @param onSwitch      called by "Switch workspace"
     * @param runner        its titled tasks appear in the status bar
     */
    public Shell(String workspaceName, Function<Area, Page> pageFactory, Runnable onSwitch, FxTaskRunner runner) {
        this.pageFactory = pageFactory;
        root.setId("shell");
        root.setLeft(sidebar(workspaceName, onSwitch));
        content.getStyleClass().add("page-content");
        root.setCenter(content);
        root.setTop(banners);
        root.setBottom(statusBar(runner));
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installShortcuts();
            }
        });
    }

    public BorderPane view() {
        return root;
    }

    /**
     * Shows, above every page, that the workspace is open read-only because the work an earlier session left
     * unfinished could not be completed, with what failed and the two ways back.
     */
    public void showRecoveryBanner(String problem, Runnable retry, Runnable restore) {
        Label title = new Label(I18n.t("recovery.title"), new FontIcon(MaterialDesignA.ALERT_OUTLINE));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label detail = new Label(I18n.t("recovery.detail", problem));
        detail.setWrapText(true);
        detail.getStyleClass().add(Styles.TEXT_SMALL);
        VBox text = new VBox(2, title, detail);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button retryButton = new Button(I18n.t("recovery.retry"));
        retryButton.setId("recovery-retry");
        retryButton.setOnAction(e -> retry.run());
        Button restoreButton = new Button(I18n.t("recovery.restore"));
        restoreButton.setId("recovery-restore");
        restoreButton.setOnAction(e -> restore.run());
        // the buttons keep their whole label; the explanation wraps
        retryButton.setMinWidth(Region.USE_PREF_SIZE);
        restoreButton.setMinWidth(Region.USE_PREF_SIZE);
        text.setMinWidth(0);
        HBox banner = new HBox(12, text, retryButton, restoreButton);
        banner.setId("recovery-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setPadding(new Insets(10, 16, 10, 16));
        banner.getStyleClass().add("recovery-banner");
        banners.getChildren().add(0, banner);
    }

    /**
     * Shows, above every page, that someone else is running large work in this team workspace (who, what, since
     * when), so that no one starts an import or a bulk merge only to be told to wait; null takes it away.
     */
    public void showBusy(String text) {
        busyText.setText(text == null ? "" : text);
        if (text == null) {
            banners.getChildren().removeIf(n -> "busy-banner".equals(n.getId()));
            return;
        }
        if (banners.getChildren().stream().noneMatch(n -> "busy-banner".equals(n.getId()))) {
            busyText.setWrapText(true);
            busyText.setGraphic(new FontIcon(org.kordamp.ikonli.materialdesign2.MaterialDesignT.TIMER_SAND));
            HBox banner = new HBox(busyText);
            banner.setId("busy-banner");
            banner.setAlignment(Pos.CENTER_LEFT);
            banner.setPadding(new Insets(8, 16, 8, 16));
            banner.getStyleClass().add("busy-banner");
            banners.getChildren().add(banner);
        }
    }

    public Area currentArea() {
        return current;
    }

    private java.util.function.Consumer<Area> shownListener;

    public Page page(Area area) {
        return pages.computeIfAbsent(area, pageFactory);
    }

    /** Shows {@code area}'s page and selects its sidebar button. */
    /** Runs {@code listener} with each area shown (the window remembers the last one). */
    public void onShown(java.util.function.Consumer<Area> listener) {
        shownListener = listener;
    }

    public void show(Area area) {
        Page page = page(area);
        current = area;
        if (shownListener != null) {
            shownListener.accept(area);
        }
        content.getChildren().setAll(page.view());
        navButtons.get(area).setSelected(true);
        page.onShow();
    }

    private Node sidebar(String workspaceName, Runnable onSwitch) {
        Label brand = new Label(I18n.t("app.name"));
        brand.getStyleClass().addAll("brand", Styles.TITLE_3);
        FontIcon dbIcon = new FontIcon(MaterialDesignD.DATABASE_OUTLINE);
        Label workspace = new Label(workspaceName, dbIcon);
        workspace.setId("workspace-name");
        workspace.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        workspace.setMaxWidth(236);
        VBox nav = new VBox(2);
        nav.getStyleClass().add("nav");
        for (Area area : Area.values()) {
            ToggleButton button = new ToggleButton(area.label(), new FontIcon(area.icon()));
            button.setId(area.navId());
            button.setToggleGroup(group);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setAlignment(Pos.CENTER_LEFT);
            button.getStyleClass().add("nav-button");
            button.setTooltip(new Tooltip(area.label() + "  (" + shortcutText(area) + ")"));
            button.setOnAction(e -> show(area));
            navButtons.put(area, button);
            if (area == Area.SETTINGS) {
                Region spacer = new Region();
                VBox.setVgrow(spacer, Priority.ALWAYS);
                nav.getChildren().add(spacer);
            }
            nav.getChildren().add(button);
        }
        // Keep one area selected: clicking the selected button again must not leave none selected.
        group.selectedToggleProperty().addListener((obs, old, selected) -> {
            if (selected == null && old != null) {
                old.setSelected(true);
            }
        });
        VBox.setVgrow(nav, Priority.ALWAYS);
        Button switchButton = new Button(I18n.t("shell.switchWorkspace"), new FontIcon(MaterialDesignS.SWAP_HORIZONTAL));
        switchButton.setId("switch-workspace");
        switchButton.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        switchButton.setMaxWidth(Double.MAX_VALUE);
        switchButton.setOnAction(e -> onSwitch.run());
        teamLine.setId("team-line");
        teamLine.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        teamLine.setWrapText(true);
        teamLine.setMaxWidth(236);
        teamLine.managedProperty().bind(teamLine.textProperty().isNotEmpty());
        teamLine.visibleProperty().bind(teamLine.managedProperty());
        VBox sidebar = new VBox(10, brand, new VBox(2, workspace, teamLine), nav, switchButton);
        sidebar.getStyleClass().add("sidebar");
        sidebar.setPadding(new Insets(16, 10, 12, 10));
        sidebar.setPrefWidth(258);
        sidebar.setMinWidth(258);
        return sidebar;
    }

    private static String shortcutText(Area area) {
        return new KeyCodeCombination(digit(area), KeyCombination.SHORTCUT_DOWN).getDisplayText();
    }

    private static KeyCode digit(Area area) {
        return area.shortcutKey();
    }

    private void installShortcuts() {
        var accelerators = root.getScene().getAccelerators();
        for (Area area : Area.values()) {
            accelerators.put(new KeyCodeCombination(digit(area), KeyCombination.SHORTCUT_DOWN), () -> {
                if (!navButtons.get(area).isDisabled()) {
                    show(area);
                }
            });
        }
        accelerators.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                () -> page(current).focusSearch());
    }

    private final Label teamLine = new Label();

    /** Marks a team workspace: under its name, where it lives and the user's role. */
    public void showTeam(String address, String roleLine) {
        teamLine.setText(roleLine);
        teamLine.setTooltip(new Tooltip(address));
    }

    /** Closes the areas that only change people (import, duplicates) to a team workspace's viewer, saying why. */
    public void allow(org.registro.workspace.TeamRoles.Role role) {
        for (Area area : new Area[] {Area.IMPORT, Area.DUPLICATES}) {
            ToggleButton button = navButtons.get(area);
            if (!role.mayEdit()) {
                button.setDisable(true);
                button.setTooltip(new Tooltip(I18n.t("team.viewerOnly")));
            }
        }
    }

    private final javafx.animation.PauseTransition othersSettle =
            new javafx.animation.PauseTransition(javafx.util.Duration.millis(1500));

    /**
     * Someone else changed the team workspace: says so, and the page on screen reads its figures again once the
     * changes settle (the audience index hears them first).
     */
    public void othersChanged(String text) {
        notice(text);
        othersSettle.setOnFinished(e -> {
            if (current != null) {
                page(current).othersChanged();
            }
        });
        othersSettle.playFromStart();
    }

    /** Says something in the status bar until the next message (a background job's result). */
    public void notice(String text) {
        statusText.setText(text);
    }

    private Node statusBar(FxTaskRunner runner) {
        Label ready = statusText;
        ready.setId("status-text");
        ready.getStyleClass().add(Styles.TEXT_SMALL);
        Label taskTitle = new Label();
        taskTitle.setId("task-title");
        taskTitle.getStyleClass().add(Styles.TEXT_SMALL);
        ProgressBar bar = new ProgressBar();
        bar.setId("task-progress");
        bar.setPrefWidth(220);
        Button cancel = new Button(I18n.t("action.cancel"));
        cancel.setId("task-cancel");
        cancel.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        HBox taskBox = new HBox(8, taskTitle, bar, cancel);
        taskBox.setId("task-box");
        taskBox.setAlignment(Pos.CENTER_RIGHT);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox statusBar = new HBox(8, ready, spacer, taskBox);
        statusBar.setAlignment(Pos.CENTER_LEFT);
        statusBar.getStyleClass().add("status-bar");
        statusBar.setPadding(new Insets(4, 12, 4, 12));
        Runnable update = () -> {
            var tasks = runner.visibleTasks();
            boolean busy = !tasks.isEmpty();
            taskBox.setVisible(busy);
            ready.setVisible(!busy);
            taskTitle.textProperty().unbind();
            bar.progressProperty().unbind();
            if (busy) {
                Task<?> task = tasks.get(tasks.size() - 1);
                taskTitle.textProperty().bind(Bindings.createStringBinding(() -> task.getMessage() == null
                        || task.getMessage().isBlank() ? task.getTitle() : task.getTitle() + " — " + task.getMessage(),
                        task.titleProperty(), task.messageProperty()));
                bar.progressProperty().bind(task.progressProperty());
                cancel.setOnAction(e -> task.cancel(false)); // no interrupt: see FxTaskRunner
            }
        };
        runner.visibleTasks().addListener((ListChangeListener<Task<?>>) c -> update.run());
        update.run();
        return statusBar;
    }
}
